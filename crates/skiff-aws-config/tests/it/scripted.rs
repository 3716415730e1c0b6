//! A transport answering scripted responses, for provider tests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use skiff_runtime::http::{BoxFuture, HttpRequest, HttpResponse, TransportError};
use skiff_runtime::HttpTransport;

/// Answers every request with the next scripted response (the last one repeats), and keeps
/// the requests. (Its own `Debug` shows nothing: the answers hold secrets on purpose.)
#[derive(Clone)]
pub struct Scripted {
    responses: Arc<Vec<(u16, String)>>,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Scripted {
    pub fn new(responses: &[(u16, &str)]) -> Self {
        Scripted {
            responses: Arc::new(
                responses
                    .iter()
                    .map(|(s, b)| (*s, (*b).to_owned()))
                    .collect(),
            ),
            sent: Arc::default(),
        }
    }
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl HttpTransport for Scripted {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut sent = self.sent.lock().unwrap();
        let index = sent.len().min(self.responses.len() - 1);
        sent.push(request);
        let (status, body) = self.responses[index].clone();
        Box::pin(async move {
            Ok(HttpResponse::new(
                status,
                Default::default(),
                body.into_bytes(),
            ))
        })
    }
}

impl Scripted {
    /// Every request sent so far.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.sent.lock().unwrap().clone()
    }
}

/// A transport that never answers.
#[derive(Debug, Clone, Copy)]
pub struct Silent;

impl HttpTransport for Silent {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Err(TransportError::new("never", None))
        })
    }
}
