//! Trust roots over a real TLS handshake: a server on 127.0.0.1 presents a `localhost`
//! certificate signed by a test CA (`tests/data/tls`). The default roots (the platform store
//! and the bundled Mozilla roots) do not trust it, and the call fails as a transport error
//! naming no secret; with the CA added through `add_root_certificates_pem`, the same call
//! succeeds, over HTTPS.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

use skiff_aws_codepipeline::Client;
use skiff_runtime::SdkError;

const CA: &[u8] = include_bytes!("../data/tls/ca.pem");
const CERT: &[u8] = include_bytes!("../data/tls/server.pem");
const KEY: &[u8] = include_bytes!("../data/tls/server.key");

/// Serves HTTPS on 127.0.0.1 until one request is answered (at most `connections` handshakes,
/// each bounded): returns the URL and the request line and `Host` the server saw.
async fn serve_tls(
    connections: usize,
) -> (String, tokio::task::JoinHandle<Option<(String, String)>>) {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(CERT)
        .collect::<Result<_, _>>()
        .expect("test certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("test key");
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let task = tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept().await else {
                return None;
            };
            let accepted = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp));
            let Ok(Ok(mut tls)) = accepted.await else {
                continue; // the client refused the certificate
            };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65_536 {
                match tokio::time::timeout(Duration::from_secs(10), tls.read(&mut buf)).await {
                    Ok(Ok(n)) if n > 0 => request.extend_from_slice(&buf[..n]),
                    _ => break,
                }
            }
            let text = String::from_utf8_lossy(&request).into_owned();
            let line = text.lines().next().unwrap_or_default().to_owned();
            let host = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("host: ")
                        .or_else(|| l.strip_prefix("Host: "))
                })
                .unwrap_or_default()
                .to_owned();
            let body = "{}";
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n\
                 x-amzn-RequestId: tls-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(response.as_bytes()).await;
            let _ = tls.shutdown().await;
            return Some((line, host));
        }
        None
    });
    (format!("https://localhost:{port}"), task)
}

async fn call(config: skiff_runtime::Config) -> Result<String, String> {
    match Client::new(config)
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("t")
        .send()
        .await
    {
        Ok(out) => Ok(skiff_runtime::ProvideResponseMeta::request_id(&out)
            .unwrap_or_default()
            .to_owned()),
        Err(SdkError::Transport(e)) => Err(format!("transport: {e}")),
        Err(e) => Err(format!("other: {e}")),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_private_ca_is_trusted_only_when_added() {
    let (url, server) = serve_tls(4).await;
    // Default roots: the handshake fails, the call is a transport error.
    let refused = call(crate::config(&url)).await.expect_err("untrusted CA");
    assert!(refused.starts_with("transport: "), "{refused}");
    // The test CA added: the same server answers.
    let config = crate::config(&url)
        .to_builder()
        .add_root_certificates_pem(CA)
        .build();
    assert_eq!(call(config).await, Ok("tls-1".to_owned()));
    let (line, host) = tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("server done")
        .expect("server task")
        .expect("one request answered");
    assert_eq!(line, "POST / HTTP/1.1");
    assert_eq!(
        host,
        format!("localhost:{}", url.rsplit(':').next().unwrap())
    );
}
