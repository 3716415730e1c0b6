//! The default transport: reqwest with rustls (ring provider), redirects disabled.
//!
//! It enforces the connect timeout (reqwest's), the idle-read timeout and the response size
//! cap (while reading the body, chunk by chunk: see `body`), and says of each failure what kind
//! it was and how far the request got.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::body::{read_body, BodyChunks, BodyError, BodyLimits};
use super::settings::{HttpSettings, Proxy};
use super::{
    BoxFuture, HttpRequest, HttpResponse, HttpTransport, RequestSent, TransportError,
    TransportErrorKind,
};
use super::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_READ_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE};
use crate::timer::{default_sleep, AsyncSleep};

/// The default transport.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    limits: BodyLimits,
    sleep: Arc<dyn AsyncSleep>,
    last_url: Arc<LastUrl>,
}

/// The last URL sent to and its parse: a client calling one endpoint (every awsJson and
/// awsQuery call goes to the same URL) parses it once, not at every request (the parse, with
/// its IDNA pass over the host, is about a tenth of reqwest's work per call). Taken with
/// `try_lock`: a request that finds it in use parses its URL itself, so requests never wait
/// on each other.
#[derive(Debug, Default)]
struct LastUrl(Mutex<Option<(String, reqwest::Url)>>);

impl LastUrl {
    fn parse(&self, url: &str) -> Result<reqwest::Url, Box<dyn std::error::Error + Send + Sync>> {
        if let Ok(last) = self.0.try_lock() {
            if let Some((text, parsed)) = last.as_ref() {
                if text == url {
                    return Ok(parsed.clone());
                }
            }
        }
        let parsed = reqwest::Url::parse(url)?;
        // What reqwest's request builder checks too.
        if !parsed.has_host() {
            return Err("the URL has no host".into());
        }
        if let Ok(mut last) = self.0.try_lock() {
            *last = Some((url.to_owned(), parsed.clone()));
        }
        Ok(parsed)
    }
}

impl ReqwestTransport {
    /// A transport with the default limits ([`DEFAULT_CONNECT_TIMEOUT`],
    /// [`DEFAULT_IDLE_READ_TIMEOUT`], [`DEFAULT_MAX_RESPONSE_SIZE`]).
    pub fn new() -> Self {
        Self::with_limits(
            Some(DEFAULT_CONNECT_TIMEOUT),
            Some(DEFAULT_IDLE_READ_TIMEOUT),
            DEFAULT_MAX_RESPONSE_SIZE,
            default_sleep(),
        )
    }

    /// A transport giving up connecting after `connect`, failing a body that sends nothing for
    /// `idle_read`, refusing response bodies over `max_response_size` bytes, and waiting on
    /// `sleep` (`None` disables a timeout).
    pub fn with_limits(
        connect: Option<Duration>,
        idle_read: Option<Duration>,
        max_response_size: u64,
        sleep: Arc<dyn AsyncSleep>,
    ) -> Self {
        Self::with_settings(
            connect,
            idle_read,
            max_response_size,
            sleep.clone(),
            &HttpSettings::default(),
        )
        // Default settings fail only if the TLS backend cannot start: reqwest's fallback client
        // then reports that at the first request.
        .unwrap_or_else(|_| ReqwestTransport {
            client: reqwest::Client::default(),
            limits: BodyLimits {
                idle_read,
                max_size: Some(max_response_size),
            },
            sleep,
            last_url: Arc::default(),
        })
    }

    /// Like [`ReqwestTransport::with_limits`], with a proxy and extra trust roots. The error
    /// says which setting is invalid (a proxy URL that does not parse, a PEM bundle without a
    /// certificate) without quoting it.
    pub fn with_settings(
        connect: Option<Duration>,
        idle_read: Option<Duration>,
        max_response_size: u64,
        sleep: Arc<dyn AsyncSleep>,
        settings: &HttpSettings,
    ) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if let Some(connect) = connect {
            builder = builder.connect_timeout(connect);
        }
        match &settings.proxy {
            // reqwest reads the variables itself.
            Proxy::FromEnv => {}
            Proxy::Disabled => builder = builder.no_proxy(),
            Proxy::Url { url, no_proxy } => {
                let proxy = reqwest::Proxy::all(url.as_str())
                    .map_err(|_| "the proxy URL is not a valid URL".to_owned())?
                    .no_proxy(no_proxy.as_deref().and_then(reqwest::NoProxy::from_string));
                builder = builder.proxy(proxy);
            }
        }
        for (i, pem) in settings.extra_roots_pem.iter().enumerate() {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .ok()
                .filter(|c| !c.is_empty())
                .ok_or_else(|| {
                    format!(
                        "root certificate bundle #{} is not PEM with at least one certificate",
                        i + 1
                    )
                })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let client = builder
            .build()
            .map_err(|_| "the HTTP client could not be built from these settings".to_owned())?;
        Ok(ReqwestTransport {
            client,
            limits: BodyLimits {
                idle_read,
                max_size: Some(max_response_size),
            },
            sleep,
            last_url: Arc::default(),
        })
    }

    /// Wraps an existing reqwest client (which should not follow redirects), with the default
    /// idle-read timeout and size cap.
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport {
            client,
            ..Self::new()
        }
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

/// A reqwest response body, read chunk by chunk.
struct Chunks(reqwest::Response);

impl BodyChunks for Chunks {
    type Error = reqwest::Error;

    async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.0.chunk().await
    }
}

/// What a reqwest failure was, and how far the request got. reqwest says whether it failed
/// connecting (nothing sent) and whether a timeout fired; the rest of the failures of `send`
/// happened while writing the request or waiting for the answer (it may have arrived).
fn classify(error: reqwest::Error, host: &str) -> TransportError {
    // rustls's errors reach us only as text in the source chain (reqwest does not expose
    // their type).
    let tls = std::iter::successors(Some(&error as &(dyn std::error::Error + 'static)), |e| {
        e.source()
    })
    .take(16)
    .any(|e| {
        let text = e.to_string().to_ascii_lowercase();
        text.contains("certificate") || text.contains("tls") || text.contains("handshake")
    });
    let (kind, sent, message) = if error.is_connect() && tls {
        (
            TransportErrorKind::Tls,
            RequestSent::No,
            format!("TLS handshake with {host} failed"),
        )
    } else if error.is_connect() {
        (
            TransportErrorKind::Connect,
            RequestSent::No,
            format!("could not connect to {host}"),
        )
    } else if error.is_timeout() {
        (
            TransportErrorKind::Timeout,
            RequestSent::Maybe,
            format!("timed out talking to {host}"),
        )
    } else {
        (
            TransportErrorKind::Io,
            RequestSent::Maybe,
            format!("connection to {host} failed before a complete response"),
        )
    };
    TransportError::with_kind(kind, sent, message, Some(Box::new(error)))
}

impl ReqwestTransport {
    /// `request` as reqwest's, its headers and body moved (not copied) out of it.
    fn outgoing(&self, request: &mut HttpRequest) -> Result<reqwest::Request, TransportError> {
        let invalid = |what: &str, e: Box<dyn std::error::Error + Send + Sync>| {
            TransportError::with_kind(
                TransportErrorKind::Other,
                RequestSent::No,
                format!("cannot send the request: {what}"),
                Some(e),
            )
        };
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| invalid("invalid HTTP method", Box::new(e)))?;
        let url = self
            .last_url
            .parse(&request.url)
            .map_err(|e| invalid("invalid URL", e))?;
        // The header map is made at its final size, and handed to the request whole.
        let mut headers = reqwest::header::HeaderMap::with_capacity(request.headers.len());
        for (name, value) in std::mem::take(&mut request.headers).into_pairs() {
            let name =
                header_name(name).map_err(|e| invalid("invalid header name", Box::new(e)))?;
            let value =
                header_value(value).map_err(|e| invalid("invalid header value", Box::new(e)))?;
            headers.append(name, value);
        }
        let mut outgoing = reqwest::Request::new(method, url);
        *outgoing.headers_mut() = headers;
        *outgoing.body_mut() = Some(std::mem::take(&mut request.body).into());
        Ok(outgoing)
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(
        &self,
        mut request: HttpRequest,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        // Converted and handed to reqwest before the future is made: the (boxed) future holds
        // only what waiting needs, under the allocator's small size classes.
        let pending = self.outgoing(&mut request).map(|outgoing| {
            let head = outgoing.method() == reqwest::Method::HEAD;
            (self.client.execute(outgoing), head)
        });
        Box::pin(async move {
            let (pending, head) = pending?;
            let response = pending
                .await
                .map_err(|e| classify(e, request.authority()))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    // Visible ASCII (nearly every value) is checked fastest by `to_str`.
                    let value = match v.to_str() {
                        Ok(text) => text.to_owned(),
                        Err(_) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    };
                    (k.as_str().to_owned(), value)
                })
                .collect();
            // A HEAD answer and 1xx/204/304 answers have no body, whatever their length says.
            let bodiless = head || status < 200 || status == 204 || status == 304;
            let declared = if bodiless {
                None
            } else {
                response.content_length()
            };
            let body = read_body(&mut Chunks(response), declared, self.limits, &*self.sleep)
                .await
                .map_err(|e| body_error(e, request.authority()))?;
            Ok(HttpResponse::new(status, headers, body))
        })
    }
}

/// A header name, without a copy when it is a static lower-case name (the runtime's own: the
/// wire form, as HTTP/2 requires and hyper writes every name).
fn header_name(
    name: Cow<'static, str>,
) -> Result<reqwest::header::HeaderName, reqwest::header::InvalidHeaderName> {
    match name {
        Cow::Borrowed(name)
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            // Checked above: `from_static` accepts every such name.
            Ok(reqwest::header::HeaderName::from_static(name))
        }
        name => reqwest::header::HeaderName::from_bytes(name.as_bytes()),
    }
}

/// A header value: its UTF-8 bytes (signers sign them that way), moved rather than copied.
fn header_value(
    value: Cow<'static, str>,
) -> Result<reqwest::header::HeaderValue, reqwest::header::InvalidHeaderValue> {
    let bytes = match value {
        Cow::Borrowed(value) => bytes::Bytes::from_static(value.as_bytes()),
        Cow::Owned(value) => bytes::Bytes::from(value.into_bytes()),
    };
    reqwest::header::HeaderValue::from_maybe_shared(bytes)
}

/// A body that could not be read: the response had started, so the request was sent.
fn body_error(error: BodyError<reqwest::Error>, host: &str) -> TransportError {
    match error {
        BodyError::Timeout(timeout) => TransportError::timed_out(timeout, RequestSent::Yes),
        BodyError::TooLarge { .. } => TransportError::with_kind(
            TransportErrorKind::InvalidResponse,
            RequestSent::Yes,
            error.to_string(),
            None,
        ),
        BodyError::Read(e) => TransportError::with_kind(
            TransportErrorKind::Io,
            RequestSent::Yes,
            format!("the response body from {host} broke off"),
            Some(Box::new(e)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_and_values_convert_without_panics() {
        // Static lower-case names are taken as they are; any other name is checked (and
        // lower-cased) by `from_bytes`.
        for name in ["x-amz-date", "content-type", "X-Amz-Target", "a1-b"] {
            let converted = header_name(Cow::Borrowed(name)).expect("a valid name");
            assert_eq!(converted.as_str(), name.to_ascii_lowercase());
        }
        let owned = header_name(Cow::Owned("X-Custom".to_owned())).expect("a valid name");
        assert_eq!(owned.as_str(), "x-custom");
        for bad in ["", "bad name", "new\nline", "colon:"] {
            assert!(header_name(Cow::Borrowed(bad)).is_err(), "{bad:?}");
            assert!(header_name(Cow::Owned(bad.to_owned())).is_err(), "{bad:?}");
        }
        let value = header_value(Cow::Owned("v\u{e9}".to_owned())).expect("UTF-8 bytes");
        assert_eq!(value.as_bytes(), "v\u{e9}".as_bytes());
        assert_eq!(
            header_value(Cow::Borrowed("application/x-amz-json-1.1")).expect("valid"),
            "application/x-amz-json-1.1"
        );
        assert!(header_value(Cow::Borrowed("a\r\nb")).is_err());
        assert!(header_value(Cow::Owned("a\nb".to_owned())).is_err());
    }

    #[test]
    fn the_last_url_is_reused_only_for_the_same_text() {
        let last = LastUrl::default();
        let a = last.parse("https://example.com/a?x=1").expect("a");
        assert_eq!(a.as_str(), "https://example.com/a?x=1");
        assert_eq!(last.parse("https://example.com/a?x=1").expect("again"), a);
        let b = last.parse("https://example.com/b").expect("b");
        assert_eq!(b.path(), "/b");
        assert_eq!(
            last.0
                .lock()
                .expect("lock")
                .as_ref()
                .map(|(t, _)| t.as_str()),
            Some("https://example.com/b")
        );
        // While another request holds the cache, a URL is parsed all the same.
        let held = last.0.lock().expect("lock");
        assert_eq!(
            last.parse("http://127.0.0.1:9/c").expect("c").port(),
            Some(9)
        );
        drop(held);
    }

    #[test]
    fn urls_without_a_host_are_refused() {
        let last = LastUrl::default();
        assert!(last.parse("not a url").is_err());
        assert_eq!(
            last.parse("mailto:someone@example.com")
                .expect_err("no host")
                .to_string(),
            "the URL has no host"
        );
    }

    #[tokio::test]
    async fn an_invalid_url_is_not_sent() {
        let transport = ReqwestTransport::new();
        let request = HttpRequest::new("GET", "http://");
        let error = transport.send(request).await.expect_err("invalid");
        assert_eq!(error.sent, RequestSent::No);
        assert!(error.to_string().contains("invalid URL"), "{error}");
    }
}
