//! [`DateTime`]: the timestamp type of generated clients, and the wire formats Smithy defines
//! for it (`date-time`, `http-date`, `epoch-seconds`).
//!
//! The calendar arithmetic (proleptic Gregorian, UTC, no leap seconds) is Howard Hinnant's
//! `days_from_civil` / `civil_from_days`; the tests check it, and every format, against the
//! `time` crate over its whole range of years.

use std::fmt;
use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

    /// The UTC calendar fields of this instant.
    fn civil(&self) -> Civil {
        let days = self.secs.div_euclid(86_400);
        let of_day = self.secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday (4, counting from Sunday as 0).
            weekday: (days + 4).rem_euclid(7) as u8,
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
        }
    }

    /// Formats in the given wire format.
    pub fn fmt(&self, format: TimestampFormat) -> String {
        let mut out = String::with_capacity(32);
        match format {
            TimestampFormat::DateTime => {
                let c = self.civil();
                push_year(&mut out, c.year);
                out.push('-');
                push2(&mut out, c.month);
                out.push('-');
                push2(&mut out, c.day);
                out.push('T');
                push_clock(&mut out, &c, ":");
                if self.nanos != 0 {
                    let _ = write!(out, ".{:09}", self.nanos);
                    out.truncate(out.trim_end_matches('0').len());
                }
                out.push('Z');
            }
            TimestampFormat::HttpDate => {
                let c = self.civil();
                out.push_str(WEEKDAYS[usize::from(c.weekday)]);
                out.push_str(", ");
                push2(&mut out, c.day);
                out.push(' ');
                out.push_str(MONTHS[usize::from(c.month - 1)]);
                out.push(' ');
                push_year(&mut out, c.year);
                out.push(' ');
                push_clock(&mut out, &c, ":");
                out.push_str(" GMT");
            }
            TimestampFormat::EpochSeconds => {
                let _ = write!(out, "{}", self.secs);
                let millis = self.nanos / 1_000_000;
                if millis != 0 {
                    let _ = write!(out, ".{millis:03}");
                    out.truncate(out.trim_end_matches('0').len());
                }
            }
        }
        out
    }

    /// Parses a timestamp in the given wire format.
    pub fn parse(s: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        let err = || DateTimeParseError { format };
        match format {
            TimestampFormat::DateTime => parse_date_time(s.as_bytes()).ok_or_else(err),
            TimestampFormat::HttpDate => parse_http_date(s.as_bytes()).ok_or_else(err),
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
        let c = self.civil();
        let mut out = String::with_capacity(16);
        push_year(&mut out, c.year);
        push2(&mut out, c.month);
        push2(&mut out, c.day);
        out.push('T');
        push_clock(&mut out, &c, "");
        out.push('Z');
        out
    }

    /// Parses [`DateTime::fmt_compact`]'s form (exactly 16 characters, a valid date and time).
    pub fn parse_compact(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return None;
        }
        let year = i64::from(digits(&b[0..4])?);
        civil_to_instant(
            year,
            digits(&b[4..6])?,
            digits(&b[6..8])?,
            digits(&b[9..11])?,
            digits(&b[11..13])?,
            digits(&b[13..15])?,
            0,
        )
    }
}

/// The UTC calendar fields of an instant.
struct Civil {
    year: i64,
    month: u8,
    day: u8,
    /// 0 is Sunday.
    weekday: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1..=12, `day` 1..=31).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u8;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The instant of a UTC date and time, `None` when a field is out of its range (seconds
/// 0..=59: no leap seconds).
fn civil_to_instant(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Option<DateTime> {
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let secs =
        days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(DateTime::from_secs_and_nanos(secs, nanos))
}

/// Two decimal digits.
fn push2(out: &mut String, n: u8) {
    out.push(char::from(b'0' + n / 10 % 10));
    out.push(char::from(b'0' + n % 10));
}

/// A year with at least four digits, `-` before years before year 0.
fn push_year(out: &mut String, year: i64) {
    if (0..10_000).contains(&year) {
        push2(out, (year / 100) as u8);
        push2(out, (year % 100) as u8);
    } else {
        let _ = write!(out, "{year:05}");
    }
}

/// `HH<sep>MM<sep>SS`.
fn push_clock(out: &mut String, c: &Civil, sep: &str) {
    push2(out, c.hour);
    out.push_str(sep);
    push2(out, c.minute);
    out.push_str(sep);
    push2(out, c.second);
}

/// The value of a run of ASCII digits (`None` if any byte is not one, or it is empty).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// The nanoseconds of the digits of a fraction of a second (one or more; past the ninth they
/// are dropped).
fn fraction(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let kept = &b[..b.len().min(9)];
    Some(digits(kept)? * 10u32.pow(9 - kept.len() as u32))
}

/// `HH:MM:SS[.fraction]` at the start of `b`: (hour, minute, second, nanoseconds) and the
/// bytes after it (fields not range-checked here).
fn clock(b: &[u8]) -> Option<(Clock, &[u8])> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let fields = (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?);
    let mut rest = &b[8..];
    let mut nanos = 0;
    if let Some(after_dot) = rest.strip_prefix(b".") {
        let len = after_dot.iter().take_while(|d| d.is_ascii_digit()).count();
        nanos = fraction(&after_dot[..len])?;
        rest = &after_dot[len..];
    }
    let (hour, minute, second) = fields;
    Some((
        Clock {
            hour,
            minute,
            second,
            nanos,
        },
        rest,
    ))
}

/// The fields [`clock`] reads.
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, `T` and `Z` in
/// either case.
fn parse_date_time(b: &[u8]) -> Option<DateTime> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let year = i64::from(digits(&b[0..4])?);
    let (month, day) = (digits(&b[5..7])?, digits(&b[8..10])?);
    let (
        Clock {
            hour,
            minute,
            second,
            nanos,
        },
        rest,
    ) = clock(&b[11..])?;
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let offset = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let local = civil_to_instant(year, month, day, hour, minute, second, nanos)?;
    Some(DateTime::from_secs_and_nanos(
        local.secs - offset,
        local.nanos,
    ))
}

/// RFC 7231 IMF-fixdate, `Tue, 29 Apr 2014 18:30:38 GMT`, optionally with a fraction of a second
/// before ` GMT`. The weekday must be one of the seven names but is not checked against the
/// date (as the `time` crate, which this replaced, did not: a server's wrong weekday does not
/// fail a call).
fn parse_http_date(b: &[u8]) -> Option<DateTime> {
    if b.len() < 29 || &b[3..5] != b", " || b[7] != b' ' || b[11] != b' ' || b[16] != b' ' {
        return None;
    }
    if !WEEKDAYS.iter().any(|w| w.as_bytes() == &b[0..3]) {
        return None;
    }
    let day = digits(&b[5..7])?;
    let month = MONTHS.iter().position(|m| m.as_bytes() == &b[8..11])? as u32 + 1;
    let year = i64::from(digits(&b[12..16])?);
    let (
        Clock {
            hour,
            minute,
            second,
            nanos,
        },
        rest,
    ) = clock(&b[17..])?;
    if rest != b" GMT" {
        return None;
    }
    civil_to_instant(year, month, day, hour, minute, second, nanos)
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
    use proptest::prelude::*;
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    use time::{OffsetDateTime, PrimitiveDateTime};

    const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'_>] = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    const HTTP_DATE_FRACTION: &[time::format_description::BorrowedFormatItem<'_>] = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second].[subsecond] GMT"
    );
    const COMPACT: &[time::format_description::BorrowedFormatItem<'_>] =
        format_description!("[year][month][day]T[hour][minute][second]Z");

    /// The `time` crate's reading of an instant (years -9999..=9999).
    fn by_time(t: DateTime) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(
            i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos()),
        )
        .unwrap()
    }

    fn from_time(t: OffsetDateTime) -> DateTime {
        DateTime::from_secs_and_nanos(t.unix_timestamp(), t.nanosecond())
    }

    /// The seconds of -9999-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the `time` crate's range.
    const MIN_SECS: i64 = -377_705_116_800;
    const MAX_SECS: i64 = 253_402_300_799;

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
        let t = DateTime::from_secs_and_nanos(1398796238, 123_000_000);
        assert_eq!(t.fmt(TimestampFormat::DateTime), "2014-04-29T18:30:38.123Z");
        assert_eq!(t.fmt(TimestampFormat::EpochSeconds), "1398796238.123");
        assert_eq!(
            DateTime::from_secs_and_nanos(-1, 500_000_000).fmt(TimestampFormat::EpochSeconds),
            "-1.5"
        );
        // Past the range of RFC 3339's four-digit years: the proleptic calendar, more digits.
        assert_eq!(
            DateTime::from_secs(MAX_SECS + 1).fmt(TimestampFormat::DateTime),
            "10000-01-01T00:00:00Z"
        );
        assert_eq!(
            DateTime::from_secs(MIN_SECS - 1).fmt_compact(),
            "-10000".to_owned() + "1231T235959Z"
        );
        for secs in [i64::MIN / 2, i64::MAX / 2, i64::MIN + 86_400, i64::MAX] {
            let t = DateTime::from_secs(secs);
            // No overflow anywhere; and the calendar fields give the seconds back.
            let c = t.civil();
            let back = days_from_civil(c.year, u32::from(c.month), u32::from(c.day)) * 86_400
                + i64::from(c.hour) * 3600
                + i64::from(c.minute) * 60
                + i64::from(c.second);
            assert_eq!(back, secs);
            assert!(!t.fmt(TimestampFormat::HttpDate).is_empty());
        }
    }

    #[test]
    fn parses() {
        for (s, f) in [
            ("2014-04-29T18:30:38Z", TimestampFormat::DateTime),
            ("2014-04-29t18:30:38z", TimestampFormat::DateTime),
            ("2014-04-29T20:30:38+02:00", TimestampFormat::DateTime),
            ("2014-04-29T16:00:38-02:30", TimestampFormat::DateTime),
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
        assert_eq!(
            DateTime::parse("2014-04-29T18:30:38.1234567891Z", TimestampFormat::DateTime),
            Ok(DateTime::from_secs_and_nanos(1398796238, 123_456_789))
        );
        // 29 Apr 2014 was a Tuesday; the weekday is not checked.
        assert_eq!(
            DateTime::parse("Wed, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate),
            Ok(DateTime::from_secs(1398796238))
        );
        assert_eq!(
            DateTime::parse("Tue, 29 Apr 2014 18:30:38.5 GMT", TimestampFormat::HttpDate),
            Ok(DateTime::from_secs_and_nanos(1398796238, 500_000_000))
        );
        for (s, f) in [
            ("yesterday", TimestampFormat::DateTime),
            ("2014-04-29T18:30:38", TimestampFormat::DateTime),
            ("2014-04-29 18:30:38Z", TimestampFormat::DateTime),
            ("2014-02-30T18:30:38Z", TimestampFormat::DateTime),
            ("2014-04-29T24:00:00Z", TimestampFormat::DateTime),
            ("2014-04-29T18:30:38.Z", TimestampFormat::DateTime),
            ("2014-04-29T18:30:38+24:00", TimestampFormat::DateTime),
            ("2014-04-29T18:30:38+0200", TimestampFormat::DateTime),
            ("2014-04-29T18:30:38Z ", TimestampFormat::DateTime),
            ("+014-04-29T18:30:38Z", TimestampFormat::DateTime),
            ("2014-04-29T18:30:3\u{e9}Z", TimestampFormat::DateTime),
            ("Xyz, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate),
            ("Tue, 29 Apr 2014 18:30:38 UTC", TimestampFormat::HttpDate),
            ("Tue, 29 apr 2014 18:30:38 GMT", TimestampFormat::HttpDate),
            ("Tue,  9 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate),
            ("nan", TimestampFormat::EpochSeconds),
        ] {
            assert!(DateTime::parse(s, f).is_err(), "{s}");
        }
        assert_eq!(
            DateTime::parse_compact("20140429T183038Z"),
            Some(DateTime::from_secs(1398796238))
        );
        for s in [
            "20140429T183038",
            "20140229T183038Z",
            "2014-0429T18303Z",
            "20140429t183038Z",
        ] {
            assert_eq!(DateTime::parse_compact(s), None, "{s}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Every format, and the compact one, as the `time` crate writes them.
        #[test]
        fn formats_as_the_time_crate(secs in MIN_SECS..=MAX_SECS, nanos in 0u32..1_000_000_000) {
            let t = DateTime::from_secs_and_nanos(secs, nanos);
            let ours = t.fmt(TimestampFormat::DateTime);
            let theirs = by_time(DateTime::from_secs(secs))
                .format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
                .unwrap();
            prop_assert!(ours.starts_with(&theirs), "{} / {}", ours, theirs);
            let whole = DateTime::from_secs(secs);
            prop_assert_eq!(whole.fmt(TimestampFormat::HttpDate), by_time(whole).format(HTTP_DATE).unwrap());
            prop_assert_eq!(t.fmt_compact(), by_time(t).format(COMPACT).unwrap());
        }

        /// What we write, we and the `time` crate read back to the same instant.
        #[test]
        fn parses_as_the_time_crate(secs in 0i64..=MAX_SECS, nanos in 0u32..1_000_000_000) {
            let t = DateTime::from_secs_and_nanos(secs, nanos);
            let text = t.fmt(TimestampFormat::DateTime);
            prop_assert_eq!(DateTime::parse(&text, TimestampFormat::DateTime), Ok(t));
            prop_assert_eq!(from_time(OffsetDateTime::parse(&text, &Rfc3339).unwrap()), t);
            let whole = DateTime::from_secs(secs);
            let http = whole.fmt(TimestampFormat::HttpDate);
            prop_assert_eq!(DateTime::parse(&http, TimestampFormat::HttpDate), Ok(whole));
            prop_assert_eq!(DateTime::parse_compact(&whole.fmt_compact()), Some(whole));
        }

        /// Arbitrary field values (out of range ones too), offsets and fractions: we accept
        /// what the `time` crate accepts, as the same instant.
        #[test]
        fn accepts_what_the_time_crate_accepts(
            year in 0u32..=9999, month in 0u32..=13, day in 0u32..=32, hour in 0u32..=24,
            minute in 0u32..=60, second in 0u32..=59, fraction in proptest::option::of("[0-9]{1,12}"),
            offset in proptest::option::of((any::<bool>(), 0u32..=24, 0u32..=60)),
            weekday in 0usize..7,
        ) {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            let zone = match offset {
                None => "Z".to_owned(),
                Some((minus, h, m)) => format!("{}{h:02}:{m:02}", if minus { '-' } else { '+' }),
            };
            let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}");
            let ours = DateTime::parse(&text, TimestampFormat::DateTime).ok();
            let theirs = OffsetDateTime::parse(&text, &Rfc3339).ok().map(from_time);
            prop_assert_eq!(ours, theirs, "{}", text);
            let month_name = MONTHS.get(month.wrapping_sub(1) as usize).copied().unwrap_or("Xyz");
            let http = format!("{} , {day:02} {month_name} {year:04} {hour:02}:{minute:02}:{second:02}{fraction} GMT", WEEKDAYS[weekday]).replacen(" ,", ",", 1);
            let ours = DateTime::parse(&http, TimestampFormat::HttpDate).ok();
            let theirs = PrimitiveDateTime::parse(&http, HTTP_DATE)
                .or_else(|_| PrimitiveDateTime::parse(&http, HTTP_DATE_FRACTION))
                .ok()
                .map(|t| from_time(t.assume_utc()));
            prop_assert_eq!(ours, theirs, "{}", http);
            let compact = format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z");
            prop_assert_eq!(
                DateTime::parse_compact(&compact),
                PrimitiveDateTime::parse(&compact, COMPACT).ok().map(|t| from_time(t.assume_utc())),
                "{}", compact
            );
        }
    }
}
