//! Runs the AWS SigV4 test suite (botocore edition) against `skiff_runtime::auth::sigv4`.
//!
//! The suite lives in `$SKIFF_UPSTREAM/aws-sigv4-test-suite/botocore-aws4_testsuite`
//! (`SKIFF_UPSTREAM` defaults to `<CARGO_MANIFEST_DIR>/../../../shared/upstream`). Each case
//! directory `<name>/` holds `<name>.req` (the raw request), `<name>.creq` (canonical request),
//! `<name>.sts` (string to sign) and `<name>.authz` (Authorization header); the three artefacts
//! are compared in that order, so the first difference points at the faulty step.
//!
//! Expected files are compared exactly, after two normalizations only: `\r\n` becomes `\n`
//! (none of the current files has one, but a checkout with `core.autocrlf` would add them), and
//! line terminators at the very end of the file are removed (the artefacts themselves never end
//! with a newline; the files may or may not).
//!
//! When the data is absent the test is skipped with a message, or fails when
//! `SKIFF_REQUIRE_UPSTREAM=1`.
#![cfg(feature = "sigv4")]

use std::fs;
use std::path::{Path, PathBuf};

use skiff_runtime::auth::sigv4::{sign, SigningParams};
use skiff_runtime::{Credentials, DateTime, HttpRequest};

const EXPECTED_CASES: usize = 34;
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
/// 2015-08-30T12:36:00Z.
const TIME: DateTime = DateTime::from_secs(1_440_938_160);

/// The session token botocore's test harness signs `get-vanilla-with-session-token` with (it is
/// the `X-Amz-Security-Token` of that case's `.creq` and `.sreq`).
const VANILLA_SESSION_TOKEN: &str =
    "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

/// The token of the `post-sts-token/` cases, from `post-sts-token/readme.txt`.
const STS_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

/// Cases that are expected to fail, with the reason. The test fails if one of them passes, so
/// the list cannot go stale. Every case currently passes, including the four botocore skips
/// (`normalize-path/get-space`, whose raw space in the path is kept in the URL string and encoded
/// as `%20`, and the three duplicate/unsorted query-key cases, handled by sorting on name then
/// value).
const SKIPPED: &[(&str, &str)] = &[];

/// How a case uses the session token.
#[derive(Clone, Copy)]
enum Token {
    /// No session token.
    None,
    /// The credentials carry the token: `sign` adds and signs `X-Amz-Security-Token`.
    Signed(&'static str),
    /// The token is added to the request after signing, so it is not signed
    /// (`post-sts-header-after`, per `post-sts-token/readme.txt`).
    AddedAfter(&'static str),
}

fn token_for(case: &str) -> Token {
    match case {
        "get-vanilla-with-session-token" => Token::Signed(VANILLA_SESSION_TOKEN),
        "post-sts-header-before" => Token::Signed(STS_TOKEN),
        "post-sts-header-after" => Token::AddedAfter(STS_TOKEN),
        _ => Token::None,
    }
}

fn upstream_dir() -> PathBuf {
    std::env::var_os("SKIFF_UPSTREAM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream"))
}

/// Every directory under `dir` that holds a `<dirname>.req`, sorted by path.
fn find_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for sub in dirs {
        if let Some(name) = sub.file_name().and_then(|n| n.to_str()) {
            if sub.join(format!("{name}.req")).is_file() {
                out.push(sub.clone());
            }
        }
        find_cases(&sub, out);
    }
}

/// Parses a raw `.req`: request line, header lines (continuation lines starting with a space or
/// tab are obsolete line folding and are joined to the previous value with one space, as RFC 7230
/// section 3.2.4 allows; repeated names stay separate headers), a blank line, then the body.
/// The URL is `https://<Host><path-and-query as written>`; header values are kept untrimmed, so
/// the signer's normalization is what is tested.
fn parse_request(raw: &[u8]) -> Result<HttpRequest, String> {
    let (head, body) = match find(raw, b"\r\n\r\n") {
        Some(i) => (&raw[..i], &raw[i + 4..]),
        None => match find(raw, b"\n\n") {
            Some(i) => (&raw[..i], &raw[i + 2..]),
            None => (raw, &[][..]),
        },
    };
    let head = std::str::from_utf8(head).map_err(|e| format!("request head is not UTF-8: {e}"))?;
    // Without a body, the head may still end with the last header line's terminator.
    let head = head.strip_suffix('\n').unwrap_or(head);
    let head = head.strip_suffix('\r').unwrap_or(head);
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().ok_or("empty request")?;
    let (method, rest) = request_line
        .split_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;
    let (target, _version) = rest
        .rsplit_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers
                .last_mut()
                .ok_or_else(|| format!("continuation line before any header: {line:?}"))?;
            value.push(' ');
            value.push_str(line);
        } else {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let host = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_owned())
        .ok_or("no Host header")?;
    let mut request = HttpRequest::new(method, format!("https://{host}{target}"));
    for (name, value) in headers {
        request.headers.append(name, value);
    }
    request.body = body.to_vec();
    Ok(request)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn read_expected(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .replace("\r\n", "\n")
        .trim_end_matches(['\r', '\n'])
        .to_owned())
}

fn run_case(dir: &Path, name: &str) -> Result<(), String> {
    let file = |ext: &str| dir.join(format!("{name}.{ext}"));
    let raw = fs::read(file("req")).map_err(|e| format!("{name}.req: {e}"))?;
    let mut request = parse_request(&raw)?;

    let token = token_for(name);
    let session_token = match token {
        Token::Signed(t) => Some(t.to_owned()),
        Token::None | Token::AddedAfter(_) => None,
    };
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, session_token);
    let params = SigningParams {
        credentials: &credentials,
        region: REGION,
        service: SERVICE,
        time: TIME,
        settings: skiff_runtime::auth::sigv4::SigningSettings::for_service(SERVICE),
    };
    let out = sign(&mut request, &params);
    if let Token::AddedAfter(t) = token {
        request.headers.insert("X-Amz-Security-Token", t);
    }

    for (what, ext, actual) in [
        ("canonical request", "creq", &out.canonical_request),
        ("string to sign", "sts", &out.string_to_sign),
        ("Authorization", "authz", &out.authorization),
    ] {
        let expected = read_expected(&file(ext))?;
        if *actual != expected {
            return Err(format!(
                "{what} differs\n--- expected ({name}.{ext})\n{expected}\n--- actual\n{actual}\n---"
            ));
        }
    }

    if request.headers.get("authorization") != Some(out.authorization.as_str()) {
        return Err("the request's Authorization header is not the returned one".into());
    }
    if request.headers.get("x-amz-date") != Some("20150830T123600Z") {
        return Err("the request's X-Amz-Date header is wrong".into());
    }
    match token {
        Token::None => {}
        Token::Signed(t) | Token::AddedAfter(t) => {
            if request.headers.get("x-amz-security-token") != Some(t) {
                return Err("the request does not carry the session token".into());
            }
        }
    }
    Ok(())
}

#[test]
fn botocore_aws4_testsuite() {
    assert_eq!(TIME.fmt_compact(), "20150830T123600Z");
    let suite = upstream_dir().join("aws-sigv4-test-suite/botocore-aws4_testsuite");
    if !suite.is_dir() {
        if std::env::var("SKIFF_REQUIRE_UPSTREAM").as_deref() == Ok("1") {
            panic!(
                "SKIFF_REQUIRE_UPSTREAM=1 but the SigV4 test suite is missing at {} \
                 (set SKIFF_UPSTREAM to the directory holding aws-sigv4-test-suite/)",
                suite.display()
            );
        }
        println!(
            "sigv4 suite skipped: upstream data absent at {} (set SKIFF_UPSTREAM, or \
             SKIFF_REQUIRE_UPSTREAM=1 to make this a failure)",
            suite.display()
        );
        return;
    }

    let mut cases = Vec::new();
    find_cases(&suite, &mut cases);

    let mut problems = Vec::new();
    if cases.len() != EXPECTED_CASES {
        problems.push(format!(
            "found {} cases in {}, expected {EXPECTED_CASES}",
            cases.len(),
            suite.display()
        ));
    }
    for (skipped, _) in SKIPPED {
        if !cases
            .iter()
            .any(|c| c.file_name().and_then(|n| n.to_str()) == Some(*skipped))
        {
            problems.push(format!("skipped case {skipped} does not exist"));
        }
    }

    let (mut passed, mut skipped) = (0, 0);
    for dir in &cases {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let result = run_case(dir, &name);
        match (SKIPPED.iter().find(|(n, _)| *n == name), result) {
            (None, Ok(())) => passed += 1,
            (None, Err(e)) => problems.push(format!("{name}: {e}")),
            (Some((_, reason)), Err(_)) => {
                skipped += 1;
                println!("sigv4 suite: skipped {name}: {reason}");
            }
            (Some(_), Ok(())) => problems.push(format!(
                "{name} is in SKIPPED but now passes: remove it from the list"
            )),
        }
    }

    println!(
        "sigv4 suite: {passed} passed, {skipped} skipped (of {})",
        cases.len()
    );
    assert!(
        problems.is_empty(),
        "sigv4 suite: {} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}
