//! CodeDeploy `PutLifecycleEventHookExecutionStatus` (awsJson1_1) against a local server.

use skiff_aws_codedeploy::operation::put_lifecycle_event_hook_execution_status::PutLifecycleEventHookExecutionStatusError as E;
use skiff_aws_codedeploy::types::LifecycleEventStatus;
use skiff_aws_codedeploy::Client;

use crate::server::{serve, Canned};
use crate::sigv4_check::assert_signed;

const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

#[tokio::test(flavor = "current_thread")]
async fn request_and_response() {
    let (url, server) = serve(vec![Canned::new(
        200,
        &[JSON, ("x-amzn-RequestId", "r-1")],
        r#"{"lifecycleEventHookExecutionId": "hook-7", "unexpected": {"a": 1}}"#,
    )])
    .await;
    let client = Client::new(crate::config(&url));
    let output = client
        .put_lifecycle_event_hook_execution_status()
        .deployment_id("d-ABC")
        .lifecycle_event_hook_execution_id("hook-7")
        .status(LifecycleEventStatus::Succeeded)
        .send()
        .await
        .expect("success");
    assert_eq!(
        output.lifecycle_event_hook_execution_id.as_deref(),
        Some("hook-7")
    );
    let received = server.await.unwrap();
    let [request] = received.as_slice() else {
        panic!("{received:?}")
    };
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        request.header("x-amz-target"),
        "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus"
    );
    assert_eq!(request.header("content-type"), "application/x-amz-json-1.1");
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"{"deploymentId":"d-ABC","lifecycleEventHookExecutionId":"hook-7","status":"Succeeded"}"#
    );
    assert_signed(
        request,
        "codedeploy",
        "content-type;host;x-amz-date;x-amz-target;x-amz-user-agent",
    );
}

#[tokio::test(flavor = "current_thread")]
async fn empty_input_sends_empty_object() {
    let (url, server) = serve(vec![Canned::new(200, &[JSON], "")]).await;
    let client = Client::new(crate::config(&url));
    let output = client
        .put_lifecycle_event_hook_execution_status()
        .send()
        .await
        .expect("empty body is an empty output");
    assert_eq!(output.lifecycle_event_hook_execution_id, None);
    let received = server.await.unwrap();
    assert_eq!(received[0].body, b"{}");
}

#[tokio::test(flavor = "current_thread")]
async fn every_modeled_error() {
    let codes = [
        "InvalidLifecycleEventHookExecutionStatusException",
        "InvalidLifecycleEventHookExecutionIdException",
        "LifecycleEventAlreadyCompletedException",
        "DeploymentIdRequiredException",
        "DeploymentDoesNotExistException",
        "InvalidDeploymentIdException",
        "UnsupportedActionForDeploymentTypeException",
    ];
    let responses = codes
        .iter()
        .map(|c| {
            Canned::new(
                400,
                &[JSON, ("x-amzn-RequestId", "r-err")],
                format!(r#"{{"__type": "{c}", "message": "m {c}"}}"#),
            )
        })
        .collect();
    let (url, server) = serve(responses).await;
    let client = Client::new(crate::config(&url));
    for code in codes {
        let err = client
            .put_lifecycle_event_hook_execution_status()
            .deployment_id("d")
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            (err.status(), err.code(), err.request_id()),
            (Some(400), Some(code), Some("r-err"))
        );
        let message = match err.into_service_error() {
            E::InvalidLifecycleEventHookExecutionStatusException(e) => e.message,
            E::InvalidLifecycleEventHookExecutionIdException(e) => e.message,
            E::LifecycleEventAlreadyCompletedException(e) => e.message,
            E::DeploymentIdRequiredException(e) => e.message,
            E::DeploymentDoesNotExistException(e) => e.message,
            E::InvalidDeploymentIdException(e) => e.message,
            E::UnsupportedActionForDeploymentTypeException(e) => e.message,
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(message, Some(format!("m {code}")));
    }
    assert_eq!(server.await.unwrap().len(), codes.len());
}
