//! [`DateTime`]: the timestamp type of generated clients, and the wire formats Smithy defines
//! for it (`date-time`, `http-date`, `epoch-seconds`).
//!
//! Parsing and formatting are delegated to the `time` crate; this module only fixes the exact
//! textual forms the protocols require.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// An instant in UTC with nanosecond precision.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// A timestamp string that is not valid for the expected format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: TimestampFormat,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} timestamp", self.format.name())
    }
}

impl std::error::Error for DateTimeParseError {}

/// The wire formats of Smithy's `@timestampFormat` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 (`1985-04-12T23:20:50.52Z`).
    DateTime,
    /// RFC 7231 IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
    /// Seconds since the epoch, with an optional fraction (`1398796238.123`).
    EpochSeconds,
}

impl TimestampFormat {
    fn name(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

impl DateTime {
    /// The instant `secs` seconds and `nanos` nanoseconds after the Unix epoch (`secs` may be
    /// negative; `nanos` is always added).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        DateTime {
            secs: secs + (nanos / 1_000_000_000) as i64,
            nanos: nanos % 1_000_000_000,
        }
    }

    /// The instant `secs` whole seconds after the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// The instant from a fractional number of seconds since the epoch (millisecond precision).
    pub fn from_secs_f64(secs: f64) -> Self {
        let millis = (secs * 1000.0).round() as i64;
        DateTime::from_secs_and_nanos(
            millis.div_euclid(1000),
            (millis.rem_euclid(1000) * 1_000_000) as u32,
        )
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Whole seconds since the epoch (rounded down).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The nanoseconds past [`DateTime::secs`].
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as a float.
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    fn to_offset(self) -> OffsetDateTime {
        let nanos = i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos);
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    fn from_offset(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        DateTime::from_secs_and_nanos(t.unix_timestamp(), t.nanosecond())
    }

    /// Formats in the given wire format.
    pub fn fmt(&self, format: TimestampFormat) -> String {
        let t = self.to_offset();
        match format {
            TimestampFormat::DateTime => {
                let base = t
                    .format(format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second]"
                    ))
                    .unwrap_or_default();
                if self.nanos == 0 {
                    format!("{base}Z")
                } else {
                    let frac = format!("{:09}", self.nanos);
                    format!("{base}.{}Z", frac.trim_end_matches('0'))
                }
            }
            TimestampFormat::HttpDate => t
                .format(format_description!(
                    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
                ))
                .unwrap_or_default(),
            TimestampFormat::EpochSeconds => {
                if self.nanos == 0 {
                    self.secs.to_string()
                } else {
                    let millis = self.nanos / 1_000_000;
                    let frac = format!("{millis:03}");
                    let frac = frac.trim_end_matches('0');
                    if frac.is_empty() {
                        self.secs.to_string()
                    } else {
                        format!("{}.{frac}", self.secs)
                    }
                }
            }
        }
    }

    /// Parses a timestamp in the given wire format.
    pub fn parse(s: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        let err = || DateTimeParseError { format };
        match format {
            TimestampFormat::DateTime => OffsetDateTime::parse(s, &Rfc3339)
                .map(DateTime::from_offset)
                .map_err(|_| err()),
            TimestampFormat::HttpDate => PrimitiveDateTime::parse(
                s,
                format_description!(
                    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
                ),
            )
            .or_else(|_| {
                PrimitiveDateTime::parse(
                    s,
                    format_description!(
                        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second].[subsecond] GMT"
                    ),
                )
            })
            .map(|t| DateTime::from_offset(t.assume_utc()))
            .map_err(|_| err()),
            TimestampFormat::EpochSeconds => {
                let v: f64 = s.parse().map_err(|_| err())?;
                if !v.is_finite() {
                    return Err(err());
                }
                Ok(DateTime::from_secs_f64(v))
            }
        }
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`, the form of SigV4's `X-Amz-Date` and Huawei's `X-Sdk-Date`.
    pub fn fmt_compact(&self) -> String {
        let t = self.to_offset();
        let year = match u16::try_from(t.year()) {
            Ok(year) if year <= 9999 => year,
            // Years before 0 (the time crate writes their sign) or after 9999.
            _ => return compact_by_time_crate(t),
        };
        // Written digit by digit: this is on every signed request.
        fn two(out: &mut String, n: u8) {
            out.push(char::from(b'0' + n / 10));
            out.push(char::from(b'0' + n % 10));
        }
        let mut out = String::with_capacity(16);
        // Both halves are below 100.
        two(&mut out, (year / 100) as u8);
        two(&mut out, (year % 100) as u8);
        two(&mut out, u8::from(t.month()));
        two(&mut out, t.day());
        out.push('T');
        two(&mut out, t.hour());
        two(&mut out, t.minute());
        two(&mut out, t.second());
        out.push('Z');
        out
    }
}

/// [`DateTime::fmt_compact`] through the time crate's formatting (for years it does not
/// write with four digits).
fn compact_by_time_crate(t: OffsetDateTime) -> String {
    t.format(format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .unwrap_or_default()
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt(TimestampFormat::DateTime))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt(TimestampFormat::DateTime))
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime::from_secs_and_nanos(d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let secs = -(d.as_secs() as i64);
                if d.subsec_nanos() == 0 {
                    DateTime::from_secs(secs)
                } else {
                    DateTime::from_secs_and_nanos(secs - 1, 1_000_000_000 - d.subsec_nanos())
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(t: DateTime) -> Self {
        if t.secs >= 0 {
            UNIX_EPOCH + Duration::new(t.secs as u64, t.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(t.secs.unsigned_abs())
                + Duration::from_nanos(u64::from(t.nanos))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = DateTime::from_secs(1398796238);
        assert_eq!(t.fmt(TimestampFormat::DateTime), "2014-04-29T18:30:38Z");
        assert_eq!(
            t.fmt(TimestampFormat::HttpDate),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238");
        assert_eq!(t.fmt_compact(), "20140429T183038Z");
        for secs in [
            0,
            -1,
            951_782_400,     // 2000-02-29
            253_402_300_799, // 9999-12-31T23:59:59Z
            -62_167_219_200, // 0000-01-01
            -62_167_219_201, // the last second of year -1
            1_440_938_160,
            i64::MIN / 2,
            i64::MAX / 2,
        ] {
            let t = DateTime::from_secs(secs);
            assert_eq!(
                t.fmt_compact(),
                compact_by_time_crate(t.to_offset()),
                "{secs}"
            );
        }
        let t = DateTime::from_secs_and_nanos(1398796238, 123_000_000);
        assert_eq!(t.fmt(TimestampFormat::DateTime), "2014-04-29T18:30:38.123Z");
        assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238.123");
    }

    #[test]
    fn parses() {
        for (s, f) in [
            ("2014-04-29T18:30:38Z", TimestampFormat::DateTime),
            ("2014-04-29T20:30:38+02:00", TimestampFormat::DateTime),
            ("Tue, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate),
            ("1398796238", TimestampFormat::EpochSeconds),
            ("1398796238.0", TimestampFormat::EpochSeconds),
        ] {
            assert_eq!(
                DateTime::parse(s, f),
                Ok(DateTime::from_secs(1398796238)),
                "{s}"
            );
        }
        assert!(DateTime::parse("yesterday", TimestampFormat::DateTime).is_err());
    }
}
