//! The default transport: reqwest with rustls (ring provider).

use super::{BoxFuture, HttpRequest, HttpResponse, HttpTransport, TransportError};

/// The default transport: reqwest with rustls (ring provider), redirects disabled.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a fresh reqwest client that never follows redirects, gives up
    /// connecting after 10 seconds, and fails a response that stalls for 60 seconds (so a dead
    /// server cannot hang a call forever).
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(10))
            .read_timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap_or_default();
        ReqwestTransport { client }
    }

    /// Wraps an existing reqwest client (which should not follow redirects).
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| TransportError::new("invalid HTTP method", Some(Box::new(e))))?;
            let mut builder = self.client.request(method, &request.url);
            for (name, value) in request.headers.iter() {
                // Header values go out as their UTF-8 bytes (signers sign them that way).
                let value = reqwest::header::HeaderValue::from_bytes(value.as_bytes())
                    .map_err(|e| TransportError::new("invalid header value", Some(Box::new(e))))?;
                builder = builder.header(name, value);
            }
            let response =
                builder.body(request.body).send().await.map_err(|e| {
                    TransportError::new("failed to send request", Some(Box::new(e)))
                })?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response
                .bytes()
                .await
                .map_err(|e| {
                    TransportError::new("failed to read response body", Some(Box::new(e)))
                })?
                .to_vec();
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}
