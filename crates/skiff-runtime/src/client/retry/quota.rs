//! The retry quota: a token bucket shared by every call of a client.
//!
//! Role: a circuit breaker for retries. When a service is down, every call fails and would
//! retry; the quota stops retries once a client has spent its tokens on failures, so that an
//! outage is met with fast failures instead of a multiplied load, while first attempts go out
//! as usual. Inputs: acquisitions before each retry (cost by kind, from
//! [`QuotaCosts`](super::QuotaCosts)) and releases on success. Output: whether a retry may
//! proceed.
//!
//! Rules (standard mode; botocore `RetryQuotaChecker`, smithy-rs `TokenBucket`):
//! - capacity 500, starting full;
//! - a retry needs its cost in tokens (5, or 10 after a timeout); without them it is not made;
//! - a call that succeeds after retries gives back what its *last* retry took (the earlier
//!   ones stay spent: the spec's "release the capacity of the last acquisition");
//! - a call that succeeds at once gives 1 token back, never above the capacity;
//! - a call that fails for good gives nothing back.
//!
//! A `std::sync::Mutex` guards the count: every operation is a few instructions under it, and
//! a poisoned lock is recovered (the count is always valid).

use std::sync::{Arc, Mutex};

use crate::timer::lock;

/// The retry quota. Clones share the same bucket.
#[derive(Clone, Debug)]
pub struct TokenBucket {
    inner: Option<Arc<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    capacity: u32,
    available: Mutex<u32>,
}

impl Default for TokenBucket {
    /// The standard bucket: 500 tokens.
    fn default() -> Self {
        Self::new(500)
    }
}

impl TokenBucket {
    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        TokenBucket {
            inner: Some(Arc::new(Bucket {
                capacity,
                available: Mutex::new(capacity),
            })),
        }
    }

    /// A bucket that never runs out (retries limited by max attempts only).
    #[cfg(test)]
    pub fn unlimited() -> Self {
        TokenBucket { inner: None }
    }

    /// The tokens left (`u32::MAX` when unlimited).
    #[cfg(test)]
    pub fn available(&self) -> u32 {
        self.inner
            .as_ref()
            .map_or(u32::MAX, |b| *lock(&b.available))
    }

    /// The capacity (`u32::MAX` when unlimited).
    #[cfg(test)]
    pub fn capacity(&self) -> u32 {
        self.inner.as_ref().map_or(u32::MAX, |b| b.capacity)
    }

    /// Takes `cost` tokens if there are that many; says whether it did.
    pub fn try_acquire(&self, cost: u32) -> bool {
        let Some(bucket) = &self.inner else {
            return true;
        };
        let mut available = lock(&bucket.available);
        if *available >= cost {
            *available -= cost;
            true
        } else {
            false
        }
    }

    /// Gives back `amount` tokens, up to the capacity.
    pub fn release(&self, amount: u32) {
        if let Some(bucket) = &self.inner {
            let mut available = lock(&bucket.available);
            *available = available.saturating_add(amount).min(bucket.capacity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acquires_and_releases_within_capacity() {
        let bucket = TokenBucket::default();
        assert_eq!((bucket.available(), bucket.capacity()), (500, 500));
        assert!(bucket.try_acquire(5));
        assert!(bucket.try_acquire(10));
        assert_eq!(bucket.available(), 485);
        bucket.release(1);
        assert_eq!(bucket.available(), 486);
        bucket.release(1000);
        assert_eq!(bucket.available(), 500);
    }

    #[test]
    fn runs_out() {
        let bucket = TokenBucket::new(12);
        assert!(bucket.try_acquire(5));
        assert!(bucket.try_acquire(5));
        assert!(!bucket.try_acquire(5));
        assert_eq!(bucket.available(), 2);
        assert!(bucket.try_acquire(2));
        assert!(!bucket.try_acquire(1));
        assert!(bucket.try_acquire(0));
    }

    #[test]
    fn clones_share_one_bucket() {
        let a = TokenBucket::new(10);
        let b = a.clone();
        assert!(a.try_acquire(10));
        assert!(!b.try_acquire(1));
        b.release(3);
        assert_eq!(a.available(), 3);
    }

    #[test]
    fn unlimited_never_runs_out() {
        let bucket = TokenBucket::unlimited();
        for _ in 0..1000 {
            assert!(bucket.try_acquire(u32::MAX));
        }
        bucket.release(5);
        assert_eq!(bucket.available(), u32::MAX);
    }

    #[test]
    fn shared_across_threads() {
        let bucket = TokenBucket::new(1000);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let b = bucket.clone();
                std::thread::spawn(move || (0..100).filter(|_| b.try_acquire(5)).count())
            })
            .collect();
        let granted: usize = threads.into_iter().map(|t| t.join().unwrap_or(0)).sum();
        assert_eq!(granted, 200);
        assert_eq!(bucket.available(), 0);
    }
}
