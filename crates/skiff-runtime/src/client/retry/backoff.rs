//! How long to wait before a retry.
//!
//! Input: the [`RetryConfig`], the kind of retry, which retry this is (0 for the first), a
//! random number in `[0, 1)` from a [`Jitter`], and the server's hint if any. Output: the delay.
//!
//! Rules:
//!
//! - **Exponential backoff with full jitter** (standard mode): `t_i = r × min(base × 2^i,
//!   max_backoff)` with `r` uniform in `[0, 1)`, `base` the initial backoff (the throttling one
//!   for throttling errors), `max_backoff` 20 s by default. Exponential, so that a struggling
//!   service sees retries thin out; capped, so that no wait is unbounded; fully jittered, so
//!   that clients that failed together do not retry together. The formula is botocore's and
//!   smithy-rs's (`rand × min(2^i, MAX)`); overflow of `2^i` saturates at the cap.
//! - **Server hints**: `x-amz-retry-after` (milliseconds, the AWS header), else `Retry-After`
//!   (RFC 9110: delay-seconds or an HTTP-date, measured against the local clock). Classic rule:
//!   wait `max(t_i, min(hint, max_backoff))` — at least what the server asked, never beyond the
//!   cap (a hostile or buggy hint cannot park a client for an hour), and never less than the
//!   jittered delay (a hint of 0 does not turn retries into a tight loop). With
//!   [`RetryConfig::standard_2026`]: `max(t_i, min(hint, t_i + 5 s))`, the updated SDK rule. A
//!   hint only shapes the delay of a failure that is retryable anyway; it never makes one
//!   retryable. Unparseable hints are ignored.
//!
//! Randomness: [`RandomJitter`], a xorshift64* generator seeded from std's
//! [`RandomState`] (whose keys are random per process),
//! behind a mutex. Jitter needs spread, not cryptographic strength, so a 10-line generator
//! does, and the crate needs no `rand`/`fastrand` dependency. [`FixedJitter`] makes tests
//! deterministic.

use std::time::{Duration, SystemTime};

use super::RetryKind;
pub use crate::config::Jitter;
use crate::config::RetryConfig;
use crate::datetime::{DateTime, TimestampFormat};
use crate::http::Headers;

/// The jittered exponential delay of retry `retry` (0 for the first retry) after a failure of
/// `kind`, with `unit` in `[0, 1)` (clamped; NaN counts as 0).
pub fn backoff(config: &RetryConfig, kind: RetryKind, retry: u32, unit: f64) -> Duration {
    let base = match kind {
        RetryKind::Throttling => config.throttling_initial_backoff(),
        _ => config.initial_backoff(),
    };
    let cap = config.max_backoff();
    let ceiling = 2u32
        .checked_pow(retry)
        .and_then(|factor| base.checked_mul(factor))
        .map_or(cap, |d| d.min(cap));
    let unit = if unit.is_nan() {
        0.0
    } else {
        unit.clamp(0.0, 1.0)
    };
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * unit)
        .unwrap_or(ceiling)
        .min(ceiling)
}

/// The server's requested delay: `x-amz-retry-after` (milliseconds), else `Retry-After`
/// (seconds or an HTTP-date, relative to `now`; a date in the past asks for no delay).
pub fn retry_after(headers: &Headers, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = headers
        .get("x-amz-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_millis(ms));
    }
    let value = headers.get("retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date: SystemTime = DateTime::parse(value, TimestampFormat::HttpDate)
        .ok()?
        .into();
    Some(date.duration_since(now).unwrap_or_default())
}

/// The delay before retry `retry` (0-based): [`backoff`], shaped by the server's `hint` as the
/// [module docs](self) say.
pub fn retry_delay(
    config: &RetryConfig,
    kind: RetryKind,
    retry: u32,
    unit: f64,
    hint: Option<Duration>,
) -> Duration {
    let t = backoff(config, kind, retry, unit);
    let Some(hint) = hint else { return t };
    let upper = match config.retry_after_max_extra() {
        Some(extra) => t.saturating_add(extra),
        None => config.max_backoff(),
    };
    t.max(hint.min(upper))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RandomJitter;

    const ALMOST_ONE: f64 = 1.0 - f64::EPSILON;

    fn secs(d: Duration) -> f64 {
        d.as_secs_f64()
    }

    #[test]
    fn exponential_and_capped() {
        let c = RetryConfig::standard();
        let delays: Vec<_> = (0..8)
            .map(|i| backoff(&c, RetryKind::Transient, i, 1.0))
            .collect();
        let expected = [1, 2, 4, 8, 16, 20, 20, 20].map(Duration::from_secs);
        assert_eq!(delays, expected);
        assert_eq!(
            backoff(&c, RetryKind::Transient, 2, 0.5),
            Duration::from_secs(2)
        );
        assert_eq!(backoff(&c, RetryKind::Timeout, 0, 0.0), Duration::ZERO);
        // No overflow for absurd retry numbers.
        assert_eq!(
            backoff(&c, RetryKind::Transient, u32::MAX, 1.0),
            Duration::from_secs(20)
        );
        let huge = c
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert!(backoff(&huge, RetryKind::Transient, 3, 0.5) > Duration::from_secs(u64::MAX / 4));
    }

    #[test]
    fn jitter_stays_in_bounds() {
        let c = RetryConfig::standard();
        let jitter = RandomJitter::new();
        for retry in 0..10 {
            let ceiling = Duration::from_secs(1u64 << retry.min(5)).min(Duration::from_secs(20));
            for _ in 0..200 {
                let d = backoff(&c, RetryKind::Transient, retry, jitter.next_unit());
                assert!(d < ceiling, "{d:?} >= {ceiling:?}");
            }
        }
        for unit in [f64::NAN, -3.0, 7.0, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(backoff(&c, RetryKind::Transient, 1, unit) <= Duration::from_secs(2));
        }
    }

    #[test]
    fn random_jitter_is_uniformish() {
        let jitter = RandomJitter::with_seed(42);
        let values: Vec<f64> = (0..10_000).map(|_| jitter.next_unit()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
        let low = values.iter().filter(|v| **v < 0.1).count();
        assert!((800..1200).contains(&low), "{low}");
        // Two fresh generators differ.
        assert_ne!(
            RandomJitter::new().next_unit(),
            RandomJitter::new().next_unit()
        );
    }

    #[test]
    fn throttling_base_in_2026_mode() {
        let c = RetryConfig::standard_2026();
        assert_eq!(
            backoff(&c, RetryKind::Transient, 0, ALMOST_ONE),
            Duration::from_millis(50).mul_f64(ALMOST_ONE)
        );
        assert_eq!(
            backoff(&c, RetryKind::Throttling, 1, 0.5),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn parses_hints() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1398796238);
        let hint = |pairs: &[(&str, &str)]| retry_after(&pairs.iter().copied().collect(), now);
        assert_eq!(hint(&[]), None);
        assert_eq!(hint(&[("Retry-After", "7")]), Some(Duration::from_secs(7)));
        assert_eq!(hint(&[("retry-after", " 0 ")]), Some(Duration::ZERO));
        assert_eq!(
            hint(&[("Retry-After", "Tue, 29 Apr 2014 18:30:50 GMT")]),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            hint(&[("Retry-After", "Tue, 29 Apr 2014 18:00:00 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(
            hint(&[("x-amz-retry-after", "1500"), ("Retry-After", "9")]),
            Some(Duration::from_millis(1500))
        );
        // A bad x-amz-retry-after falls back to Retry-After; bad values are ignored.
        assert_eq!(
            hint(&[("x-amz-retry-after", "soon"), ("Retry-After", "9")]),
            Some(Duration::from_secs(9))
        );
        for bad in ["-1", "1.5", "tomorrow", ""] {
            assert_eq!(hint(&[("Retry-After", bad)]), None, "{bad}");
        }
    }

    #[test]
    fn hints_shape_the_delay() {
        let c = RetryConfig::standard();
        let k = RetryKind::Throttling;
        // At least the hint, at most the cap, never below the jittered delay.
        assert_eq!(
            secs(retry_delay(&c, k, 0, 0.5, Some(Duration::from_secs(3)))),
            3.0
        );
        assert_eq!(
            secs(retry_delay(&c, k, 0, 0.5, Some(Duration::from_secs(3600)))),
            20.0
        );
        assert_eq!(secs(retry_delay(&c, k, 3, 0.5, Some(Duration::ZERO))), 4.0);
        assert_eq!(secs(retry_delay(&c, k, 3, 0.5, None)), 4.0);
        // 2026: at most 5 s over the jittered delay.
        let c = RetryConfig::standard_2026();
        assert_eq!(
            secs(retry_delay(&c, k, 1, 0.5, Some(Duration::from_secs(60)))),
            6.0
        );
        assert_eq!(
            secs(retry_delay(&c, k, 1, 0.5, Some(Duration::from_secs(2)))),
            2.0
        );
    }
}
