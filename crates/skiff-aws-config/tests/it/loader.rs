//! The shared loader: region, credentials, retries and endpoint from environment and profile.

use skiff_aws_config::{ConfigLoader, ProviderConfig, RootedFileSystem};
use skiff_runtime::Credentials;

/// A temp root with `/h/.aws/config` and `/h/.aws/credentials`.
fn root(name: &str, config: &str, credentials: &str) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("skiff-loader-{}-{name}", std::process::id()));
    let aws = root.join("h/.aws");
    std::fs::create_dir_all(&aws).expect("temp dir");
    std::fs::write(aws.join("config"), config).expect("config file");
    std::fs::write(aws.join("credentials"), credentials).expect("credentials file");
    root
}

fn conf(root: &std::path::Path, env: &[(&str, &str)]) -> ProviderConfig {
    ProviderConfig::new()
        .with_env_vars(env.iter().copied().chain([("HOME", "/h")]))
        .with_fs(RootedFileSystem::new(root))
}

async fn credentials(
    config: &skiff_runtime::Config,
) -> Result<Credentials, skiff_runtime::CredentialsError> {
    config
        .credentials_provider()
        .expect("the loader always sets a provider")
        .provide_credentials()
        .await
}

const CONFIG: &str = "[profile dev]\nregion = eu-central-1\nmax_attempts = 5\nretry_mode = standard\nendpoint_url = http://127.0.0.1:1\n";
const CREDENTIALS: &str =
    "[dev]\naws_access_key_id = AKIDLOADER\naws_secret_access_key = SECRETLOADER\n";

#[tokio::test(flavor = "current_thread")]
async fn the_profile_gives_region_retries_endpoint_and_credentials() {
    let dir = root("profile", CONFIG, CREDENTIALS);
    let config = ConfigLoader::new()
        .provider_config(conf(&dir, &[("AWS_PROFILE", "dev")]))
        .imds_region(false)
        .load()
        .await
        .expect("loads");
    assert_eq!(config.region(), Some("eu-central-1"));
    assert_eq!(config.retry_config().max_attempts(), 5);
    assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
    let c = credentials(&config).await.expect("profile credentials");
    assert_eq!(c.access_key_id(), "AKIDLOADER");
    let printed = format!("{config:?}");
    assert!(!printed.contains("SECRETLOADER"), "{printed}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "current_thread")]
async fn environment_wins_over_the_profile_and_the_loader_over_both() {
    let dir = root("env", CONFIG, CREDENTIALS);
    let env = [
        ("AWS_PROFILE", "dev"),
        ("AWS_REGION", "us-west-2"),
        ("AWS_MAX_ATTEMPTS", "2"),
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
    ];
    let config = ConfigLoader::new()
        .provider_config(conf(&dir, &env))
        .load()
        .await
        .expect("loads");
    assert_eq!(config.region(), Some("us-west-2"));
    assert_eq!(config.retry_config().max_attempts(), 2);
    assert_eq!(
        credentials(&config).await.unwrap().access_key_id(),
        "AKIDENV"
    );

    let config = ConfigLoader::new()
        .provider_config(conf(&dir, &env))
        .region("ap-south-1")
        .profile_name("other")
        .credentials_provider(Credentials::new("AKIDGIVEN", "SECRETGIVEN", None))
        .load()
        .await
        .expect("loads");
    assert_eq!(config.region(), Some("ap-south-1"));
    assert_eq!(
        credentials(&config).await.unwrap().access_key_id(),
        "AKIDGIVEN"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "current_thread")]
async fn nothing_configured_loads_and_the_call_says_why() {
    let dir = root("empty", "", "");
    let env = [("AWS_EC2_METADATA_DISABLED", "true")];
    let config = ConfigLoader::new()
        .provider_config(conf(&dir, &env))
        .load()
        .await
        .expect("missing settings are not a load error");
    assert_eq!(config.region(), None);
    let err = credentials(&config)
        .await
        .expect_err("no credentials anywhere");
    assert!(err.is_not_configured(), "{err}");
    assert!(
        err.to_string()
            .contains("no provider of the default chain is configured"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "current_thread")]
async fn invalid_settings_are_a_clear_error() {
    let dir = root("invalid", "[default]\nmax_attempts = zero\n", "");
    let err = ConfigLoader::new()
        .provider_config(conf(&dir, &[]))
        .imds_region(false)
        .load()
        .await
        .expect_err("max_attempts = zero");
    assert!(
        err.to_string()
            .contains("must be a whole number of at least 1, not `zero`"),
        "{err}"
    );
    let err = ConfigLoader::new()
        .provider_config(conf(&dir, &[("AWS_RETRY_MODE", "fast")]))
        .imds_region(false)
        .load()
        .await
        .expect_err("AWS_RETRY_MODE = fast");
    assert!(err.to_string().contains("AWS_RETRY_MODE"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "current_thread")]
async fn ca_bundle_and_app_id_are_read() {
    let dir = root("ca", "[default]\nsdk_ua_app_id = billing\n", "");
    let env = [("AWS_CA_BUNDLE", "/h/missing.pem")];
    let err = ConfigLoader::new()
        .provider_config(conf(&dir, &env))
        .imds_region(false)
        .load()
        .await
        .expect_err("missing bundle");
    assert!(
        err.to_string()
            .starts_with("cannot read the CA bundle /h/missing.pem"),
        "{err}"
    );
    let config = ConfigLoader::new()
        .provider_config(conf(&dir, &[]))
        .imds_region(false)
        .load()
        .await
        .expect("loads");
    assert_eq!(config.app_name(), Some("billing"));
    let _ = std::fs::remove_dir_all(dir);
}
