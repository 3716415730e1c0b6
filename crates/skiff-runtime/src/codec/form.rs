//! `application/x-www-form-urlencoded` bodies, as the query protocols (awsQuery, ec2Query)
//! send them: `key=value` pairs joined by `&`.
//!
//! Keys and values are encoded as botocore encodes them (Python's `urlencode`, i.e.
//! `quote_plus` with no safe characters): the RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) are kept, a space becomes `+`, and every other byte of the UTF-8
//! text becomes `%XX` in upper case (so a literal `+` is `%2B`). AWS reads `%20` and `+` alike,
//! but some servers check the signature over the body they re-encode from the parsed form
//! (moto does, with `urlencode`): a body that is not byte for byte that encoding fails their
//! signature check.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters is percent-encoded.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `text` form-encoded (see the module docs).
fn push_encoded(out: &mut String, text: &str) {
    // The encoder yields each encoded byte as its own `%XX` chunk.
    for chunk in utf8_percent_encode(text, QUERY_ENCODE) {
        if chunk == "%20" {
            out.push('+');
        } else {
            out.push_str(chunk);
        }
    }
}

/// Appends `&key=value`, both form-encoded.
pub(crate) fn push_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, key);
    out.push('=');
    push_encoded(out, value);
}

#[cfg(test)]
mod tests {
    use super::push_pair;

    #[test]
    fn spaces_are_plus_and_everything_else_reserved_is_percent_encoded() {
        let mut body = String::new();
        push_pair(&mut body, "Action", "CreateStack");
        push_pair(&mut body, "Weird Key", "a b+c  d%20e\n\t~-._*é");
        // What Python's urllib.parse.urlencode (botocore's encoder) gives for the same pairs.
        assert_eq!(
            body,
            "Action=CreateStack&Weird+Key=a+b%2Bc++d%2520e%0A%09~-._%2A%C3%A9"
        );
    }
}
