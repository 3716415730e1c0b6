//! The stub server of `cargo xtask bench`: listens on 127.0.0.1 on a free port, prints
//! `listening http://127.0.0.1:<port>` on stdout, and answers every request with one fixed
//! awsJson 1.1 `GetThirdPartyJobDetails` response (`bench/data/…json`), keeping connections
//! alive (HTTP/1.1). A thread per connection.
//!
//! It stops when its stdin closes (the driver holds the other end, so a killed driver leaves no
//! server behind) or after `--max-seconds` (default 3600), whichever comes first.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::Duration;

use bench_common::{REQUEST_ID, RESPONSE_BODY};

/// Largest request head or body accepted (the benchmark's requests are a few hundred bytes).
const MAX_REQUEST: usize = 1 << 20;

fn main() {
    let mut max_seconds: u64 = 3600;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|v| v.parse::<u64>())) {
            ("--max-seconds", Some(Ok(v))) if v > 0 => max_seconds = v,
            _ => {
                eprintln!("usage: bench-stub [--max-seconds N]");
                std::process::exit(2);
            }
        }
    }
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, 0)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("bench-stub: cannot bind 127.0.0.1: {e}");
            std::process::exit(1);
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            eprintln!("bench-stub: no local address: {e}");
            std::process::exit(1);
        }
    };
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        std::process::exit(0);
    });
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(max_seconds));
        eprintln!("bench-stub: --max-seconds {max_seconds} reached; exiting");
        std::process::exit(0);
    });
    let head = format!(
        "HTTP/1.1 200 OK\r\nx-amzn-RequestId: {REQUEST_ID}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n",
        RESPONSE_BODY.len()
    );
    let mut response = head.into_bytes();
    response.extend_from_slice(RESPONSE_BODY);
    let response: &'static [u8] = Box::leak(response.into_boxed_slice());
    println!("listening http://127.0.0.1:{port}");
    let _ = std::io::stdout().flush();
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                std::thread::spawn(move || {
                    if let Err(e) = serve(stream, response) {
                        eprintln!("bench-stub: connection: {e}");
                    }
                });
            }
            Err(e) => eprintln!("bench-stub: accept: {e}"),
        }
    }
}

/// Serves one connection until the client closes it.
fn serve(stream: TcpStream, response: &[u8]) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        // Request line and headers.
        let mut content_length = 0usize;
        let mut close = false;
        let mut head_bytes = 0usize;
        let mut first = true;
        loop {
            line.clear();
            let n = reader.read_line(&mut line)?;
            if n == 0 {
                return Ok(()); // closed between requests
            }
            head_bytes += n;
            if head_bytes > MAX_REQUEST {
                return Err(std::io::Error::other("request head too large"));
            }
            let trimmed = line.trim_end();
            if first {
                // The request line: every request gets the same answer.
                first = false;
                continue;
            }
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value
                        .parse()
                        .map_err(|_| std::io::Error::other("bad content-length"))?;
                } else if name.eq_ignore_ascii_case("connection") {
                    close = value.eq_ignore_ascii_case("close");
                }
            }
        }
        if content_length > MAX_REQUEST {
            return Err(std::io::Error::other("request body too large"));
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        writer.write_all(response)?;
        if close {
            return Ok(());
        }
    }
}
