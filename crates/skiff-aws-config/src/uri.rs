//! A small, strict URI checker for the endpoint settings read from the environment and profiles.
//!
//! Input: a string. Output: its scheme, host and port (borrowed from the input), or a
//! [`UriError`]. Only what the container and IMDS rules need is parsed; the string itself is
//! passed on unchanged.

use std::error::Error;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The host of a URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// An IP literal (`169.254.170.2`, `[fd00:ec2::23]`).
    Ip(IpAddr),
    /// A host name, as written.
    Name(&'a str),
}

/// The parts of an absolute URI that endpoint checks need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uri<'a> {
    /// The scheme, as written (compare case-insensitively).
    pub scheme: &'a str,
    /// The host.
    pub host: Host<'a>,
    /// The explicit port, if any.
    pub port: Option<u16>,
}

/// Why a string is not a usable absolute URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriError {
    /// A character that may not appear in a URI (a space, a control character, non-ASCII...).
    InvalidCharacter,
    /// A `%` not followed by two hex digits.
    InvalidPercentEncoding,
    /// No `scheme://` part.
    MissingScheme,
    /// An empty host.
    MissingHost,
    /// A bracketed IPv6 literal that does not parse, or an unclosed `[`.
    InvalidIpv6,
    /// A port that is not a number in 0..=65535.
    InvalidPort,
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UriError::InvalidCharacter => "invalid uri character",
            UriError::InvalidPercentEncoding => "invalid percent-encoding in uri",
            UriError::MissingScheme => "URI did not specify a host (no `scheme://` part)",
            UriError::MissingHost => "URI did not specify a host",
            UriError::InvalidIpv6 => "invalid IPv6 address in uri",
            UriError::InvalidPort => "invalid port in uri",
        })
    }
}

impl Error for UriError {}

/// Checks that every byte is allowed in a URI (RFC 3986 unreserved, reserved or `%XX`).
pub fn check_characters(s: &str) -> Result<(), UriError> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Err(UriError::InvalidPercentEncoding);
            }
            i += 3;
            continue;
        }
        let ok = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !ok {
            return Err(UriError::InvalidCharacter);
        }
        i += 1;
    }
    Ok(())
}

/// Parses an absolute `scheme://authority[/path][?query][#fragment]` URI.
pub fn parse(s: &str) -> Result<Uri<'_>, UriError> {
    check_characters(s)?;
    let (scheme, rest) = s.split_once("://").ok_or(UriError::MissingScheme)?;
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok {
        return Err(UriError::MissingScheme);
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = match authority.rsplit_once('@') {
        Some((_userinfo, host_port)) => host_port,
        None => authority,
    };
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        let (literal, after) = bracketed.split_once(']').ok_or(UriError::InvalidIpv6)?;
        let ip: Ipv6Addr = literal.parse().map_err(|_| UriError::InvalidIpv6)?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(UriError::InvalidPort)?),
        };
        (Host::Ip(IpAddr::V6(ip)), port)
    } else {
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        };
        if host.is_empty() {
            return Err(UriError::MissingHost);
        }
        if host.contains(['[', ']']) {
            return Err(UriError::InvalidCharacter);
        }
        let host = match host.parse::<Ipv4Addr>() {
            Ok(ip) => Host::Ip(IpAddr::V4(ip)),
            Err(_) => Host::Name(host),
        };
        (host, port)
    };
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse::<u16>().map_err(|_| UriError::InvalidPort)?)
        }
        Some(_) => return Err(UriError::InvalidPort),
    };
    Ok(Uri { scheme, host, port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_and_ports() {
        let u = parse("http://[fd00:ec2::23]:80/v1").unwrap();
        assert_eq!(u.host, Host::Ip("fd00:ec2::23".parse().unwrap()));
        assert_eq!(u.port, Some(80));
        let u = parse("https://user:pw@example.com:8080?x").unwrap();
        assert_eq!(u.host, Host::Name("example.com"));
        assert_eq!(u.port, Some(8080));
        let u = parse("http://127.0.0.1").unwrap();
        assert_eq!(u.host, Host::Ip("127.0.0.1".parse().unwrap()));
        assert_eq!(parse("not a uri"), Err(UriError::InvalidCharacter));
        assert_eq!(parse("/credentials"), Err(UriError::MissingScheme));
        assert_eq!(parse("http:///x"), Err(UriError::MissingHost));
        assert_eq!(parse("http://h:99999"), Err(UriError::InvalidPort));
        assert_eq!(parse("http://h:x"), Err(UriError::InvalidPort));
        assert_eq!(parse("http://[::1"), Err(UriError::InvalidIpv6));
        assert_eq!(parse("http://a%2"), Err(UriError::InvalidPercentEncoding));
        assert_eq!(parse("http://\u{e9}"), Err(UriError::InvalidCharacter));
    }
}
