//! `credential_process`: an external command that prints credentials as JSON.
//!
//! The command line runs through the platform shell (`sh -c` on Unix, `cmd.exe /C` on Windows)
//! with the process environment (not [`ProviderConfig`](crate::ProviderConfig)'s), stdin closed
//! and stderr inherited (so it can prompt or log). It must exit with status 0 within the timeout
//! (default 60 s; on timeout it is killed) and print one JSON object:
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2024-01-01T00:00:00Z", "AccountId": "123456789012"}
//! ```
//!
//! `Version` must be `1`; `SessionToken`, `Expiration` (RFC 3339) and `AccountId` are optional.
//! Errors name the failure (exit status, missing field) but never quote the command line or its
//! output, either of which may hold secrets. The command runs on its own thread, so any async
//! executor works.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::http;
use crate::chain::CredentialProcess;

/// The default time a command may take.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Credentials printed by an external command (module docs). `Debug` hides the command line.
#[derive(Clone, Debug)]
pub struct CredentialProcessProvider {
    command: CredentialProcess,
    timeout: Duration,
}

impl CredentialProcessProvider {
    /// Runs `command` (a shell command line).
    pub fn new(command: impl Into<String>) -> Self {
        Self::from_profile(CredentialProcess::new(command))
    }

    /// Runs a profile's `credential_process`.
    pub fn from_profile(command: CredentialProcess) -> Self {
        CredentialProcessProvider {
            command,
            timeout: DEFAULT_PROCESS_TIMEOUT,
        }
    }

    /// How long the command may take (default [`DEFAULT_PROCESS_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs the command and parses its output.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let command = self.command.command().to_owned();
        let timeout = self.timeout;
        std::thread::Builder::new()
            .name("credential_process".into())
            .spawn(move || {
                let _ = sender.send(run(&command, timeout));
            })
            .map_err(|e| {
                CredentialsError::provider("cannot start a thread for credential_process")
                    .with_source(e)
            })?;
        let stdout = receiver.await.map_err(|_| {
            CredentialsError::provider("the credential_process thread ended without a result")
        })??;
        parse(&stdout)
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd.exe");
        c.arg("/C").arg(command);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(command);
        c
    }
}

/// Runs `command` to completion or until `timeout`, returning its stdout.
fn run(command: &str, timeout: Duration) -> Result<Vec<u8>, CredentialsError> {
    let mut child = shell(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| CredentialsError::provider("cannot run credential_process").with_source(e))?;
    let mut stdout = child.stdout.take().ok_or_else(|| {
        CredentialsError::provider("cannot read the output of credential_process")
    })?;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CredentialsError::provider(format!(
                    "credential_process did not finish within {} ms and was killed",
                    timeout.as_millis()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                return Err(
                    CredentialsError::provider("cannot wait for credential_process").with_source(e),
                )
            }
        }
    };
    if !status.success() {
        return Err(CredentialsError::provider(format!(
            "credential_process failed ({status})"
        )));
    }
    reader
        .join()
        .map_err(|_| CredentialsError::provider("cannot read the output of credential_process"))?
        .map_err(|e| {
            CredentialsError::provider("cannot read the output of credential_process")
                .with_source(e)
        })
}

/// Parses the `Version: 1` JSON document.
fn parse(stdout: &[u8]) -> Result<Credentials, CredentialsError> {
    let fail = |message: &str| {
        CredentialsError::provider(format!("the output of credential_process {message}"))
    };
    let value: Value =
        serde_json::from_slice(stdout).map_err(|_| fail("is not a JSON document"))?;
    match value.get("Version") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(_) => return Err(fail("has a `Version` other than 1")),
        None => return Err(fail("has no `Version`")),
    }
    let mut object = value;
    // The common parser knows every other field; only the token's name differs.
    if let Some(map) = object.as_object_mut() {
        map.remove("Version");
    }
    let body = serde_json::to_vec(&object).map_err(|_| fail("cannot be read"))?;
    http::parse_json_credentials(&body, "credential_process", "SessionToken")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_version_1() {
        let c = parse(
            br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"SEKRIT","SessionToken":"T",
                "Expiration":"2030-01-01T00:00:00Z","AccountId":"123456789012"}"#,
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("AKID", Some("T")));
        assert_eq!(c.account_id(), Some("123456789012"));
        assert!(c.expiry().is_some());
        for (out, message) in [
            (
                &br#"{"AccessKeyId":"AKID","SecretAccessKey":"SEKRIT"}"#[..],
                "no `Version`",
            ),
            (
                br#"{"Version":2,"AccessKeyId":"AKID","SecretAccessKey":"SEKRIT"}"#,
                "other than 1",
            ),
            (
                br#"{"Version":1,"AccessKeyId":"AKID"}"#,
                "no `SecretAccessKey`",
            ),
            (b"SEKRIT", "not a JSON document"),
        ] {
            let e = parse(out).unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(text.contains(message), "{text}");
            assert!(!text.contains("SEKRIT"), "{text}");
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn runs_the_command() {
        let p = CredentialProcessProvider::new(
            r#"echo '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SEKRIT"}'"#,
        );
        let c = p.credentials().await.unwrap();
        assert_eq!(c.secret_access_key(), "SEKRIT");
        assert!(!format!("{p:?}").contains("SEKRIT"));

        let e = CredentialProcessProvider::new("echo SEKRIT; exit 3")
            .credentials()
            .await
            .unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(text.contains("exit status: 3"), "{text}");
        assert!(!text.contains("SEKRIT"), "{text}");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn kills_slow_commands() {
        let started = Instant::now();
        let e = CredentialProcessProvider::new("sleep 10")
            .timeout(Duration::from_millis(200))
            .credentials()
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("did not finish within 200 ms"),
            "{e}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
