//! AWS shared configuration and credential providers for skiff clients, like the AWS SDKs'
//! `aws-config`.
//!
//! Two layers:
//!
//! - **Pure logic** (no network, no clock, file access only through closures):
//!   - [`profile`]: the `~/.aws/config` / `~/.aws/credentials` file format. Text in,
//!     [`ProfileSet`] (profiles, `sso-session` and `services` sections, properties and
//!     sub-properties) out.
//!   - [`location`]: where those files are (`HOME`, `USERPROFILE`, `AWS_CONFIG_FILE`, ...), which
//!     profile is selected (`AWS_PROFILE`), and loading both files through a reader closure.
//!   - [`chain`]: what the selected profile means for credentials: a [`ProfileChain`] of one base
//!     provider (static keys, `credential_source`, web identity, SSO, `credential_process`) and
//!     assume-role steps.
//!   - [`container`]: the ECS / EKS container credentials URI and its authorization.
//!   - [`imds`]: the EC2 instance metadata endpoint.
//!   - [`env`](mod@env): web identity, region and flags from environment variables.
//! - **Providers** ([`provider`]), which implement `skiff_runtime::ProvideCredentials` and read
//!   the environment, files, HTTP and the clock through a [`ProviderConfig`]: environment (the
//!   runtime's), profile, web identity, assume role, `credential_process`, container, IMDSv2,
//!   the [`DefaultCredentialsChain`] and the [`DefaultRegionChain`]. STS is called through the
//!   generated `skiff-aws-sts` crate, in one module (`sts`), at `AWS_ENDPOINT_URL_STS`, else
//!   `AWS_ENDPOINT_URL`, else the endpoint STS's rule set gives for the region.
//!
//! Not implemented: SSO (IAM Identity Center) credentials and tokens, EKS-specific providers
//! beyond the container endpoint, IMDSv1 fallback, the profile's `endpoint_url` and
//! `services` sections for STS.
//!
//! Nothing here panics on any input, errors never quote secret values, and every type that can
//! hold a secret redacts it in `Debug`.
//!
//! ```
//! use skiff_aws_config::{location, profile_chain, BaseProvider, Platform, ProfileSet};
//!
//! let env = |name: &str| match name {
//!     "HOME" => Some("/home/me".to_owned()),
//!     "AWS_PROFILE" => Some("dev".to_owned()),
//!     _ => None,
//! };
//! let files = location::locate_files(env, Platform::Unix);
//! assert_eq!(files.config.as_deref(), Some(std::path::Path::new("/home/me/.aws/config")));
//!
//! let profiles = ProfileSet::parse(
//!     "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n",
//!     "[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n",
//! )?;
//! let chain = profile_chain(&profiles, &files.profile)?;
//! assert!(matches!(chain.base(), BaseProvider::AccessKey(k) if k.access_key_id() == "AKIDEXAMPLE"));
//! assert_eq!(chain.roles()[0].role_arn, "arn:aws:iam::123456789012:role/Dev");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The shared loader, for every AWS client (region chain, default credentials chain in a cache,
//! retry settings and endpoint from the environment and profile; see [`loader`]):
//!
//! ```no_run
//! # async fn f() -> Result<(), Box<dyn std::error::Error>> {
//! let config = skiff_aws_config::load_defaults().await?;
//! // Every generated client accepts it: `skiff_aws_codepipeline::Client::new(config.clone())`;
//! // per-service changes go through `config.to_builder()`.
//! let eu = config.to_builder().region("eu-west-1").build();
//! # let _ = eu; Ok(()) }
//! ```
//!
//! Loading credentials the default way, without the loader:
//!
//! ```no_run
//! use skiff_aws_config::{DefaultCredentialsChain, ProviderConfig};
//! use skiff_runtime::CredentialsCache;
//!
//! # async fn f() -> Result<(), skiff_runtime::CredentialsError> {
//! let conf = ProviderConfig::new();
//! let credentials = CredentialsCache::new(DefaultCredentialsChain::new(&conf));
//! let current = credentials.credentials().await?;
//! # Ok(()) }
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod chain;
pub mod container;
pub mod env;
pub mod imds;
pub mod loader;
pub mod location;
pub mod profile;
pub mod provider;
mod provider_config;
mod sts;
pub mod uri;

pub use chain::{
    profile_chain, AssumeRole, BaseProvider, ChainError, CredentialProcess, CredentialSource,
    ProfileChain, SsoConfig, SsoProblem, WebIdentityToken,
};
pub use container::{container_endpoint, ContainerAuth, ContainerEndpoint, ContainerUriError};
pub use imds::{imds_endpoint, EndpointMode, ImdsConfigError, ImdsEndpoint, ImdsOverrides};
pub use loader::{load_defaults, ConfigLoader};
pub use location::{locate_files, FileLocations, Platform};
pub use profile::{
    FileKind, ParseErrorKind, Profile, ProfileParseError, ProfileSet, ProfileSource, Property,
    Section,
};
pub use provider::{
    AssumeRoleProvider, ContainerCredentialsProvider, CredentialProcessProvider,
    DefaultCredentialsChain, DefaultRegionChain, ImdsCredentialsProvider,
    ProfileCredentialsProvider, WebIdentityTokenProvider,
};
pub use provider_config::{FileSystem, OsFileSystem, ProviderConfig, RootedFileSystem};
