//! Tracing of calls (feature `tracing`; without it every function here is a no-op wrapper).
//!
//! - span `skiff.call` per operation call: `service`, `operation`, `region`; recorded when the
//!   call ends: `status`, `request_id`, `error_code`, `attempts`, `duration_ms`, `outcome`
//!   (`success`, `service_error`, `transport_error`, `response_error`, `invalid_input`,
//!   `config_error`); and a `call finished` event with the same fields;
//! - span `skiff.attempt` per attempt (`attempt`, 1 for the first), with an event for its
//!   response (`status`, `request_id`, `error_code`) or its failure;
//! - events in the retry loop: `retrying` (`attempt`, `reason`, `delay_ms`) and `attempt timed
//!   out`; waiters emit `waiter poll` (`waiter`, `poll`, `state`) and `waiter sleeping`
//!   (`delay_ms`).
//!
//! What is never recorded: credentials, tokens, signatures, headers, bodies, inputs, outputs
//! and error messages (which may quote values); only names, numbers, error codes and request
//! ids. Credentials are static in this runtime, so there are no refresh events.

use std::future::Future;

use crate::error::Failure;
use crate::http::ResponseMeta;
use crate::schema::{Operation, Service};
use crate::value::Value;

/// A call's outcome: the output value (none when the output was read straight from the body
/// into its type) and the response's metadata, or the failure.
pub(crate) type CallResult = Result<(Option<Value>, ResponseMeta), Failure>;

/// The outcome name and, when there was an answer, its status, code and request id.
#[cfg(feature = "tracing")]
fn describe(result: &CallResult) -> (&'static str, Option<u16>, Option<&str>, Option<&str>) {
    match result {
        Ok((_, meta)) => ("success", Some(meta.status()), None, meta.request_id()),
        Err(Failure::Service { meta, .. }) => (
            "service_error",
            Some(meta.status),
            meta.code.as_deref(),
            meta.request_id.as_deref(),
        ),
        Err(Failure::Response(e)) => (
            "response_error",
            Some(e.meta().status),
            None,
            e.meta().request_id.as_deref(),
        ),
        Err(Failure::Transport(_)) => ("transport_error", None, None, None),
        Err(Failure::InvalidInput(_)) => ("invalid_input", None, None, None),
        Err(Failure::Config(_)) => ("config_error", None, None, None),
        Err(Failure::Credentials(_)) => ("credentials_error", None, None, None),
        Err(Failure::Endpoint(_)) => ("endpoint_error", None, None, None),
    }
}

/// Runs one call inside its `skiff.call` span.
///
/// Not an `async fn`: one would keep `call` twice in its state (the argument and the awaited
/// copy), doubling the size of every call's future. Without the `tracing` feature this is
/// `call` itself.
pub(crate) fn call<F: Future<Output = CallResult>>(
    service: &Service,
    op: &Operation,
    region: Option<&str>,
    call: F,
) -> impl Future<Output = CallResult> {
    #[cfg(feature = "tracing")]
    {
        use tracing::field::Empty;
        use tracing::Instrument as _;
        let span = tracing::info_span!(
            "skiff.call",
            service = service.name,
            operation = op.name,
            region = region.unwrap_or(""),
            status = Empty,
            request_id = Empty,
            error_code = Empty,
            attempts = Empty,
            duration_ms = Empty,
            outcome = Empty,
        );
        let future = call.instrument(span.clone());
        Finish::new(
            future,
            move |result: &CallResult, elapsed: std::time::Duration| {
                let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
                let (outcome, status, code, request_id) = describe(result);
                let attempts = match result {
                    Ok(_) => None,
                    Err(Failure::Service { meta, .. }) => Some(meta.attempts()),
                    Err(Failure::Response(e)) => Some(e.meta().attempts()),
                    Err(Failure::Transport(e)) => Some(e.attempts()),
                    Err(_) => None,
                };
                span.record("outcome", outcome);
                span.record("duration_ms", duration_ms);
                if let Some(s) = status {
                    span.record("status", s);
                }
                if let Some(c) = code {
                    span.record("error_code", c);
                }
                if let Some(id) = request_id {
                    span.record("request_id", id);
                }
                if let Some(a) = attempts {
                    span.record("attempts", a);
                }
                span.in_scope(|| {
                    tracing::info!(
                        outcome,
                        status,
                        error_code = code,
                        request_id,
                        attempts,
                        duration_ms,
                        "call finished"
                    )
                });
            },
        )
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (service, op, region);
        call
    }
}

/// Runs one attempt inside its `skiff.attempt` span; `failure` reads the error of a failed
/// attempt. (Not an `async fn`, for the reason given at [`call`].)
pub(crate) fn attempt<T, E, F: Future<Output = Result<(T, ResponseMeta), E>>>(
    number: u32,
    failure: impl Fn(&E) -> &Failure,
    attempt: F,
) -> impl Future<Output = Result<(T, ResponseMeta), E>> {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument as _;
        let span = tracing::debug_span!("skiff.attempt", attempt = number);
        let future = attempt.instrument(span.clone());
        Finish::new(future, move |result: &Result<(T, ResponseMeta), E>, _| {
            let view: CallResult = match result {
                Ok((_, meta)) => Ok((None, meta.clone())),
                Err(e) => Err(shallow(failure(e))),
            };
            let (outcome, status, code, request_id) = describe(&view);
            span.in_scope(|| {
                tracing::debug!(
                    outcome,
                    status,
                    error_code = code,
                    request_id,
                    "attempt finished"
                )
            });
        })
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (number, failure);
        attempt
    }
}

#[cfg(feature = "tracing")]
pin_project_lite::pin_project! {
    /// `future`, with `finish` called on its output (by reference) and the time since its
    /// first poll (as the `async fn` it replaces measured) when it completes.
    struct Finish<F, G> {
        #[pin]
        future: F,
        finish: Option<G>,
        started: Option<std::time::Instant>,
    }
}

#[cfg(feature = "tracing")]
impl<F: Future, G: FnOnce(&F::Output, std::time::Duration)> Finish<F, G> {
    fn new(future: F, finish: G) -> Self {
        Finish {
            future,
            finish: Some(finish),
            started: None,
        }
    }
}

#[cfg(feature = "tracing")]
impl<F: Future, G: FnOnce(&F::Output, std::time::Duration)> Future for Finish<F, G> {
    type Output = F::Output;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        let this = self.project();
        let started = *this.started.get_or_insert_with(std::time::Instant::now);
        let output = std::task::ready!(this.future.poll(cx));
        if let Some(finish) = this.finish.take() {
            finish(&output, started.elapsed());
        }
        std::task::Poll::Ready(output)
    }
}

/// A copy of a failure's metadata, enough for [`describe`] (no body, no raw response).
#[cfg(feature = "tracing")]
fn shallow(failure: &Failure) -> Failure {
    use crate::error::{ConfigError, ErrorMeta, InvalidInput, ResponseError};
    let meta = |m: &ErrorMeta| ErrorMeta::new(m.status, m.code.clone(), None, m.request_id.clone());
    match failure {
        Failure::Service { meta: m, .. } => Failure::Service {
            meta: Box::new(meta(m)),
            modeled: None,
        },
        Failure::Response(e) => Failure::Response(ResponseError::new(meta(e.meta()), "")),
        Failure::Transport(e) => Failure::Transport(crate::http::TransportError::with_kind(
            e.kind(),
            e.request_sent(),
            "",
            None,
        )),
        Failure::InvalidInput(_) => Failure::InvalidInput(InvalidInput::new("")),
        Failure::Config(_) => Failure::Config(ConfigError::new("")),
        // Both are cheap to clone and hold no secret.
        Failure::Credentials(e) => Failure::Credentials(e.clone()),
        Failure::Endpoint(e) => Failure::Endpoint(e.clone()),
    }
}

/// A retry is about to sleep.
#[allow(unused_variables)]
pub(crate) fn retrying(attempt: u32, reason: &dyn std::fmt::Debug, delay: std::time::Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        attempt,
        reason = ?reason,
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        "retrying"
    );
}

/// An attempt hit the attempt timeout.
#[allow(unused_variables)]
pub(crate) fn attempt_timed_out(attempt: u32, limit: std::time::Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        attempt,
        timeout_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
        "attempt timed out"
    );
}

/// A waiter's poll ended in `state` (`None`: no acceptor matched).
#[cfg(feature = "waiters")]
#[allow(unused_variables)]
pub(crate) fn waiter_poll(waiter: &str, poll: u32, state: Option<&str>) {
    #[cfg(feature = "tracing")]
    tracing::info!(waiter, poll, state = state.unwrap_or("none"), "waiter poll");
}

/// A waiter sleeps before its next poll.
#[cfg(feature = "waiters")]
#[allow(unused_variables)]
pub(crate) fn waiter_sleeping(waiter: &str, delay: std::time::Duration) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        waiter,
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        "waiter sleeping"
    );
}
