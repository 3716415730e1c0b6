//! Every configuration, provider, error and credentials type, formatted with `Debug` (and
//! `Display` where it has one) while secrets are around: none may show the secret marker.
//! Secrets are planted in environment variables, profile files, token files, command lines,
//! process output and HTTP answers; the errors are produced by running the providers.

use std::sync::Arc;
use std::time::Duration;

use skiff_aws_config::chain::{AssumeRole, CredentialProcess, WebIdentityToken};
use skiff_aws_config::{
    container_endpoint, profile_chain, AssumeRoleProvider, ContainerCredentialsProvider,
    CredentialProcessProvider, DefaultCredentialsChain, DefaultRegionChain, FileSystem,
    ImdsCredentialsProvider, OsFileSystem, ProfileCredentialsProvider, ProfileSet, ProviderConfig,
    RootedFileSystem, WebIdentityTokenProvider,
};
use skiff_runtime::auth::{
    CredentialsCache, EnvironmentCredentialsProvider, StaticCredentialsProvider,
};
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::default_chain::error_chain;
use super::scripted::Scripted;

const SECRET: &str = "SEKRIT";

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows a secret: {text}");
}

fn check_debug(what: &str, value: &dyn std::fmt::Debug) {
    assert_hidden(what, &format!("{value:?}"));
    assert_hidden(what, &format!("{value:#?}"));
}

fn check_error(what: &str, error: &CredentialsError) {
    check_debug(what, error);
    assert_hidden(what, &error_chain(error));
}

/// A temporary root holding files with secrets.
fn sandbox() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("skiff-secrets-{}", std::process::id()));
    std::fs::create_dir_all(root.join("home/.aws")).unwrap();
    std::fs::write(
        root.join("home/.aws/config"),
        format!(
            "[default]\nregion = eu-west-1\n\
             [profile env]\nrole_arn = arn:aws:iam::123456789012:role/r\n\
             credential_source = Environment\n\
             [profile proc]\ncredential_process = echo {SECRET}; exit 1\n\
             [profile web]\nrole_arn = arn:aws:iam::123456789012:role/r\n\
             web_identity_token_file = /token.jwt\n\
             [profile half]\naws_secret_access_key = {SECRET}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("home/.aws/credentials"),
        format!(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\n\
             aws_session_token = {SECRET}\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("token.jwt"), SECRET).unwrap();
    root
}

fn conf(root: &std::path::Path, transport: Scripted, env: &[(&str, &str)]) -> ProviderConfig {
    let mut vars: Vec<(String, String)> = vec![("HOME".into(), "/home".into())];
    vars.extend(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    ProviderConfig::new()
        .with_env_vars(vars)
        .with_fs(RootedFileSystem::new(root))
        .with_transport(transport)
}

#[tokio::test]
async fn no_secret_in_any_output() {
    let root = sandbox();
    let creds = Credentials::new("AKID", SECRET, Some(SECRET.into())).with_account_id("1");

    // Runtime types.
    check_debug("Credentials", &creds);
    check_debug(
        "StaticCredentialsProvider",
        &StaticCredentialsProvider::new(creds.clone()),
    );
    let env_provider = EnvironmentCredentialsProvider::aws()
        .with_vars(|name| (name == "AWS_SECRET_ACCESS_KEY").then(|| SECRET.to_owned()));
    check_debug("EnvironmentCredentialsProvider", &env_provider);
    check_error("env error", &env_provider.credentials().unwrap_err());
    let cache = CredentialsCache::new(creds.clone());
    cache.credentials().await.unwrap();
    check_debug("CredentialsCache", &cache);
    check_debug(
        "CredentialsCacheBuilder",
        &CredentialsCache::builder(creds.clone()),
    );

    // Pure configuration types.
    let set = ProfileSet::parse(
        &std::fs::read_to_string(root.join("home/.aws/config")).unwrap(),
        &std::fs::read_to_string(root.join("home/.aws/credentials")).unwrap(),
    )
    .unwrap();
    check_debug("ProfileSet", &set);
    for name in ["default", "env", "proc", "web"] {
        check_debug("ProfileChain", &profile_chain(&set, name).unwrap());
    }
    let e = profile_chain(&set, "half").unwrap_err();
    check_debug("ChainError", &e);
    assert_hidden("ChainError", &e.to_string());
    let endpoint = container_endpoint(
        |name| match name {
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" => Some("/v2/creds".into()),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN" => Some(SECRET.into()),
            _ => None,
        },
        |_| Ok(vec![]),
    )
    .unwrap();
    check_debug("ContainerEndpoint", &endpoint);
    check_debug(
        "CredentialProcess",
        &CredentialProcess::new(format!("x {SECRET}")),
    );

    // Configuration and providers.
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", SECRET),
        ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", SECRET),
    ];
    let leaky = Scripted::new(&[(500, SECRET)]);
    let c = conf(&root, leaky.clone(), &env);
    check_debug("ProviderConfig", &c);
    check_debug("RootedFileSystem", &RootedFileSystem::new(&root));
    check_debug("OsFileSystem", &OsFileSystem);
    let _ = OsFileSystem.read(&root.join("token.jwt"));
    check_debug("DefaultCredentialsChain", &DefaultCredentialsChain::new(&c));
    check_debug("DefaultRegionChain", &DefaultRegionChain::new(&c));
    check_debug(
        "ProfileCredentialsProvider",
        &ProfileCredentialsProvider::new(&c),
    );
    check_debug("ImdsCredentialsProvider", &ImdsCredentialsProvider::new(&c));

    let container = ContainerCredentialsProvider::new(&c).timeout(Duration::from_secs(1));
    check_debug("ContainerCredentialsProvider", &container);
    check_error("container 500", &container.credentials().await.unwrap_err());
    let bad_json =
        format!(r#"{{"AccessKeyId":"AKID","SecretAccessKey":"{SECRET}","Expiration":"{SECRET}"}}"#);
    let c2 = conf(&root, Scripted::new(&[(200, &bad_json)]), &env);
    let e = ContainerCredentialsProvider::new(&c2)
        .credentials()
        .await
        .unwrap_err();
    check_error("container bad JSON", &e);

    // IMDS: a token, a role, then credentials with a bad expiry.
    let imds = conf(
        &root,
        Scripted::new(&[(200, SECRET), (200, "role"), (200, &bad_json)]),
        &[],
    );
    let e = ImdsCredentialsProvider::new(&imds)
        .credentials()
        .await
        .unwrap_err();
    check_error("IMDS bad JSON", &e);
    let imds = conf(&root, Scripted::new(&[(200, SECRET), (503, SECRET)]), &[]);
    let e = ImdsCredentialsProvider::new(&imds)
        .credentials()
        .await
        .unwrap_err();
    check_error("IMDS 503", &e);

    // Profiles: environment source with half a key pair, a failing process, web identity
    // rejected by STS, and a profile with half a key pair.
    let half_env = conf(
        &root,
        leaky.clone(),
        &[("AWS_SECRET_ACCESS_KEY", SECRET), ("AWS_PROFILE", "env")],
    );
    let e = ProfileCredentialsProvider::new(&half_env)
        .credentials()
        .await
        .unwrap_err();
    check_error("profile env", &e);
    if cfg!(unix) {
        let e = ProfileCredentialsProvider::new(&c)
            .profile_name("proc")
            .credentials()
            .await
            .unwrap_err();
        check_error("profile process", &e);
    }
    let sts_error = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>\
        <Message>rejected</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    let sts = Scripted::new(&[(400, sts_error)]);
    let web = conf(&root, sts.clone(), &[]);
    let e = ProfileCredentialsProvider::new(&web)
        .profile_name("web")
        .credentials()
        .await
        .unwrap_err();
    check_error("profile web identity", &e);
    let e = ProfileCredentialsProvider::new(&c)
        .profile_name("half")
        .credentials()
        .await
        .unwrap_err();
    check_error("profile half", &e);

    let settings = WebIdentityToken {
        role_arn: "arn:aws:iam::123456789012:role/r".into(),
        web_identity_token_file: "/token.jwt".into(),
        role_session_name: None,
    };
    let web_provider = WebIdentityTokenProvider::new(&web, settings);
    check_debug("WebIdentityTokenProvider", &web_provider);
    check_error(
        "web identity",
        &web_provider.credentials().await.unwrap_err(),
    );
    // The token does go to STS, in the body of the requests.
    let sent = sts.sent();
    assert!(!sent.is_empty());
    assert!(sent
        .iter()
        .all(|r| String::from_utf8_lossy(&r.body).contains(SECRET)));

    let assume = AssumeRoleProvider::new(
        &web,
        AssumeRole::new("arn:aws:iam::123456789012:role/r"),
        creds.clone(),
    );
    check_debug("AssumeRoleProvider", &assume);
    check_error("assume role", &assume.credentials().await.unwrap_err());

    let process = CredentialProcessProvider::new(format!("echo {SECRET}"));
    check_debug("CredentialProcessProvider", &process);
    if cfg!(unix) {
        check_error("process output", &process.credentials().await.unwrap_err());
    }

    let chain = DefaultCredentialsChain::new(&half_env);
    check_error("chain", &chain.credentials().await.unwrap_err());

    let shared: Arc<dyn ProvideCredentials> = Arc::new(chain);
    check_debug("shared provider", &shared);
    let _ = std::fs::remove_dir_all(&root);
}
