//! An independent Huawei `SDK-HMAC-SHA256` check, written from the description of the official
//! Python SDK (`/work/shared/huawei/RFS.md` §5) and not from the runtime's signer: it recomputes
//! the canonical request, string to sign and `Authorization` of a request from its own bytes as
//! received (method, target, header values, body). Kept deliberately plain.
//!
//! It is validated against the official SDK by `rfs::checker_reproduces_every_official_sdk_signature`,
//! which feeds it the recorded requests and compares with the recorded artefacts.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::server::Received;

/// The three strings of one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub authorization: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Python's `quote(s, safe='~')` on UTF-8: only `A-Z a-z 0-9 - _ . ~` stay as they are.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Python's `unquote` (UTF-8, invalid sequences replaced by U+FFFD); `+` stays a plus.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex_digit = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// §5 step 8: decode the whole path, split on `/`, encode each segment, end with `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = decode(path);
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// §5 step 9: pairs sorted on their raw (decoded) text, key then value, then encoded.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
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

/// Signs `request` as the SDK would with `signed_headers` (names joined by `;`, as listed in
/// the `Authorization` header), taking every value from the request itself.
pub fn sign(request: &Received, signed_headers: &str, ak: &str, sk: &str) -> Signature {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        canonical_headers.push_str(&format!("{name}:{}\n", request.header(name).trim()));
    }
    let payload_hash = if request.body.is_empty() {
        hex(&Sha256::digest(b""))
    } else if let Some((_, v)) = request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-sdk-content-sha256"))
    {
        v.clone()
    } else {
        hex(&Sha256::digest(&request.body))
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method.to_ascii_uppercase(),
        canonical_uri(path),
        canonical_query(query),
    );
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{}\n{}",
        request.header("x-sdk-date"),
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("any key length");
    mac.update(string_to_sign.as_bytes());
    let authorization = format!(
        "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={signed_headers}, Signature={}",
        hex(&mac.finalize().into_bytes())
    );
    Signature {
        canonical_request,
        string_to_sign,
        authorization,
    }
}

#[test]
fn encodes_and_decodes_like_python() {
    assert_eq!(encode("钩 a/b+~*"), "%E9%92%A9%20a%2Fb%2B~%2A");
    assert_eq!(decode("%e9%92%a9%20a%2Fb+%zz%"), "钩 a/b+%zz%");
    assert_eq!(canonical_uri("/v1/private-hooks"), "/v1/private-hooks/");
    assert_eq!(canonical_uri("/a%2Fb/"), "/a/b/");
    assert_eq!(canonical_uri("/"), "/");
    assert_eq!(canonical_query("z=1&%C3%A9=2&a=&b"), "a=&b=&z=1&%C3%A9=2");
}
