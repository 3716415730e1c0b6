//! A minimal HTTP/1.1 server on 127.0.0.1 for tests: it answers exactly the canned responses
//! it is given, one connection each (`Connection: close`), records each request, and stops.
//! Every wait is bounded by a timeout, so a client that never calls cannot hang a test.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (case-insensitive); panics if absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("header {name} missing in {:?}", self.headers))
    }
}

/// A canned response.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    /// A response with a status, headers and a body.
    pub fn new(status: u16, headers: &[(&'static str, &str)], body: impl Into<Vec<u8>>) -> Self {
        Canned {
            status,
            headers: headers.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            body: body.into(),
        }
    }
}

/// Starts a server answering `responses` in order; returns its base URL and a handle yielding
/// the received requests once all responses are sent.
pub async fn serve(responses: Vec<Canned>) -> (String, JoinHandle<Vec<Received>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let handle = tokio::spawn(async move {
        let mut received = Vec::new();
        for canned in responses {
            let accept = tokio::time::timeout(Duration::from_secs(10), listener.accept());
            let Ok(Ok((mut stream, _))) = accept.await else {
                break;
            };
            let Some(request) = read_request(&mut stream).await else {
                break;
            };
            received.push(request);
            let mut out = format!("HTTP/1.1 {} X\r\n", canned.status);
            for (k, v) in &canned.headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                canned.body.len()
            ));
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&canned.body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        received
    });
    (url, handle)
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}
