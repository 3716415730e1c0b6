//! Credentials providers through the pipeline: asked at every attempt, failures typed and
//! secret-free, nothing sent without credentials.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use skiff_aws_codepipeline::Client;
use skiff_runtime::config::{FixedJitter, RetryConfig};
use skiff_runtime::http::BoxFuture;
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials, SdkError};

use crate::server::{serve, Canned};

const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

/// Hands out `AKID1`, `AKID2`, ... (a new key pair at every call), or always fails.
#[derive(Debug, Default)]
struct Rotating {
    calls: AtomicUsize,
    fail: bool,
}

impl ProvideCredentials for Rotating {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let fail = self.fail;
        Box::pin(async move {
            if fail {
                Err(CredentialsError::provider(
                    "the IMDS role list at http://169.254.169.254 answered 500",
                ))
            } else {
                Ok(Credentials::new(
                    format!("AKID{n}"),
                    format!("SECRET-{n}"),
                    Some(format!("TOKEN-{n}")),
                ))
            }
        })
    }
}

fn config_with(url: &str, provider: Arc<Rotating>) -> skiff_runtime::Config {
    crate::config(url)
        .to_builder()
        .shared_credentials_provider(Some(provider))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::ZERO),
        )
        .retry_jitter(FixedJitter(0.0))
        .build()
}

#[tokio::test(flavor = "current_thread")]
async fn every_attempt_asks_the_provider_and_signs_with_its_answer() {
    let (url, server) = serve(vec![
        Canned::new(500, &[JSON], r#"{"__type":"InternalFailure"}"#),
        Canned::new(200, &[JSON], "{}"),
    ])
    .await;
    let provider = Arc::new(Rotating::default());
    let client = Client::new(config_with(&url, provider.clone()));
    client
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await
        .expect("second attempt succeeds");
    let received = server.await.expect("server task");
    assert_eq!(received.len(), 2);
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    for (i, request) in received.iter().enumerate() {
        let n = i + 1;
        let auth = request.header("authorization");
        assert!(
            auth.starts_with(&format!("AWS4-HMAC-SHA256 Credential=AKID{n}/")),
            "{auth}"
        );
        assert_eq!(request.header("x-amz-security-token"), format!("TOKEN-{n}"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_provider_failure_is_a_credentials_error_and_nothing_is_sent() {
    // One canned response, for the plain client below: the server records every request.
    let (url, server) = serve(vec![Canned::new(200, &[JSON], "{}")]).await;
    let provider = Arc::new(Rotating {
        fail: true,
        ..Rotating::default()
    });
    let client = Client::new(config_with(&url, provider.clone()));
    let err = client
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await
        .expect_err("no credentials");
    // Not retried: a provider failure is final for the call.
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    assert_eq!(err.attempts(), 0);
    let SdkError::Credentials(e) = &err else {
        panic!("expected a credentials error, got {err:?}");
    };
    assert!(!e.is_not_configured());
    assert_eq!(
        err.to_string(),
        "failed to load credentials: an error occurred while loading credentials: \
         the IMDS role list at http://169.254.169.254 answered 500"
    );
    // The server saw nothing: end it by calling it once with a plain client.
    drop(client);
    let plain = Client::new(crate::config(&url));
    let _ = plain
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await;
    let received = server.await.expect("server task");
    assert_eq!(received.len(), 1, "only the plain client's request arrived");
    assert!(received[0]
        .header("authorization")
        .contains("Credential=AKIDEXAMPLE/"));
}

#[test]
fn static_credentials_and_providers_are_not_printed() {
    let config = skiff_runtime::Config::builder()
        .credentials(Credentials::new(
            "AKIDSTATIC",
            "SECRETSTATIC",
            Some("TOKENSTATIC".into()),
        ))
        .build();
    let printed = format!("{config:?}");
    assert!(!printed.contains("SECRETSTATIC"), "{printed}");
    assert!(!printed.contains("TOKENSTATIC"), "{printed}");
    let cached = skiff_runtime::Config::builder()
        .credentials_provider(Credentials::new("AKIDC", "SECRETC", Some("TOKENC".into())))
        .build();
    let printed = format!("{cached:?}");
    assert!(
        !printed.contains("SECRETC") && !printed.contains("TOKENC"),
        "{printed}"
    );
}
