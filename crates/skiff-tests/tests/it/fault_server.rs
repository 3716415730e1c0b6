//! A fault-injection HTTP/1.1 server for the pipeline's integration tests.
//!
//! Role: stand in for a misbehaving service on 127.0.0.1, so that retries, timeouts, the idle
//! read limit, the body cap and connection reuse can be tested against real sockets.
//!
//! Input: a script of [`Behaviour`]s. Requests are answered in arrival order (across all
//! connections): request *n* gets behaviour *n*; once the script is used up, the last behaviour
//! repeats (an empty script answers `200` with an empty body). Output: the behaviour's bytes on
//! the wire, and counters of connections and requests, and the requests themselves, for the
//! test to assert on.
//!
//! Design:
//! - plain `std::net` and threads (one acceptor, one thread per connection), so tests on any
//!   runtime — or none — can use it;
//! - every wait is sliced into [`POLL`] steps that check a shutdown flag: reads and writes have
//!   socket timeouts of one step, stalls and drips sleep one step at a time. Dropping the server
//!   sets the flag and joins every thread, so it stops within a few steps whatever the clients
//!   do, and a test can never hang on it;
//! - a reset (TCP RST) is an abortive close: `SO_LINGER` set to zero (through tokio's
//!   `TcpSocket::set_zero_linger`, as std has no stable setter) before the socket is dropped;
//! - requests are HTTP/1.1 with an optional `Content-Length` body (no chunked bodies: the
//!   runtime's transport always sends a length). Connections are kept alive unless the request
//!   says `Connection: close` or the behaviour ends the connection. Bytes that are not HTTP
//!   close the connection without counting a request.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The slice of every wait: the longest the server takes to notice it is dropped.
pub const POLL: Duration = Duration::from_millis(10);
/// The largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body accepted.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A canned response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canned {
    /// The status code.
    pub status: u16,
    /// Headers, in order (`Content-Length` is added by the server).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Canned {
    /// A response with `status`, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Canned {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The status line and headers, with `Content-Length: content_length`.
    fn head(&self, content_length: &str, close: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {content_length}\r\n"));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// How the server answers one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Send the response; keep the connection.
    Respond(Canned),
    /// Close the connection (FIN) without answering.
    CloseBeforeResponse,
    /// Reset the connection (RST) without answering.
    ResetBeforeResponse,
    /// Send the head (with the full `Content-Length`) and the first `after` body bytes, then
    /// reset.
    ResetMidBody {
        /// The response.
        response: Canned,
        /// Body bytes sent before the reset.
        after: usize,
    },
    /// Never answer; the connection stays open until the server is dropped.
    Stall,
    /// Send the head at once, then the body one byte every `interval`; keep the connection.
    Drip {
        /// The response.
        response: Canned,
        /// The pause before each body byte.
        interval: Duration,
    },
    /// Declare `missing` more body bytes than are sent, then close.
    Truncated {
        /// The response.
        response: Canned,
        /// Bytes declared but never sent.
        missing: usize,
    },
    /// Send the whole body under a `Content-Length` of `declared` (any text: a wrong number, or
    /// not a number); keep the connection, so the extra bytes poison the next response on it.
    WrongContentLength {
        /// The response.
        response: Canned,
        /// The `Content-Length` value sent.
        declared: String,
    },
    /// Send these bytes instead of an HTTP response, then close.
    Garbage(Vec<u8>),
    /// `200` with a body of `size` bytes (byte *i* is `i % 251`), streamed, never buffered
    /// whole; keep the connection.
    LargeBody {
        /// The body size in bytes.
        size: usize,
    },
}

impl Behaviour {
    /// `status` with an empty body.
    pub fn status(status: u16) -> Self {
        Behaviour::Respond(Canned::new(status))
    }

    /// `status` with a `Retry-After: value` header.
    pub fn retry_after(status: u16, value: &str) -> Self {
        Behaviour::Respond(Canned::new(status).header("Retry-After", value))
    }

    /// A body of `mib` MiB.
    pub fn mebibytes(mib: usize) -> Self {
        Behaviour::LargeBody { size: mib << 20 }
    }
}

/// A request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// Which connection it came on (0 for the first accepted).
    pub connection: usize,
    /// The method.
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Shared {
    shutdown: AtomicBool,
    connections: AtomicUsize,
    requests: AtomicUsize,
    script: Mutex<(VecDeque<Behaviour>, Option<Behaviour>)>,
    recorded: Mutex<Vec<Recorded>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    fn stopping(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    fn next_behaviour(&self) -> Behaviour {
        let mut script = lock(&self.script);
        let (queue, last) = &mut *script;
        match queue.pop_front() {
            Some(b) => {
                *last = Some(b.clone());
                b
            }
            None => last
                .clone()
                .unwrap_or_else(|| Behaviour::Respond(Canned::new(200))),
        }
    }

    /// Sleeps `total` in [`POLL`] slices; false if the server is stopping.
    fn pause(&self, total: Duration) -> bool {
        let end = Instant::now() + total;
        loop {
            if self.stopping() {
                return false;
            }
            let now = Instant::now();
            if now >= end {
                return true;
            }
            std::thread::sleep((end - now).min(POLL));
        }
    }
}

/// The server. Dropping it stops it (within a few [`POLL`] steps) and closes every connection.
pub struct FaultServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 (a free port) answering with `script`.
    pub fn start(script: impl IntoIterator<Item = Behaviour>) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            shutdown: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            script: Mutex::new((script.into_iter().collect(), None)),
            recorded: Mutex::new(Vec::new()),
            workers: Mutex::new(Vec::new()),
        });
        let acceptor_shared = shared.clone();
        let acceptor = std::thread::Builder::new()
            .name("fault-server-accept".into())
            .spawn(move || accept_loop(listener, acceptor_shared))?;
        Ok(FaultServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Requests received so far (counted when the head is read, before answering).
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// The requests received so far.
    pub fn recorded(&self) -> Vec<Recorded> {
        lock(&self.shared.recorded).clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let workers = std::mem::take(&mut *lock(&self.shared.workers));
        for worker in workers {
            let _ = worker.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let index = shared.connections.fetch_add(1, Ordering::SeqCst);
                let worker_shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("fault-server-conn-{index}"))
                    .spawn(move || {
                        let _ = serve(stream, index, &worker_shared);
                    });
                if let Ok(handle) = spawned {
                    lock(&shared.workers).push(handle);
                }
            }
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// Serves one connection until it ends, a behaviour ends it, or the server stops.
fn serve(mut stream: TcpStream, index: usize, shared: &Shared) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(POLL))?;
    stream.set_write_timeout(Some(POLL))?;
    stream.set_nodelay(true)?;
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, index, shared)? else {
            return Ok(());
        };
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        shared.requests.fetch_add(1, Ordering::SeqCst);
        lock(&shared.recorded).push(request);
        let keep = answer(shared.next_behaviour(), stream, close, shared)?;
        match keep {
            Some(s) => stream = s,
            None => return Ok(()),
        }
    }
}

/// Performs `behaviour`; gives the stream back if the connection is to be kept.
fn answer(
    behaviour: Behaviour,
    mut stream: TcpStream,
    close: bool,
    shared: &Shared,
) -> io::Result<Option<TcpStream>> {
    let keep = |stream: TcpStream| {
        if close {
            let _ = stream.shutdown(Shutdown::Both);
            None
        } else {
            Some(stream)
        }
    };
    match behaviour {
        Behaviour::Respond(response) => {
            let mut bytes = response.head(&response.body.len().to_string(), close);
            bytes.extend_from_slice(&response.body);
            write_all(&mut stream, &bytes, shared)?;
            Ok(keep(stream))
        }
        Behaviour::CloseBeforeResponse => {
            let _ = stream.shutdown(Shutdown::Both);
            Ok(None)
        }
        Behaviour::ResetBeforeResponse => {
            reset(stream);
            Ok(None)
        }
        Behaviour::ResetMidBody { response, after } => {
            let mut bytes = response.head(&response.body.len().to_string(), close);
            bytes.extend_from_slice(&response.body[..after.min(response.body.len())]);
            write_all(&mut stream, &bytes, shared)?;
            // Let the bytes leave before the abortive close discards the send buffer.
            shared.pause(Duration::from_millis(50));
            reset(stream);
            Ok(None)
        }
        Behaviour::Stall => {
            while shared.pause(POLL) {}
            Ok(None)
        }
        Behaviour::Drip { response, interval } => {
            write_all(
                &mut stream,
                &response.head(&response.body.len().to_string(), close),
                shared,
            )?;
            for byte in &response.body {
                if !shared.pause(interval) {
                    return Ok(None);
                }
                write_all(&mut stream, std::slice::from_ref(byte), shared)?;
            }
            Ok(keep(stream))
        }
        Behaviour::Truncated { response, missing } => {
            let declared = response.body.len() + missing;
            let mut bytes = response.head(&declared.to_string(), close);
            bytes.extend_from_slice(&response.body);
            write_all(&mut stream, &bytes, shared)?;
            let _ = stream.shutdown(Shutdown::Both);
            Ok(None)
        }
        Behaviour::WrongContentLength { response, declared } => {
            let mut bytes = response.head(&declared, close);
            bytes.extend_from_slice(&response.body);
            write_all(&mut stream, &bytes, shared)?;
            Ok(keep(stream))
        }
        Behaviour::Garbage(bytes) => {
            write_all(&mut stream, &bytes, shared)?;
            let _ = stream.shutdown(Shutdown::Both);
            Ok(None)
        }
        Behaviour::LargeBody { size } => {
            write_all(
                &mut stream,
                &Canned::new(200).head(&size.to_string(), close),
                shared,
            )?;
            let mut chunk = Vec::with_capacity(64 * 1024);
            let mut sent = 0;
            while sent < size {
                chunk.clear();
                let n = (size - sent).min(64 * 1024);
                chunk.extend((sent..sent + n).map(|i| (i % 251) as u8));
                write_all(&mut stream, &chunk, shared)?;
                sent += n;
            }
            Ok(keep(stream))
        }
    }
}

/// An abortive close: RST instead of FIN.
fn reset(stream: TcpStream) {
    let socket = tokio::net::TcpSocket::from_std_stream(stream);
    let _ = socket.set_zero_linger();
    drop(socket);
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// Writes all of `bytes`, in [`POLL`] slices; fails if the server stops first.
fn write_all(stream: &mut TcpStream, mut bytes: &[u8], shared: &Shared) -> io::Result<()> {
    while !bytes.is_empty() {
        if shared.stopping() {
            return Err(io::Error::other("server stopping"));
        }
        match stream.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if timed_out(&e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads more bytes into `buffer`; `Ok(false)` at the end of the stream or when stopping.
fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>, shared: &Shared) -> io::Result<bool> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if shared.stopping() {
            return Ok(false);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buffer.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(e) if timed_out(&e) => {}
            Err(e) => return Err(e),
        }
    }
}

/// Reads one request; `None` when the connection ends (or is not speaking HTTP).
fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
    shared: &Shared,
) -> io::Result<Option<Recorded>> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > MAX_HEAD || !fill(stream, buffer, shared)? {
            return Ok(None);
        }
    };
    let Ok(head) = std::str::from_utf8(&buffer[..head_end]) else {
        return Ok(None);
    };
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version)) = (
        request_line.next(),
        request_line.next(),
        request_line.next(),
    ) else {
        return Ok(None);
    };
    if !version.starts_with("HTTP/1.") {
        return Ok(None);
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Ok(None);
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let mut request = Recorded {
        connection,
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= MAX_BODY => n,
            _ => return Ok(None),
        },
    };
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        if !fill(stream, buffer, shared)? {
            return Ok(None);
        }
    }
    request.body = buffer.drain(..length).collect();
    Ok(Some(request))
}
