//! Clock skew: detecting a request rejected because the signing clock is off, and the offset
//! that corrects it.
//!
//! Signatures (SigV4, Huawei SDK-HMAC-SHA256) embed the signing time, and services reject a
//! request whose time is more than about 5 minutes from theirs. A client with a wrong clock
//! would fail every call; the AWS SDKs instead learn the offset from the rejection's `Date`
//! header, re-sign with the corrected time and retry once.
//!
//! Input ([`detect`]): the error code, the response headers, the *raw* local clock (not
//! corrected) when the request was sent and when the response arrived, and the offset in use.
//! Output: `Some(`[`SkewCorrection`]`)` — the new offset (server time minus local time) — when
//! the caller should store it in its [`ClockOffset`] and retry (marking the failure
//! `clock_skew_corrected`, which the retry loop retries once per call); `None` otherwise.
//!
//! Rules (smithy-rs `service_clock_skew.rs`; the code list is the union of aws-sdk-js-v3,
//! Java v2 and smithy-rs):
//! - the error code must be one of [`CLOCK_SKEW_CODES`]: the definite ones
//!   (`RequestTimeTooSkewed`, `RequestExpired`, `RequestInTheFuture`) and the possible ones,
//!   which some services send for a skewed signature (`InvalidSignatureException`,
//!   `SignatureDoesNotMatch`, `AuthFailure`, `AccessDeniedException`);
//! - the response must carry a parseable `Date` and no `Age` (a cached response's `Date` is
//!   stale);
//! - the round trip must be under 15 minutes, else the measurement says nothing;
//! - the server time is compared with the midpoint of the round trip (the NTP estimate), and
//!   the offset is the difference;
//! - it counts as skew only if the signing clock (local + offset in use) is more than
//!   4 minutes from the server: inside that, the rejection is a genuine signature error (and a
//!   correction that is already applied is not applied again). 4 minutes, not 5, is
//!   smithy-rs's threshold: a clock that far off will be rejected soon anyway.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::TimeSource;
use crate::datetime::{DateTime, TimestampFormat};
use crate::http::Headers;

/// Error codes that can mean a request was rejected for its signing time.
pub const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "AccessDeniedException",
];

/// Below this, a possible skew error is a genuine signature error.
pub const SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// Above this round trip, the skew measurement is discarded.
pub const MAX_ROUND_TRIP: Duration = Duration::from_secs(15 * 60);

/// An offset to add to the local clock to get the server's: positive when the server is ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SkewCorrection {
    offset_millis: i64,
}

impl SkewCorrection {
    /// The offset in milliseconds (server minus local).
    #[cfg(test)]
    pub fn offset_millis(&self) -> i64 {
        self.offset_millis
    }
}

/// Detects a clock-skew rejection; see the [module docs](self).
pub fn detect(
    code: Option<&str>,
    headers: &Headers,
    sent_at: SystemTime,
    received_at: SystemTime,
    current_offset_millis: i64,
) -> Option<SkewCorrection> {
    if !CLOCK_SKEW_CODES.contains(&code?) || headers.contains("age") {
        return None;
    }
    let server: SystemTime =
        DateTime::parse(headers.get("date")?.trim(), TimestampFormat::HttpDate)
            .ok()?
            .into();
    let round_trip = received_at.duration_since(sent_at).unwrap_or_default();
    if round_trip > MAX_ROUND_TRIP {
        return None;
    }
    let midpoint = sent_at.checked_add(round_trip / 2)?;
    let offset_millis = signed_millis(server, midpoint);
    let signing_error = offset_millis.saturating_sub(current_offset_millis);
    (signing_error.unsigned_abs() > SKEW_THRESHOLD.as_millis() as u64)
        .then_some(SkewCorrection { offset_millis })
}

/// `a - b` in milliseconds, saturating.
fn signed_millis(a: SystemTime, b: SystemTime) -> i64 {
    match a.duration_since(b) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |m| -m),
    }
}

/// The offset a client signs with, shared by its calls (clones share it). Starts at zero.
#[derive(Clone, Debug, Default)]
pub struct ClockOffset {
    millis: Arc<AtomicI64>,
}

impl ClockOffset {
    /// A zero offset.
    pub fn new() -> Self {
        Self::default()
    }

    /// The offset in milliseconds.
    pub fn millis(&self) -> i64 {
        self.millis.load(Ordering::Relaxed)
    }

    /// Stores a correction.
    pub fn set(&self, correction: SkewCorrection) {
        self.millis
            .store(correction.offset_millis, Ordering::Relaxed);
    }

    /// `t` shifted by the offset (unchanged if the result is not representable).
    pub fn apply(&self, t: SystemTime) -> SystemTime {
        let millis = self.millis();
        let shift = Duration::from_millis(millis.unsigned_abs());
        if millis >= 0 {
            t.checked_add(shift)
        } else {
            t.checked_sub(shift)
        }
        .unwrap_or(t)
    }
}

/// A clock that reads `inner` shifted by an offset: the signing clock of a client.
#[derive(Clone, Debug)]
pub struct SkewedClock<C> {
    inner: C,
    offset: ClockOffset,
}

impl<C: TimeSource> SkewedClock<C> {
    /// `inner` shifted by `offset`.
    pub fn new(inner: C, offset: ClockOffset) -> Self {
        SkewedClock { inner, offset }
    }
}

impl<C: TimeSource> TimeSource for SkewedClock<C> {
    fn now(&self) -> DateTime {
        self.offset.apply(self.inner.now().into()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timer::FakeClock;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn date(secs: u64) -> Headers {
        [(
            "Date",
            DateTime::from_secs(secs as i64).fmt(TimestampFormat::HttpDate),
        )]
        .into_iter()
        .collect()
    }

    const T: u64 = 1_700_000_000;

    #[test]
    fn server_ahead_and_behind() {
        let headers = date(T + 600);
        let c = detect(Some("RequestTimeTooSkewed"), &headers, at(T), at(T + 2), 0);
        // Midpoint T+1: the server is 599 s ahead.
        assert_eq!(c.map(|c| c.offset_millis()), Some(599_000));
        let headers = date(T - 3600);
        let c = detect(Some("SignatureDoesNotMatch"), &headers, at(T), at(T), 0);
        assert_eq!(c.map(|c| c.offset_millis()), Some(-3_600_000));
    }

    #[test]
    fn every_code_is_recognised() {
        for code in CLOCK_SKEW_CODES {
            assert!(detect(Some(code), &date(T + 900), at(T), at(T), 0).is_some());
        }
        for code in [None, Some("AccessDenied"), Some("ThrottlingException")] {
            assert!(detect(code, &date(T + 900), at(T), at(T), 0).is_none());
        }
    }

    #[test]
    fn small_skew_is_a_genuine_error() {
        assert!(detect(
            Some("SignatureDoesNotMatch"),
            &date(T + 239),
            at(T),
            at(T),
            0
        )
        .is_none());
        assert!(detect(
            Some("SignatureDoesNotMatch"),
            &date(T + 241),
            at(T),
            at(T),
            0
        )
        .is_some());
    }

    #[test]
    fn an_applied_correction_is_not_applied_again() {
        let headers = date(T + 600);
        assert!(detect(Some("RequestExpired"), &headers, at(T), at(T), 600_000).is_none());
        // But a correction that went wrong is replaced.
        let c = detect(Some("RequestExpired"), &headers, at(T), at(T), -600_000);
        assert_eq!(c.map(|c| c.offset_millis()), Some(600_000));
    }

    #[test]
    fn untrustworthy_measurements_are_ignored() {
        let code = Some("RequestTimeTooSkewed");
        let mut cached = date(T + 600);
        cached.insert("Age", "30");
        assert!(detect(code, &cached, at(T), at(T), 0).is_none());
        assert!(detect(code, &date(T + 6000), at(T), at(T + 16 * 60), 0).is_none());
        assert!(detect(code, &Headers::new(), at(T), at(T), 0).is_none());
        let bad: Headers = [("Date", "yesterday")].into_iter().collect();
        assert!(detect(code, &bad, at(T), at(T), 0).is_none());
        // Received "before" sent (clock stepped back): a zero round trip.
        assert!(detect(code, &date(T + 600), at(T), at(T - 10), 0).is_some());
    }

    #[test]
    fn skewed_clock_applies_the_offset() {
        let clock = FakeClock::at_epoch_secs(T);
        let offset = ClockOffset::new();
        let signing = SkewedClock::new(clock.clone(), offset.clone());
        assert_eq!(signing.now().secs(), T as i64);
        offset.set(SkewCorrection {
            offset_millis: 600_000,
        });
        assert_eq!(signing.now().secs(), T as i64 + 600);
        offset.set(SkewCorrection {
            offset_millis: -1_000,
        });
        assert_eq!(signing.now().secs(), T as i64 - 1);
        // Extreme offsets do not panic (the result may or may not be representable).
        for offset_millis in [i64::MIN, i64::MAX] {
            offset.set(SkewCorrection { offset_millis });
            let _ = offset.apply(at(5));
            let _ = signing.now();
        }
    }
}
