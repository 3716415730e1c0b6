//! The container credentials endpoint (ECS task roles, EKS Pod Identity): which URI to call and
//! with which authorization, from the environment.
//!
//! Input: an environment lookup and a host resolver (used only for `http` URIs with a host
//! name). Output: a [`ContainerEndpoint`] (URI plus optional authorization token or token file)
//! or a [`ContainerUriError`]. No request is made here.
//!
//! Rules:
//!
//! 1. `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` wins: the URI is `http://169.254.170.2` followed
//!    by it (a missing leading `/` is added).
//! 2. Else `AWS_CONTAINER_CREDENTIALS_FULL_URI` must be an absolute URI. `https` may name any
//!    host. `http` may only name a loopback address (`127.0.0.0/8`, `::1`), the ECS endpoint
//!    `169.254.170.2`, or the EKS Pod Identity endpoints `169.254.170.23` / `fd00:ec2::23`; a
//!    host name is resolved and every address it resolves to must be loopback.
//! 3. Neither set (or both empty): not configured ([`ContainerUriError::NotConfigured`]; a
//!    credentials chain moves on to the next provider).
//!
//! Authorization: `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read the token from that file at
//! each request, for EKS Pod Identity) wins over `AWS_CONTAINER_AUTHORIZATION_TOKEN`; the value
//! is sent as the `Authorization` header.

use std::error::Error;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};

use super::location::non_empty;
use super::uri::{self, Host, UriError};

/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
pub const ENV_RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
pub const ENV_FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
pub const ENV_AUTH_TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
pub const ENV_AUTH_TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// The ECS task metadata endpoint that relative URIs are appended to.
pub const ECS_BASE: &str = "http://169.254.170.2";

const ECS_IPV4: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_IPV4: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_IPV6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);

/// Where to get container credentials and how to authorize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerEndpoint {
    /// The full URI to `GET` (with `Accept: application/json`).
    pub uri: String,
    /// The `Authorization` header source, if any.
    pub auth: Option<ContainerAuth>,
}

/// The source of the container endpoint's `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub enum ContainerAuth {
    /// A file to read the token from at each request (trim surrounding whitespace).
    TokenFile(String),
    /// The token itself (redacted in `Debug`).
    Token(String),
}

impl fmt::Debug for ContainerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContainerAuth::TokenFile(path) => f.debug_tuple("TokenFile").field(path).finish(),
            ContainerAuth::Token(_) => f.debug_tuple("Token").field(&"** redacted **").finish(),
        }
    }
}

/// Why no container endpoint can be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ContainerUriError {
    /// Neither URI variable is set: the provider is not enabled.
    NotConfigured,
    /// The variable's value is not a valid URI.
    InvalidUri {
        /// The variable that holds it.
        variable: &'static str,
        /// What is wrong.
        error: UriError,
    },
    /// `http` with a host that is neither loopback nor an ECS/EKS address.
    DisallowedHost {
        /// The host as written.
        host: String,
    },
    /// A scheme other than `http` or `https`.
    UnsupportedScheme {
        /// The scheme as written.
        scheme: String,
    },
    /// The host name could not be resolved, or resolved to nothing.
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's error (`None`: no addresses).
        source: Option<io::Error>,
    },
}

impl ContainerUriError {
    /// Whether this only means the provider is not configured (a chain tries the next one).
    pub fn is_not_configured(&self) -> bool {
        matches!(self, ContainerUriError::NotConfigured)
    }
}

impl fmt::Display for ContainerUriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContainerUriError::NotConfigured => write!(
                f,
                "No environment variables were set to configure ECS provider \
                 ({ENV_RELATIVE_URI} or {ENV_FULL_URI})"
            ),
            ContainerUriError::InvalidUri { variable, error } => {
                write!(f, "invalid URI in {variable}: {error}")
            }
            ContainerUriError::DisallowedHost { host } => write!(
                f,
                "{ENV_FULL_URI} uses http with host `{host}`; plain http is only allowed for \
                 loopback addresses, 169.254.170.2, 169.254.170.23 and fd00:ec2::23 (use https)"
            ),
            ContainerUriError::UnsupportedScheme { scheme } => write!(
                f,
                "{ENV_FULL_URI} uses scheme `{scheme}`; only http and https are supported"
            ),
            ContainerUriError::Resolve { host, source } => match source {
                Some(e) => write!(f, "failed to resolve container endpoint host `{host}`: {e}"),
                None => write!(f, "container endpoint host `{host}` resolved to no address"),
            },
        }
    }
}

impl Error for ContainerUriError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            ContainerUriError::InvalidUri { error, .. } => Some(error),
            ContainerUriError::Resolve {
                source: Some(e), ..
            } => Some(e),
            _ => None,
        }
    }
}

/// Resolves a host name with the operating system's resolver (blocking), for
/// [`container_endpoint`].
pub fn resolve_host(host: &str) -> io::Result<Vec<IpAddr>> {
    Ok((host, 0).to_socket_addrs()?.map(|addr| addr.ip()).collect())
}

/// Whether plain `http` may be used with this address.
pub fn is_allowed_http_ip(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    ip.is_loopback()
        || ip == IpAddr::V4(ECS_IPV4)
        || ip == IpAddr::V4(EKS_IPV4)
        || ip == IpAddr::V6(EKS_IPV6)
}

/// The container credentials endpoint configured in the environment (module docs for the
/// rules). `resolve` is only called for an `http` URI with a host name; pass [`resolve_host`]
/// for the system resolver.
pub fn container_endpoint(
    env: impl Fn(&str) -> Option<String>,
    resolve: impl FnOnce(&str) -> io::Result<Vec<IpAddr>>,
) -> Result<ContainerEndpoint, ContainerUriError> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    let uri = if let Some(relative) = non_empty(env, ENV_RELATIVE_URI) {
        uri::check_characters(&relative).map_err(|error| ContainerUriError::InvalidUri {
            variable: ENV_RELATIVE_URI,
            error,
        })?;
        if relative.starts_with('/') {
            format!("{ECS_BASE}{relative}")
        } else {
            format!("{ECS_BASE}/{relative}")
        }
    } else if let Some(full) = non_empty(env, ENV_FULL_URI) {
        validate_full_uri(&full, resolve)?;
        full
    } else {
        return Err(ContainerUriError::NotConfigured);
    };
    let auth = non_empty(env, ENV_AUTH_TOKEN_FILE)
        .map(ContainerAuth::TokenFile)
        .or_else(|| non_empty(env, ENV_AUTH_TOKEN).map(ContainerAuth::Token));
    Ok(ContainerEndpoint { uri, auth })
}

fn validate_full_uri(
    full: &str,
    resolve: impl FnOnce(&str) -> io::Result<Vec<IpAddr>>,
) -> Result<(), ContainerUriError> {
    let parsed = uri::parse(full).map_err(|error| ContainerUriError::InvalidUri {
        variable: ENV_FULL_URI,
        error,
    })?;
    if parsed.scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    if !parsed.scheme.eq_ignore_ascii_case("http") {
        return Err(ContainerUriError::UnsupportedScheme {
            scheme: parsed.scheme.to_owned(),
        });
    }
    match parsed.host {
        Host::Ip(ip) if is_allowed_http_ip(ip) => Ok(()),
        Host::Ip(ip) => Err(ContainerUriError::DisallowedHost {
            host: ip.to_string(),
        }),
        Host::Name(name) => {
            let addrs = resolve(name).map_err(|e| ContainerUriError::Resolve {
                host: name.to_owned(),
                source: Some(e),
            })?;
            if addrs.is_empty() {
                return Err(ContainerUriError::Resolve {
                    host: name.to_owned(),
                    source: None,
                });
            }
            if addrs.iter().all(|ip| is_allowed_http_ip(*ip)) {
                Ok(())
            } else {
                Err(ContainerUriError::DisallowedHost {
                    host: name.to_owned(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn no_dns(_: &str) -> io::Result<Vec<IpAddr>> {
        Err(io::Error::other("no dns in tests"))
    }

    #[test]
    fn http_hosts() {
        for (uri, ok) in [
            ("http://127.0.0.2/x", true),
            ("http://[::1]/x", true),
            ("http://[::ffff:127.0.0.1]/x", true),
            ("http://169.254.170.23/x", true),
            ("http://169.254.169.254/x", false),
            ("http://10.0.0.1/x", false),
            ("ftp://127.0.0.1/x", false),
            ("HTTPS://10.0.0.1/x", true),
        ] {
            let r = container_endpoint(env(&[(ENV_FULL_URI, uri)]), no_dns);
            assert_eq!(r.is_ok(), ok, "{uri}: {r:?}");
        }
    }

    #[test]
    fn host_names_are_resolved() {
        let evil = |_: &str| {
            Ok(vec![
                "127.0.0.1".parse().unwrap(),
                "8.8.8.8".parse().unwrap(),
            ])
        };
        let e = container_endpoint(env(&[(ENV_FULL_URI, "http://evil/x")]), evil).unwrap_err();
        assert!(matches!(e, ContainerUriError::DisallowedHost { .. }), "{e}");
        let e = container_endpoint(env(&[(ENV_FULL_URI, "http://h/x")]), no_dns).unwrap_err();
        assert!(e.to_string().contains("no dns in tests"), "{e}");
        let e =
            container_endpoint(env(&[(ENV_FULL_URI, "http://h/x")]), |_| Ok(vec![])).unwrap_err();
        assert!(matches!(e, ContainerUriError::Resolve { source: None, .. }));
    }

    #[test]
    fn auth_sources() {
        let ep = container_endpoint(
            env(&[
                (ENV_RELATIVE_URI, "v2/creds"),
                (ENV_AUTH_TOKEN, "SEKRIT"),
                (ENV_AUTH_TOKEN_FILE, "/t"),
            ]),
            no_dns,
        )
        .unwrap();
        assert_eq!(ep.uri, "http://169.254.170.2/v2/creds");
        assert_eq!(ep.auth, Some(ContainerAuth::TokenFile("/t".into())));
        let ep = container_endpoint(
            env(&[(ENV_RELATIVE_URI, "/c"), (ENV_AUTH_TOKEN, "SEKRIT")]),
            no_dns,
        )
        .unwrap();
        assert!(!format!("{ep:?}").contains("SEKRIT"));
    }
}
