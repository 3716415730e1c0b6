//! Which failures are retried.
//!
//! Input: what the attempt observed ([`Observed`]): a transport failure (how far the request
//! got, whether it was a timeout), an error response (status, error code, the modeled error's
//! `@retryable` trait, headers, whether the clock was found skewed), or a failure that is not
//! about I/O at all. Output: the kind of retry ([`RetryKind`]), which decides its backoff base
//! and quota cost, or `None`.
//!
//! Rules, in order (the union of the standard mode's checkers: botocore
//! `StandardRetryConditions`, smithy-rs's classifiers, aws-sdk-js-v3's error classification):
//!
//! 1. Non-idempotent request (a caller flag, e.g. Huawei `POST`): only a failure known to have
//!    happened before the request was sent ([`RequestSent::No`]: DNS, connection refused, TLS
//!    handshake, connect timeout) is retried. Anything later might have reached the server and
//!    been acted on, so retrying could do it twice; that includes error *responses*, since a
//!    gateway's 503 does not prove the backend did nothing.
//! 2. Transport failures (no complete response): retried, as [`RetryKind::Timeout`] when a
//!    timeout fired, else [`RetryKind::Transient`]. The connection broke or never came up;
//!    another attempt, likely on another connection, may well succeed.
//! 3. A response whose clock-skew check corrected the signing clock: [`RetryKind::ClockSkew`]
//!    (the loop retries it once per call: a second skew error means the correction did not help).
//! 4. Throttling: status 429, a code of [`THROTTLING_CODES`], or a modeled
//!    `@retryable(throttling: true)` error → [`RetryKind::Throttling`]. The service asked the
//!    client to slow down; backing off is the point.
//! 5. Modeled `@retryable` (not throttling), a code of [`TRANSIENT_CODES`], or a status of
//!    [`TRANSIENT_STATUSES`] (500, 502, 503, 504) → [`RetryKind::Transient`]: the service says
//!    the failure is temporary.
//! 6. Everything else is final: other 4xx errors are the caller's to fix, an undecodable
//!    success is not going to decode better next time, and invalid input or configuration was
//!    never sent.

use crate::http::Headers;
pub use crate::http::RequestSent;

/// AWS error codes that mean throttling (the union every AWS SDK uses; the same 14 codes in
/// botocore, smithy-rs and aws-sdk-js-v3).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// AWS error codes that mean a transient failure: the SDKs' `RequestTimeout` and
/// `RequestTimeoutException`, and STS's `IDPCommunicationError` (which botocore retries as a
/// special case; no other service sends it).
pub const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "IDPCommunicationError",
];

/// HTTP statuses that mean a transient server-side failure.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// A transport failure: no complete response was received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TransportFailure {
    /// How far the request got.
    pub sent: RequestSent,
    /// Whether a timeout fired (connect, attempt or idle read).
    pub timeout: bool,
}

/// The modeled error's `@retryable` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Retryable {
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
}

/// An error response.
#[derive(Clone, Copy, Debug)]
pub struct ResponseFailure<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The service's error code, sanitized (no namespace, no `:suffix`).
    pub code: Option<&'a str>,
    /// The `@retryable` trait of the modeled error the response matched, if any.
    pub retryable: Option<Retryable>,
    /// The response headers (`Retry-After`, `x-amz-retry-after`).
    pub headers: &'a Headers,
    /// Whether the attempt found the request rejected for clock skew and corrected the
    /// signing clock (see [`clock_skew`](super::clock_skew)).
    pub clock_skew_corrected: bool,
}

/// What an attempt's failure was, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
pub enum Observed<'a> {
    /// No complete response.
    Transport(TransportFailure),
    /// An error response.
    Response(ResponseFailure<'a>),
    /// A failure that is not about I/O (invalid input, configuration, an undecodable
    /// response, a body over the size limit): never retried.
    Final,
}

/// Implemented by the error type of an attempt, so that the loop can classify it.
pub trait Classify {
    /// What the failure was.
    fn observed(&self) -> Observed<'_>;
}

/// Why a failure is retryable; decides the backoff base and the quota cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryKind {
    /// A transient failure: a broken connection, a 5xx, a transient code.
    Transient,
    /// A timeout (costs more quota).
    Timeout,
    /// Throttling (uses the throttling backoff base).
    Throttling,
    /// The request was rejected for clock skew and the clock was corrected (retried once).
    ClockSkew,
}

/// Classifies `observed`; `non_idempotent` applies rule 1 of the [module docs](self).
pub fn classify(observed: &Observed<'_>, non_idempotent: bool) -> Option<RetryKind> {
    match observed {
        Observed::Final => None,
        Observed::Transport(t) if non_idempotent && t.sent != RequestSent::No => None,
        Observed::Transport(t) if t.timeout => Some(RetryKind::Timeout),
        Observed::Transport(_) => Some(RetryKind::Transient),
        Observed::Response(_) if non_idempotent => None,
        Observed::Response(r) => classify_response(r),
    }
}

fn classify_response(r: &ResponseFailure<'_>) -> Option<RetryKind> {
    let code = r.code.unwrap_or("");
    if r.clock_skew_corrected {
        Some(RetryKind::ClockSkew)
    } else if r.status == 429
        || THROTTLING_CODES.contains(&code)
        || r.retryable.is_some_and(|t| t.throttling)
    {
        Some(RetryKind::Throttling)
    } else if r.retryable.is_some()
        || TRANSIENT_CODES.contains(&code)
        || TRANSIENT_STATUSES.contains(&r.status)
    {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response<'a>(status: u16, code: Option<&'a str>, headers: &'a Headers) -> Observed<'a> {
        Observed::Response(ResponseFailure {
            status,
            code,
            retryable: None,
            headers,
            clock_skew_corrected: false,
        })
    }

    fn transport(sent: RequestSent, timeout: bool) -> Observed<'static> {
        Observed::Transport(TransportFailure { sent, timeout })
    }

    #[test]
    fn transport_failures_are_retried() {
        for sent in [RequestSent::No, RequestSent::Maybe, RequestSent::Yes] {
            assert_eq!(
                classify(&transport(sent, false), false),
                Some(RetryKind::Transient)
            );
            assert_eq!(
                classify(&transport(sent, true), false),
                Some(RetryKind::Timeout)
            );
        }
    }

    #[test]
    fn statuses() {
        let h = Headers::new();
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify(&response(status, None, &h), false),
                Some(RetryKind::Transient)
            );
        }
        assert_eq!(
            classify(&response(429, None, &h), false),
            Some(RetryKind::Throttling)
        );
        for status in [400, 401, 403, 404, 409, 413, 501, 505] {
            assert_eq!(
                classify(&response(status, None, &h), false),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn codes() {
        let h = Headers::new();
        for code in THROTTLING_CODES {
            assert_eq!(
                classify(&response(400, Some(code), &h), false),
                Some(RetryKind::Throttling),
                "{code}"
            );
        }
        for code in TRANSIENT_CODES {
            assert_eq!(
                classify(&response(400, Some(code), &h), false),
                Some(RetryKind::Transient),
                "{code}"
            );
        }
        // Throttling wins over a transient status.
        assert_eq!(
            classify(&response(503, Some("SlowDown"), &h), false),
            Some(RetryKind::Throttling)
        );
        for code in ["ValidationException", "AccessDenied", "throttling", ""] {
            assert_eq!(classify(&response(400, Some(code), &h), false), None);
        }
    }

    #[test]
    fn modeled_retryable() {
        let h = Headers::new();
        let modeled = |throttling| {
            Observed::Response(ResponseFailure {
                status: 400,
                code: Some("SomeModeledError"),
                retryable: Some(Retryable { throttling }),
                headers: &h,
                clock_skew_corrected: false,
            })
        };
        assert_eq!(classify(&modeled(false), false), Some(RetryKind::Transient));
        assert_eq!(classify(&modeled(true), false), Some(RetryKind::Throttling));
    }

    #[test]
    fn clock_skew_corrected() {
        let h = Headers::new();
        let skewed = Observed::Response(ResponseFailure {
            status: 403,
            code: Some("SignatureDoesNotMatch"),
            retryable: None,
            headers: &h,
            clock_skew_corrected: true,
        });
        assert_eq!(classify(&skewed, false), Some(RetryKind::ClockSkew));
        assert_eq!(
            classify(&response(403, Some("SignatureDoesNotMatch"), &h), false),
            None
        );
    }

    #[test]
    fn non_idempotent_retries_only_unsent_requests() {
        let h = Headers::new();
        assert_eq!(
            classify(&transport(RequestSent::No, false), true),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            classify(&transport(RequestSent::No, true), true),
            Some(RetryKind::Timeout)
        );
        assert_eq!(classify(&transport(RequestSent::Maybe, false), true), None);
        assert_eq!(classify(&transport(RequestSent::Yes, true), true), None);
        assert_eq!(classify(&response(503, None, &h), true), None);
        assert_eq!(classify(&response(429, Some("Throttling"), &h), true), None);
    }

    #[test]
    fn final_failures_are_not_retried() {
        assert_eq!(classify(&Observed::Final, false), None);
    }
}
