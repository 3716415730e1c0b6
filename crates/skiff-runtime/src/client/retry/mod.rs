//! Retries in the AWS SDKs' *standard* mode: which failures are retried, how long to wait, how
//! many retries a client may spend, and the loop that ties them together.
//!
//! - `RetryConfig` (mode, max attempts, backoff, quota costs) is configuration, in
//!   `crate::config` (read from `AWS_RETRY_MODE` / `AWS_MAX_ATTEMPTS` / `AWS_NEW_RETRIES_2026`).
//! - [`mod@classify`]: what an attempt's failure was ([`Observed`]) and whether it is retryable
//!   ([`classify()`]), the AWS throttling and transient code lists, the non-idempotent rule.
//! - [`backoff`]: the jittered exponential delay, `Retry-After` / `x-amz-retry-after`, and the
//!   injectable randomness ([`Jitter`]).
//! - [`quota`]: the retry quota ([`TokenBucket`]), shared by every call of a client.
//! - [`clock_skew`]: detecting a request rejected for a skewed clock, and the offset that
//!   corrects the signing clock.
//! - [`run`](mod@run): the loop, [`run()`], generic over an attempt closure.
//!
//! Sources (behaviour, not code): the AWS SDKs and Tools reference guide, "Retry behavior"
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>); botocore
//! `botocore/retries/standard.py` and `quota.py`; smithy-rs `aws-smithy-runtime`
//! `client/retries/strategy/standard.rs` and `token_bucket.rs`, `aws-runtime`
//! `retries/classifiers.rs` and `service_clock_skew.rs`; aws-sdk-js-v3
//! `service-error-classification/src/constants.ts`.

pub mod backoff;
pub mod classify;
pub mod clock_skew;
pub mod quota;
pub mod run;

pub use classify::{Classify, Observed, ResponseFailure, RetryKind, Retryable, TransportFailure};
pub use clock_skew::{ClockOffset, SkewedClock};
pub use quota::TokenBucket;
pub use run::{run, AttemptError, RetryEnv, RetryPolicy};
