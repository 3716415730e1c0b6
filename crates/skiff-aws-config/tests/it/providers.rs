//! Provider behaviour the upstream scenarios do not pin down: IMDS retry bounds and timeouts,
//! the region chain, assume-role parameters, web identity session names, the container token
//! variable, and the cache over the default chain.

use std::time::{Duration, Instant};

use skiff_aws_config::chain::AssumeRole;
use skiff_aws_config::{
    AssumeRoleProvider, ContainerCredentialsProvider, DefaultCredentialsChain, DefaultRegionChain,
    ImdsCredentialsProvider, ProviderConfig, RootedFileSystem, WebIdentityTokenProvider,
};
use skiff_runtime::auth::CredentialsErrorKind;
use skiff_runtime::{Credentials, CredentialsCache, DateTime, FixedClock};

use super::replay::form;
use super::scripted::{Scripted, Silent};

const IMDS_CREDS: &str = r#"{"Code":"Success","AccessKeyId":"ASIA","SecretAccessKey":"s",
    "Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#;

const ASSUMED: &str = "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser>\
    <Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId>\
    </AssumedRoleUser><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>\
    <SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>\
    <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>\
    </AssumeRoleResponse>";

fn conf(transport: Scripted, env: &[(&str, &str)]) -> ProviderConfig {
    ProviderConfig::new()
        .with_env_vars(env.iter().copied())
        .with_fs(RootedFileSystem::new("/nonexistent-skiff-root"))
        .with_transport(transport)
        .with_clock(FixedClock(DateTime::from_secs_and_nanos(
            1_700_000_000,
            123_000_000,
        )))
}

#[tokio::test]
async fn imds_retries_are_bounded() {
    let t = Scripted::new(&[(200, "tok"), (503, "")]);
    let e = ImdsCredentialsProvider::new(&conf(t.clone(), &[]))
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::Provider);
    assert!(e.to_string().contains("HTTP 503"), "{e}");
    assert_eq!(t.sent().len(), 1 + 3, "one token request, three attempts");

    let t = Scripted::new(&[(200, "tok"), (503, "")]);
    ImdsCredentialsProvider::new(&conf(t.clone(), &[]))
        .max_attempts(1)
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(t.sent().len(), 2);
}

#[tokio::test]
async fn imds_timeout_means_not_configured() {
    let conf = ProviderConfig::new()
        .with_env_vars([("HOME", "/h")])
        .with_fs(RootedFileSystem::new("/nonexistent-skiff-root"))
        .with_transport(Silent);
    let started = Instant::now();
    let e = ImdsCredentialsProvider::new(&conf)
        .timeout(Duration::from_millis(50))
        .credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_configured(), "{e}");
    assert!(e.to_string().contains("not reachable"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn imds_endpoint_override_and_role() {
    let t = Scripted::new(&[(200, "tok"), (200, "my-role\n"), (200, IMDS_CREDS)]);
    let c = ImdsCredentialsProvider::new(&conf(t.clone(), &[]))
        .endpoint("http://127.0.0.1:1338")
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA");
    let urls: Vec<String> = t.sent().into_iter().map(|r| r.url).collect();
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:1338/latest/api/token",
            "http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/",
            "http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/my-role",
        ]
    );
}

#[tokio::test]
async fn region_chain() {
    let t = Scripted::new(&[(200, "tok"), (200, "ap-south-1")]);
    let region = DefaultRegionChain::new(&conf(t.clone(), &[("AWS_DEFAULT_REGION", "eu-north-1")]))
        .region()
        .await;
    assert_eq!(region.as_deref(), Some("eu-north-1"));
    assert!(t.sent().is_empty());

    let region = DefaultRegionChain::new(&conf(t.clone(), &[]))
        .region()
        .await;
    assert_eq!(region.as_deref(), Some("ap-south-1"));
    assert_eq!(
        t.sent()[1].url,
        "http://169.254.169.254/latest/meta-data/placement/region"
    );

    let t = Scripted::new(&[(200, "tok"), (200, "ap-south-1")]);
    let disabled = conf(t.clone(), &[("AWS_EC2_METADATA_DISABLED", "true")]);
    assert_eq!(DefaultRegionChain::new(&disabled).region().await, None);
    assert_eq!(
        DefaultRegionChain::new(&conf(t.clone(), &[]))
            .with_imds(false)
            .region()
            .await,
        None
    );
    assert!(t.sent().is_empty());
}

#[tokio::test]
async fn assume_role_parameters() {
    let t = Scripted::new(&[(200, ASSUMED)]);
    let mut role = AssumeRole::new("arn:aws:iam::111122223333:role/r");
    role.external_id = Some("ext-1".into());
    role.duration_seconds = Some(900);
    let source = Credentials::new("AKIDSOURCE", "s", Some("st".into()));
    let c = AssumeRoleProvider::new(
        &conf(t.clone(), &[("AWS_REGION", "eu-west-3")]),
        role,
        source,
    )
    .credentials()
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "ASIAROLE");
    assert_eq!(c.account_id(), Some("111122223333"));
    let request = &t.sent()[0];
    assert_eq!(request.url, "https://sts.eu-west-3.amazonaws.com/");
    let body = form(&String::from_utf8_lossy(&request.body));
    assert_eq!(body["Action"], "AssumeRole");
    assert_eq!(body["ExternalId"], "ext-1");
    assert_eq!(body["DurationSeconds"], "900");
    assert_eq!(
        body["RoleSessionName"],
        "assume-role-from-profile-1700000000123"
    );
    let authorization = request.headers.get("authorization").unwrap();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDSOURCE/20231114/eu-west-3/sts/aws4_request"
        ),
        "{authorization}"
    );
    assert_eq!(request.headers.get("x-amz-security-token"), Some("st"));
}

#[tokio::test]
async fn web_identity_from_env_session_name() {
    let dir = std::env::temp_dir().join(format!("skiff-webid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("token"), "  jwt-token\n").unwrap();
    let answer = ASSUMED.replace("AssumeRole", "AssumeRoleWithWebIdentity");
    let t = Scripted::new(&[(200, &answer)]);
    let env = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/r"),
    ];
    let conf = conf(t.clone(), &env).with_fs(RootedFileSystem::new(&dir));
    let c = WebIdentityTokenProvider::from_env(&conf)
        .credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIAROLE");
    let request = &t.sent()[0];
    assert_eq!(request.url, "https://sts.us-east-1.amazonaws.com/");
    assert!(request.headers.get("authorization").is_none());
    let body = form(&String::from_utf8_lossy(&request.body));
    assert_eq!(body["WebIdentityToken"], "jwt-token");
    assert_eq!(body["RoleSessionName"], "web-identity-token-1700000000123");
    std::fs::remove_dir_all(&dir).unwrap();

    let e = WebIdentityTokenProvider::from_env(&self::conf(t, &env[1..]))
        .credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_configured());
}

#[tokio::test]
async fn container_token_variable() {
    let t = Scripted::new(&[(200, IMDS_CREDS)]);
    let env = [
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:8080/creds",
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc"),
    ];
    ContainerCredentialsProvider::new(&conf(t.clone(), &env))
        .credentials()
        .await
        .unwrap();
    let request = &t.sent()[0];
    assert_eq!(request.url, "http://127.0.0.1:8080/creds");
    assert_eq!(request.headers.get("authorization"), Some("Basic abc"));

    let e = ContainerCredentialsProvider::new(&conf(
        t,
        &[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://10.0.0.1/creds",
        )],
    ))
    .credentials()
    .await
    .unwrap_err();
    assert_eq!(e.kind(), CredentialsErrorKind::InvalidConfig);
}

#[tokio::test]
async fn cache_over_the_default_chain() {
    let t = Scripted::new(&[(200, "tok"), (200, "role"), (200, IMDS_CREDS)]);
    let conf = conf(t.clone(), &[]);
    let cache = CredentialsCache::new(DefaultCredentialsChain::new(&conf));
    for _ in 0..3 {
        assert_eq!(cache.credentials().await.unwrap().access_key_id(), "ASIA");
    }
    assert_eq!(t.sent().len(), 3, "one IMDS load");
}
