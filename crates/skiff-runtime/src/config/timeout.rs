//! [`TimeoutConfig`]: the four limits of a call (connect, per attempt, whole operation, idle
//! read), and their defaults. The timer that enforces them is `crate::timer`; the transport
//! enforces `connect`, the pipeline the others.

use std::time::Duration;

/// The four limits of a call (see [`crate::timer::timeout`](mod@crate::timer::timeout) for who enforces each and why the
/// defaults are what they are). `None` disables a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
    idle_read: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Some(crate::http::DEFAULT_CONNECT_TIMEOUT),
            attempt: None,
            operation: Some(Duration::from_secs(5 * 60)),
            idle_read: Some(crate::http::DEFAULT_IDLE_READ_TIMEOUT),
        }
    }
}

impl TimeoutConfig {
    /// No limit at all (tests; callers that enforce their own).
    pub fn disabled() -> Self {
        TimeoutConfig {
            connect: None,
            attempt: None,
            operation: None,
            idle_read: None,
        }
    }

    /// Sets the connect timeout (given to the transport).
    pub fn with_connect(mut self, limit: Option<Duration>) -> Self {
        self.connect = limit;
        self
    }

    /// Sets the per-attempt timeout.
    pub fn with_attempt(mut self, limit: Option<Duration>) -> Self {
        self.attempt = limit;
        self
    }

    /// Sets the whole-operation timeout.
    pub fn with_operation(mut self, limit: Option<Duration>) -> Self {
        self.operation = limit;
        self
    }

    /// Sets the idle-read timeout.
    pub fn with_idle_read(mut self, limit: Option<Duration>) -> Self {
        self.idle_read = limit;
        self
    }

    /// The connect timeout.
    pub fn connect(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt timeout.
    pub fn attempt(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-operation timeout.
    pub fn operation(&self) -> Option<Duration> {
        self.operation
    }

    /// The idle-read timeout.
    pub fn idle_read(&self) -> Option<Duration> {
        self.idle_read
    }
}
