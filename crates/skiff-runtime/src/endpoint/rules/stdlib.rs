//! The string functions of the rules standard library and its AWS extension, as plain Rust
//! functions over `&str`: `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `split`,
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.
//!
//! The evaluator calls these after checking argument kinds; `aws.partition` lives in the
//! `partitions` module and the control functions (`isSet`, `not`, `coalesce`, `ite`, ...) in
//! the evaluator. Each function documents the specification's rule it follows and how edge
//! cases that the specification leaves open are decided (following the Smithy reference
//! implementation unless noted).

/// `substring(input, start, stop, reverse)`: the characters `start..stop` of `input`, counted
/// from the end when `reverse` is true.
///
/// `None` when `start >= stop`, when `start` is negative, when `input` is shorter than `stop`,
/// or when `input` has any non-ASCII character.
pub(super) fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    if start < 0 || start >= stop || !input.is_ascii() {
        return None;
    }
    let len = i64::try_from(input.len()).ok()?;
    if len < stop {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    input.get(usize::try_from(from).ok()?..usize::try_from(to).ok()?)
}

/// `uriEncode(value)`: RFC 3986 percent-encoding of everything but the unreserved characters
/// `A-Z a-z 0-9 - _ . ~`, byte by byte of the UTF-8 encoding, with uppercase hex digits.
pub(super) fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The parts of a URL accepted by [`parse_url`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ParsedUrl<'s> {
    /// `http` or `https`, lowercase.
    pub(super) scheme: &'static str,
    /// Host and optional port, as written.
    pub(super) authority: &'s str,
    /// The path as written: empty or starting with `/`.
    pub(super) path: &'s str,
    /// The path with a `/` added at the start and end where missing (`/` for no path).
    pub(super) normalized_path: String,
    /// Whether the host is an IPv4 address (see [`is_ipv4_formatted`]) or a bracketed IPv6
    /// address.
    pub(super) is_ip: bool,
}

/// `parseURL(value)`: splits an endpoint URL `scheme://authority[path]`.
///
/// `None` for anything that is not an absolute `http`/`https` URL with a host, and for URLs
/// with a query (the specification requires that) or a fragment, user information (`user@`),
/// an empty or non-numeric port, whitespace or control characters, or an invalid bracketed
/// IPv6 address. The authority keeps an explicit port, even the scheme's default one, as the
/// specification's examples show (`http://example.com:80` has authority `example.com:80`).
pub(super) fn parse_url(value: &str) -> Option<ParsedUrl<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    if rest
        .bytes()
        .any(|b| b == b'?' || b == b'#' || b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let host = url_host(authority)?;
    let is_ip = host.starts_with('[') || is_ipv4_formatted(host);
    let normalized_path = normalize_path(path);
    Some(ParsedUrl {
        scheme,
        authority,
        path,
        normalized_path,
        is_ip,
    })
}

/// The host of a URL authority (`host`, `host:port`, `[v6]` or `[v6]:port`), if it is valid.
fn url_host(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, after) = authority.split_at(end + 1);
        let inner = host.get(1..host.len() - 1)?;
        inner.parse::<std::net::Ipv6Addr>().ok()?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        port.parse::<u16>().ok()?;
    }
    let valid_name = |host: &str| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%'))
    };
    if host.starts_with('[') || valid_name(host) {
        Some(host)
    } else {
        None
    }
}

/// A path with `/` at both ends (`/` for an empty path).
fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        out.push('/');
    }
    out.push_str(path);
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Whether `host` is written like an IPv4 address: four dot-separated groups of one to three
/// digits, a group of two or three digits not starting with `0`.
///
/// This is the reference implementation's check, and deliberately does not check the range
/// 0–255: a bucket called `999.1.1.1` is "formatted as an IP address" and so not
/// virtual-hostable.
pub(super) fn is_ipv4_formatted(host: &str) -> bool {
    let mut groups = 0;
    for group in host.split('.') {
        groups += 1;
        let bytes = group.as_bytes();
        let valid = match bytes.len() {
            1 => bytes[0].is_ascii_digit(),
            2 | 3 => bytes[0] != b'0' && bytes.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if !valid || groups > 4 {
            return false;
        }
    }
    groups == 4
}

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is an RFC 1123 host label
/// (`[A-Za-z0-9][A-Za-z0-9-]{0,62}`), or with `allow_subdomains`, dot-separated such labels
/// (no empty label, so no leading, trailing or doubled dot).
pub(super) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_host_label)
    } else {
        is_single_host_label(value)
    }
}

fn is_single_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match bytes.split_first() {
        Some((first, rest)) => {
            bytes.len() <= 63
                && first.is_ascii_alphanumeric()
                && rest.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
        }
        None => false,
    }
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether `value` can be used as a
/// host label in a virtual-hosted-style S3 URL.
///
/// The name must be 3 to 63 characters of lowercase letters, digits and `-`, starting and ending
/// with a letter or digit. With `allow_subdomains`, `.` is also allowed, but not next to another
/// `.` or a `-` (`a..b`, `a.-b`, `a-.b`), and the name must not be formatted as an IPv4 address.
pub(super) fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    let lower_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if bytes.len() < 3 || bytes.len() > 63 || !lower_alnum(first) || !lower_alnum(last) {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|&b| lower_alnum(b) || b == b'-');
    }
    let mut previous = first;
    for &b in &bytes[1..] {
        let ok = match b {
            b'.' => previous != b'.' && previous != b'-',
            b'-' => previous != b'.',
            b => lower_alnum(b),
        };
        if !ok {
            return false;
        }
        previous = b;
    }
    !is_ipv4_formatted(value)
}

/// The parts of an ARN accepted by [`parse_arn`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ParsedArn<'s> {
    pub(super) partition: &'s str,
    pub(super) service: &'s str,
    pub(super) region: &'s str,
    pub(super) account_id: &'s str,
    /// The resource part, split at every `:` and `/`.
    pub(super) resource_id: Vec<&'s str>,
}

/// `aws.parseArn(value)`: splits `arn:partition:service:region:account-id:resource`.
///
/// `None` unless the value starts with `arn:` and has the five `:` separators, with non-empty
/// partition, service and resource (region and account id may be empty). The resource is split
/// at every `:` and `/` into `resource_id` (so it has at least one, possibly empty, element).
pub(super) fn parse_arn(value: &str) -> Option<ParsedArn<'_>> {
    let rest = value.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(ParsedArn {
        partition,
        service,
        region,
        account_id,
        resource_id: resource.split([':', '/']).collect(),
    })
}

/// Why `split` refused its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SplitError {
    EmptyDelimiter,
    NegativeLimit,
}

impl SplitError {
    pub(super) fn reason(self) -> &'static str {
        match self {
            SplitError::EmptyDelimiter => "the delimiter must not be empty",
            SplitError::NegativeLimit => "the limit must not be negative",
        }
    }
}

/// `split(value, delimiter, limit)`: `value` cut at each occurrence of `delimiter`, left to
/// right. A `limit` of 0 splits everywhere; a positive `limit` gives at most that many parts,
/// the last holding the rest of the string. An empty `value` gives one empty part.
pub(super) fn split<'s>(
    value: &'s str,
    delimiter: &str,
    limit: i64,
) -> Result<Vec<&'s str>, SplitError> {
    if delimiter.is_empty() {
        return Err(SplitError::EmptyDelimiter);
    }
    if limit < 0 {
        return Err(SplitError::NegativeLimit);
    }
    Ok(match usize::try_from(limit) {
        Ok(0) => value.split(delimiter).collect(),
        Ok(limit) => value.splitn(limit, delimiter).collect(),
        // A limit beyond the address space is no limit.
        Err(_) => value.split(delimiter).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_cases() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
        assert_eq!(substring("abc", 0, 4, false), None, "too short");
        assert_eq!(substring("abc", 2, 2, false), None, "empty range");
        assert_eq!(substring("abc", 2, 1, false), None, "reversed range");
        assert_eq!(substring("abc", -1, 1, false), None, "negative start");
        assert_eq!(substring("abcé", 0, 2, false), None, "non-ASCII");
        assert_eq!(substring("", 0, 1, false), None);
        assert_eq!(substring("abc", i64::MIN, i64::MAX, true), None);
    }

    #[test]
    fn uri_encode_cases() {
        assert_eq!(uri_encode("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(uri_encode("a b/c:d"), "a%20b%2Fc%3Ad");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn parse_url_accepts_endpoints() {
        let url = parse_url("https://example.com").expect("valid");
        assert_eq!(url.scheme, "https");
        assert_eq!(url.authority, "example.com");
        assert_eq!(url.path, "");
        assert_eq!(url.normalized_path, "/");
        assert!(!url.is_ip);

        let url = parse_url("http://example.com:80/foo/bar").expect("valid");
        assert_eq!(url.scheme, "http");
        assert_eq!(url.authority, "example.com:80");
        assert_eq!(url.path, "/foo/bar");
        assert_eq!(url.normalized_path, "/foo/bar/");

        let url = parse_url("HTTPS://Example.com:8443/").expect("valid");
        assert_eq!(url.scheme, "https");
        assert_eq!(url.authority, "Example.com:8443");
        assert_eq!(url.path, "/");
        assert_eq!(url.normalized_path, "/");

        let url = parse_url("https://127.0.0.1:8080/a/").expect("valid");
        assert!(url.is_ip);
        assert_eq!(url.authority, "127.0.0.1:8080");
        assert_eq!(url.normalized_path, "/a/");

        let url = parse_url("https://[fe80::1]").expect("valid");
        assert!(url.is_ip);
        assert_eq!(url.authority, "[fe80::1]");
        let url = parse_url("http://[::1]:9000/x").expect("valid");
        assert!(url.is_ip);
        assert_eq!(url.authority, "[::1]:9000");

        assert!(!parse_url("https://1.2.3.4.5").expect("a name").is_ip);
        assert!(!parse_url("https://123.com").expect("a name").is_ip);
    }

    #[test]
    fn parse_url_rejects() {
        for url in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?x",
            "https://example.com/#frag",
            "example.com",
            "//example.com",
            "ftp://example.com",
            "wss://localhost:8443/path",
            "https://",
            "https:///path",
            "https://user@example.com",
            "https://example.com:",
            "https://example.com:port",
            "https://example.com:99999",
            "https://exa mple.com",
            "https://example.com/a b",
            "https://[fe80::1",
            "https://[not-ip]",
            "https://[::1]x",
            "https://a:b:c",
            "",
        ] {
            assert_eq!(parse_url(url), None, "{url}");
        }
    }

    #[test]
    fn ipv4_formatting() {
        for ip in ["127.0.0.1", "0.0.0.0", "192.168.5.4", "999.99.9.100"] {
            assert!(is_ipv4_formatted(ip), "{ip}");
        }
        for not_ip in [
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.a",
            "1..2.3",
            "1.2.3.4444",
            "",
        ] {
            assert!(!is_ipv4_formatted(not_ip), "{not_ip}");
        }
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("0abc", false));
        assert!(is_valid_host_label("ABC-def", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(is_valid_host_label("abc.def-1.x", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("", true));
        assert!(is_valid_host_label(&format!("{}.b", "a".repeat(63)), true));
        assert!(!is_valid_host_label(&format!("{}.b", "a".repeat(64)), true));
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(is_virtual_hostable_s3_bucket("99bottles", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false), "too short");
        assert!(
            !is_virtual_hostable_s3_bucket(&"a".repeat(64), false),
            "too long"
        );
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false), "uppercase");
        assert!(!is_virtual_hostable_s3_bucket("bucKet", false), "uppercase");
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket_name", false));
        assert!(
            !is_virtual_hostable_s3_bucket("a.b.c", false),
            "dots not allowed"
        );
        assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
        assert!(is_virtual_hostable_s3_bucket("my.bucket-1.name", true));
        assert!(is_virtual_hostable_s3_bucket("a-b--c", true));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b", true));
        assert!(!is_virtual_hostable_s3_bucket("a.B.c", true));
        assert!(
            !is_virtual_hostable_s3_bucket("192.168.5.4", true),
            "IP formatted"
        );
        assert!(is_virtual_hostable_s3_bucket("192.168.5.4.5", true));
        assert!(!is_virtual_hostable_s3_bucket("", true));
        assert!(!is_virtual_hostable_s3_bucket("ébc", true));
    }

    #[test]
    fn arns() {
        let arn =
            parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").expect("valid");
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "sns");
        assert_eq!(arn.region, "us-west-2");
        assert_eq!(arn.account_id, "012345678910");
        assert_eq!(arn.resource_id, ["example-sns-topic-name"]);

        let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE")
            .expect("valid");
        assert_eq!(arn.resource_id, ["vpc", "vpc-0e9801d129EXAMPLE"]);

        let arn = parse_arn("arn:aws:iam::012345678910:user/johndoe").expect("valid");
        assert_eq!(arn.region, "");
        assert_eq!(arn.resource_id, ["user", "johndoe"]);

        let arn = parse_arn("arn:aws:s3:::bucket_name").expect("valid");
        assert_eq!((arn.region, arn.account_id), ("", ""));
        assert_eq!(arn.resource_id, ["bucket_name"]);

        let arn = parse_arn("arn:aws:s3-outposts:us-west-2:123:outpost/op-1:accesspoint/my:ap")
            .expect("valid");
        assert_eq!(
            arn.resource_id,
            ["outpost", "op-1", "accesspoint", "my", "ap"]
        );
        let arn = parse_arn("arn:aws:s3:r:a:x/").expect("valid");
        assert_eq!(arn.resource_id, ["x", ""]);

        for invalid in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3:us-east-1:123",
            "arn::s3:us-east-1:123:res",
            "arn:aws::us-east-1:123:res",
            "arn:aws:s3:us-east-1:123:",
            "arn:aws",
            "ARN:aws:s3:::b",
            "",
        ] {
            assert_eq!(parse_arn(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn split_cases() {
        let s = |v, d, l| split(v, d, l).expect("valid");
        assert_eq!(s("a--b--c", "--", 0), ["a", "b", "c"]);
        assert_eq!(s("a--b--c", "--", 2), ["a", "b--c"]);
        assert_eq!(s("a--b--c", "--", 1), ["a--b--c"]);
        assert_eq!(s("a--b--c", "--", 99), ["a", "b", "c"]);
        assert_eq!(s("", "--", 0), [""]);
        assert_eq!(s("--", "--", 0), ["", ""]);
        assert_eq!(s("----", "--", 0), ["", "", ""]);
        assert_eq!(s("--b--", "--", 0), ["", "b", ""]);
        assert_eq!(
            s("--x-s3--azid--suffix", "--", 0),
            ["", "x-s3", "azid", "suffix"]
        );
        assert_eq!(
            s("--x-s3--azid--suffix", "--", 2),
            ["", "x-s3--azid--suffix"]
        );
        assert_eq!(s("abc", "x", 0), ["abc"]);
        assert_eq!(s("mybucket", "--", 1), ["mybucket"]);
        assert_eq!(s("a-b", "-", i64::MAX), ["a", "b"]);
        assert_eq!(split("a", "", 0), Err(SplitError::EmptyDelimiter));
        assert_eq!(split("a", "-", -1), Err(SplitError::NegativeLimit));
    }
}
