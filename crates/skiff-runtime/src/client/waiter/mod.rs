//! Smithy waiters (`smithy.waiters#waitable`): poll an operation until an acceptor says the
//! resource reached the state waited for, a failure state, or the caller's maximum wait ends.
//!
//! Generated crates describe each waiter as static data, a [`Waiter`] (delays and
//! [`Acceptor`]s), and call [`wait`] from their `wait_until_<name>().wait(max_wait)` builders;
//! the polling, matching and backoff live here, once. Inputs: a [`Handle`], the operation, the
//! waiter, the typed input and the maximum wait. Output: the final poll ([`FinalPoll`]) or a
//! [`WaiterError`].
//!
//! The rules, from the Smithy waiters specification:
//!
//! - Each poll is one call of the operation through the whole pipeline (with its own retries of
//!   transient failures). Acceptors are tried in order and the first that matches decides:
//!   `success` ends the wait with the poll, `failure` ends it with
//!   [`WaiterError::FailureState`], `retry` polls again. When none matches, a successful
//!   response polls again and an error ends the wait ([`WaiterError::OperationFailed`]).
//! - Matchers: `output` (a JMESPath over the output), `inputOutput` (over
//!   `{"input": .., "output": ..}`), `success` (`true`: any output; `false`: any error) and
//!   `errorType` (an error whose shape name, or code, is the one given). Comparators:
//!   `stringEquals`, `booleanEquals`, `allStringEquals` (a non-empty list of equal strings),
//!   `anyStringEquals`. A path that fails to evaluate does not match.
//! - Delays ([`delay`]): before poll `n + 1`, `minDelay × 2^(n-1)` capped at `maxDelay` (from
//!   attempt `log2(maxDelay / minDelay) + 1` on, `maxDelay`), jittered uniformly into
//!   `[minDelay, that]` with the client's retry jitter (`ConfigBuilder::retry_jitter`), and
//!   clamped to the time left of the maximum wait, so that the last poll happens at the
//!   deadline. Once no time is left, the wait ends with [`WaiterError::ExceededMaxWait`].
//!
//! Time is measured with the client's clock (`ConfigBuilder::time_source`) and slept with its
//! timer (`ConfigBuilder::sleep_impl`), so tests run on a fake clock, instantly, and can check
//! every delay.

mod view;

use std::fmt;
use std::time::Duration;

use super::{into_output, into_sdk_error, Handle, Output};
use crate::error::{ErrorMeta, Failure, OperationError, SdkError};
use crate::http::ResponseMeta;
use crate::jmespath::{self, Variable};
use crate::schema::Operation;
use crate::value::{Shape, Value};

/// One waiter of an operation, as generated from its `smithy.waiters#waitable` entry.
#[derive(Debug)]
pub struct Waiter {
    /// The waiter's name in the model (`StackCreateComplete`).
    pub name: &'static str,
    /// `minDelay`, in seconds (2 by default).
    pub min_delay: u64,
    /// `maxDelay`, in seconds (120 by default).
    pub max_delay: u64,
    /// The acceptors, in order.
    pub acceptors: &'static [Acceptor],
}

/// The state an acceptor moves the waiter to when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait is over: the resource is in the state waited for.
    Success,
    /// The wait is over: the resource will never reach that state.
    Failure,
    /// Poll again.
    Retry,
}

/// How a path's result is compared with the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// A string equal to the expected one.
    StringEquals,
    /// A boolean equal to the expected one (`"true"` or `"false"`).
    BooleanEquals,
    /// A non-empty list whose every item is a string equal to the expected one.
    AllStringEquals,
    /// A list with at least one string equal to the expected one.
    AnyStringEquals,
}

/// What an acceptor looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// A JMESPath over the output of a successful response.
    Output {
        /// The expression.
        path: &'static str,
        /// The expected value.
        expected: &'static str,
        /// How they are compared.
        comparator: Comparator,
    },
    /// A JMESPath over `{"input": .., "output": ..}` of a successful response.
    InputOutput {
        /// The expression.
        path: &'static str,
        /// The expected value.
        expected: &'static str,
        /// How they are compared.
        comparator: Comparator,
    },
    /// `true`: any successful response; `false`: any error.
    Success(bool),
    /// An error response with this error shape name (or absolute shape id, or error code).
    ErrorType(&'static str),
}

/// One acceptor: a matcher and the state it leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// The state when the matcher matches.
    pub state: AcceptorState,
    /// The matcher.
    pub matcher: Matcher,
}

impl Acceptor {
    /// An `output` acceptor.
    pub const fn output(
        state: AcceptorState,
        path: &'static str,
        expected: &'static str,
        comparator: Comparator,
    ) -> Acceptor {
        Acceptor {
            state,
            matcher: Matcher::Output {
                path,
                expected,
                comparator,
            },
        }
    }

    /// An `inputOutput` acceptor.
    pub const fn input_output(
        state: AcceptorState,
        path: &'static str,
        expected: &'static str,
        comparator: Comparator,
    ) -> Acceptor {
        Acceptor {
            state,
            matcher: Matcher::InputOutput {
                path,
                expected,
                comparator,
            },
        }
    }

    /// A `success` acceptor.
    pub const fn success(state: AcceptorState, success: bool) -> Acceptor {
        Acceptor {
            state,
            matcher: Matcher::Success(success),
        }
    }

    /// An `errorType` acceptor.
    pub const fn error_type(state: AcceptorState, error: &'static str) -> Acceptor {
        Acceptor {
            state,
            matcher: Matcher::ErrorType(error),
        }
    }
}

/// The last response of a wait: the operation's output, or its error.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
}

impl<O, E> FinalPoll<O, E> {
    /// The output or error, borrowed.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The output or error.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }
}

/// Why a wait did not end in a success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// An acceptor matched with state `failure`: the resource will not reach the state waited
    /// for.
    FailureState {
        /// The poll that matched.
        final_poll: FinalPoll<O, E>,
    },
    /// The maximum wait ended before any acceptor matched with `success` or `failure`.
    ExceededMaxWait {
        /// The maximum wait given.
        max_wait: Duration,
        /// How long the wait took, by the client's clock.
        elapsed: Duration,
        /// How many times the operation was called.
        polls: u32,
        /// The last poll.
        last_poll: FinalPoll<O, E>,
    },
    /// The operation failed in a way no acceptor matched.
    OperationFailed(SdkError<E>),
}

impl<O, E> WaiterError<O, E> {
    /// The last response, if the wait ended on one that is kept here (every variant but
    /// [`WaiterError::OperationFailed`], which is the error itself).
    pub fn final_poll(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            WaiterError::FailureState { final_poll } => Some(final_poll),
            WaiterError::ExceededMaxWait { last_poll, .. } => Some(last_poll),
            WaiterError::OperationFailed(_) => None,
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::FailureState { .. } => f.write_str("the waiter reached a failure state"),
            WaiterError::ExceededMaxWait {
                max_wait, polls, ..
            } => write!(
                f,
                "the waiter exceeded its maximum wait of {max_wait:?} after {polls} polls"
            ),
            WaiterError::OperationFailed(e) => {
                write!(
                    f,
                    "the waiter's operation failed with an unexpected error: {e}"
                )
            }
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::OperationFailed(e) => Some(e),
            _ => None,
        }
    }
}

/// The delay before poll `attempt + 1`, after poll `attempt` (1 for the first), for a unit
/// `jitter` in `[0, 1)` (clamped into it), before clamping to the time left.
pub fn delay(min_delay: u64, max_delay: u64, attempt: u32, jitter: f64) -> Duration {
    let min = min_delay.max(1) as f64;
    let max = (max_delay as f64).max(min);
    let ceiling = ((max / min).ln() / 2f64.ln() + 1.0).floor();
    let cap = if f64::from(attempt) > ceiling {
        max
    } else {
        (min * 2f64.powi(attempt.saturating_sub(1) as i32)).min(max)
    };
    let unit = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    Duration::from_secs_f64(min + unit * (cap - min))
}

/// What one poll left: the pipeline's result.
type Poll = Result<(Value, ResponseMeta), Failure>;

/// Runs `waiter` on `op` with `input` for at most `max_wait` (what generated
/// `wait_until_<name>().wait(..)` calls).
pub async fn wait<I: Shape, O: Output, E: OperationError>(
    handle: &Handle,
    op: &'static Operation,
    waiter: &'static Waiter,
    input: &I,
    max_wait: Duration,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>> {
    let (outcome, last, polls, elapsed) = run(handle, op, waiter, input.to_value(), max_wait).await;
    let final_poll = FinalPoll {
        result: match last {
            Ok((value, meta)) => into_output(op, value, meta),
            Err(failure) => Err(into_sdk_error(op, failure)),
        },
    };
    match outcome {
        Outcome::Success => Ok(final_poll),
        Outcome::Failure => Err(WaiterError::FailureState { final_poll }),
        Outcome::Unmatched => Err(WaiterError::OperationFailed(match final_poll.result {
            Err(e) => e,
            // An unmatched output is polled again, never reported; but if its conversion
            // failed it is an error, which is reported as it is.
            Ok(_) => unreachable_output(op),
        })),
        Outcome::TimedOut => Err(WaiterError::ExceededMaxWait {
            max_wait,
            elapsed,
            polls,
            last_poll: final_poll,
        }),
    }
}

/// An `OperationFailed` never holds an output; this keeps `wait` total without a panic.
fn unreachable_output<E>(op: &Operation) -> SdkError<E> {
    SdkError::Response(crate::error::ResponseError::new(
        ErrorMeta::new(0, None, None, None),
        format!(
            "waiter of {} ended on an output no acceptor matched",
            op.name
        ),
    ))
}

/// How a wait ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Success,
    Failure,
    /// An error no acceptor matched.
    Unmatched,
    TimedOut,
}

/// The non-generic polling loop: (outcome, last poll, polls, elapsed).
async fn run(
    handle: &Handle,
    op: &'static Operation,
    waiter: &'static Waiter,
    input: Value,
    max_wait: Duration,
) -> (Outcome, Poll, u32, Duration) {
    let config = handle.config();
    let start = config.clock.now();
    let elapsed = || {
        let secs = config.clock.now().as_secs_f64() - start.as_secs_f64();
        Duration::try_from_secs_f64(secs).unwrap_or_default()
    };
    let input_view = waiter
        .acceptors
        .iter()
        .any(|a| matches!(a.matcher, Matcher::InputOutput { .. }))
        .then(|| view::to_variable(&input, op.input));
    let mut attempt: u32 = 1;
    loop {
        let poll = handle.invoke(op, input.clone()).await;
        let state = decide(op, waiter, input_view.as_ref(), &poll);
        super::trace::waiter_poll(
            waiter.name,
            attempt,
            state.map(|s| match s {
                AcceptorState::Success => "success",
                AcceptorState::Failure => "failure",
                AcceptorState::Retry => "retry",
            }),
        );
        match (state, &poll) {
            (Some(AcceptorState::Success), _) => {
                return (Outcome::Success, poll, attempt, elapsed())
            }
            (Some(AcceptorState::Failure), _) => {
                return (Outcome::Failure, poll, attempt, elapsed())
            }
            (None, Err(_)) => return (Outcome::Unmatched, poll, attempt, elapsed()),
            (Some(AcceptorState::Retry), _) | (None, Ok(_)) => {}
        }
        let spent = elapsed();
        let Some(left) = max_wait.checked_sub(spent).filter(|d| !d.is_zero()) else {
            return (Outcome::TimedOut, poll, attempt, spent);
        };
        let pause = delay(
            waiter.min_delay,
            waiter.max_delay,
            attempt,
            config.jitter.next_unit(),
        )
        .min(left);
        super::trace::waiter_sleeping(waiter.name, pause);
        config.sleep.sleep(pause).await;
        attempt = attempt.saturating_add(1);
    }
}

/// The state of the first acceptor that matches `poll`, if any.
fn decide(
    op: &Operation,
    waiter: &Waiter,
    input: Option<&Variable>,
    poll: &Poll,
) -> Option<AcceptorState> {
    // The output view is built only if an acceptor needs it, at most once per poll.
    let mut output: Option<Variable> = None;
    for acceptor in waiter.acceptors {
        let matched = match (&acceptor.matcher, poll) {
            (Matcher::Success(want), _) => *want == poll.is_ok(),
            (Matcher::ErrorType(name), Err(failure)) => error_matches(op, failure, name),
            (Matcher::ErrorType(_), Ok(_)) => false,
            (
                Matcher::Output {
                    path,
                    expected,
                    comparator,
                },
                Ok((value, _)),
            ) => {
                let data = output.get_or_insert_with(|| view::to_variable(value, op.output));
                path_matches(path, data, expected, *comparator)
            }
            (
                Matcher::InputOutput {
                    path,
                    expected,
                    comparator,
                },
                Ok((value, _)),
            ) => {
                let out = output
                    .get_or_insert_with(|| view::to_variable(value, op.output))
                    .clone();
                let data = Variable::object([
                    ("input", input.cloned().unwrap_or_default()),
                    ("output", out),
                ]);
                path_matches(path, &data, expected, *comparator)
            }
            (Matcher::Output { .. } | Matcher::InputOutput { .. }, Err(_)) => false,
        };
        if matched {
            return Some(acceptor.state);
        }
    }
    None
}

/// Whether an error is the one an `errorType` matcher names: the modeled error's shape name
/// (the name part of an absolute id is compared), else the error code.
fn error_matches(op: &Operation, failure: &Failure, name: &str) -> bool {
    let Failure::Service { meta, modeled } = failure else {
        return false;
    };
    let name = name.rsplit('#').next().unwrap_or(name);
    if let Some(schema) = modeled.as_ref().and_then(|(i, _)| op.errors.get(*i)) {
        if schema.name == name || schema.error.is_some_and(|e| e.code == name) {
            return true;
        }
    }
    meta.code.as_deref() == Some(name)
}

/// Evaluates `path` on `data` and compares the result with `expected`.
fn path_matches(path: &str, data: &Variable, expected: &str, comparator: Comparator) -> bool {
    // Paths are checked when the client is generated; one that still fails to compile or to
    // evaluate matches nothing.
    match jmespath::compile(path).map(|e| e.search(data)) {
        Ok(Ok(result)) => compare(&result, expected, comparator),
        _ => false,
    }
}

/// The comparison of a path's result with the expected value.
pub fn compare(result: &Variable, expected: &str, comparator: Comparator) -> bool {
    match comparator {
        Comparator::StringEquals => result.as_str() == Some(expected),
        Comparator::BooleanEquals => match expected {
            "true" => result.as_bool() == Some(true),
            "false" => result.as_bool() == Some(false),
            _ => false,
        },
        Comparator::AllStringEquals => result.as_array().is_some_and(|items| {
            !items.is_empty() && items.iter().all(|v| v.as_str() == Some(expected))
        }),
        Comparator::AnyStringEquals => result
            .as_array()
            .is_some_and(|items| items.iter().any(|v| v.as_str() == Some(expected))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_follow_the_spec() {
        // minDelay 2, maxDelay 120: ceiling = floor(log2(60) + 1) = 6.
        let top: Vec<f64> = (1..=9)
            .map(|n| delay(2, 120, n, 1.0).as_secs_f64())
            .collect();
        assert_eq!(top, [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 120.0, 120.0, 120.0]);
        let bottom: Vec<f64> = (1..=9)
            .map(|n| delay(2, 120, n, 0.0).as_secs_f64())
            .collect();
        assert_eq!(bottom, [2.0; 9]);
        let half: Vec<f64> = (1..=4)
            .map(|n| delay(15, 120, n, 0.5).as_secs_f64())
            .collect();
        assert_eq!(half, [15.0, 22.5, 37.5, 67.5]);
        // Degenerate tables do not panic or overflow.
        assert_eq!(delay(0, 0, u32::MAX, 0.5), Duration::from_secs(1));
        assert_eq!(delay(5, 1, 3, f64::NAN), Duration::from_secs(5));
    }

    #[test]
    fn comparators() {
        let v = |s: &str| Variable::from_json(s).unwrap();
        use Comparator::*;
        assert!(compare(&v(r#""A""#), "A", StringEquals));
        assert!(!compare(&v(r#"["A"]"#), "A", StringEquals));
        assert!(compare(&v("true"), "true", BooleanEquals));
        assert!(!compare(&v(r#""true""#), "true", BooleanEquals));
        assert!(compare(&v(r#"["A","A"]"#), "A", AllStringEquals));
        assert!(!compare(&v("[]"), "A", AllStringEquals));
        assert!(!compare(&v(r#"["A","B"]"#), "A", AllStringEquals));
        assert!(compare(&v(r#"["B","A"]"#), "A", AnyStringEquals));
        assert!(!compare(&v("[]"), "A", AnyStringEquals));
        assert!(!compare(&v("null"), "A", AnyStringEquals));
    }
}
