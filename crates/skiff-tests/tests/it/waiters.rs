//! Waiters of the test-only `skiff-test-waiters` client (`models/waiters.json`) against a
//! 127.0.0.1 server answering a sequence of responses, on a fake clock (no real sleeping) with
//! a fixed jitter of 0.5, so that every delay is checked exactly: success after several polls,
//! a failure state, an error no acceptor matches, the maximum wait (the last delay clamped to
//! the time left), `errorType` by absolute shape id, `inputOutput` and `allStringEquals`.

use std::time::Duration;

use skiff_runtime::config::{FixedJitter, RetryConfig, TimeoutConfig};
use skiff_runtime::rt::WaiterError;
use skiff_runtime::timer::FakeClock;
use skiff_runtime::{Config, Credentials};
use skiff_test_waiters::types::ThingStatus;
use skiff_test_waiters::Client;

use crate::server::{serve, Canned};

const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

fn ok(body: &str) -> Canned {
    Canned::new(200, &[JSON, ("x-amzn-RequestId", "req-ok")], body)
}

fn status(s: &str) -> Canned {
    ok(&format!(r#"{{"thing": {{"id": "t-1", "status": "{s}"}}}}"#))
}

fn not_found() -> Canned {
    Canned::new(
        404,
        &[JSON, ("x-amzn-RequestId", "req-404")],
        r#"{"__type": "ThingNotFound", "message": "no such thing"}"#,
    )
}

/// A client on a fake clock with jitter 0.5 and no retries inside a poll. No timeouts: a fake
/// sleep completes when polled, so it would beat the real socket (the server bounds its own
/// waits).
fn client(url: &str, clock: &FakeClock) -> Client {
    Client::new(
        Config::builder()
            .retry_config(RetryConfig::disabled())
            .timeout_config(TimeoutConfig::disabled())
            .region("us-east-1")
            .endpoint_url(url)
            .credentials(Credentials::new("AKID", "SECRET", None))
            .time_source(clock.clone())
            .sleep_impl(clock.sleeper())
            .retry_jitter(FixedJitter(0.5))
            .build(),
    )
}

fn secs(d: &[Duration]) -> Vec<f64> {
    d.iter().map(Duration::as_secs_f64).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn success_after_several_polls() {
    let (url, server) = serve(vec![
        not_found(),
        status("CREATING"),
        status("CREATING"),
        status("READY"),
    ])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let output = client(&url, &clock)
        .wait_until_thing_ready()
        .thing_id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .expect("ready")
        .into_result()
        .expect("an output");
    assert_eq!(
        output.thing().and_then(|t| t.status()),
        Some(&ThingStatus::Ready)
    );
    // minDelay 2, maxDelay 10: caps 2, 4, 8, jittered halfway into [2, cap].
    assert_eq!(secs(&clock.sleeps()), [2.0, 3.0, 5.0]);
    let received = server.await.unwrap();
    assert_eq!(received.len(), 4);
    for r in &received {
        assert_eq!(r.header("x-amz-target"), "WaiterTest.DescribeThing");
        assert_eq!(String::from_utf8_lossy(&r.body), r#"{"thingId":"t-1"}"#);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn failure_state_keeps_the_final_poll() {
    let (url, server) = serve(vec![
        status("CREATING"),
        ok(r#"{"thing": {"status": "CREATING"}, "parts": [{"state": "OK"}, {"state": "BROKEN"}]}"#),
    ])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let err = client(&url, &clock)
        .wait_until_thing_ready()
        .thing_id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .expect_err("a failure state");
    let WaiterError::FailureState { final_poll } = &err else {
        panic!("{err:?}")
    };
    let output = final_poll.as_result().expect("an output");
    assert_eq!(output.parts()[1].state(), Some("BROKEN"));
    assert_eq!(err.to_string(), "the waiter reached a failure state");
    assert_eq!(secs(&clock.sleeps()), [2.0]);
    server.await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn error_no_acceptor_matches_ends_the_wait() {
    let (url, server) = serve(vec![
        status("CREATING"),
        Canned::new(
            400,
            &[JSON, ("x-amzn-RequestId", "req-denied")],
            r#"{"__type": "AccessDeniedException", "message": "no"}"#,
        ),
    ])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let err = client(&url, &clock)
        .wait_until_thing_ready()
        .thing_id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .expect_err("an operation error");
    let WaiterError::OperationFailed(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.code(), Some("AccessDeniedException"));
    assert_eq!(e.request_id(), Some("req-denied"));
    assert_eq!(secs(&clock.sleeps()), [2.0]);
    server.await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn max_wait_clamps_the_last_delay_and_times_out() {
    let (url, server) = serve(vec![status("CREATING"); 5]).await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let err = client(&url, &clock)
        .wait_until_thing_ready()
        .thing_id("t-1")
        .wait(Duration::from_secs(12))
        .await
        .expect_err("timed out");
    let WaiterError::ExceededMaxWait {
        max_wait,
        elapsed,
        polls,
        last_poll,
    } = &err
    else {
        panic!("{err:?}")
    };
    // 2 + 3 + 5 = 10 s, then 6 s would pass the deadline: the last delay is the 2 s left.
    assert_eq!(secs(&clock.sleeps()), [2.0, 3.0, 5.0, 2.0]);
    assert_eq!(
        (*max_wait, *elapsed, *polls),
        (Duration::from_secs(12), Duration::from_secs(12), 5)
    );
    let last = last_poll.as_result().expect("the last output");
    assert_eq!(
        last.thing().and_then(|t| t.status()),
        Some(&ThingStatus::Creating)
    );
    assert_eq!(server.await.unwrap().len(), 5);
}

#[tokio::test(flavor = "current_thread")]
async fn error_type_by_shape_id_and_all_string_equals_succeed() {
    // `errorType: skiff.test#ThingNotFound` with state success: the error is the final poll.
    let (url, server) = serve(vec![
        ok(r#"{"thing": {"id": "t-1"}, "parts": [{"state": "DELETED"}, {"state": "OK"}]}"#),
        not_found(),
    ])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let poll = client(&url, &clock)
        .wait_until_parts_deleted()
        .thing_id("t-1")
        .wait(Duration::from_secs(300))
        .await
        .expect("success on the error");
    let err = poll.into_result().expect_err("the error");
    assert!(err.into_service_error().is_thing_not_found());
    // minDelay 5.
    assert_eq!(secs(&clock.sleeps()), [5.0]);
    server.await.unwrap();

    let (url, server) = serve(vec![ok(
        r#"{"thing": {"id": "t-1"}, "parts": [{"state": "DELETED"}, {"state": "DELETED"}]}"#,
    )])
    .await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    client(&url, &clock)
        .wait_until_parts_deleted()
        .thing_id("t-1")
        .wait(Duration::from_secs(300))
        .await
        .expect("all deleted");
    assert!(clock.sleeps().is_empty());
    server.await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn input_output_matcher_sees_the_input() {
    // `input.thingId != output.thing.id` is `true`: failure.
    let (url, server) = serve(vec![ok(r#"{"thing": {"id": "other"}, "parts": []}"#)]).await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let err = client(&url, &clock)
        .wait_until_parts_deleted()
        .thing_id("t-1")
        .wait(Duration::from_secs(300))
        .await
        .expect_err("failure");
    assert!(matches!(err, WaiterError::FailureState { .. }), "{err:?}");
    server.await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn success_matcher_and_default_delays() {
    let (url, server) = serve(vec![not_found(), not_found(), status("CREATING")]).await;
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    client(&url, &clock)
        .wait_until_thing_exists()
        .thing_id("t-1")
        .wait(Duration::from_secs(300))
        .await
        .expect("exists");
    // Defaults: minDelay 2, maxDelay 120.
    assert_eq!(secs(&clock.sleeps()), [2.0, 3.0]);
    server.await.unwrap();
}
