//! Transport-level HTTP types and the pluggable [`HttpTransport`] trait.
//!
//! Requests and responses are plain owned values: generated clients build an [`HttpRequest`],
//! signers add headers to it, and a transport turns it into an [`HttpResponse`]. Keeping them
//! free of any HTTP library's types lets tests and users plug in their own transport.
//!
//! The default transport, reqwest with rustls, is in `reqwest` (feature `reqwest`). This module
//! knows no protocol, signing or retry policy.

// Body reading with limits: the reqwest transport's (a custom transport reads its own).
#[cfg(feature = "reqwest")]
pub(crate) mod body;
#[cfg(feature = "reqwest")]
mod reqwest;
mod settings;
#[cfg(feature = "reqwest")]
pub use self::reqwest::ReqwestTransport;
pub use settings::{HttpSettings, Proxy};

use std::time::Duration;

/// The default connect timeout: as long as the AWS SDKs' and botocore's.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default idle-read timeout (no byte of the response for this long): botocore's read
/// timeout.
pub const DEFAULT_IDLE_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The default cap on a response body: larger bodies fail the call while they are read,
/// before they are buffered. 128 MiB: far above any AWS JSON or XML answer, small enough that a
/// misbehaving server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 128 << 20;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The body type of [`HttpResponse`] (re-exported from the `bytes` crate).
pub use bytes::Bytes;

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

impl HttpResponse {
    /// A response with a status, headers and body (for transports and test doubles).
    pub fn new(status: u16, headers: Headers, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers,
            body: body.into(),
        }
    }
}

/// A boxed, sendable future, as returned by [`HttpTransport::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An ordered list of HTTP headers. Names compare case-insensitively; insertion order is kept so
/// that requests are reproducible byte for byte.
///
/// Names and values the runtime knows at compile time (`Content-Type`, `X-Amz-Date`...) are
/// kept borrowed, so that building, cloning (once per attempt) and dropping a request does not
/// copy them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(Cow<'static, str>, Cow<'static, str>)>);

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value of header `name`, compared case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| &**v)
    }

    /// Every value of header `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| &**v)
    }

    /// Appends a header, keeping any existing value of the same name.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0
            .push((Cow::Owned(name.into()), Cow::Owned(value.into())));
    }

    /// Sets a header, replacing every existing value of the same name.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.remove(&name);
        self.0.push((Cow::Owned(name), Cow::Owned(value.into())));
    }

    /// [`append`](Self::append) for a name known at compile time (and a value that may be).
    pub(crate) fn append_static(
        &mut self,
        name: &'static str,
        value: impl Into<Cow<'static, str>>,
    ) {
        self.0.push((Cow::Borrowed(name), value.into()));
    }

    /// [`insert`](Self::insert) for a name known at compile time (and a value that may be).
    pub(crate) fn insert_static(
        &mut self,
        name: &'static str,
        value: impl Into<Cow<'static, str>>,
    ) {
        self.remove(name);
        self.append_static(name, value);
    }

    /// Removes every value of header `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    /// Whether header `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Iterates over `(name, value)` pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (&**k, &**v))
    }

    /// The `(name, value)` pairs, in order, by value (a transport moves them into its own
    /// header type rather than copying them).
    pub(crate) fn into_pairs(self) -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
        self.0
    }

    /// The number of header lines.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Header values may carry credentials (`Authorization`, security tokens), so only names are shown.
impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Headers(
            iter.into_iter()
                .map(|(k, v)| (Cow::Owned(k.into()), Cow::Owned(v.into())))
                .collect(),
        )
    }
}

/// An HTTP request ready to be signed and sent. `Debug` shows the body's length, not its bytes
/// (a `@sensitive` input member would otherwise reach any log of a custom transport).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method, upper case (`GET`, `POST`, ...).
    pub method: String,
    /// The absolute URL: `scheme://authority/path?query`, path and query already percent-encoded.
    pub url: String,
    /// The headers, in the order they are sent.
    pub headers: Headers,
    /// The body bytes (empty for none).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A request with no headers and an empty body.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        HttpRequest {
            method: method.into(),
            url: url.into(),
            headers: Headers::new(),
            body: Vec::new(),
        }
    }

    /// The `host[:port]` part of the URL.
    pub fn authority(&self) -> &str {
        let rest = split_scheme(&self.url).map_or(&self.url[..], |(_, r)| r);
        let end = path_start(rest).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The path of the URL (always starting with `/`), without the query.
    pub fn path(&self) -> &str {
        let pq = self.path_and_query();
        pq.split_once('?').map_or(pq, |(p, _)| p)
    }

    /// The raw query string after `?`, or `""`.
    pub fn query(&self) -> &str {
        self.path_and_query().split_once('?').map_or("", |(_, q)| q)
    }

    /// The path and query of the URL (`/` when the URL has no path).
    pub fn path_and_query(&self) -> &str {
        let rest = split_scheme(&self.url).map_or(&self.url[..], |(_, r)| r);
        match path_start(rest) {
            Some(i) if rest[i..].starts_with('/') => &rest[i..],
            Some(_) | None => "/",
        }
    }
}

/// Where the authority at the start of `rest` ends: its first `/` or `?` (a byte scan: the URL
/// is split several times per request).
fn path_start(rest: &str) -> Option<usize> {
    rest.bytes().position(|b| b == b'/' || b == b'?')
}

/// `url.split_once("://")`, found with a search for `:` (the same first match, without setting
/// up a substring search each time: the URL is split several times per request).
pub(crate) fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(i) = url[from..].find(':') {
        let at = from + i;
        if url[at + 1..].starts_with("//") {
            return Some((&url[..at], &url[at + 3..]));
        }
        from = at + 1;
    }
    None
}

/// An HTTP response as received from a transport. `Debug` shows the body's length, not its
/// bytes.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The response headers.
    pub headers: Headers,
    /// The full body: [`bytes::Bytes`], so that a transport hands over the buffer it read
    /// the body into (reqwest's, for one) without copying it.
    pub body: Bytes,
}

/// What is known of a successful response besides its data: status, headers and request id.
#[derive(Clone, Default)]
pub struct ResponseMeta {
    status: u16,
    headers: Headers,
    request_id: Option<String>,
}

impl ResponseMeta {
    /// The metadata of a response.
    pub fn new(status: u16, headers: Headers, request_id: Option<String>) -> Self {
        ResponseMeta {
            status,
            headers,
            request_id,
        }
    }

    /// The HTTP status (0 when not read from a response).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The request id, if the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Status and request id (header values are left out, as in [`Headers`]' own `Debug`).
impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// What a successful response said besides its data. Implemented by every generated
/// operation output; `use skiff_runtime::ProvideResponseMeta` (or the generated crate's
/// re-export) to call its methods.
pub trait ProvideResponseMeta {
    /// The response's metadata.
    fn response_meta(&self) -> &ResponseMeta;

    /// The request id the service sent with this response, if any.
    fn request_id(&self) -> Option<&str> {
        self.response_meta().request_id()
    }

    /// The HTTP status of the response (0 for a value not read from a response).
    fn http_status(&self) -> u16 {
        self.response_meta().status()
    }

    /// The HTTP headers of the response.
    fn http_headers(&self) -> &Headers {
        self.response_meta().headers()
    }
}

/// How far a request got before its transport failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestSent {
    /// Not a byte was written: name resolution, connecting, the TLS handshake (and their
    /// timeouts) failed.
    No,
    /// Failed while writing the request, or unknown (e.g. an attempt timeout).
    Maybe,
    /// The request was written: failed waiting for or reading the response (including a body
    /// that broke off or stalled after the status line).
    Yes,
}

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Name resolution or the TCP connection failed.
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// A limit of the call fired (which one, in [`TransportError::timeout`]).
    Timeout,
    /// The connection broke while sending or receiving (reset, closed, truncated body).
    Io,
    /// The server answered with something that is not HTTP, or the body exceeded the
    /// configured size limit.
    InvalidResponse,
    /// Anything else (a custom transport's own failure).
    Other,
}

/// A failure to get a complete response from the server: connection refused, TLS failure,
/// timeout, a reset, a reply that is not HTTP... It says what kind of failure it was, whether
/// the request may have reached the server, and how many attempts the call made.
///
/// `Display` shows the failure and its root cause once (`could not connect to 127.0.0.1:1:
/// Connection refused`); the underlying error is kept for inspection ([`cause`](Self::cause))
/// but not repeated as `source()`.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    sent: RequestSent,
    message: String,
    timeout: Option<crate::timer::TimeoutError>,
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    attempts: u32,
}

impl TransportError {
    /// A transport error of kind `Other` with a message and an optional underlying cause
    /// (whose text `Display` appends).
    pub fn new(
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::with_kind(
            TransportErrorKind::Other,
            RequestSent::Maybe,
            message,
            source,
        )
    }

    /// A transport error of `kind`, after the request got as far as `sent`.
    pub fn with_kind(
        kind: TransportErrorKind,
        sent: RequestSent,
        message: impl Into<String>,
        cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            sent,
            message: message.into(),
            timeout: None,
            cause,
            attempts: 0,
        }
    }

    /// A limit of the call fired; `sent` says how far the request got.
    pub fn timed_out(timeout: crate::timer::TimeoutError, sent: RequestSent) -> Self {
        TransportError {
            kind: TransportErrorKind::Timeout,
            sent,
            message: timeout.to_string(),
            timeout: Some(timeout),
            cause: None,
            attempts: 0,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether a limit of the call fired.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether connecting failed (so the request never left).
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Which limit fired, and its duration, for a timeout.
    pub fn timeout(&self) -> Option<crate::timer::TimeoutError> {
        self.timeout
    }

    /// How far the request got: whether it may have reached the server.
    pub fn request_sent(&self) -> RequestSent {
        self.sent
    }

    /// The underlying error (the HTTP library's), for inspection.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.cause.as_deref()
    }

    /// How many attempts the call made (0 when unknown).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Records the number of attempts the call made.
    pub fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }
}

/// The root of an error's source chain.
fn root_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut current = error;
    // Source chains are short; the bound only guards against a cycle.
    for _ in 0..16 {
        match current.source() {
            Some(next) => current = next,
            None => break,
        }
    }
    current
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(cause) = &self.cause {
            let root = root_cause(cause.as_ref());
            let text = root.to_string();
            if !text.is_empty() && !self.message.contains(&text) {
                write!(f, ": {text}")?;
            }
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// `source()` is `None`: `Display` already shows the root cause (see [`TransportError::cause`]
/// for the underlying error).
impl std::error::Error for TransportError {}

impl From<crate::timer::TimeoutError> for TransportError {
    fn from(e: crate::timer::TimeoutError) -> Self {
        TransportError::timed_out(e, RequestSent::Maybe)
    }
}

/// Sends HTTP requests. Implement it to plug in another HTTP stack or a test double.
///
/// Implementations must not follow redirects: a 3xx response is handed back as it is, because some
/// APIs answer with a redirect whose `Location` is the result.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends one request and returns the complete response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

#[cfg(test)]
mod tests {
    use super::split_scheme;

    #[test]
    fn the_scheme_is_split_off_as_split_once_does() {
        for url in [
            "",
            ":",
            "://",
            "a:/b://c",
            "https://h/p?q=a://b",
            "h:1/x",
            "::///",
            "é://é",
        ] {
            assert_eq!(split_scheme(url), url.split_once("://"), "{url}");
        }
    }
}
