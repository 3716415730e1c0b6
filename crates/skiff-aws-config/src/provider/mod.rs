//! Credential providers over the runtime's `HttpTransport`, and the default chains.
//!
//! Each provider reads the outside world through a [`ProviderConfig`], implements
//! `skiff_runtime::ProvideCredentials`, and reports "not configured" when its settings are
//! absent so that [`DefaultCredentialsChain`] can move on. None caches: wrap the one you use in a
//! `skiff_runtime::CredentialsCache`.
//!
//! The IMDS and container providers time their requests out and back off with Tokio's timer, so
//! they must run inside a Tokio runtime with the time driver enabled (the default reqwest
//! transport needs Tokio anyway). Files are read, and container host names resolved, with
//! blocking calls: they are small and rare.

mod assume_role;
mod chain;
mod container;
mod http;
mod imds;
mod process;
mod profile;
mod region;
mod web_identity;

pub use assume_role::AssumeRoleProvider;
pub use chain::DefaultCredentialsChain;
pub use container::ContainerCredentialsProvider;
pub use imds::ImdsCredentialsProvider;
pub use process::{CredentialProcessProvider, DEFAULT_PROCESS_TIMEOUT};
pub use profile::ProfileCredentialsProvider;
pub use region::DefaultRegionChain;
pub use web_identity::WebIdentityTokenProvider;

use crate::ProviderConfig;

/// `<prefix>-<epoch milliseconds of the configuration's clock>`, the SDKs' default role session
/// name.
fn default_session_name(prefix: &str, conf: &ProviderConfig) -> String {
    let now = conf.now();
    let millis = now.secs() * 1000 + i64::from(now.subsec_nanos() / 1_000_000);
    format!("{prefix}-{millis}")
}
