//! Typed mocks (`skiff_runtime::mock!`, feature `test-util`) as a consumer would use them: code
//! under test takes a real generated `Client`, and the test builds that client from rules
//! instead of a network. Covers input predicates, typed outputs and modeled errors, sequences,
//! repetition, call counts, strict mode, input validation still running, and a waiter driven by
//! mocks on a fake clock.

use std::time::Duration;

use skiff_aws_codepipeline::operation::get_third_party_job_details::{
    GetThirdPartyJobDetailsError, GetThirdPartyJobDetailsOutput,
};
use skiff_aws_codepipeline::types::{JobNotFoundException, ThirdPartyJobDetails};
use skiff_aws_codepipeline::Client;
use skiff_runtime::client::mock::{Mocks, MOCK_REQUEST_ID};
use skiff_runtime::config::FixedJitter;
use skiff_runtime::mock;
use skiff_runtime::timer::FakeClock;
use skiff_runtime::{Config, ProvideResponseMeta, SdkError};

/// The code under test: what a consumer's own function looks like.
async fn job_nonce(client: &Client, job: &str) -> Result<Option<String>, String> {
    match client
        .get_third_party_job_details()
        .job_id(job)
        .client_token("token")
        .send()
        .await
    {
        Ok(out) => Ok(out.job_details().and_then(|d| d.nonce()).map(str::to_owned)),
        Err(e) => match e.into_service_error() {
            GetThirdPartyJobDetailsError::JobNotFoundException(_) => Err("not found".into()),
            other => Err(other.to_string()),
        },
    }
}

fn mocked(mocks: Mocks) -> Client {
    // No region, endpoint or credentials: nothing reaches the network.
    Client::new(Config::builder().mock(mocks).build())
}

#[tokio::test(flavor = "current_thread")]
async fn outputs_errors_predicates_and_counts() {
    let found = mock!(Client::get_third_party_job_details)
        .match_requests(|input| input.job_id() == Some("job-1"))
        .then_output(|| {
            GetThirdPartyJobDetailsOutput::default()
                .with_job_details(ThirdPartyJobDetails::default().with_nonce("n-1"))
        });
    let missing = mock!(Client::get_third_party_job_details).then_error(|| {
        GetThirdPartyJobDetailsError::JobNotFoundException(
            JobNotFoundException::default().with_message("gone"),
        )
    });
    let client = mocked(Mocks::new([&found, &missing]));

    assert_eq!(job_nonce(&client, "job-1").await, Ok(Some("n-1".into())));
    assert_eq!(job_nonce(&client, "job-2").await, Err("not found".into()));
    assert_eq!((found.num_calls(), missing.num_calls()), (1, 1));
    // Both rules are used up: strict mode fails the next call, naming the operation.
    assert!(found.is_exhausted() && missing.is_exhausted());
    let err = job_nonce(&client, "job-1").await.unwrap_err();
    assert!(
        err.contains("no mock rule") && err.contains("GetThirdPartyJobDetails"),
        "{err}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn sequences_repeat_and_metadata() {
    let rule = mock!(Client::get_third_party_job_details)
        .then_error(|| {
            GetThirdPartyJobDetailsError::JobNotFoundException(JobNotFoundException::default())
        })
        .and_then_output(|| {
            GetThirdPartyJobDetailsOutput::default()
                .with_job_details(ThirdPartyJobDetails::default().with_nonce("later"))
        })
        .repeatedly();
    let client = mocked(Mocks::new([&rule]));
    let err = client
        .get_third_party_job_details()
        .job_id("j")
        .client_token("t")
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service.meta().code.as_deref(), Some("JobNotFoundException"));
    assert_eq!(err.request_id(), Some(MOCK_REQUEST_ID));
    for _ in 0..3 {
        let out = client
            .get_third_party_job_details()
            .job_id("j")
            .client_token("t")
            .send()
            .await
            .expect("repeated output");
        assert_eq!(out.job_details().and_then(|d| d.nonce()), Some("later"));
        assert_eq!(out.request_id(), Some(MOCK_REQUEST_ID));
    }
    assert_eq!(rule.num_calls(), 4);
    assert!(!rule.is_exhausted());
}

#[tokio::test(flavor = "current_thread")]
async fn input_validation_runs_before_the_mock() {
    let rule = mock!(Client::get_third_party_job_details)
        .then_output(GetThirdPartyJobDetailsOutput::default);
    let client = mocked(Mocks::new([&rule]));
    // `clientToken` is required.
    let err = client
        .get_third_party_job_details()
        .job_id("j")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidInput(_)), "{err:?}");
    assert_eq!(rule.num_calls(), 0);
}

#[tokio::test(flavor = "current_thread")]
async fn waiter_on_mocks() {
    use skiff_test_waiters::operation::describe_thing::{DescribeThingError, DescribeThingOutput};
    use skiff_test_waiters::types::{Thing, ThingNotFound, ThingStatus};
    use skiff_test_waiters::Client;

    let rule = mock!(Client::describe_thing)
        .match_requests(|input| input.thing_id() == Some("t-1"))
        .then_error(|| DescribeThingError::ThingNotFound(ThingNotFound::default()))
        .and_then_output(|| {
            DescribeThingOutput::default()
                .with_thing(Thing::default().with_status(ThingStatus::Creating))
        })
        .and_then_output(|| {
            DescribeThingOutput::default()
                .with_thing(Thing::default().with_status(ThingStatus::Ready))
        });
    let clock = FakeClock::at_epoch_secs(1_700_000_000);
    let client = Client::new(
        Config::builder()
            .mock(Mocks::new([&rule]))
            .time_source(clock.clone())
            .sleep_impl(clock.sleeper())
            .retry_jitter(FixedJitter(0.0))
            .build(),
    );
    let out = client
        .wait_until_thing_ready()
        .thing_id("t-1")
        .wait(Duration::from_secs(60))
        .await
        .expect("ready")
        .into_result()
        .expect("output");
    assert_eq!(
        out.thing().and_then(|t| t.status()),
        Some(&ThingStatus::Ready)
    );
    assert_eq!(rule.num_calls(), 3);
    assert_eq!(clock.sleeps(), [Duration::from_secs(2); 2]);
}
