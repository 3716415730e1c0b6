//! The shared loader: one runtime [`Config`] for every AWS client, from the places the AWS SDKs
//! read (like `aws_config::load_defaults`).
//!
//! - Region: [`DefaultRegionChain`] (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's
//!   `region`, IMDS).
//! - Credentials: the [`DefaultCredentialsChain`] in a `CredentialsCache` shared by every client
//!   made from the config (so temporary credentials are refreshed ahead of expiry, once).
//! - Retries: `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE`, else the profile's `max_attempts` /
//!   `retry_mode`.
//! - Endpoint: `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`.
//! - Trust roots: the PEM bundle at `AWS_CA_BUNDLE`, else the profile's `ca_bundle`, added to
//!   the platform's and the bundled roots.
//! - Application name (end of the `User-Agent`): `AWS_SDK_UA_APP_ID`, else `sdk_ua_app_id`.
//! - Proxy: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`, read by the transport itself.
//!
//! Loading never fails for missing settings: a client made from a config without region or
//! credentials reports that when it is called. It fails (with a message naming the setting) only
//! for settings that are present but invalid, such as `AWS_MAX_ATTEMPTS=zero`.
//!
//! The generated clients' `Client::from_env()` only reads environment variables (the runtime
//! cannot depend on this crate); `Client::new(skiff_aws_config::load_defaults().await?)` gives
//! the full chain.

use std::sync::Arc;

use skiff_runtime::config::RetryConfig;
use skiff_runtime::error::ConfigError;
use skiff_runtime::{Config, ConfigBuilder, CredentialsCache, ProvideCredentials};

use crate::{DefaultCredentialsChain, DefaultRegionChain, ProviderConfig};

/// Loads the default configuration from the process environment, the shared files and the
/// instance metadata service (module docs). Needs a Tokio runtime with the time driver (IMDS is
/// only asked when nothing else sets the region, with short timeouts).
pub async fn load_defaults() -> Result<Config, ConfigError> {
    ConfigLoader::default().load().await
}

/// A loader with settings of its own: a profile name, a region, credentials or the outside
/// world ([`ProviderConfig`]) to read from. Settings given here win over the ones it reads.
#[derive(Debug, Default)]
pub struct ConfigLoader {
    conf: Option<ProviderConfig>,
    profile_name: Option<String>,
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    imds_region: Option<bool>,
}

impl ConfigLoader {
    /// A loader reading the process environment and files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads through `conf` (environment, files, transport, clock) instead.
    pub fn provider_config(mut self, conf: ProviderConfig) -> Self {
        self.conf = Some(conf);
        self
    }

    /// Uses this profile instead of `AWS_PROFILE` / `default`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Uses this region instead of the region chain.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Uses this provider (wrapped in a cache) instead of the default chain.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(CredentialsCache::new(provider)));
        self
    }

    /// Whether the region chain asks IMDS last (default true).
    pub fn imds_region(mut self, enabled: bool) -> Self {
        self.imds_region = Some(enabled);
        self
    }

    /// The configuration (module docs).
    pub async fn load(self) -> Result<Config, ConfigError> {
        Ok(self.load_builder().await?.build())
    }

    /// The configuration as a builder, to change parts of it before building.
    pub async fn load_builder(self) -> Result<ConfigBuilder, ConfigError> {
        let mut conf = self.conf.unwrap_or_default();
        if let Some(name) = &self.profile_name {
            conf = conf.with_profile_name(name.clone());
        }
        // Invalid profile files are reported by the credentials chain when it is asked; here
        // they count as no profile.
        let loaded = conf.load_profiles().ok();
        let profile = loaded
            .as_ref()
            .and_then(|l| l.profiles.get(&l.locations.profile));
        let setting = |env_name: &str, profile_key: &str| {
            conf.env(env_name)
                .filter(|v| !v.trim().is_empty())
                .or_else(|| profile.and_then(|p| p.get(profile_key)).map(str::to_owned))
        };
        let retry = RetryConfig::from_vars(|name| match name {
            "AWS_MAX_ATTEMPTS" => setting(name, "max_attempts"),
            "AWS_RETRY_MODE" => setting(name, "retry_mode"),
            other => conf.env(other),
        })?;
        let mut builder = Config::builder().retry_config(retry);
        if let Some(url) = setting("AWS_ENDPOINT_URL", "endpoint_url") {
            builder = builder.endpoint_url(url);
        }
        if let Some(app) = setting("AWS_SDK_UA_APP_ID", "sdk_ua_app_id") {
            builder = builder.app_name(app);
        }
        if let Some(path) = setting("AWS_CA_BUNDLE", "ca_bundle") {
            let pem = conf.fs().read(std::path::Path::new(&path)).map_err(|e| {
                ConfigError::new(format!(
                    "cannot read the CA bundle {path} (AWS_CA_BUNDLE / ca_bundle): {e}"
                ))
            })?;
            builder = builder.add_root_certificates_pem(pem);
        }
        let region = match self.region {
            Some(region) => Some(region),
            None => {
                DefaultRegionChain::new(&conf)
                    .with_imds(self.imds_region.unwrap_or(true))
                    .region()
                    .await
            }
        };
        if let Some(region) = region {
            builder = builder.region(region);
        }
        let credentials = self.credentials.unwrap_or_else(|| {
            Arc::new(CredentialsCache::new(DefaultCredentialsChain::new(&conf)))
        });
        Ok(builder.shared_credentials_provider(Some(credentials)))
    }
}
