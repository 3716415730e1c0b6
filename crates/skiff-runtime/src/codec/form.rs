//! `application/x-www-form-urlencoded` bodies, as the query protocols (awsQuery, ec2Query)
//! send them: `key=value` pairs joined by `&`.

use std::fmt::Write;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters is percent-encoded.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `&key=value`, both percent-encoded.
pub(crate) fn push_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    let _ = write!(
        out,
        "{}={}",
        utf8_percent_encode(key, QUERY_ENCODE),
        utf8_percent_encode(value, QUERY_ENCODE)
    );
}
