//! An independent SigV4 check: recomputes the signature of a received request from its own
//! bytes (written separately from the runtime's signer, and kept deliberately plain), and
//! checks the Authorization header's algorithm, credential scope and signed headers.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::server::Received;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Asserts that `request` carries a valid SigV4 signature for `service` in us-east-1 at the
/// test time, made with the test credentials and signing exactly `expected_signed`.
pub fn assert_signed(request: &Received, service: &str, expected_signed: &str) {
    let auth = request.header("authorization");
    let date = request.header("x-amz-date");
    assert_eq!(date, "20150830T123600Z");
    let scope = format!("20150830/us-east-1/{service}/aws4_request");
    let prefix = format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{scope}, SignedHeaders={expected_signed}, Signature=");
    assert!(auth.starts_with(&prefix), "authorization: {auth}");
    let signature = &auth[prefix.len()..];

    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let mut canonical_headers = String::new();
    for name in expected_signed.split(';') {
        let values: Vec<&str> = request
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let canonical_request = format!(
        "{}\n{path}\n{query}\n{canonical_headers}\n{expected_signed}\n{}",
        request.method,
        hex(&Sha256::digest(&request.body))
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830");
    for part in ["us-east-1", service, "aws4_request"] {
        key = hmac(&key, part);
    }
    assert_eq!(
        signature,
        hex(&hmac(&key, &string_to_sign)),
        "canonical request:\n{canonical_request}"
    );
}
