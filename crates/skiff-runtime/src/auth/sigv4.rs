//! AWS Signature Version 4 (header-based), the request signing used by every AWS service.
//!
//! [`sign`] adds `X-Amz-Date`, `X-Amz-Security-Token` (when the credentials carry a session
//! token) and `Authorization` to an [`HttpRequest`] and returns the intermediate artefacts
//! ([`SigningOutput`]), which makes mismatches with a server or a test vector easy to locate.
//! The building blocks (canonical URI, query and headers, canonical request, string to sign,
//! signing key) are public pure functions, so they can be tested on their own.
//!
//! The procedure follows the AWS documentation ("Create a signed AWS API request") and is checked
//! against the AWS SigV4 test suite (botocore edition):
//!
//! 1. **Canonical request**: method, canonical URI, canonical query string, canonical headers,
//!    signed header list and hex SHA-256 of the body, joined with `\n`.
//!    * *URI* ([`SigningSettings`]): for every service but S3 the path is normalized (`.` and
//!      `..` segments resolved, empty segments removed, a trailing `/` kept) and each segment
//!      of the already percent-encoded path is encoded again (AWS "double encoding": `%`
//!      becomes `%25`). For S3 the path is not normalized and is encoded exactly once; an
//!      endpoint's `sigv4` auth scheme may ask for either itself.
//!    * *Query*: parameters split on `&`, names and values decoded (`%XX`, and `+` as a space,
//!      as AWS servers and SDKs do) then re-encoded, sorted by name then value; `a` becomes `a=`.
//!    * *Headers*: every header of the request except those in [`UNSIGNED_HEADERS`], names
//!      lower-cased, values trimmed with runs of inner spaces collapsed, repeated names joined with
//!      `,`, plus `host` when the request has no `Host` header.
//! 2. **String to sign**: `AWS4-HMAC-SHA256`, the `X-Amz-Date`, the credential scope
//!    `<yyyymmdd>/<region>/<service>/aws4_request` and the hex SHA-256 of the canonical request.
//! 3. **Signature**: hex HMAC-SHA256 of the string to sign with the key derived by
//!    [`signing_key`].
//!
//! Percent-encoding always uses the SigV4 rule: the unreserved characters `A-Z a-z 0-9 - _ . ~`
//! are kept, every other byte becomes `%XX` with upper-case hex digits. No function here panics,
//! whatever the request contains.

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::auth::Credentials;
use crate::datetime::DateTime;
use crate::http::HttpRequest;

/// The signing algorithm name, first word of the string to sign and of `Authorization`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Lower-cased names of headers that are never signed: `authorization` (it carries the
/// signature), and headers that proxies or the HTTP stack may add, drop or rewrite
/// (`user-agent`, `x-amzn-trace-id`, `expect`, `transfer-encoding`), as botocore and the other
/// AWS SDKs do.
pub const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "expect",
    "transfer-encoding",
];

/// SigV4's URI-encoding set: everything but the unreserved characters `A-Z a-z 0-9 - _ . ~`.
const SIGV4_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

type HmacSha256 = Hmac<Sha256>;

/// Everything [`sign`] needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials to sign with; a session token, if any, is sent and signed.
    pub credentials: &'a Credentials,
    /// The region of the credential scope, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `dynamodb` or `s3`.
    pub service: &'a str,
    /// The signing time, written as `X-Amz-Date` and used for the credential scope.
    pub time: DateTime,
    /// Path encoding and payload header: [`SigningSettings::for_service`] unless the endpoint
    /// says otherwise.
    pub settings: SigningSettings,
}

/// Where a service departs from standard SigV4: S3 signs its path encoded once and not
/// normalized, and requires `X-Amz-Content-SHA256`. An endpoint's `sigv4` auth scheme may say
/// so itself (`disableDoubleEncoding`, `disableNormalizePath`), which overrides the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    /// Encode each (already percent-encoded) path segment again, so `%` becomes `%25`; when
    /// off, each segment is decoded and encoded once.
    pub double_uri_encode: bool,
    /// Resolve `.` and `..` segments and drop empty ones (a trailing `/` is kept).
    pub normalize_path: bool,
    /// Send `X-Amz-Content-SHA256` (the payload hash, unless the request already carries one,
    /// such as `UNSIGNED-PAYLOAD`) and sign its value as the payload hash.
    pub content_sha256_header: bool,
}

impl SigningSettings {
    /// Every service but S3: double encoding, normalized path, no payload header.
    pub const STANDARD: SigningSettings = SigningSettings {
        double_uri_encode: true,
        normalize_path: true,
        content_sha256_header: false,
    };

    /// S3 (`s3`, `s3-object-lambda`, `s3-outposts`): single encoding, path as it is,
    /// `X-Amz-Content-SHA256`.
    pub const S3: SigningSettings = SigningSettings {
        double_uri_encode: false,
        normalize_path: false,
        content_sha256_header: true,
    };

    /// The settings of a signing name, as the SigV4 documentation gives them.
    pub fn for_service(service: &str) -> SigningSettings {
        if matches!(service, "s3" | "s3-object-lambda" | "s3-outposts") {
            SigningSettings::S3
        } else {
            SigningSettings::STANDARD
        }
    }
}

/// The artefacts of one signature, in the order they are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
    /// The value of the `Authorization` header.
    pub authorization: String,
}

/// A canonical request and the list of headers it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request text (its last line is the payload hash, with no newline after it).
    pub text: String,
    /// The signed header names, lower case, sorted, joined with `;`.
    pub signed_headers: String,
}

/// Signs `request` in place: sets `X-Amz-Date`, `X-Amz-Security-Token` when the credentials have a session token, and `Authorization`; returns the intermediate artefacts.
///
/// Any existing `Authorization` header is replaced, so signing the same request twice with the
/// same parameters gives the same result. With [`SigningSettings::content_sha256_header`] (S3)
/// the `X-Amz-Content-SHA256` header is also set to the payload hash, unless the request
/// already carries one (e.g. `UNSIGNED-PAYLOAD`), whose value is then signed as the payload hash.
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> SigningOutput {
    let out = signature(request, params);
    request
        .headers
        .insert("Authorization", out.authorization.as_str());
    out
}

/// [`sign`] for the pipeline, which has no use for the artefacts: the `Authorization` value is
/// moved into the request rather than copied.
pub(crate) fn sign_request(request: &mut HttpRequest, params: &SigningParams<'_>) {
    let out = signature(request, params);
    request
        .headers
        .insert_static("authorization", out.authorization);
}

/// Everything of [`sign`] but setting `Authorization`.
fn signature(request: &mut HttpRequest, params: &SigningParams<'_>) -> SigningOutput {
    let amz_date = params.time.fmt_compact();
    let date = amz_date.get(..8).unwrap_or(&amz_date);

    request.headers.remove("authorization");
    request
        .headers
        .insert_static("x-amz-date", amz_date.clone());
    if let Some(token) = params.credentials.session_token() {
        request
            .headers
            .insert_static("x-amz-security-token", token.to_owned());
    }
    if params.settings.content_sha256_header && !request.headers.contains("x-amz-content-sha256") {
        let hash = sha256_hex(&request.body);
        request.headers.insert_static("x-amz-content-sha256", hash);
    }

    let creq = canonical_request(request, &params.settings);
    let scope = credential_scope(date, params.region, params.service);
    let string_to_sign = string_to_sign(&amz_date, &scope, &creq.text);
    let mut mac = cached_signing_mac(
        params.credentials.secret_access_key(),
        date,
        params.region,
        params.service,
    );
    mac.update(string_to_sign.as_bytes());
    let digest: [u8; 32] = mac.finalize().into_bytes().into();
    let mut signature_hex = [0u8; 64];
    let signature = hex_into(&digest, &mut signature_hex).to_owned();
    let access_key_id = params.credentials.access_key_id();
    let mut authorization = String::with_capacity(
        ALGORITHM.len()
            + 40
            + access_key_id.len()
            + scope.len()
            + creq.signed_headers.len()
            + signature.len(),
    );
    for part in [
        ALGORITHM,
        " Credential=",
        access_key_id,
        "/",
        &scope,
        ", SignedHeaders=",
        &creq.signed_headers,
        ", Signature=",
        &signature,
    ] {
        authorization.push_str(part);
    }

    SigningOutput {
        canonical_request: creq.text,
        string_to_sign,
        signature,
        authorization,
    }
}

/// The canonical request of `request` as it stands (headers are taken as they are: [`sign`]
/// adds `X-Amz-Date` and the session token before calling this).
///
/// The payload hash is the hex SHA-256 of the body, except with
/// [`SigningSettings::content_sha256_header`] (S3) when the request carries an
/// `X-Amz-Content-SHA256` header, whose value is used instead.
pub fn canonical_request(request: &HttpRequest, settings: &SigningSettings) -> CanonicalRequest {
    let headers = signed_headers(request);
    let names: usize = headers.iter().map(|(n, _)| n.len() + 1).sum();
    let values: usize = headers.iter().map(|(_, v)| v.len() + 1).sum();
    let mut signed_headers = String::with_capacity(names);
    // Method, URI and query (at most three times as long once encoded), headers, signed
    // names, payload hash, newlines.
    let mut text = String::with_capacity(
        request.method.len() + request.url.len() * 3 + names * 2 + values + 72,
    );
    text.push_str(&request.method);
    text.push('\n');
    push_canonical_uri(&mut text, strip_fragment(request.path()), settings);
    text.push('\n');
    let query = strip_fragment(request.query());
    if !query.is_empty() {
        text.push_str(&canonical_query(query));
    }
    text.push('\n');
    write_canonical_headers(&headers, &mut text, &mut signed_headers);
    text.push('\n');
    text.push_str(&signed_headers);
    text.push('\n');
    match request.headers.get("x-amz-content-sha256") {
        Some(value) if settings.content_sha256_header => text.push_str(value.trim()),
        _ => {
            let mut buf = [0u8; 64];
            text.push_str(hex_into(&Sha256::digest(&request.body), &mut buf));
        }
    }
    CanonicalRequest {
        text,
        signed_headers,
    }
}

/// The canonical URI of an (already percent-encoded) request path.
///
/// With [`SigningSettings::normalize_path`], dot segments are resolved and empty segments
/// dropped (a trailing `/` is kept). With [`SigningSettings::double_uri_encode`], each segment
/// is SigV4-encoded as it is, so `%` becomes `%25` (double encoding); without, each segment is
/// decoded and encoded once. Standard services do both, S3 neither.
pub fn canonical_uri(path: &str, settings: &SigningSettings) -> String {
    let mut uri = String::with_capacity(path.len() + 1);
    push_canonical_uri(&mut uri, path, settings);
    uri
}

/// One segment of the canonical URI.
fn push_segment(uri: &mut String, segment: &str, double_encode: bool) {
    if double_encode {
        uri.extend(percent_encode(segment.as_bytes(), SIGV4_ENCODE));
    } else {
        let bytes: Vec<u8> = percent_decode_str(segment).collect();
        uri.extend(percent_encode(&bytes, SIGV4_ENCODE));
    }
}

/// Appends [`canonical_uri`] to `uri`.
fn push_canonical_uri(uri: &mut String, path: &str, settings: &SigningSettings) {
    let double = settings.double_uri_encode;
    if !settings.normalize_path {
        let start = uri.len();
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 {
                uri.push('/');
            }
            push_segment(uri, segment, double);
        }
        if !uri[start..].starts_with('/') {
            uri.insert(start, '/');
        }
        return;
    }

    let mut depth = 0usize;
    let mut segments = path.split('/').filter(|s| !s.is_empty() && *s != ".");
    if !path.contains("..") {
        // The common case: no segment to drop, nothing to collect.
        for segment in segments.by_ref() {
            uri.push('/');
            push_segment(uri, segment, double);
            depth += 1;
        }
    } else {
        let mut kept: Vec<&str> = Vec::new();
        for segment in segments {
            if segment == ".." {
                kept.pop();
            } else {
                kept.push(segment);
            }
        }
        for segment in &kept {
            uri.push('/');
            push_segment(uri, segment, double);
        }
        depth = kept.len();
    }
    if depth == 0 || path.ends_with('/') {
        uri.push('/');
    }
}

/// The canonical query string of a raw query (the part after `?`, without the `?`).
///
/// Each `&`-separated parameter is split at its first `=` (a missing `=` means an empty
/// value); names and values are decoded (`%XX`, and `+` as a space) and re-encoded with the
/// SigV4 rule; the pairs are sorted by name, then by value (so repeated names are ordered by
/// value), and joined with `&`. Empty parameters (`a&&b`) are dropped.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|param| !param.is_empty())
        .map(|param| {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            (encode_query_component(name), encode_query_component(value))
        })
        .collect();
    pairs.sort_unstable(); // Equal pairs are identical: no order to keep.
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// The canonical header block and the signed header list of `request`.
///
/// The block has one `name:value\n` line per signed header name (so it ends with `\n`); the list
/// is the names joined with `;`. Names are lower-cased and sorted; values are trimmed, runs of
/// inner spaces collapse to one, and the values of a repeated name are joined with `,` in
/// request order. Headers in [`UNSIGNED_HEADERS`] are left out. Without a `Host` header, `host`
/// is taken from the URL's authority (without user info and without the scheme's default port,
/// as HTTP clients send it).
pub fn canonical_headers(request: &HttpRequest) -> (String, String) {
    let mut block = String::new();
    let mut signed = String::new();
    write_canonical_headers(&signed_headers(request), &mut block, &mut signed);
    (block, signed)
}

/// The headers [`canonical_headers`] signs, names trimmed (case as in the request), with their
/// raw values: sorted by lower-cased name, repeated names in request order (the sort is
/// stable), and `host` from the URL when the request has none. Names are compared and written
/// lower-cased, so none is copied here.
fn signed_headers(request: &HttpRequest) -> Vec<(&str, &str)> {
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 1);
    let mut has_host = false;
    for (name, value) in request.headers.iter() {
        let name = name.trim();
        if name.is_empty()
            || UNSIGNED_HEADERS
                .iter()
                .any(|u| u.eq_ignore_ascii_case(name))
        {
            continue;
        }
        has_host |= name.eq_ignore_ascii_case("host");
        headers.push((name, value));
    }
    if !has_host {
        headers.push(("host", default_host(request)));
    }
    headers.sort_by(|a, b| {
        a.0.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.0.bytes().map(|c| c.to_ascii_lowercase()))
    });
    headers
}

/// Writes the `name:value\n` lines of sorted `headers` to `block` (names lower-cased, values
/// normalized, those of a repeated name joined with `,`) and the `;`-separated names to `signed`.
fn write_canonical_headers(headers: &[(&str, &str)], block: &mut String, signed: &mut String) {
    let mut previous: Option<&str> = None;
    for &(name, value) in headers {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            block.push(',');
        } else {
            if previous.is_some() {
                block.push('\n');
                signed.push(';');
            }
            push_lowercase(block, name);
            block.push(':');
            push_lowercase(signed, name);
            previous = Some(name);
        }
        push_normalized_header_value(block, value);
    }
    if previous.is_some() {
        block.push('\n');
    }
}

/// Appends `s` with ASCII letters lower-cased.
fn push_lowercase(out: &mut String, s: &str) {
    let start = out.len();
    out.push_str(s);
    out[start..].make_ascii_lowercase();
}

/// The credential scope `<yyyymmdd>/<region>/<service>/aws4_request`.
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut scope = String::with_capacity(date.len() + region.len() + service.len() + 15);
    for part in [date, "/", region, "/", service, "/aws4_request"] {
        scope.push_str(part);
    }
    scope
}

/// The string to sign: the algorithm, the `X-Amz-Date` value, the credential scope and the hex
/// SHA-256 of the canonical request, one per line.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut buf = [0u8; 64];
    let hash = hex_into(&Sha256::digest(canonical_request.as_bytes()), &mut buf);
    let mut out =
        String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + hash.len() + 3);
    for part in [ALGORITHM, "\n", amz_date, "\n", scope, "\n", hash] {
        out.push_str(part);
    }
    out
}

/// The SigV4 signing key: `HMAC("AWS4" + secret, date)`, then chained with the region, the
/// service and `aws4_request`. `date` is `YYYYMMDD`.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

/// The key of the last signature made on this thread, and what it was derived from: the key
/// changes once a day per secret, region and service, and deriving it is four HMACs, most of
/// the cost of a signature. The HMAC keyed with it is kept too (its inner and outer pads
/// already hashed: two SHA-256 blocks less per signature). The secret stays in this thread's
/// memory as it does in the credentials; nothing prints it.
struct KeyCache {
    secret: String,
    date: String,
    region: String,
    service: String,
    mac: HmacSha256,
}

thread_local! {
    static LAST_KEY: std::cell::RefCell<Option<KeyCache>> = const { std::cell::RefCell::new(None) };
}

/// An HMAC keyed with [`signing_key`], derived once per thread for the same inputs.
fn cached_signing_mac(secret: &str, date: &str, region: &str, service: &str) -> HmacSha256 {
    LAST_KEY.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(c) = cache.as_ref() {
            if c.date == date && c.region == region && c.service == service && c.secret == secret {
                return c.mac.clone();
            }
        }
        let key = signing_key(secret, date, region, service);
        let mac = keyed_mac(&key);
        *cache = Some(KeyCache {
            secret: secret.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            mac: mac.clone(),
        });
        mac
    })
}

/// The lower-case hex SHA-256 digest of `data` (the payload hash of a body).
pub fn sha256_hex(data: &[u8]) -> String {
    let mut buf = [0u8; 64];
    hex_into(&Sha256::digest(data), &mut buf).to_owned()
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn keyed_mac(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so the error branch cannot be taken.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()),
    }
}

#[cfg(test)]
fn hex(bytes: &[u8]) -> String {
    let mut buf = vec![0u8; bytes.len() * 2];
    let mut out = String::with_capacity(buf.len());
    for (chunk, slot) in bytes.chunks(32).zip(buf.chunks_mut(64)) {
        out.push_str(hex_into(chunk, slot));
    }
    out
}

/// Writes the lower-case hex of `bytes` into `out` (at least twice as long) and returns it.
fn hex_into<'a>(bytes: &[u8], out: &'a mut [u8]) -> &'a str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let len = bytes.len() * 2;
    for (byte, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0xf)];
    }
    // Only ASCII hex digits were written.
    std::str::from_utf8(&out[..len]).unwrap_or_default()
}

/// A fragment (`#...`) is never sent, so it is not signed.
fn strip_fragment(s: &str) -> &str {
    s.split_once('#').map_or(s, |(before, _)| before)
}

fn encode_query_component(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_decode_str(&spaced).collect();
    percent_encode(&bytes, SIGV4_ENCODE).to_string()
}

/// Appends `value` trimmed of spaces and tabs at both ends, with runs of inner spaces
/// collapsed to one.
fn push_normalized_header_value(out: &mut String, value: &str) {
    let value = value.trim_matches([' ', '\t']);
    if !value.as_bytes().windows(2).any(|pair| pair == b"  ") {
        out.push_str(value);
        return;
    }
    let mut previous_space = false;
    for c in value.chars() {
        if c == ' ' {
            if !previous_space {
                out.push(' ');
            }
            previous_space = true;
        } else {
            out.push(c);
            previous_space = false;
        }
    }
}

/// The `Host` value an HTTP client sends for the request URL: the authority without user info
/// and without the scheme's default port.
fn default_host(request: &HttpRequest) -> &str {
    let authority = request.authority();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let scheme = crate::http::split_scheme(&request.url).map_or("", |(scheme, _)| scheme);
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        Some(":443")
    } else if scheme.eq_ignore_ascii_case("http") {
        Some(":80")
    } else {
        None
    };
    default_port
        .and_then(|port| host.strip_suffix(port))
        .unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /// 2015-08-30T12:36:00Z, the time of the AWS SigV4 test suite.
    const SUITE_TIME: DateTime = DateTime::from_secs(1_440_938_160);

    fn params<'a>(credentials: &'a Credentials, service: &'a str) -> SigningParams<'a> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service,
            time: SUITE_TIME,
            settings: SigningSettings::for_service(service),
        }
    }

    fn vanilla_get() -> HttpRequest {
        let mut request = HttpRequest::new("GET", "https://example.amazonaws.com/");
        request.headers.append("Host", "example.amazonaws.com");
        request
    }

    #[test]
    fn signing_key_matches_the_aws_documentation_example() {
        let key = signing_key(SECRET, "20120215", "us-east-1", "iam");
        assert_eq!(
            hex(&key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn the_cached_signing_key_follows_every_input() {
        let derive = |secret: &str, date: &str, region: &str, service: &str| {
            let mut cached = cached_signing_mac(secret, date, region, service);
            cached.update(b"string to sign");
            let cached: [u8; 32] = cached.finalize().into_bytes().into();
            (
                cached,
                hmac_sha256(
                    &signing_key(secret, date, region, service),
                    b"string to sign",
                ),
            )
        };
        for inputs in [
            (SECRET, "20120215", "us-east-1", "iam"),
            (SECRET, "20120215", "us-east-1", "iam"),
            (SECRET, "20120216", "us-east-1", "iam"),
            (SECRET, "20120216", "eu-west-1", "iam"),
            (SECRET, "20120216", "eu-west-1", "sts"),
            ("other-secret", "20120216", "eu-west-1", "sts"),
            (SECRET, "20120215", "us-east-1", "iam"),
        ] {
            let (cached, derived) = derive(inputs.0, inputs.1, inputs.2, inputs.3);
            assert_eq!(cached, derived, "{inputs:?}");
        }
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn get_vanilla_matches_the_suite() {
        let credentials = Credentials::new(AKID, SECRET, None);
        let mut request = vanilla_get();
        let out = sign(&mut request, &params(&credentials, "service"));
        assert_eq!(
            out.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert_eq!(request.headers.get("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            request.headers.get("authorization"),
            Some(out.authorization.as_str())
        );
    }

    /// Same expectations as the suite's `get-vanilla-with-session-token` case.
    #[test]
    fn session_token_is_sent_and_signed() {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
        let credentials = Credentials::new(AKID, SECRET, Some(token.to_owned()));
        let mut request = vanilla_get();
        let out = sign(&mut request, &params(&credentials, "service"));
        assert_eq!(request.headers.get("X-Amz-Security-Token"), Some(token));
        assert_eq!(
            out.canonical_request,
            format!(
                "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\
                 x-amz-security-token:{token}\n\nhost;x-amz-date;x-amz-security-token\n\
                 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            )
        );
        assert_eq!(
            out.signature,
            "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
        );
    }

    #[test]
    fn json_body_is_hashed_into_the_payload_hash() {
        let credentials = Credentials::new(AKID, SECRET, None);
        let mut request = HttpRequest::new("POST", "https://dynamodb.us-east-1.amazonaws.com/");
        request
            .headers
            .append("Content-Type", "application/x-amz-json-1.0");
        request
            .headers
            .append("X-Amz-Target", "DynamoDB_20120810.DescribeTable");
        request.body = br#"{"TableName":"skiff","Limit":10}"#.to_vec();
        let out = sign(&mut request, &params(&credentials, "dynamodb"));
        // `printf '%s' '{"TableName":"skiff","Limit":10}' | sha256sum`
        let body_hash = "61e73d44d6a62a344fd88f40e07f3a3bcb6ef1be5948854b55c2d471965a52f6";
        assert_eq!(sha256_hex(&request.body), body_hash);
        assert_eq!(
            out.canonical_request,
            format!(
                "POST\n/\n\ncontent-type:application/x-amz-json-1.0\n\
                 host:dynamodb.us-east-1.amazonaws.com\nx-amz-date:20150830T123600Z\n\
                 x-amz-target:DynamoDB_20120810.DescribeTable\n\n\
                 content-type;host;x-amz-date;x-amz-target\n{body_hash}"
            )
        );
        assert!(out
            .authorization
            .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target, "));
    }

    #[test]
    fn signing_twice_gives_the_same_result() {
        let credentials = Credentials::new(AKID, SECRET, Some("token".to_owned()));
        let mut request = vanilla_get();
        request.headers.append("User-Agent", "skiff");
        let first = sign(&mut request, &params(&credentials, "service"));
        let second = sign(&mut request, &params(&credentials, "service"));
        assert_eq!(first, second);
        assert_eq!(request.headers.get_all("authorization").count(), 1);
        assert_eq!(request.headers.get_all("x-amz-date").count(), 1);
        assert!(!first.canonical_request.contains("user-agent"));
    }

    #[test]
    fn host_defaults_to_the_authority_without_default_port() {
        let credentials = Credentials::new(AKID, SECRET, None);
        for (url, host) in [
            ("https://user@example.com:443/a", "example.com"),
            ("http://example.com:80", "example.com"),
            ("https://example.com:8443/", "example.com:8443"),
            ("http://[::1]:9000/x?y", "[::1]:9000"),
        ] {
            let mut request = HttpRequest::new("GET", url);
            let out = sign(&mut request, &params(&credentials, "service"));
            assert!(
                out.canonical_request.contains(&format!("\nhost:{host}\n")),
                "{url}: {}",
                out.canonical_request
            );
        }
    }

    #[test]
    fn path_is_normalized_and_double_encoded_except_for_s3() {
        let standard = &SigningSettings::STANDARD;
        let s3 = &SigningSettings::S3;
        assert_eq!(canonical_uri("/a/./b/../c//d/", standard), "/a/c/d/");
        assert_eq!(
            canonical_uri("/%E1%88%B4 x", standard),
            "/%25E1%2588%25B4%20x"
        );
        assert_eq!(canonical_uri("", standard), "/");
        assert_eq!(canonical_uri("/../..", standard), "/");
        assert_eq!(canonical_uri("/a//b/./c", s3), "/a//b/./c");
        assert_eq!(
            canonical_uri("/%e1%88%b4%2Fx $", s3),
            "/%E1%88%B4%2Fx%20%24"
        );
        // Each setting on its own: what an endpoint's `disableDoubleEncoding` or
        // `disableNormalizePath` asks for.
        let single = &SigningSettings {
            double_uri_encode: false,
            ..SigningSettings::STANDARD
        };
        assert_eq!(canonical_uri("/a/./%41%2F//b", single), "/a/A%2F/b");
        let unnormalized = &SigningSettings {
            normalize_path: false,
            ..SigningSettings::STANDARD
        };
        assert_eq!(canonical_uri("/a/./%41//b", unnormalized), "/a/./%2541//b");
        assert_eq!(
            SigningSettings::for_service("s3-outposts"),
            SigningSettings::S3
        );
        assert_eq!(
            SigningSettings::for_service("dynamodb"),
            SigningSettings::STANDARD
        );
    }

    #[test]
    fn query_is_decoded_reencoded_and_sorted() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a&a=1&&c="), "a=&a=1&b=2&c=");
        assert_eq!(canonical_query("p=b&p=A"), "p=A&p=b");
        assert_eq!(canonical_query("k=a+b%2Bc%2a"), "k=a%20b%2Bc%2A");
        assert_eq!(canonical_query("x=%zz%"), "x=%25zz%25");
    }

    #[test]
    fn header_values_are_trimmed_and_joined() {
        let mut request = HttpRequest::new("GET", "https://h/");
        request.headers.append("X-B", "  a   b  ");
        request.headers.append("x-a", "2");
        request.headers.append("X-A", "1");
        request.headers.append("Authorization", "old");
        let (block, signed) = canonical_headers(&request);
        assert_eq!(block, "host:h\nx-a:2,1\nx-b:a b\n");
        assert_eq!(signed, "host;x-a;x-b");
    }

    #[test]
    fn odd_requests_do_not_panic() {
        let credentials = Credentials::new("", "", Some(String::new()));
        for url in [
            "",
            "://",
            "?",
            "#",
            "https://",
            "http://h?&=&%",
            "x/é/%/..?é=é",
        ] {
            let mut request = HttpRequest::new("", url);
            request.headers.append("", "");
            request.headers.append("é", " \t ");
            let p = SigningParams {
                credentials: &credentials,
                region: "",
                service: "",
                time: DateTime::from_secs(i64::MIN / 2),
                settings: SigningSettings::STANDARD,
            };
            let _ = sign(&mut request, &p);
            let _ = sign(&mut request, &params(&credentials, "s3"));
        }
    }
}
