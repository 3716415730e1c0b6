//! The `User-Agent` of every request, in the format of the AWS SDKs' user agent 2.1:
//!
//! ```text
//! User-Agent:       skiff/0.1.0 ua/2.1 api/skiff-aws-codepipeline#0.1.0 os/linux lang/rust [app/NAME]
//! x-amz-user-agent: skiff/0.1.0 api/skiff-aws-codepipeline/0.1.0 os/linux lang/rust [app/NAME]
//! ```
//!
//! `x-amz-user-agent` is sent to SigV4 services only (as the AWS SDKs do; it is signed, while
//! SigV4 leaves `User-Agent` unsigned, since proxies rewrite it). Huawei Cloud gets `User-Agent`
//! only, which its signer signs like every other header (as `huaweicloudsdkcore` does with its
//! own `User-Agent`). A header the request already has is kept.

use crate::http::HttpRequest;
use crate::schema::{Service, Signing};

/// The runtime's name and version, first in the user agent.
const SDK: &str = concat!("skiff/", env!("CARGO_PKG_VERSION"));

/// The operating system family, as the AWS SDKs name it.
fn os() -> &'static str {
    match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "macos",
        "windows" => "windows",
        "ios" => "ios",
        "android" => "android",
        _ => "other",
    }
}

/// The values for one client, made once when the client is (they depend on the service and
/// the configured app name only), then copied into every request.
#[derive(Debug, Clone)]
pub(crate) struct UserAgent {
    user_agent: String,
    /// `x-amz-user-agent`, for SigV4 services.
    amz: Option<String>,
}

impl UserAgent {
    /// The values for `service` (module docs).
    pub(crate) fn new(service: &Service, app_name: Option<&str>) -> Self {
        let app = app_name.map(|a| format!(" app/{a}")).unwrap_or_default();
        let (name, version) = (service.crate_name, service.crate_version);
        let os = os();
        UserAgent {
            user_agent: format!("{SDK} ua/2.1 api/{name}#{version} os/{os} lang/rust{app}"),
            amz: matches!(service.signing, Signing::SigV4 { .. })
                .then(|| format!("{SDK} api/{name}/{version} os/{os} lang/rust{app}")),
        }
    }

    /// Sets the headers the request does not have yet (module docs).
    pub(crate) fn set(&self, request: &mut HttpRequest) {
        if !request.headers.contains("User-Agent") {
            request
                .headers
                .append_static("user-agent", self.user_agent.clone());
        }
        if let Some(amz) = &self.amz {
            if !request.headers.contains("x-amz-user-agent") {
                request
                    .headers
                    .append_static("x-amz-user-agent", amz.clone());
            }
        }
    }
}
