//! [`RetryConfig`]: how a client retries, set in code or read from the environment.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use crate::timer::lock;

use crate::error::ConfigError;

/// Whether failed attempts are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryMode {
    /// The AWS SDKs' standard mode.
    Standard,
    /// One attempt, never retried; the retry quota is not touched.
    Disabled,
}

/// The retry quota costs (tokens of the client's retry quota, a bucket of 500 tokens shared by
/// all calls of a client).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QuotaCosts {
    /// A retry after a transient error.
    pub retry: u32,
    /// A retry after a timeout.
    pub timeout: u32,
    /// A retry after a throttling error.
    pub throttling: u32,
    /// Tokens given back when a call succeeds at its first attempt.
    pub success_reward: u32,
}

impl QuotaCosts {
    /// The classic standard-mode costs: 5, 10 for timeouts, 5 for throttling; reward 1.
    pub const STANDARD: QuotaCosts = QuotaCosts {
        retry: 5,
        timeout: 10,
        throttling: 5,
        success_reward: 1,
    };

    /// The 2026 standard-mode costs: 14, 14 for timeouts, 5 for throttling; reward 1.
    pub const STANDARD_2026: QuotaCosts = QuotaCosts {
        retry: 14,
        timeout: 14,
        throttling: 5,
        success_reward: 1,
    };
}

/// How a client retries.
///
/// Defaults are the standard mode of the AWS SDKs ("Retry behavior" in the SDKs and Tools
/// reference guide, botocore `retries/standard.py`, smithy-rs `StandardRetryStrategy`):
///
/// | setting | default | why |
/// | --- | --- | --- |
/// | attempts | 3 (the first + 2 retries) | the standard-mode default of every AWS SDK |
/// | initial backoff | 1 s, throttling or not | `t_i = rand[0,1) × min(1 s × 2^i, 20 s)`: the standard formula with base 1 s |
/// | max backoff | 20 s | the standard `MAX_BACKOFF` |
/// | retry cost | 5 tokens | standard quota cost of one retry |
/// | timeout retry cost | 10 tokens | timeouts cost double: they hold a connection for long and often mean an overloaded service |
/// | throttling retry cost | 5 tokens | in the classic standard mode, throttling costs like any retry |
/// | success reward | 1 token | a first-try success refills the quota slowly, up to its capacity |
/// | `Retry-After` | honoured, capped at the max backoff | the delay is the larger of the two |
///
/// [`RetryConfig::standard_2026`] gives the updated standard mode that the AWS SDKs enable with
/// `AWS_NEW_RETRIES_2026=true` (botocore's "standard 2.1"): 50 ms base for transient errors and
/// 1 s for throttling, retries cost 14 tokens and throttling retries 5 (no separate timeout
/// cost), and a `Retry-After` may lengthen the jittered delay by at most 5 s. It is opt-in in
/// the SDKs, and so it is here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    throttling_initial_backoff: Duration,
    max_backoff: Duration,
    costs: QuotaCosts,
    retry_after_max_extra: Option<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode with its classic defaults.
    pub fn standard() -> Self {
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            throttling_initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            costs: QuotaCosts::STANDARD,
            retry_after_max_extra: None,
        }
    }

    /// Standard mode with the 2026 defaults (see [`RetryConfig`]).
    pub fn standard_2026() -> Self {
        RetryConfig {
            initial_backoff: Duration::from_millis(50),
            costs: QuotaCosts::STANDARD_2026,
            retry_after_max_extra: Some(Duration::from_secs(5)),
            ..Self::standard()
        }
    }

    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryConfig {
            mode: RetryMode::Disabled,
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the largest number of attempts, the first included (0 is taken as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff base for every error; call
    /// [`with_throttling_initial_backoff`](Self::with_throttling_initial_backoff) after it to
    /// give throttling errors their own.
    pub fn with_initial_backoff(mut self, base: Duration) -> Self {
        self.initial_backoff = base;
        self.throttling_initial_backoff = base;
        self
    }

    /// Sets the backoff base for throttling errors only.
    pub fn with_throttling_initial_backoff(mut self, base: Duration) -> Self {
        self.throttling_initial_backoff = base;
        self
    }

    /// Sets the cap of every backoff.
    pub fn with_max_backoff(mut self, cap: Duration) -> Self {
        self.max_backoff = cap;
        self
    }

    /// Sets the retry quota costs.
    pub fn with_costs(mut self, costs: QuotaCosts) -> Self {
        self.costs = costs;
        self
    }

    /// The mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// The largest number of attempts, the first included (1 when disabled).
    pub fn max_attempts(&self) -> u32 {
        match self.mode {
            RetryMode::Standard => self.max_attempts,
            RetryMode::Disabled => 1,
        }
    }

    /// The backoff base for non-throttling errors.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The backoff base for throttling errors.
    pub fn throttling_initial_backoff(&self) -> Duration {
        self.throttling_initial_backoff
    }

    /// The cap of every backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The retry quota costs.
    pub fn costs(&self) -> QuotaCosts {
        self.costs
    }

    /// With the 2026 rules, how much a `Retry-After` may add to the jittered delay; `None` for
    /// the classic rule (wait at least the hint, up to the max backoff).
    pub fn retry_after_max_extra(&self) -> Option<Duration> {
        self.retry_after_max_extra
    }

    /// Reads the configuration from the process environment; see [`RetryConfig::from_vars`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `var` (empty values count as unset):
    ///
    /// - `AWS_NEW_RETRIES_2026`: `true` starts from [`RetryConfig::standard_2026`], `false` (or
    ///   unset) from [`RetryConfig::standard`];
    /// - `AWS_RETRY_MODE`: `standard`; `legacy`, which is SDK-specific, is taken as standard
    ///   (the reference guide recommends standard, and it is the only mode this runtime has);
    ///   `adaptive` is accepted and runs as standard: its client-side rate limiter is not
    ///   implemented, and the guide itself recommends it only for special cases;
    /// - `AWS_MAX_ATTEMPTS`: a whole number, at least 1 (1 disables retries).
    ///
    /// Names are case-insensitive, surrounding blanks ignored. Any other value is an error that
    /// names the variable, the value and what is allowed.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut config = match var("AWS_NEW_RETRIES_2026") {
            None => Self::standard(),
            Some(v) if v.eq_ignore_ascii_case("false") => Self::standard(),
            Some(v) if v.eq_ignore_ascii_case("true") => Self::standard_2026(),
            Some(v) => {
                return Err(ConfigError::new(format!(
                    "AWS_NEW_RETRIES_2026 must be `true` or `false`, not `{v}`"
                )))
            }
        };
        if let Some(mode) = var("AWS_RETRY_MODE") {
            let known = ["standard", "legacy", "adaptive"];
            if !known.iter().any(|k| mode.eq_ignore_ascii_case(k)) {
                return Err(ConfigError::new(format!(
                    "AWS_RETRY_MODE must be `standard`, `legacy` or `adaptive`, not `{mode}`"
                )));
            }
        }
        if let Some(attempts) = var("AWS_MAX_ATTEMPTS") {
            match attempts.parse::<u32>() {
                Ok(n) if n >= 1 => config.max_attempts = n,
                _ => {
                    return Err(ConfigError::new(format!(
                        "AWS_MAX_ATTEMPTS must be a whole number of at least 1, not `{attempts}`"
                    )))
                }
            }
        }
        Ok(config)
    }
}

/// xorshift64* behind a mutex: jitter needs spread, not cryptographic strength, so a
/// ten-line generator does, and the crate needs no `rand` dependency.
/// A source of random numbers in `[0, 1)` for the backoff jitter.
pub trait Jitter: Send + Sync + fmt::Debug {
    /// The next number, in `[0, 1)`. Values outside it (or NaN) are clamped by the caller.
    fn next_unit(&self) -> f64;
}

/// The default jitter: xorshift64*, seeded from [`RandomState`].
#[derive(Debug)]
pub struct RandomJitter {
    state: Mutex<u64>,
}

impl Default for RandomJitter {
    fn default() -> Self {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0x5eed);
        // The state must not be zero (zero is a fixed point of xorshift).
        RandomJitter {
            state: Mutex::new(hasher.finish() | 1),
        }
    }
}

impl RandomJitter {
    /// A generator with a fresh random seed.
    pub fn new() -> Self {
        Self::default()
    }

    /// A generator with a fixed seed (reproducible sequences).
    pub fn with_seed(seed: u64) -> Self {
        RandomJitter {
            state: Mutex::new(seed | 1),
        }
    }
}

impl Jitter for RandomJitter {
    fn next_unit(&self) -> f64 {
        let mut state = lock(&self.state);
        let mut x = *state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *state = x;
        let bits = x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        // 53 random bits over 2^53: uniform in [0, 1).
        bits as f64 / (1u64 << 53) as f64
    }
}

/// Always the same number (tests).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn next_unit(&self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn standard_defaults() {
        let c = RetryConfig::default();
        assert_eq!(c.mode(), RetryMode::Standard);
        assert_eq!(c.max_attempts(), 3);
        assert_eq!(c.initial_backoff(), Duration::from_secs(1));
        assert_eq!(c.throttling_initial_backoff(), Duration::from_secs(1));
        assert_eq!(c.max_backoff(), Duration::from_secs(20));
        assert_eq!(c.costs(), QuotaCosts::STANDARD);
        assert_eq!(c.retry_after_max_extra(), None);
        let c = RetryConfig::standard_2026();
        assert_eq!(c.initial_backoff(), Duration::from_millis(50));
        assert_eq!(c.throttling_initial_backoff(), Duration::from_secs(1));
        assert_eq!(c.costs().retry, 14);
        assert_eq!(c.costs().throttling, 5);
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::disabled().with_max_attempts(5).max_attempts(),
            1
        );
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn builder_sets_backoff() {
        let c = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_throttling_initial_backoff(Duration::from_millis(700))
            .with_max_backoff(Duration::from_secs(2));
        assert_eq!(c.initial_backoff(), Duration::from_millis(100));
        assert_eq!(c.throttling_initial_backoff(), Duration::from_millis(700));
        assert_eq!(c.max_backoff(), Duration::from_secs(2));
    }

    #[test]
    fn reads_the_environment() {
        assert_eq!(
            RetryConfig::from_vars(vars(&[])),
            Ok(RetryConfig::standard())
        );
        let c = RetryConfig::from_vars(vars(&[
            ("AWS_RETRY_MODE", "Standard"),
            ("AWS_MAX_ATTEMPTS", " 5 "),
        ]))
        .unwrap();
        assert_eq!(c, RetryConfig::standard().with_max_attempts(5));
        for mode in ["legacy", "ADAPTIVE", ""] {
            let c = RetryConfig::from_vars(vars(&[("AWS_RETRY_MODE", mode)])).unwrap();
            assert_eq!(c, RetryConfig::standard(), "{mode}");
        }
        let c = RetryConfig::from_vars(vars(&[
            ("AWS_NEW_RETRIES_2026", "TRUE"),
            ("AWS_MAX_ATTEMPTS", "1"),
        ]))
        .unwrap();
        assert_eq!(c, RetryConfig::standard_2026().with_max_attempts(1));
    }

    #[test]
    fn invalid_values_are_named() {
        for (pairs, message) in [
            (
                &[("AWS_MAX_ATTEMPTS", "0")][..],
                "AWS_MAX_ATTEMPTS must be a whole number of at least 1, not `0`",
            ),
            (
                &[("AWS_MAX_ATTEMPTS", "three")],
                "AWS_MAX_ATTEMPTS must be a whole number of at least 1, not `three`",
            ),
            (
                &[("AWS_MAX_ATTEMPTS", "-1")],
                "AWS_MAX_ATTEMPTS must be a whole number of at least 1, not `-1`",
            ),
            (
                &[("AWS_RETRY_MODE", "disabled")],
                "AWS_RETRY_MODE must be `standard`, `legacy` or `adaptive`, not `disabled`",
            ),
            (
                &[("AWS_NEW_RETRIES_2026", "yes")],
                "AWS_NEW_RETRIES_2026 must be `true` or `false`, not `yes`",
            ),
        ] {
            let err = RetryConfig::from_vars(vars(pairs)).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
    }
}
