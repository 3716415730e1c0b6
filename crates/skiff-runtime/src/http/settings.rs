//! [`HttpSettings`]: what the default transport is built with besides its limits: the proxy and
//! extra trust roots, in this crate's own types (no reqwest type in the public API).
//!
//! Defaults, and why:
//!
//! - Proxy: [`Proxy::FromEnv`], reading `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`
//!   (and their lower-case forms), as curl and the AWS SDKs do, so a client works behind a
//!   corporate proxy without code.
//! - Trust roots: the platform's store (so a corporate CA installed there is trusted) *and* the
//!   bundled Mozilla roots (so a minimal container without a CA store still reaches the public
//!   endpoints), plus any PEM roots added here (`AWS_CA_BUNDLE` through `skiff-aws-config`).

use std::fmt;

/// Which proxy requests go through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Proxy {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, except for hosts in `NO_PROXY` (default).
    #[default]
    FromEnv,
    /// No proxy, whatever the environment says.
    Disabled,
    /// Every request through `url` (`http://host:port`, optionally with user info), except for
    /// the hosts in `no_proxy` (the `NO_PROXY` syntax: comma-separated hosts, domains, IPs and
    /// CIDR ranges).
    Url {
        /// The proxy URL.
        url: String,
        /// Hosts reached directly.
        no_proxy: Option<String>,
    },
}

impl Proxy {
    /// Every request through `url`.
    pub fn url(url: impl Into<String>) -> Self {
        Proxy::Url {
            url: url.into(),
            no_proxy: None,
        }
    }

    /// The same proxy, reaching the hosts in `list` (the `NO_PROXY` syntax) directly.
    pub fn with_no_proxy(self, list: impl Into<String>) -> Self {
        match self {
            Proxy::Url { url, .. } => Proxy::Url {
                url,
                no_proxy: Some(list.into()),
            },
            other => other,
        }
    }
}

/// Proxy and trust roots of the default transport. `Debug` hides proxy user info.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HttpSettings {
    pub(crate) proxy: Proxy,
    pub(crate) extra_roots_pem: Vec<Vec<u8>>,
}

impl HttpSettings {
    /// The defaults (module docs).
    pub fn new() -> Self {
        Self::default()
    }

    /// The proxy.
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// Sets the proxy.
    pub fn set_proxy(&mut self, proxy: Proxy) {
        self.proxy = proxy;
    }

    /// Trusts the certificates of a PEM bundle as well (checked when the transport is built).
    pub fn add_root_certificates_pem(&mut self, pem: impl Into<Vec<u8>>) {
        self.extra_roots_pem.push(pem.into());
    }

    /// How many PEM bundles were added.
    pub fn extra_root_bundles(&self) -> usize {
        self.extra_roots_pem.len()
    }
}

impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            Proxy::FromEnv => "from environment".to_owned(),
            Proxy::Disabled => "disabled".to_owned(),
            Proxy::Url { url, no_proxy } => {
                // `scheme://user:password@host`: only the scheme and host are shown.
                let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
                let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
                format!("{scheme}://{host} (no proxy: {no_proxy:?})")
            }
        };
        f.debug_struct("HttpSettings")
            .field("proxy", &proxy)
            .field("extra_root_bundles", &self.extra_roots_pem.len())
            .finish()
    }
}
