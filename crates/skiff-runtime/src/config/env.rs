//! Configuration from the process environment, by signing scheme.

use super::{Config, ConfigBuilder};
use crate::auth::{BearerToken, Credentials};
use crate::error::ConfigError;
use crate::schema::{Service, Signing};

impl Config {
    /// Reads the configuration a service's signing scheme needs from the process environment.
    ///
    /// - SigV4: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional),
    ///   `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_ENDPOINT_URL` (optional).
    /// - Bearer tokens: `SKIFF_BEARER_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL` (optional).
    /// - Huawei SDK-HMAC-SHA256: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
    ///   `HUAWEICLOUD_SDK_SECURITY_TOKEN` (optional), `HUAWEICLOUD_SDK_PROJECT_ID`,
    ///   `HUAWEICLOUD_SDK_REGION`, `HUAWEICLOUD_SDK_ENDPOINT` (optional).
    /// - Retries, for every scheme: `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` (see
    ///   [`RetryConfig::from_vars`](super::RetryConfig::from_vars)).
    pub fn from_env(signing: Signing) -> Result<ConfigBuilder, ConfigError> {
        Self::from_vars(signing, |name| std::env::var(name).ok())
    }

    /// Huawei Cloud configuration the way the official SDK finds it: credentials from the
    /// environment, then the SDK's credentials file (`HUAWEICLOUD_SDK_CREDENTIALS_FILE` or
    /// `~/.huaweicloud/credentials`, section `[basic]`, with `security_token` for temporary
    /// AK/SK), read when the first request is signed and then cached;
    /// `HUAWEICLOUD_SDK_PROJECT_ID` or the file's `project_id`; `HUAWEICLOUD_SDK_REGION`,
    /// `HUAWEICLOUD_SDK_ENDPOINT`; retries as in [`Config::from_env`].
    pub fn huawei_defaults() -> Result<ConfigBuilder, ConfigError> {
        Self::huawei_defaults_from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Config::huawei_defaults`], reading variables through `var`.
    pub fn huawei_defaults_from_vars(
        var: impl Fn(&str) -> Option<String> + Clone + Send + Sync + 'static,
    ) -> Result<ConfigBuilder, ConfigError> {
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let chain = crate::auth::HuaweiCredentialsChain::with_vars(var.clone());
        let mut builder =
            Config::builder().retry_config(super::RetryConfig::from_vars(|name| get(name))?);
        builder.project_id = get("HUAWEICLOUD_SDK_PROJECT_ID").or_else(|| chain.file_project_id());
        builder.region = get("HUAWEICLOUD_SDK_REGION");
        builder.endpoint_url = get("HUAWEICLOUD_SDK_ENDPOINT");
        Ok(builder.credentials_provider(chain))
    }

    /// [`Config::from_env`] for `service`'s signing scheme, plus the endpoint settings AWS
    /// SDKs read: `AWS_ENDPOINT_URL_<SERVICE>` (the service's `sdkId`, upper-cased, spaces as
    /// `_`, e.g. `AWS_ENDPOINT_URL_CODEPIPELINE`), which wins over `AWS_ENDPOINT_URL`;
    /// `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` (`true`/`false`), `AWS_ACCOUNT_ID`
    /// and `AWS_ACCOUNT_ID_ENDPOINT_MODE`.
    pub fn from_env_for(service: &Service) -> Result<ConfigBuilder, ConfigError> {
        Self::from_vars_for(service, |name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env_for`], reading variables through `var`.
    pub fn from_vars_for(
        service: &Service,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let mut builder = Self::from_vars(service.signing, var)?;
        if matches!(service.signing, Signing::HuaweiHmacSha256) {
            return Ok(builder);
        }
        if !service.env_id.is_empty() {
            if let Some(url) = var(&format!("AWS_ENDPOINT_URL_{}", service.env_id)) {
                builder.endpoint_url = Some(url);
            }
        }
        let flag = |name: &str| -> Result<Option<bool>, ConfigError> {
            match var(name).map(|v| v.to_ascii_lowercase()) {
                None => Ok(None),
                Some(v) if v == "true" => Ok(Some(true)),
                Some(v) if v == "false" => Ok(Some(false)),
                Some(_) => Err(ConfigError::new(format!(
                    "environment variable {name} must be `true` or `false`"
                ))),
            }
        };
        builder.endpoint.use_fips = flag("AWS_USE_FIPS_ENDPOINT")?;
        builder.endpoint.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT")?;
        builder.endpoint.account_id = var("AWS_ACCOUNT_ID");
        builder.endpoint.account_id_endpoint_mode = var("AWS_ACCOUNT_ID_ENDPOINT_MODE");
        Ok(builder)
    }

    /// Like [`Config::from_env`], reading variables through `var`.
    pub fn from_vars(
        signing: Signing,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ConfigBuilder, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let required = |name: &str| {
            var(name)
                .ok_or_else(|| ConfigError::new(format!("environment variable {name} is not set")))
        };
        let mut builder =
            Config::builder().retry_config(super::RetryConfig::from_vars(|name| var(name))?);
        match signing {
            Signing::Anonymous => {}
            Signing::HttpBearer => {
                builder.bearer_token = Some(BearerToken(required("SKIFF_BEARER_TOKEN")?));
                builder.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
                builder.endpoint_url = var("AWS_ENDPOINT_URL");
            }
            Signing::SigV4 { .. } => {
                builder = builder.credentials(Credentials::new(
                    required("AWS_ACCESS_KEY_ID")?,
                    required("AWS_SECRET_ACCESS_KEY")?,
                    var("AWS_SESSION_TOKEN"),
                ));
                builder.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
                builder.endpoint_url = var("AWS_ENDPOINT_URL");
            }
            Signing::HuaweiHmacSha256 => {
                builder = builder.credentials(Credentials::new(
                    required("HUAWEICLOUD_SDK_AK")?,
                    required("HUAWEICLOUD_SDK_SK")?,
                    var("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
                ));
                builder.project_id = var("HUAWEICLOUD_SDK_PROJECT_ID");
                builder.region = var("HUAWEICLOUD_SDK_REGION");
                builder.endpoint_url = var("HUAWEICLOUD_SDK_ENDPOINT");
            }
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(config: &Config) -> Credentials {
        let provider = config.credentials_provider().expect("credentials");
        // The static provider is ready at once.
        let mut future = provider.provide_credentials();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(result) => result.unwrap(),
            std::task::Poll::Pending => panic!("the static provider is not ready"),
        }
    }

    #[test]
    fn reads_sigv4_variables() {
        let vars = |name: &str| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKID".to_owned()),
            "AWS_SECRET_ACCESS_KEY" => Some("SECRET".to_owned()),
            "AWS_REGION" => Some("eu-west-1".to_owned()),
            _ => None,
        };
        let config = Config::from_vars(Signing::SigV4 { name: "x" }, vars)
            .unwrap()
            .build();
        assert_eq!(config.region(), Some("eu-west-1"));
        let creds = credentials(&config);
        assert_eq!(creds.access_key_id(), "AKID");
        assert_eq!(creds.session_token(), None);
        assert!(!format!("{config:?}").contains("SECRET"));
    }

    #[test]
    fn reads_endpoint_variables() {
        static SERVICE: Service = Service {
            name: "S",
            version: "1",
            protocol: crate::schema::Protocol::AwsJson1_0,
            signing: Signing::Anonymous,
            endpoint: "",
            endpoint_overrides: &[],
            xml_namespace: None,
            query_compatible: false,
            endpoint_rules: None,
            env_id: "CODE_PIPELINE",
            crate_name: "skiff-test",
            crate_version: "0.0.0",
        };
        let vars = |name: &str| match name {
            "AWS_ENDPOINT_URL" => Some("http://all".to_owned()),
            "AWS_ENDPOINT_URL_CODE_PIPELINE" => Some("http://mine".to_owned()),
            "AWS_USE_FIPS_ENDPOINT" => Some("TRUE".to_owned()),
            _ => None,
        };
        let config = Config::from_vars_for(&SERVICE, vars).unwrap().build();
        assert_eq!(config.endpoint_url(), Some("http://mine"));
        assert_eq!(config.use_fips(), Some(true));
        assert_eq!(config.use_dual_stack(), None);
        let bad = |name: &str| (name == "AWS_USE_DUALSTACK_ENDPOINT").then(|| "yes".to_owned());
        assert!(Config::from_vars_for(&SERVICE, bad).is_err());
    }

    #[test]
    fn bearer_token_is_redacted() {
        let vars = |name: &str| (name == "SKIFF_BEARER_TOKEN").then(|| "tok-123".to_owned());
        let config = Config::from_vars(Signing::HttpBearer, vars)
            .unwrap()
            .build();
        assert_eq!(
            config.bearer_token.as_ref().map(|t| t.0.as_str()),
            Some("tok-123")
        );
        assert!(!format!("{config:?}").contains("tok-123"));
    }

    #[test]
    fn missing_secret_is_named() {
        let vars = |name: &str| (name == "HUAWEICLOUD_SDK_AK").then(|| "AK".to_owned());
        let err = Config::from_vars(Signing::HuaweiHmacSha256, vars).unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable HUAWEICLOUD_SDK_SK is not set"
        );
    }
}
