//! CodePipeline `GetThirdPartyJobDetails` (awsJson1_1) against a local server.

use skiff_aws_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsError;
use skiff_aws_codepipeline::types::{
    ActionCategory, ActionOwner, ArtifactLocationType, EncryptionKeyType,
};
use skiff_aws_codepipeline::{Client, ProvideResponseMeta};
use skiff_runtime::SdkError;

use crate::server::{serve, Canned};
use crate::sigv4_check::assert_signed;

const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");
const REQUEST_ID: (&str, &str) = ("x-amzn-RequestId", "req-1234");

const FULL_BODY: &str = r#"{
  "jobDetails": {
    "id": "job-1",
    "nonce": "17",
    "data": {
      "actionTypeId": {"category": "Build", "owner": "ThirdParty", "provider": "MyCI", "version": "2"},
      "actionConfiguration": {"configuration": {"ProjectName": "demo", "Branch": "main"}},
      "pipelineContext": {
        "pipelineName": "pipe",
        "stage": {"name": "Build"},
        "action": {"name": "Compile", "actionExecutionId": "exec-9"},
        "pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:pipe",
        "pipelineExecutionId": "pe-1"
      },
      "inputArtifacts": [
        {"name": "src", "revision": "abc123", "location": {"type": "S3", "s3Location": {"bucketName": "b", "objectKey": "k/src.zip"}}}
      ],
      "outputArtifacts": [],
      "artifactCredentials": {"accessKeyId": "ASIAEXAMPLE", "secretAccessKey": "TOPSECRET", "sessionToken": "SESSIONSECRET"},
      "continuationToken": "cont",
      "encryptionKey": {"id": "alias/key", "type": "KMS"}
    }
  }
}"#;

async fn call(responses: Vec<Canned>) -> (
    Result<skiff_aws_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsOutput, SdkError<GetThirdPartyJobDetailsError>>,
    Vec<crate::server::Received>,
){
    let (url, server) = serve(responses).await;
    let client = Client::new(crate::config(&url));
    let result = client
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("token-\u{e9}\"x")
        .send()
        .await;
    (result, server.await.expect("server task"))
}

#[tokio::test(flavor = "current_thread")]
async fn request_is_exact_and_signed() {
    let (result, received) = call(vec![Canned::new(200, &[JSON, REQUEST_ID], "{}")]).await;
    result.expect("empty output");
    let [request] = received.as_slice() else {
        panic!("{received:?}")
    };
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/");
    assert!(request.header("host").starts_with("127.0.0.1:"));
    assert_eq!(
        request.header("x-amz-target"),
        "CodePipeline_20150709.GetThirdPartyJobDetails"
    );
    assert_eq!(request.header("content-type"), "application/x-amz-json-1.1");
    assert_eq!(request.header("x-amz-date"), "20150830T123600Z");
    // The user agent, exactly (`x-amz-user-agent` signed, `User-Agent` not, as in the AWS SDKs).
    assert_eq!(
        request.header("user-agent"),
        format!(
            "skiff/0.1.0 ua/2.1 api/skiff-aws-codepipeline#0.1.0 os/{} lang/rust",
            std::env::consts::OS
        )
    );
    assert_eq!(
        request.header("x-amz-user-agent"),
        format!(
            "skiff/0.1.0 api/skiff-aws-codepipeline/0.1.0 os/{} lang/rust",
            std::env::consts::OS
        )
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"{"jobId":"job-1","clientToken":"token-é\"x"}"#
    );
    assert_signed(
        request,
        "codepipeline",
        "content-type;host;x-amz-date;x-amz-target;x-amz-user-agent",
    );
}

#[tokio::test(flavor = "current_thread")]
async fn full_response_is_parsed() {
    let (result, _) = call(vec![Canned::new(200, &[JSON, REQUEST_ID], FULL_BODY)]).await;
    let output = result.expect("success");
    // Response metadata on success, as on errors.
    assert_eq!(output.request_id(), Some("req-1234"));
    assert_eq!(output.http_status(), 200);
    assert_eq!(
        output.http_headers().get("content-type"),
        Some("application/x-amz-json-1.1")
    );
    // Everything is read through borrowing getters named after the members.
    let details = output.job_details().expect("jobDetails");
    assert_eq!(details.id(), Some("job-1"));
    assert_eq!(details.nonce(), Some("17"));
    let data = details.data().expect("data");
    let action = data.action_type_id().expect("actionTypeId");
    assert_eq!(action.category(), Some(&ActionCategory::Build));
    assert_eq!(action.owner(), Some(&ActionOwner::ThirdParty));
    assert_eq!(action.provider(), Some("MyCI"));
    assert_eq!(action.version(), Some("2"));
    let config = data
        .action_configuration()
        .and_then(|c| c.configuration())
        .expect("configuration");
    assert_eq!(config.len(), 2);
    assert_eq!(config["Branch"], "main");
    assert_eq!(config["ProjectName"], "demo");
    let context = data.pipeline_context().expect("pipelineContext");
    assert_eq!(context.pipeline_name(), Some("pipe"));
    assert_eq!(context.stage().and_then(|s| s.name()), Some("Build"));
    let action_context = context.action().expect("action");
    assert_eq!(action_context.name(), Some("Compile"));
    assert_eq!(action_context.action_execution_id(), Some("exec-9"));
    assert_eq!(
        context.pipeline_arn(),
        Some("arn:aws:codepipeline:us-east-1:123456789012:pipe")
    );
    assert_eq!(context.pipeline_execution_id(), Some("pe-1"));
    let [input] = data.input_artifacts() else {
        panic!("one input artifact: {:?}", data.input_artifacts())
    };
    assert_eq!(input.name(), Some("src"));
    assert_eq!(input.revision(), Some("abc123"));
    let location = input.location().expect("location");
    assert_eq!(location.r#type(), Some(&ArtifactLocationType::S3));
    let s3 = location.s3_location().expect("s3Location");
    assert_eq!(
        (s3.bucket_name(), s3.object_key()),
        (Some("b"), Some("k/src.zip"))
    );
    // An empty list and an absent one read the same; the field still tells them apart.
    assert!(data.output_artifacts().is_empty());
    assert_eq!(data.output_artifacts, Some(vec![]));
    let creds = data.artifact_credentials().expect("artifactCredentials");
    assert_eq!(creds.secret_access_key(), Some("TOPSECRET"));
    let debug = format!("{creds:?}");
    assert!(
        !debug.contains("TOPSECRET")
            && !debug.contains("SESSIONSECRET")
            && !debug.contains("ASIAEXAMPLE"),
        "{debug}"
    );
    assert!(debug.contains("redacted"), "{debug}");
    assert_eq!(data.continuation_token(), Some("cont"));
    let key = data.encryption_key().expect("encryptionKey");
    assert_eq!(
        (key.id(), key.r#type()),
        (Some("alias/key"), Some(&EncryptionKeyType::Kms))
    );
}

/// With the crate's `serde` feature: the model's member names, unknown enum values kept,
/// `@sensitive` members left out unless asked for, and a lossless round trip.
#[tokio::test(flavor = "current_thread")]
async fn serde_uses_model_names_and_keeps_secrets_out() {
    use skiff_aws_codepipeline::types::ThirdPartyJobDetails;
    let (result, _) = call(vec![Canned::new(200, &[JSON, REQUEST_ID], FULL_BODY)]).await;
    let output = result.expect("success");
    let details = output.job_details().expect("jobDetails");
    let json = serde_json::to_value(details).unwrap();
    assert_eq!(json["data"]["actionTypeId"]["category"], "Build");
    assert_eq!(json["data"]["pipelineContext"]["stage"]["name"], "Build");
    assert_eq!(json["data"]["outputArtifacts"], serde_json::json!([]));
    // `artifactCredentials` targets a @sensitive structure: left out by default.
    assert!(json["data"].get("artifactCredentials").is_none(), "{json}");
    let text = json.to_string();
    assert!(
        !text.contains("TOPSECRET") && !text.contains("SESSIONSECRET"),
        "{text}"
    );
    // Asked for explicitly, it is there, and everything round-trips.
    let full =
        skiff_runtime::serde_support::with_sensitive(|| serde_json::to_value(details)).unwrap();
    assert_eq!(
        full["data"]["artifactCredentials"]["secretAccessKey"],
        "TOPSECRET"
    );
    let back: ThirdPartyJobDetails = serde_json::from_value(full).unwrap();
    assert_eq!(&back, details);
    // An enum value this client does not know survives a round trip.
    let mut json = json;
    json["data"]["actionTypeId"]["category"] = "Quantum".into();
    let back: ThirdPartyJobDetails = serde_json::from_value(json).unwrap();
    assert_eq!(
        back.data()
            .and_then(|d| d.action_type_id())
            .and_then(|a| a.category()),
        Some(&ActionCategory::Unknown("Quantum".to_owned()))
    );
    // A wrong type is an error naming what was expected, not a panic.
    let err = serde_json::from_str::<ThirdPartyJobDetails>(r#"{"id": 5}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `5`, expected a string at line 1 column 8"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_fields_ignored_and_unknown_enum_kept() {
    let body = r#"{"surprise": [1, {"x": null}], "jobDetails": {"id": "j", "extra": true,
        "data": {"actionTypeId": {"category": "Quantum", "owner": "AWS", "provider": "p", "version": "1", "new": 1}}}}"#;
    let (result, _) = call(vec![Canned::new(200, &[JSON], body)]).await;
    let details = result.expect("success").job_details.unwrap();
    assert_eq!(details.id.as_deref(), Some("j"));
    let action = details.data.unwrap().action_type_id.unwrap();
    assert_eq!(
        action.category,
        Some(ActionCategory::Unknown("Quantum".to_owned()))
    );
    assert_eq!(action.category.unwrap().as_str(), "Quantum");
    assert_eq!(action.owner, Some(ActionOwner::Aws));
}

/// Runs the call against one error response and returns the error.
async fn error_of(
    status: u16,
    headers: &[(&'static str, &str)],
    body: &str,
) -> SdkError<GetThirdPartyJobDetailsError> {
    let (result, _) = call(vec![Canned::new(status, headers, body)]).await;
    result.expect_err("an error response")
}

#[tokio::test(flavor = "current_thread")]
async fn every_modeled_error() {
    let cases = [
        ("JobNotFoundException", 400),
        ("ValidationException", 400),
        ("InvalidClientTokenException", 400),
        ("InvalidJobException", 400),
    ];
    for (code, status) in cases {
        let body = format!(
            r#"{{"__type": "com.amazonaws.codepipeline#{code}", "message": "bad {code}"}}"#
        );
        let err = error_of(status, &[JSON, REQUEST_ID], &body).await;
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some(format!("bad {code}").as_str()));
        assert_eq!(err.request_id(), Some("req-1234"));
        let message = match err.into_service_error() {
            GetThirdPartyJobDetailsError::JobNotFoundException(e)
                if code == "JobNotFoundException" =>
            {
                e.message
            }
            GetThirdPartyJobDetailsError::ValidationException(e)
                if code == "ValidationException" =>
            {
                e.message
            }
            GetThirdPartyJobDetailsError::InvalidClientTokenException(e)
                if code == "InvalidClientTokenException" =>
            {
                e.message
            }
            GetThirdPartyJobDetailsError::InvalidJobException(e)
                if code == "InvalidJobException" =>
            {
                e.message
            }
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(message, Some(format!("bad {code}")));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn error_code_from_header_wins() {
    let err = error_of(
        400,
        &[
            JSON,
            REQUEST_ID,
            (
                "x-amzn-ErrorType",
                "InvalidJobException:http://internal.amazon.com/",
            ),
        ],
        r#"{"__type": "ValidationException", "Message": "capitalized"}"#,
    )
    .await;
    assert_eq!(err.code(), Some("InvalidJobException"));
    assert_eq!(err.message(), Some("capitalized"));
    match err.as_service_error() {
        Some(GetThirdPartyJobDetailsError::InvalidJobException(e)) => {
            assert_eq!(e.message.as_deref(), Some("capitalized"));
            assert_eq!(e.to_string(), "InvalidJobException: capitalized");
            assert_eq!(
                err.to_string(),
                "service error: InvalidJobException: capitalized (HTTP 400, request id req-1234)"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn unmodeled_error() {
    let err = error_of(
        400,
        &[JSON, REQUEST_ID],
        r#"{"__type": "ThrottlingException", "message": "slow down"}"#,
    )
    .await;
    assert_eq!(
        (err.status(), err.code(), err.message()),
        (Some(400), Some("ThrottlingException"), Some("slow down"))
    );
    assert_eq!(err.request_id(), Some("req-1234"));
    match err.as_service_error() {
        Some(GetThirdPartyJobDetailsError::Unhandled(u)) => {
            assert_eq!(u.code(), Some("ThrottlingException"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "service error: unmodeled error ThrottlingException: slow down (HTTP 400, request id req-1234)"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn server_error_500() {
    let err = error_of(500, &[JSON, REQUEST_ID], r#"{"__type": "InternalFailure"}"#).await;
    assert_eq!(
        (err.status(), err.code(), err.message()),
        (Some(500), Some("InternalFailure"), None)
    );
    assert!(matches!(
        err.as_service_error(),
        Some(GetThirdPartyJobDetailsError::Unhandled(_))
    ));
}

#[tokio::test(flavor = "current_thread")]
async fn non_json_bodies() {
    let err = error_of(
        502,
        &[("Content-Type", "text/html"), REQUEST_ID],
        "<html>Bad Gateway</html>",
    )
    .await;
    assert_eq!(
        (err.status(), err.code(), err.request_id()),
        (Some(502), None, Some("req-1234"))
    );
    assert!(matches!(
        err.as_service_error(),
        Some(GetThirdPartyJobDetailsError::Unhandled(_))
    ));

    let err = error_of(200, &[JSON, REQUEST_ID], "not json").await;
    match &err {
        SdkError::Response(e) => {
            assert_eq!(e.meta().status, 200);
            assert!(
                e.reason().starts_with("the body is not valid JSON"),
                "{}",
                e.reason()
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.request_id(), Some("req-1234"));

    let err = error_of(200, &[JSON], r#"{"jobDetails": {"id": 5}}"#).await;
    match &err {
        SdkError::Response(e) => assert_eq!(e.reason(), "expected a string at `jobDetails.id`"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn missing_required_member_is_rejected_before_io() {
    // No server: any I/O would fail as a transport error, not as invalid input.
    let client = Client::new(crate::config("http://127.0.0.1:9"));
    let err = client
        .get_third_party_job_details()
        .job_id("job-1")
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::InvalidInput(e) => assert_eq!(
            e.to_string(),
            "missing required member `clientToken` of `GetThirdPartyJobDetailsInput` (at `GetThirdPartyJobDetailsInput.clientToken`)"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), None);
}

/// A call's future is moved into the executor and by every layer that awaits it, so its size
/// is a cost of every call. An `async fn` taking a future argument holds it twice (the argument
/// and the awaited copy); three such wrappers in the pipeline had made this future 8,096 bytes.
#[test]
fn the_future_of_a_call_stays_small() {
    let client = Client::new(crate::config("http://127.0.0.1:9"));
    let future = client.get_third_party_job_details().job_id("job-1").send();
    let size = std::mem::size_of_val(&future);
    assert!(size <= 3072, "the future of a call is {size} bytes");
}
