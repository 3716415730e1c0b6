//! What the HTTP providers share: sending with a timeout and bounded retries on 5xx, and the
//! JSON credentials document of IMDS, container endpoints and `credential_process`.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use skiff_runtime::http::{HttpRequest, HttpResponse, TransportError};
use skiff_runtime::{Credentials, CredentialsError, DateTime, TimestampFormat};

use crate::ProviderConfig;

/// How one endpoint is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Attempts in all (at least 1); only 5xx answers are retried.
    pub(crate) max_attempts: u32,
    /// Time allowed for each attempt.
    pub(crate) timeout: Duration,
    /// Wait before the second attempt, doubled before each later one.
    pub(crate) backoff: Duration,
}

/// No answer at all.
#[derive(Debug)]
pub(crate) enum SendError {
    /// The transport failed (connection refused, DNS...).
    Transport(TransportError),
    /// No answer within the timeout.
    TimedOut(Duration),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Transport(e) => e.fmt(f),
            SendError::TimedOut(d) => write!(f, "no response within {} ms", d.as_millis()),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Transport(e) => Some(e),
            SendError::TimedOut(_) => None,
        }
    }
}

/// Sends `request` (rebuilt by `make` for each attempt), retrying 5xx answers up to the policy's
/// attempts. Returns the last response, whatever its status, or the first failure to get one.
pub(crate) async fn send(
    conf: &ProviderConfig,
    policy: RetryPolicy,
    make: impl Fn() -> HttpRequest,
) -> Result<HttpResponse, SendError> {
    let mut backoff = policy.backoff;
    let mut attempt = 1;
    loop {
        let response = tokio::time::timeout(policy.timeout, conf.transport().send(make()))
            .await
            .map_err(|_| SendError::TimedOut(policy.timeout))?
            .map_err(SendError::Transport)?;
        if response.status < 500 || attempt >= policy.max_attempts.max(1) {
            return Ok(response);
        }
        attempt += 1;
        tokio::time::sleep(backoff).await;
        backoff *= 2;
    }
}

/// `Expiration`-style RFC 3339 text as a `SystemTime`.
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    DateTime::parse(text, TimestampFormat::DateTime)
        .ok()
        .map(SystemTime::from)
}

/// The credentials in a JSON document of the common shape: `AccessKeyId`, `SecretAccessKey`,
/// optional `Token` (or `token_field`), `Expiration` (RFC 3339) and `AccountId`; when present,
/// `Code` must be `Success`. `what` names the source in errors, which never quote values.
pub(crate) fn parse_json_credentials(
    body: &[u8],
    what: &str,
    token_field: &str,
) -> Result<Credentials, CredentialsError> {
    let fail = |message: String| CredentialsError::provider(message);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        fail(format!(
            "the {what} response is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let object = value
        .as_object()
        .ok_or_else(|| fail(format!("the {what} response is not a JSON object")))?;
    let field = |name: &str| -> Result<Option<&str>, CredentialsError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(fail(format!(
                "`{name}` in the {what} response is not a string"
            ))),
        }
    };
    let required = |name: &str| {
        field(name)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| fail(format!("the {what} response has no `{name}`")))
    };
    if let Some(code) = field("Code")? {
        if code != "Success" {
            return Err(fail(format!(
                "the {what} response has `Code` {code:?}, not \"Success\""
            )));
        }
    }
    let mut credentials = Credentials::new(
        required("AccessKeyId")?,
        required("SecretAccessKey")?,
        field(token_field)?
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
    );
    if let Some(expiration) = field("Expiration")? {
        let expiry = parse_rfc3339(expiration).ok_or_else(|| {
            fail(format!(
                "`Expiration` in the {what} response is not an RFC 3339 timestamp"
            ))
        })?;
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account_id) = field("AccountId")?.filter(|a| !a.is_empty()) {
        credentials = credentials.with_account_id(account_id);
    }
    Ok(credentials)
}

/// The body as trimmed UTF-8 text.
pub(crate) fn text(response: &HttpResponse) -> Option<&str> {
    std::str::from_utf8(&response.body).ok().map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_credentials() {
        let body = br#"{"Code":"Success","AccessKeyId":"AKID","SecretAccessKey":"SEKRIT",
            "Token":"TOKN","Expiration":"2009-02-13T23:31:30Z","AccountId":"012345678901"}"#;
        let c = parse_json_credentials(body, "IMDS", "Token").unwrap();
        assert_eq!(c.session_token(), Some("TOKN"));
        assert_eq!(c.account_id(), Some("012345678901"));
        assert_eq!(
            c.expiry(),
            Some(std::time::UNIX_EPOCH + Duration::from_secs(1_234_567_890))
        );
        for (body, message) in [
            (
                &br#"{"AccessKeyId":"AKID"}"#[..],
                "has no `SecretAccessKey`",
            ),
            (
                br#"{"AccessKeyId":"AKID","SecretAccessKey":"SEKRIT","Expiration":"SEKRIT"}"#,
                "not an RFC 3339 timestamp",
            ),
            (
                br#"{"AccessKeyId":"AKID","SecretAccessKey":7}"#,
                "is not a string",
            ),
            (br#"["SEKRIT"]"#, "not a JSON object"),
            (br#"{"SEKRIT"#, "not valid JSON"),
            (
                br#"{"Code":"Failed","AccessKeyId":"a","SecretAccessKey":"SEKRIT"}"#,
                "`Code`",
            ),
        ] {
            let e = parse_json_credentials(body, "IMDS", "Token").unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(text.contains(message), "{text}");
            assert!(!text.contains("SEKRIT"), "{text}");
        }
    }
}
