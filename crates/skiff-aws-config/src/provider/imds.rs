//! EC2 instance metadata (IMDSv2): the instance role's credentials, and the instance's region.
//!
//! Each load:
//!
//! 1. `PUT <endpoint>/latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600`;
//! 2. `GET <endpoint>/latest/meta-data/iam/security-credentials/` (the role name), then
//!    `GET .../security-credentials/<role>` (JSON credentials), both with
//!    `x-aws-ec2-metadata-token`.
//!
//! Every request has a 1 s timeout by default and is retried on 5xx answers, 3 attempts in all
//! with 100 ms, then 200 ms, between them. The endpoint comes from [`imds_endpoint`] (code,
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT[_MODE]`, the profile); `AWS_EC2_METADATA_DISABLED=true`
//! turns the provider off.
//!
//! Outcomes: disabled, unreachable (transport error or timeout on the token request) and no
//! instance role (404 on the role list) are "not configured", so a chain moves on; a 403 on the
//! token request ("IMDS is disabled" for this caller) and every other failure are errors.

use std::time::Duration;

use skiff_runtime::http::{BoxFuture, HttpRequest, HttpResponse};
use skiff_runtime::{Credentials, CredentialsError, ProvideCredentials};

use super::http::{self, RetryPolicy, SendError};
use crate::imds::{imds_disabled, imds_endpoint, ImdsEndpoint, ImdsOverrides, CREDENTIALS_PATH};
use crate::ProviderConfig;

const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// Six hours, the SDKs' token lifetime.
const TOKEN_TTL: &str = "21600";
const REGION_PATH: &str = "/latest/meta-data/placement/region";

/// An IMDSv2 client: endpoint selection, session token, GET with retries.
#[derive(Clone, Debug)]
pub(crate) struct ImdsClient {
    conf: ProviderConfig,
    endpoint: Option<String>,
    policy: RetryPolicy,
}

impl ImdsClient {
    pub(crate) fn new(conf: &ProviderConfig) -> Self {
        ImdsClient {
            conf: conf.clone(),
            endpoint: None,
            policy: RetryPolicy {
                max_attempts: 3,
                timeout: Duration::from_secs(1),
                backoff: Duration::from_millis(100),
            },
        }
    }

    fn resolve_endpoint(&self) -> Result<ImdsEndpoint, CredentialsError> {
        if imds_disabled(self.conf.env_fn()) {
            return Err(CredentialsError::not_configured(
                "IMDS is disabled (AWS_EC2_METADATA_DISABLED is true)",
            ));
        }
        let loaded = self.conf.load_profiles().map_err(|e| {
            CredentialsError::invalid_config("cannot read the IMDS settings of the profile")
                .with_source(e)
        })?;
        let profile = loaded.profiles.get(&loaded.locations.profile);
        let overrides = ImdsOverrides {
            endpoint: self.endpoint.as_deref(),
            mode: None,
        };
        imds_endpoint(self.conf.env_fn(), profile, overrides).map_err(|e| {
            CredentialsError::invalid_config("invalid IMDS endpoint configuration").with_source(e)
        })
    }

    /// A session: the endpoint and a fresh token.
    pub(crate) async fn session(&self) -> Result<Session<'_>, CredentialsError> {
        let endpoint = self.resolve_endpoint()?;
        let url = endpoint.token_url();
        let response = http::send(&self.conf, self.policy, || {
            let mut request = HttpRequest::new("PUT", url.clone());
            request.headers.insert(TOKEN_TTL_HEADER, TOKEN_TTL);
            request
        })
        .await
        .map_err(|e| unreachable(&endpoint, e))?;
        match response.status {
            200 => {}
            403 => {
                return Err(CredentialsError::provider(format!(
                    "request forbidden: IMDS is disabled or refuses tokens to this caller \
                     (HTTP 403 from {url})"
                )))
            }
            status => {
                return Err(CredentialsError::provider(format!(
                    "the IMDS token request failed with HTTP {status} ({url})"
                )))
            }
        }
        let token = http::text(&response)
            .filter(|t| !t.is_empty() && !t.contains(['\r', '\n']))
            .ok_or_else(|| CredentialsError::provider("IMDS returned an unusable session token"))?
            .to_owned();
        Ok(Session {
            client: self,
            endpoint,
            token,
        })
    }
}

fn unreachable(endpoint: &ImdsEndpoint, e: SendError) -> CredentialsError {
    CredentialsError::not_configured(format!("IMDS is not reachable at {endpoint}")).with_source(e)
}

/// An endpoint with a session token.
pub(crate) struct Session<'a> {
    client: &'a ImdsClient,
    endpoint: ImdsEndpoint,
    token: String,
}

impl Session<'_> {
    /// `GET <endpoint><path>` with the token; the response whatever its status.
    pub(crate) async fn get(&self, path: &str) -> Result<HttpResponse, CredentialsError> {
        let url = self.endpoint.url(path);
        http::send(&self.client.conf, self.client.policy, || {
            let mut request = HttpRequest::new("GET", url.clone());
            request.headers.insert(TOKEN_HEADER, self.token.as_str());
            request
        })
        .await
        .map_err(|e| {
            CredentialsError::provider(format!("IMDS request for {path} failed")).with_source(e)
        })
    }
}

fn status_error(path: &str, status: u16) -> CredentialsError {
    CredentialsError::provider(format!("IMDS answered HTTP {status} for {path}"))
}

/// The instance role's credentials from IMDSv2 (module docs for the requests and outcomes).
#[derive(Clone, Debug)]
pub struct ImdsCredentialsProvider {
    client: ImdsClient,
}

impl ImdsCredentialsProvider {
    /// A provider reading its settings through `conf`.
    pub fn new(conf: &ProviderConfig) -> Self {
        ImdsCredentialsProvider {
            client: ImdsClient::new(conf),
        }
    }

    /// Uses this endpoint (`http://host[:port]`) instead of the configured one.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.client.endpoint = Some(endpoint.into());
        self
    }

    /// The time allowed for each request (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.client.policy.timeout = timeout;
        self
    }

    /// Attempts per request on 5xx answers, in all (default 3).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.client.policy.max_attempts = attempts.max(1);
        self
    }

    /// Loads the credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let session = self.client.session().await?;
        let response = session.get(CREDENTIALS_PATH).await?;
        match response.status {
            200 => {}
            404 => {
                return Err(CredentialsError::not_configured(format!(
                    "the instance has no IAM role (IMDS answered HTTP 404 for {CREDENTIALS_PATH})"
                )))
            }
            status => return Err(status_error(CREDENTIALS_PATH, status)),
        }
        let role = http::text(&response)
            .and_then(|t| t.lines().map(str::trim).find(|l| !l.is_empty()))
            .ok_or_else(|| {
                CredentialsError::not_configured("the instance has no IAM role (empty role list)")
            })?;
        if role.contains(['/', '?', '#', '%']) {
            return Err(CredentialsError::provider(
                "IMDS returned a role name that is not a path segment",
            ));
        }
        let path = format!("{CREDENTIALS_PATH}{role}");
        let response = session.get(&path).await?;
        if response.status != 200 {
            return Err(status_error(&path, response.status));
        }
        http::parse_json_credentials(&response.body, "IMDS credentials", "Token")
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.credentials())
    }
}

/// The instance's region from `GET /latest/meta-data/placement/region`.
pub(crate) async fn imds_region(conf: &ProviderConfig) -> Result<String, CredentialsError> {
    let client = ImdsClient::new(conf);
    let session = client.session().await?;
    let response = session.get(REGION_PATH).await?;
    if response.status != 200 {
        return Err(status_error(REGION_PATH, response.status));
    }
    http::text(&response)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| CredentialsError::provider("IMDS returned an empty region"))
}
