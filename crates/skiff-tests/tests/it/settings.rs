//! Client settings in the runtime's own types: proxy, trust roots, application name.

use skiff_aws_codepipeline::Client;
use skiff_runtime::http::Proxy;
use skiff_runtime::SdkError;

use crate::server::{serve, Canned};

const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

async fn call(config: skiff_runtime::Config) -> Result<(), String> {
    Client::new(config)
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "current_thread")]
async fn requests_go_through_the_configured_proxy() {
    // The local server plays the proxy: it receives the absolute URL of the service.
    let (proxy, server) = serve(vec![Canned::new(200, &[JSON], "{}")]).await;
    let config = crate::config("http://codepipeline.example.invalid")
        .to_builder()
        .proxy(Proxy::url(&proxy))
        .build();
    call(config).await.expect("answered by the proxy");
    let received = server.await.expect("server task");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].target, "http://codepipeline.example.invalid/");
    assert_eq!(received[0].header("host"), "codepipeline.example.invalid");
}

#[tokio::test(flavor = "current_thread")]
async fn no_proxy_hosts_are_reached_directly() {
    let (url, server) = serve(vec![Canned::new(200, &[JSON], "{}")]).await;
    // Port 1 is closed: only a direct request can succeed.
    let config = crate::config(&url)
        .to_builder()
        .proxy(Proxy::url("http://127.0.0.1:1").with_no_proxy("localhost,127.0.0.1"))
        .build();
    call(config).await.expect("direct");
    let received = server.await.expect("server task");
    assert_eq!(received[0].target, "/");
}

#[tokio::test(flavor = "current_thread")]
async fn the_app_name_ends_the_user_agent() {
    let (url, server) = serve(vec![Canned::new(200, &[JSON], "{}")]).await;
    let config = crate::config(&url)
        .to_builder()
        .app_name("my app/2")
        .build();
    call(config).await.expect("ok");
    let received = server.await.expect("server task");
    let expected = format!(
        "{} app/my-app-2",
        crate::user_agent("skiff-aws-codepipeline")
    );
    assert_eq!(received[0].header("user-agent"), expected);
    assert_eq!(
        received[0].header("x-amz-user-agent"),
        format!(
            "{} app/my-app-2",
            crate::amz_user_agent("skiff-aws-codepipeline")
        )
    );
}

#[tokio::test(flavor = "current_thread")]
async fn invalid_settings_are_clear_errors_and_nothing_is_sent() {
    let builder = crate::config("http://127.0.0.1:1")
        .to_builder()
        .add_root_certificates_pem("not a certificate");
    let err = builder.clone().try_build().expect_err("invalid PEM");
    assert_eq!(
        err.to_string(),
        "invalid HTTP settings: root certificate bundle #1 is not PEM with at least one certificate"
    );
    // `build` keeps the error for the first call.
    let message = call(builder.build()).await.expect_err("every call fails");
    assert!(message.contains("root certificate bundle #1"), "{message}");

    let err = crate::config("http://127.0.0.1:1")
        .to_builder()
        .proxy(Proxy::url("http://user:hunter2@[::1"))
        .try_build()
        .expect_err("invalid proxy URL");
    assert_eq!(
        err.to_string(),
        "invalid HTTP settings: the proxy URL is not a valid URL"
    );
}

#[test]
fn proxy_passwords_are_not_printed() {
    let config = skiff_runtime::Config::builder()
        .proxy(Proxy::url("http://user:hunter2@proxy.corp:3128"))
        .build();
    let printed = format!("{config:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("proxy.corp:3128"), "{printed}");
}

#[tokio::test(flavor = "current_thread")]
async fn sdk_error_is_typed_for_settings() {
    let config = crate::config("http://127.0.0.1:1")
        .to_builder()
        .add_root_certificates_pem("-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n")
        .build();
    let err = Client::new(config)
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await
        .expect_err("invalid settings");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
}
