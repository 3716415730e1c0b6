//! Reading a response body chunk by chunk, with the idle-read timeout and a maximum size.
//!
//! Role: the one place a body is accumulated, so that a stalled server (no byte for the idle
//! limit) and an oversized body both fail with a typed error instead of hanging or exhausting
//! memory. The transport adapts its body to [`BodyChunks`] (for reqwest: `Response::chunk`).
//!
//! Input: the chunk source, the size the response declares (`Content-Length`, when a body is
//! expected: pass `None` for `HEAD` requests and 1xx/204/304 responses, whose length describes
//! no body), the limits, and a timer. Output: the whole body, or [`BodyError`].
//!
//! Rules:
//! - each wait for the next chunk is limited by the idle-read timeout, so the limit is on
//!   silence, not on total time (which is the attempt's and operation's business);
//! - a declared length over the maximum fails before reading anything (no point downloading
//!   what will be refused);
//! - a chunk that would take the buffer over the maximum fails without being appended, so the
//!   buffer never holds more than the maximum; the pre-allocation trusts the declared length
//!   only up to 1 MiB, so a lying `Content-Length` cannot reserve memory either.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use bytes::Bytes;

use crate::timer::{AsyncSleep, Timeout, TimeoutError, TimeoutKind};

/// The largest pre-allocation made from a declared length.
const MAX_PREALLOCATION: u64 = 1 << 20;

/// A response body read one chunk at a time.
pub trait BodyChunks: Send {
    /// The error of a failed read.
    type Error;

    /// The next chunk; `Ok(None)` at the end of the body. Empty chunks are allowed and skipped.
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, Self::Error>> + Send;
}

/// The limits applied by [`read_body`]. `None` disables one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BodyLimits {
    /// The longest wait for a chunk.
    pub idle_read: Option<Duration>,
    /// The largest body accepted, in bytes.
    pub max_size: Option<u64>,
}

/// Why [`read_body`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError<E> {
    /// The chunk source failed.
    Read(E),
    /// No chunk arrived within the idle-read timeout (kind [`TimeoutKind::IdleRead`]).
    Timeout(TimeoutError),
    /// The body is larger than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The length the response declared, when that is what exceeded the limit.
        declared: Option<u64>,
    },
}

impl<E: fmt::Display> fmt::Display for BodyError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Read(e) => write!(f, "failed to read the response body: {e}"),
            BodyError::Timeout(e) => e.fmt(f),
            BodyError::TooLarge {
                limit,
                declared: Some(declared),
            } => write!(
                f,
                "response body of {declared} bytes is over the limit of {limit} bytes"
            ),
            BodyError::TooLarge {
                limit,
                declared: None,
            } => write!(f, "response body is over the limit of {limit} bytes"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for BodyError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Read(e) => Some(e),
            BodyError::Timeout(e) => Some(e),
            BodyError::TooLarge { .. } => None,
        }
    }
}

/// Reads all of `body` under `limits`, timing waits with `sleeper`; `declared` is the length
/// the response announces for its body, if any (see the [module docs](self)).
pub async fn read_body<B: BodyChunks>(
    body: &mut B,
    declared: Option<u64>,
    limits: BodyLimits,
    sleeper: &dyn AsyncSleep,
) -> Result<Bytes, BodyError<B::Error>> {
    let limit = limits.max_size.unwrap_or(u64::MAX);
    if let Some(declared) = declared {
        if declared > limit {
            return Err(BodyError::TooLarge {
                limit,
                declared: Some(declared),
            });
        }
    }
    // Reserved when a second chunk comes: a body that arrives in one chunk (most answers) is
    // that chunk, neither copied nor allocated twice.
    let reserve = usize::try_from(declared.unwrap_or(0).min(MAX_PREALLOCATION)).unwrap_or(0);
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let chunk = match Timeout::new(sleeper, limits.idle_read, body.next_chunk()).await {
            Ok(Ok(Some(chunk))) => chunk,
            Ok(Ok(None)) => {
                return Ok(match first {
                    Some(chunk) if buffer.is_empty() => chunk,
                    _ => Bytes::from(buffer),
                })
            }
            Ok(Err(e)) => return Err(BodyError::Read(e)),
            Err(elapsed) => {
                return Err(BodyError::Timeout(TimeoutError::new(
                    TimeoutKind::IdleRead,
                    elapsed.duration(),
                )))
            }
        };
        if chunk.is_empty() {
            continue;
        }
        let held = first.as_ref().map_or(0, |c| c.len()) + buffer.len();
        let total = (held as u64).saturating_add(chunk.len() as u64);
        if total > limit {
            return Err(BodyError::TooLarge {
                limit,
                declared: None,
            });
        }
        match first.take() {
            None if buffer.is_empty() => first = Some(chunk),
            held => {
                if let Some(held) = held {
                    buffer.reserve(reserve.max(held.len() + chunk.len()));
                    buffer.extend_from_slice(&held);
                }
                buffer.extend_from_slice(&chunk);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timer::FakeClock;
    use std::collections::VecDeque;

    /// Chunks from a script: `Some(Ok)` a chunk, `Some(Err)` a failure, `None` a stall.
    struct Scripted {
        script: VecDeque<Option<Result<Vec<u8>, String>>>,
        reads: usize,
    }

    fn scripted(items: Vec<Option<Result<&str, &str>>>) -> Scripted {
        Scripted {
            script: items
                .into_iter()
                .map(|i| i.map(|r| r.map(|s| s.as_bytes().to_vec()).map_err(str::to_owned)))
                .collect(),
            reads: 0,
        }
    }

    impl BodyChunks for Scripted {
        type Error = String;

        async fn next_chunk(&mut self) -> Result<Option<Bytes>, String> {
            self.reads += 1;
            match self.script.pop_front() {
                None => Ok(None),
                Some(Some(item)) => item.map(|chunk| Some(Bytes::from(chunk))),
                Some(None) => std::future::pending().await,
            }
        }
    }

    const LIMITS: BodyLimits = BodyLimits {
        idle_read: Some(Duration::from_secs(60)),
        max_size: Some(10),
    };

    #[tokio::test]
    async fn reads_every_chunk() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("hello")), Some(Ok("")), Some(Ok(" you"))]);
        let read = read_body(&mut body, Some(9), LIMITS, &clock.sleeper()).await;
        assert_eq!(read, Ok(Bytes::from_static(b"hello you")));
        assert_eq!(clock.elapsed(), Duration::ZERO);
        let mut empty = scripted(vec![]);
        assert_eq!(
            read_body(&mut empty, None, BodyLimits::default(), &clock.sleeper()).await,
            Ok(Bytes::new())
        );
    }

    /// A body of one chunk is that chunk, not a copy of it; an empty chunk after it changes
    /// nothing.
    #[tokio::test]
    async fn one_chunk_is_handed_over_as_it_is() {
        struct Once(Option<Bytes>);
        impl BodyChunks for Once {
            type Error = String;
            async fn next_chunk(&mut self) -> Result<Option<Bytes>, String> {
                Ok(self.0.take())
            }
        }
        let clock = FakeClock::at_epoch_secs(0);
        let chunk = Bytes::from(b"{\"a\":1}".to_vec());
        let at = chunk.as_ptr();
        let read = read_body(&mut Once(Some(chunk)), Some(7), LIMITS, &clock.sleeper()).await;
        let read = read.expect("read");
        assert_eq!(&read[..], b"{\"a\":1}");
        assert_eq!(read.as_ptr(), at);
        let mut body = scripted(vec![Some(Ok("{}")), Some(Ok(""))]);
        let read = read_body(&mut body, Some(2), LIMITS, &clock.sleeper()).await;
        assert_eq!(read, Ok(Bytes::from_static(b"{}")));
    }

    #[tokio::test]
    async fn exactly_the_limit_is_accepted() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("0123456789"))]);
        let read = read_body(&mut body, Some(10), LIMITS, &clock.sleeper()).await;
        assert_eq!(read.map(|b| b.len()), Ok(10));
    }

    #[tokio::test]
    async fn declared_length_over_the_limit_fails_before_reading() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("x"))]);
        let read = read_body(&mut body, Some(11), LIMITS, &clock.sleeper()).await;
        assert_eq!(
            read,
            Err(BodyError::TooLarge {
                limit: 10,
                declared: Some(11)
            })
        );
        assert_eq!(body.reads, 0);
    }

    #[tokio::test]
    async fn undeclared_body_over_the_limit_stops_at_the_chunk_that_crosses_it() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![
            Some(Ok("01234")),
            Some(Ok("56789a")),
            Some(Ok("never read")),
        ]);
        let read = read_body(&mut body, None, LIMITS, &clock.sleeper()).await;
        assert_eq!(
            read,
            Err(BodyError::TooLarge {
                limit: 10,
                declared: None
            })
        );
        assert_eq!(body.reads, 2);
        // A lying Content-Length under the limit does not help either.
        let mut body = scripted(vec![Some(Ok("01234")), Some(Ok("56789a"))]);
        let read = read_body(&mut body, Some(3), LIMITS, &clock.sleeper()).await;
        assert!(matches!(read, Err(BodyError::TooLarge { .. })));
    }

    #[tokio::test]
    async fn stalled_body_times_out() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("abc")), None]);
        let read = read_body(&mut body, Some(10), LIMITS, &clock.sleeper()).await;
        let Err(BodyError::Timeout(e)) = read else {
            panic!("{read:?}")
        };
        assert_eq!(e.kind(), TimeoutKind::IdleRead);
        assert_eq!(e.duration(), Duration::from_secs(60));
        // The first chunk was ready at once: only the stall slept.
        assert_eq!(clock.sleeps(), [Duration::from_secs(60)]);
    }

    #[tokio::test]
    async fn read_errors_pass_through() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("abc")), Some(Err("connection reset"))]);
        let read = read_body(&mut body, None, LIMITS, &clock.sleeper()).await;
        assert_eq!(read, Err(BodyError::Read("connection reset".to_owned())));
        assert_eq!(
            read.unwrap_err().to_string(),
            "failed to read the response body: connection reset"
        );
    }

    #[tokio::test]
    async fn no_limits_means_none() {
        let clock = FakeClock::at_epoch_secs(0);
        let mut body = scripted(vec![Some(Ok("0123456789abcdef"))]);
        let sleeper = clock.sleeper();
        let read = read_body(&mut body, Some(u64::MAX), BodyLimits::default(), &sleeper);
        assert_eq!(read.await.map(|b| b.len()), Ok(16));
        assert!(clock.requested().is_empty());
    }
}
