//! Huawei Cloud `SDK-HMAC-SHA256` request signing (the "AK/SK" authentication of Huawei's API
//! gateway), byte for byte as Huawei's official SDK `huaweicloudsdkcore` 3.1.219 signs.
//!
//! Input: an [`HttpRequest`] whose URL already carries the percent-encoded path and query, the
//! [`Credentials`] (access key id = Huawei AK, secret = SK, session token = security token), an
//! optional project id and the signing time. Output: the same request with the authentication
//! headers added and its query string rewritten into canonical form, plus a [`SigningOutput`]
//! with the intermediate strings for tests and debugging.
//!
//! The algorithm, in the order [`sign`] runs it:
//!
//! 1. `X-Project-Id` (when a project id is given and the header is absent) and `X-Security-Token`
//!    (when the credentials carry a token) are added, so both are signed.
//! 2. If a header spelled exactly `Content-Type` has a non-empty value that starts neither with
//!    `application/json` nor `application/bson`, `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is added.
//!    The lookup is case-sensitive on purpose: the SDK uses a plain dictionary lookup, so a
//!    lower-case `content-type` escapes the rule there too.
//! 3. `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`) is added from [`SigningParams::time`], unless the request
//!    already has a well-formed one (see [`sign`]).
//! 4. Every header value is trimmed (Python `str.strip()` whitespace) in place, so the bytes sent
//!    are the bytes signed.
//! 5. Signed headers: every header name that contains no `_`, lower-cased, sorted by code point,
//!    plus `host`. The `host` value is an existing `Host` header (any case) or else the URL's
//!    authority as the transport will send it; no `Host` header is added to the request.
//! 6. Canonical request = method, canonical URI, canonical query, `name:value\n` per signed
//!    header, signed header names joined by `;`, and the payload hash, joined by `\n`.
//!    - Payload hash: SHA-256 of the empty string for an empty body; else the value of an
//!      `X-Sdk-Content-Sha256` header when present; else the hex SHA-256 of the body.
//!    - Canonical URI: the whole path percent-decoded (invalid UTF-8 becomes U+FFFD), split on `/`,
//!      each segment re-encoded keeping only `A-Z a-z 0-9 - _ . ~`, and a trailing `/` appended
//!      when missing. An encoded `%2F` therefore becomes a separator, as in the SDK.
//!    - Canonical query: the `key=value` pairs decoded, sorted on their raw text (key, then value),
//!      and re-encoded with the same unreserved-only encoding. Sorting before encoding matters:
//!      `z` sorts before `é` although `%C3%A9` sorts before `z`.
//! 7. String to sign = `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`.
//! 8. Signature = hex HMAC-SHA256 keyed with the SK bytes (no key derivation, unlike SigV4).
//! 9. `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`.
//! 10. The URL's query becomes the canonical query: the SDK sends exactly that, and the gateway
//!     is only known to accept what the SDK sends.

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::auth::Credentials;
use crate::datetime::DateTime;
use crate::http::HttpRequest;

/// The algorithm name, first token of `Authorization` and first line of the string to sign.
const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of the empty string, the payload hash of every body-less request.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The header that replaces the payload hash when present (the SDK's "unsigned payload" marker).
const CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const SDK_DATE: &str = "X-Sdk-Date";
const PROJECT_ID: &str = "X-Project-Id";
const SECURITY_TOKEN: &str = "X-Security-Token";
const AUTHORIZATION: &str = "Authorization";

/// Every byte except `A-Z a-z 0-9 - _ . ~` is encoded: Python's `quote(s, safe='~')`, which the SDK
/// uses for both path segments and query keys and values.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What [`sign`] needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// AK (access key id), SK (secret) and the optional security token of temporary credentials.
    pub credentials: &'a Credentials,
    /// The project id sent as `X-Project-Id` on every request of a project-level service, or `None`.
    pub project_id: Option<&'a str>,
    /// The signing time, written to `X-Sdk-Date` (UTC, whole seconds).
    pub time: DateTime,
}

/// The intermediate and final strings of one signature, for tests and debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// The canonical request whose SHA-256 is signed.
    pub canonical_request: String,
    /// `SDK-HMAC-SHA256\n<date>\n<hash of canonical_request>`.
    pub string_to_sign: String,
    /// The lower-case hex HMAC-SHA256 of `string_to_sign`.
    pub signature: String,
    /// The `Authorization` header value that was set on the request.
    pub authorization: String,
}

/// Signs `request` in place with Huawei's `SDK-HMAC-SHA256` and returns the strings involved.
///
/// Changes made to the request:
/// - adds `X-Project-Id` when `params.project_id` is given and the header is absent (an existing
///   value is kept: the caller set it on purpose);
/// - sets `X-Security-Token` (replacing any value) when the credentials have a session token;
/// - adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` for a non-JSON `Content-Type` (module docs);
/// - adds `X-Sdk-Date` from `params.time`. A request that already has an `X-Sdk-Date` header (any
///   case) whose value is a valid `YYYYMMDDTHHMMSSZ` timestamp keeps it and is signed for that
///   time, as the SDK does (useful to reproduce a signature). Any other existing value is
///   replaced by `params.time`, where the SDK would raise an error;
/// - trims every header value (the signed value is the trimmed one, so the sent one must be too);
/// - rewrites the URL's query string into canonical form (sorted, re-encoded) and drops any
///   fragment;
/// - removes any existing `Authorization` header, then sets the new one. (The SDK instead skips
///   signing when `Authorization` is already present; a caller of this function asked for a
///   signature, and signing the stale header would be wrong.)
///
/// `Host` is never added: the transport sends it. It is signed from an existing `Host` header when
/// there is one, otherwise from the URL's authority normalised the way `reqwest`/`url` will send
/// it: user info dropped, ASCII letters lower-cased and the scheme's default port (`:443` for
/// https, `:80` for http) removed. For the URLs the SDK itself produces (lower-case hosts, no
/// default port) this is the authority unchanged.
///
/// Header names that differ only in case (or repeat) are each listed in `SignedHeaders` and all
/// signed with the last value, exactly like the SDK; avoid sending such duplicates.
///
/// Query strings are decoded as RFC 3986 text: `+` is a literal plus (the SDK encodes a space as
/// `%20`), a pair without `=` has an empty value, and empty pairs (`&&`) are ignored.
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> SigningOutput {
    let credentials = params.credentials;

    request.headers.remove(AUTHORIZATION);
    if let Some(project_id) = params.project_id {
        if !request.headers.contains(PROJECT_ID) {
            request.headers.append(PROJECT_ID, project_id);
        }
    }
    if let Some(token) = credentials.session_token() {
        request.headers.insert(SECURITY_TOKEN, token);
    }

    // Work on an owned copy: `Headers` offers no in-place edits of one entry, and the SDK's
    // exact-name assignments must keep the entry's position.
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();

    let needs_marker = headers
        .iter()
        .find(|(k, _)| k == "Content-Type")
        .is_some_and(|(_, v)| {
            !v.is_empty()
                && !v.starts_with("application/json")
                && !v.starts_with("application/bson")
        });
    if needs_marker {
        set_exact(&mut headers, CONTENT_SHA256, UNSIGNED_PAYLOAD);
    }

    let date = match headers
        .iter()
        .position(|(k, _)| k.eq_ignore_ascii_case(SDK_DATE))
    {
        Some(i) if is_compact_timestamp(&headers[i].1) => headers[i].1.clone(),
        Some(i) => {
            let date = params.time.fmt_compact();
            headers[i].1 = date.clone();
            date
        }
        None => {
            let date = params.time.fmt_compact();
            headers.push((SDK_DATE.to_owned(), date.clone()));
            date
        }
    };

    for (_, value) in &mut headers {
        let trimmed = py_strip(value);
        if trimmed.len() != value.len() {
            *value = trimmed.to_owned();
        }
    }

    // (lower-cased name, value) of every signed header, in request order; a missing Host is
    // appended last, as the SDK appends it to its header dictionary.
    let mut signed: Vec<(String, &str)> = headers
        .iter()
        .filter(|(k, _)| !k.contains('_'))
        .map(|(k, v)| (k.to_lowercase(), v.as_str()))
        .collect();
    let host;
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        host = signed_host(&request.url, request.authority());
        signed.push(("host".to_owned(), host.as_str()));
    }
    let mut names: Vec<&str> = signed.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    let signed_headers = names.join(";");

    let mut canonical_headers = String::new();
    for name in &names {
        // The last value wins, as when the SDK fills a dictionary keyed by lower-cased names.
        let value = signed
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v);
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }

    let payload_hash = if request.body.is_empty() {
        EMPTY_SHA256.to_owned()
    } else {
        match headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(CONTENT_SHA256))
            .map(|(_, v)| v.as_str())
        {
            Some(v) if !v.is_empty() => v.to_owned(),
            _ => sha256_hex(&request.body),
        }
    };

    let canonical_uri = canonical_uri(request.path());
    let query = request.query();
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let canonical_query = canonical_query(query);

    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri,
        canonical_query,
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hmac_sha256_hex(
        credentials.secret_access_key().as_bytes(),
        string_to_sign.as_bytes(),
    );
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key_id()
    );

    let mut url = url_prefix(&request.url).to_owned();
    url.push_str(request.path());
    if !canonical_query.is_empty() {
        url.push('?');
        url.push_str(&canonical_query);
    }
    request.url = url;

    headers.push((AUTHORIZATION.to_owned(), authorization.clone()));
    request.headers = headers.into_iter().collect();

    SigningOutput {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

/// Sets the header spelled exactly `name` (a Python dictionary assignment): the first entry with
/// that exact name gets the value, otherwise a new entry is appended.
fn set_exact(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    match headers.iter_mut().find(|(k, _)| k == name) {
        Some(entry) => entry.1 = value.to_owned(),
        None => headers.push((name.to_owned(), value.to_owned())),
    }
}

/// Whether `value` is exactly `YYYYMMDDTHHMMSSZ` with a valid date and time.
fn is_compact_timestamp(value: &str) -> bool {
    DateTime::parse_compact(value).is_some()
}

/// `value` without leading and trailing whitespace as Python's `str.strip()` defines it: Rust's
/// Unicode whitespace plus the separators U+001C..U+001F.
fn py_strip(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// The `host` value to sign for `url` when the request has no `Host` header: the authority
/// without user info, ASCII-lower-cased, without the scheme's default port, which is what
/// `reqwest` (through the `url` crate) puts in the `Host` header it sends.
fn signed_host(url: &str, authority: &str) -> String {
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.to_ascii_lowercase();
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    let default_port = match scheme.as_deref() {
        Some("https") => Some(":443"),
        Some("http") => Some(":80"),
        _ => None,
    };
    match default_port {
        // An IPv6 literal ends in `]`, so the suffix test cannot eat part of the address.
        Some(port) if host.ends_with(port) => host[..host.len() - port.len()].to_owned(),
        _ => host,
    }
}

/// `scheme://authority` of `url` (everything before the path), or `""` for a relative URL.
fn url_prefix(url: &str) -> &str {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = scheme.len() + 3 + rest.find(['/', '?', '#']).unwrap_or(rest.len());
            &url[..end]
        }
        None => "",
    }
}

/// The canonical URI of an encoded path: decode, split on `/`, re-encode each segment, and end
/// with `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut out = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query of an encoded query string: pairs decoded, sorted on raw text (key, then
/// value), re-encoded and joined with `&`.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-decodes `s` as UTF-8 text (invalid sequences become U+FFFD; `+` stays `+`).
fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Percent-encodes every byte of the UTF-8 text except `A-Z a-z 0-9 - _ . ~`.
fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail; the empty string keeps
    // this free of panics all the same.
    Hmac::<Sha256>::new_from_slice(key)
        .map(|mut mac| {
            mac.update(data);
            hex(&mac.finalize().into_bytes())
        })
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_rules() {
        assert_eq!(canonical_uri("/v1/private-hooks"), "/v1/private-hooks/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a%2Fb/"), "/a/b/");
        assert_eq!(canonical_uri("/100%25"), "/100%25/");
        assert_eq!(canonical_uri("/%e9%92%a9 x"), "/%E9%92%A9%20x/");
        assert_eq!(canonical_uri("//a//"), "//a//");
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
    }

    #[test]
    fn canonical_query_sorts_raw_text() {
        assert_eq!(canonical_query("%C3%A9=1&z=2"), "z=2&%C3%A9=1");
        assert_eq!(canonical_query("%5Bx%5D=1&A=2"), "A=2&%5Bx%5D=1");
        assert_eq!(canonical_query("a&b=&&c=a+b*"), "a=&b=&c=a%2Bb%2A");
        assert_eq!(canonical_query(""), "");
    }

    #[test]
    fn host_normalisation() {
        assert_eq!(
            signed_host("https://H.example.com:443/", "H.example.com:443"),
            "h.example.com"
        );
        assert_eq!(
            signed_host("http://127.0.0.1:80/", "127.0.0.1:80"),
            "127.0.0.1"
        );
        assert_eq!(
            signed_host("http://127.0.0.1:8080/", "127.0.0.1:8080"),
            "127.0.0.1:8080"
        );
        assert_eq!(signed_host("https://u:p@h:8443/", "u:p@h:8443"), "h:8443");
        assert_eq!(signed_host("https://[::1]:443/", "[::1]:443"), "[::1]");
    }

    #[test]
    fn timestamps() {
        assert!(is_compact_timestamp("20240601T123456Z"));
        assert!(!is_compact_timestamp("20241301T123456Z"));
        assert!(!is_compact_timestamp(" 20240601T123456Z"));
        assert!(!is_compact_timestamp("2024-06-01T12:34:56Z"));
    }

    #[test]
    fn strip_like_python() {
        assert_eq!(py_strip("\u{a0} a  b\t\u{3000}"), "a  b");
        assert_eq!(py_strip("\u{1f}x\u{1c}"), "x");
    }
}
