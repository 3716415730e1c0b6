//! CloudFormation `ListHookResults` (awsQuery) against a local server: exact form bodies and
//! SigV4 signatures of requests, XML outputs and errors, and the paginator.

use skiff_aws_cloudformation::operation::list_hook_results::{
    ListHookResultsError, ListHookResultsOutput,
};
use skiff_aws_cloudformation::types::{
    HookFailureMode, HookInvocationPoint, HookResultSummary, HookStatus, ListHookResultsTargetType,
};
use skiff_aws_cloudformation::Client;
use skiff_runtime::{Credentials, SdkError};

use crate::server::{serve, Canned, Received};
use crate::sigv4_check::assert_signed;

const XML: (&str, &str) = ("Content-Type", "text/xml");
const HEADER_ID: (&str, &str) = ("x-amzn-RequestId", "hdr-req-id");
const FORM: &str = "application/x-www-form-urlencoded";
/// Headers the runtime signs on an awsQuery request without a session token: everything it sets
/// itself, plus `host`. (`accept` and `content-length` are added by the HTTP stack, unsigned.)
const SIGNED: &str = "content-type;host;x-amz-date;x-amz-user-agent";
const CHANGE_SET_ARN: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs-1/0f1e2d3c";

type Output = ListHookResultsOutput;
type Error = SdkError<ListHookResultsError>;

/// A 200 response wrapping `result` (the inside of `<ListHookResultsResult>`).
fn ok_body(result: &str) -> String {
    format!(
        r#"<ListHookResultsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <ListHookResultsResult>{result}</ListHookResultsResult>
  <ResponseMetadata>
    <RequestId>body-req-id</RequestId>
  </ResponseMetadata>
</ListHookResultsResponse>"#
    )
}

/// One page of results: `TargetType`, `TargetId`, one `<member>` per type name, and `NextToken`
/// when given.
fn page(type_names: &[&str], next_token: Option<&str>) -> Canned {
    let members: String = type_names
        .iter()
        .map(|n| format!("<member><TypeName>{n}</TypeName></member>"))
        .collect();
    let token = next_token.map_or(String::new(), |t| format!("<NextToken>{t}</NextToken>"));
    Canned::new(
        200,
        &[XML, HEADER_ID],
        ok_body(&format!(
            "<TargetType>CHANGE_SET</TargetType><TargetId>{CHANGE_SET_ARN}</TargetId><HookResults>{members}</HookResults>{token}"
        )),
    )
}

fn error_body(code: &str, message: &str) -> String {
    format!(
        r#"<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>body-err-id</RequestId>
</ErrorResponse>"#
    )
}

/// The request's form body as text.
fn body(request: &Received) -> &str {
    std::str::from_utf8(&request.body).expect("UTF-8 form body")
}

/// Checks everything but the body of one awsQuery request, signature included.
fn assert_query_request(request: &Received, url: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/");
    assert_eq!(request.header("content-type"), FORM);
    assert_eq!(request.header("host"), url.trim_start_matches("http://"));
    assert_eq!(request.header("x-amz-date"), "20150830T123600Z");
    assert_eq!(
        request.header("content-length"),
        request.body.len().to_string()
    );
    assert!(
        !request
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-security-token")),
        "{:?}",
        request.headers
    );
    assert_signed(request, "cloudformation", SIGNED);
}

/// Serves `responses` and runs `calls` (a closure over a client), returning the requests.
async fn one_call(
    responses: Vec<Canned>,
    build: impl FnOnce(&Client) -> skiff_aws_cloudformation::operation::list_hook_results::ListHookResultsFluentBuilder,
) -> (Result<Output, Error>, Received, String) {
    let (url, server) = serve(responses).await;
    let client = Client::new(crate::config(&url));
    let result = build(&client).send().await;
    let received = server.await.expect("server task");
    let [request] = <[Received; 1]>::try_from(received).expect("exactly one request");
    (result, request, url)
}

/// A call with the two required members, answered by `response`.
async fn call_with(response: Canned) -> (Result<Output, Error>, Received) {
    let (result, request, _) = one_call(vec![response], |c| {
        c.list_hook_results()
            .target_type(ListHookResultsTargetType::ChangeSet)
            .target_id(CHANGE_SET_ARN)
    })
    .await;
    (result, request)
}

async fn error_of(response: Canned) -> Error {
    call_with(response).await.0.expect_err("an error")
}

// ---------------------------------------------------------------------------------------------
// Requests

#[tokio::test(flavor = "current_thread")]
async fn request_with_all_members_is_exact_and_signed() {
    let (result, request, url) = one_call(vec![page(&[], None)], |c| {
        c.list_hook_results()
            .target_type(ListHookResultsTargetType::ChangeSet)
            .target_id(CHANGE_SET_ARN)
            .next_token("tok-1")
    })
    .await;
    result.expect("success");
    assert_query_request(&request, &url);
    assert_eq!(
        body(&request),
        "Action=ListHookResults&Version=2010-05-15&TargetType=CHANGE_SET\
         &TargetId=arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3AchangeSet%2Fcs-1%2F0f1e2d3c\
         &NextToken=tok-1"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn request_without_next_token_omits_it() {
    let (result, request, url) = one_call(vec![page(&[], None)], |c| {
        c.list_hook_results()
            .target_type(ListHookResultsTargetType::CloudControl)
            .target_id("hook-request-token-1")
    })
    .await;
    result.expect("success");
    assert_query_request(&request, &url);
    assert_eq!(
        body(&request),
        "Action=ListHookResults&Version=2010-05-15&TargetType=CLOUD_CONTROL&TargetId=hook-request-token-1"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn request_with_next_token_only_besides_required_members() {
    // Members go in schema order whatever the order of the setter calls.
    let (result, request, url) = one_call(vec![page(&[], None)], |c| {
        c.list_hook_results()
            .next_token("AAAA.bbbb-cccc_dddd~eeee")
            .target_id("t")
            .target_type(ListHookResultsTargetType::Stack)
    })
    .await;
    result.expect("success");
    assert_query_request(&request, &url);
    assert_eq!(
        body(&request),
        "Action=ListHookResults&Version=2010-05-15&TargetType=STACK&TargetId=t&NextToken=AAAA.bbbb-cccc_dddd~eeee"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn every_target_type_value_is_sent_as_its_wire_text() {
    let values = [
        (ListHookResultsTargetType::ChangeSet, "CHANGE_SET"),
        (ListHookResultsTargetType::Stack, "STACK"),
        (ListHookResultsTargetType::Resource, "RESOURCE"),
        (ListHookResultsTargetType::CloudControl, "CLOUD_CONTROL"),
        // A value newer than the model goes out as given.
        (
            ListHookResultsTargetType::Unknown("FUTURE_TYPE".to_owned()),
            "FUTURE_TYPE",
        ),
    ];
    let (url, server) = serve(values.iter().map(|_| page(&[], None)).collect()).await;
    let client = Client::new(crate::config(&url));
    for (value, _) in &values {
        client
            .list_hook_results()
            .target_type(value.clone())
            .target_id("id-1")
            .send()
            .await
            .expect("success");
    }
    let received = server.await.unwrap();
    assert_eq!(received.len(), values.len());
    for (request, (_, wire)) in received.iter().zip(&values) {
        assert_query_request(request, &url);
        assert_eq!(
            body(request),
            format!("Action=ListHookResults&Version=2010-05-15&TargetType={wire}&TargetId=id-1")
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn values_are_form_encoded_as_botocore_does() {
    let (result, request, url) = one_call(vec![page(&[], None)], |c| {
        c.list_hook_results()
            .target_type(ListHookResultsTargetType::Resource)
            .target_id("a b+c/d=e&f~g.h_i-j*k%l")
            .next_token("é钩😀?#")
    })
    .await;
    result.expect("success");
    assert_query_request(&request, &url);
    assert_eq!(
        body(&request),
        "Action=ListHookResults&Version=2010-05-15&TargetType=RESOURCE\
         &TargetId=a+b%2Bc%2Fd%3De%26f~g.h_i-j%2Ak%25l\
         &NextToken=%C3%A9%E9%92%A9%F0%9F%98%80%3F%23"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn session_token_is_sent_and_signed() {
    let (url, server) = serve(vec![page(&[], None)]).await;
    let config = crate::config(&url)
        .to_builder()
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("SESSION/TOKEN+1=".to_owned()),
        ))
        .build();
    Client::new(config)
        .list_hook_results()
        .target_type(ListHookResultsTargetType::Stack)
        .target_id("s")
        .send()
        .await
        .expect("success");
    let request = &server.await.unwrap()[0];
    assert_eq!(request.header("x-amz-security-token"), "SESSION/TOKEN+1=");
    assert_signed(
        request,
        "cloudformation",
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-user-agent",
    );
}

#[tokio::test(flavor = "current_thread")]
async fn missing_required_member_is_rejected_before_io() {
    // Nothing listens on port 9: any I/O would be a transport error, not invalid input.
    let client = Client::new(crate::config("http://127.0.0.1:9"));
    let err = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::Stack)
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::InvalidInput(e) => assert_eq!(
            e.to_string(),
            "missing required member `TargetId` of `ListHookResultsInput` (at `ListHookResultsInput.TargetId`)"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), None);
}

// ---------------------------------------------------------------------------------------------
// Responses

const FULL_RESULT: &str = r#"
    <TargetType>CHANGE_SET</TargetType>
    <TargetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs-1/0f1e2d3c</TargetId>
    <HookResults>
      <member>
        <InvocationPoint>PRE_PROVISION</InvocationPoint>
        <FailureMode>FAIL</FailureMode>
        <TypeName>Org::Security::S3Hook</TypeName>
        <TypeVersionId>00000001</TypeVersionId>
        <TypeConfigurationVersionId>00000003</TypeConfigurationVersionId>
        <Status>HOOK_COMPLETE_SUCCEEDED</Status>
        <HookStatusReason>All 3 resources passed &amp; &lt;ok&gt; &#233;</HookStatusReason>
      </member>
      <member>
        <InvocationPoint>PRE_PROVISION</InvocationPoint>
        <FailureMode>WARN</FailureMode>
        <TypeName>Org::Cost::TagHook</TypeName>
        <TypeVersionId>00000002</TypeVersionId>
        <TypeConfigurationVersionId>00000001</TypeConfigurationVersionId>
        <Status>HOOK_COMPLETE_FAILED</Status>
        <HookStatusReason><![CDATA[Missing tag <CostCenter>]]></HookStatusReason>
      </member>
      <member>
        <InvocationPoint>PRE_PROVISION</InvocationPoint>
        <FailureMode>FAIL</FailureMode>
        <TypeName>Org::Net::VpcHook</TypeName>
        <TypeVersionId>00000009</TypeVersionId>
        <TypeConfigurationVersionId>00000002</TypeConfigurationVersionId>
        <Status>HOOK_IN_PROGRESS</Status>
        <HookStatusReason>Running</HookStatusReason>
      </member>
      <member>
        <InvocationPoint>PRE_PROVISION</InvocationPoint>
        <FailureMode>WARN</FailureMode>
        <TypeName>Org::Net::SgHook</TypeName>
        <TypeVersionId>00000004</TypeVersionId>
        <TypeConfigurationVersionId>00000005</TypeConfigurationVersionId>
        <Status>HOOK_FAILED</Status>
        <HookStatusReason>Handler timed out</HookStatusReason>
      </member>
    </HookResults>
    <NextToken>next/page+token==</NextToken>
"#;

fn summary(
    failure_mode: HookFailureMode,
    type_name: &str,
    version: &str,
    config_version: &str,
    status: HookStatus,
    reason: &str,
) -> HookResultSummary {
    HookResultSummary::default()
        .with_invocation_point(HookInvocationPoint::PreProvision)
        .with_failure_mode(failure_mode)
        .with_type_name(type_name)
        .with_type_version_id(version)
        .with_type_configuration_version_id(config_version)
        .with_status(status)
        .with_hook_status_reason(reason)
}

#[tokio::test(flavor = "current_thread")]
async fn full_response_is_parsed() {
    // The model has no timestamp member in this operation's output; every other member is here,
    // with every value of every enum (HookStatus: all four; HookFailureMode: both).
    let (result, _) = call_with(Canned::new(200, &[XML, HEADER_ID], ok_body(FULL_RESULT))).await;
    let output = result.expect("success");
    assert_eq!(
        output.target_type,
        Some(ListHookResultsTargetType::ChangeSet)
    );
    assert_eq!(output.target_id.as_deref(), Some(CHANGE_SET_ARN));
    assert_eq!(output.next_token.as_deref(), Some("next/page+token=="));
    let expected = vec![
        summary(
            HookFailureMode::Fail,
            "Org::Security::S3Hook",
            "00000001",
            "00000003",
            HookStatus::HookCompleteSucceeded,
            "All 3 resources passed & <ok> é",
        ),
        summary(
            HookFailureMode::Warn,
            "Org::Cost::TagHook",
            "00000002",
            "00000001",
            HookStatus::HookCompleteFailed,
            "Missing tag <CostCenter>",
        ),
        summary(
            HookFailureMode::Fail,
            "Org::Net::VpcHook",
            "00000009",
            "00000002",
            HookStatus::HookInProgress,
            "Running",
        ),
        summary(
            HookFailureMode::Warn,
            "Org::Net::SgHook",
            "00000004",
            "00000005",
            HookStatus::HookFailed,
            "Handler timed out",
        ),
    ];
    assert_eq!(output.hook_results, Some(expected));
}

#[tokio::test(flavor = "current_thread")]
async fn every_target_type_value_is_read() {
    let values = [
        ("CHANGE_SET", ListHookResultsTargetType::ChangeSet),
        ("STACK", ListHookResultsTargetType::Stack),
        ("RESOURCE", ListHookResultsTargetType::Resource),
        ("CLOUD_CONTROL", ListHookResultsTargetType::CloudControl),
    ];
    for (wire, value) in values {
        let body = ok_body(&format!("<TargetType>{wire}</TargetType>"));
        let (result, _) = call_with(Canned::new(200, &[XML], body)).await;
        assert_eq!(result.expect("success").target_type, Some(value));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn missing_optional_members_stay_unset() {
    let (result, _) = call_with(Canned::new(
        200,
        &[XML],
        ok_body("<HookResults><member><TypeName>Only::The::Name</TypeName></member><member/></HookResults>"),
    ))
    .await;
    let output = result.expect("success");
    assert_eq!(output.target_type, None);
    assert_eq!(output.target_id, None);
    assert_eq!(output.next_token, None);
    assert_eq!(
        output.hook_results,
        Some(vec![
            HookResultSummary::default().with_type_name("Only::The::Name"),
            HookResultSummary::default(),
        ])
    );

    // An empty result element, a response without a result element, and an empty body are all
    // an output with nothing set.
    for body in [
        ok_body(""),
        "<ListHookResultsResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListHookResultsResponse>".to_owned(),
        String::new(),
    ] {
        let (result, _) = call_with(Canned::new(200, &[XML], body)).await;
        assert_eq!(result.expect("success"), Output::default());
    }
}

#[tokio::test(flavor = "current_thread")]
async fn empty_hook_results_element_is_an_empty_list() {
    for element in [
        "<HookResults/>",
        "<HookResults></HookResults>",
        "<HookResults>\n  </HookResults>",
    ] {
        let (result, _) = call_with(Canned::new(
            200,
            &[XML],
            ok_body(&format!("<TargetId>t</TargetId>{element}")),
        ))
        .await;
        let output = result.expect("success");
        assert_eq!(output.hook_results, Some(vec![]), "{element}");
        assert_eq!(output.target_id.as_deref(), Some("t"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_elements_are_ignored() {
    let result_xml = r#"
        <Surprise><Deep><Deeper>1</Deeper></Deep></Surprise>
        <TargetId>t-1</TargetId>
        <HookResults>
          <member>
            <NewField>x</NewField>
            <Status>HOOK_FAILED</Status>
            <Annotations><member>a</member></Annotations>
          </member>
        </HookResults>
        <AnotherNewMember attr="v"/>
    "#;
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<cfn:ListHookResultsResponse xmlns:cfn="http://cloudformation.amazonaws.com/doc/2010-05-15/" extra="1">
  <cfn:ListHookResultsResult>{result_xml}</cfn:ListHookResultsResult>
  <cfn:ResponseMetadata><cfn:RequestId>r</cfn:RequestId><cfn:Extra/></cfn:ResponseMetadata>
  <cfn:Trailing>t</cfn:Trailing>
</cfn:ListHookResultsResponse>"#
    );
    let (result, _) = call_with(Canned::new(200, &[XML], body)).await;
    let output = result.expect("success");
    assert_eq!(output.target_id.as_deref(), Some("t-1"));
    assert_eq!(
        output.hook_results,
        Some(vec![
            HookResultSummary::default().with_status(HookStatus::HookFailed)
        ])
    );
    assert_eq!((output.target_type, output.next_token), (None, None));
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_enum_values_are_kept() {
    let (result, _) = call_with(Canned::new(
        200,
        &[XML],
        ok_body(
            "<TargetType>STACK_SET</TargetType><HookResults><member>\
             <InvocationPoint>POST_PROVISION</InvocationPoint><FailureMode>AUDIT</FailureMode>\
             <Status>HOOK_SKIPPED</Status></member></HookResults>",
        ),
    ))
    .await;
    let output = result.expect("success");
    assert_eq!(
        output.target_type,
        Some(ListHookResultsTargetType::Unknown("STACK_SET".to_owned()))
    );
    let hook = &output.hook_results.as_ref().unwrap()[0];
    assert_eq!(
        hook.invocation_point,
        Some(HookInvocationPoint::Unknown("POST_PROVISION".to_owned()))
    );
    assert_eq!(
        hook.failure_mode,
        Some(HookFailureMode::Unknown("AUDIT".to_owned()))
    );
    assert_eq!(
        hook.status,
        Some(HookStatus::Unknown("HOOK_SKIPPED".to_owned()))
    );
    assert_eq!(hook.status.as_ref().unwrap().as_str(), "HOOK_SKIPPED");
}

// ---------------------------------------------------------------------------------------------
// Errors

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_hook_result_not_found() {
    let err = error_of(Canned::new(
        404,
        &[XML, HEADER_ID],
        error_body("HookResultNotFound", "No hook results for the target"),
    ))
    .await;
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("HookResultNotFound"));
    assert_eq!(err.message(), Some("No hook results for the target"));
    // The body's RequestId wins over the header's.
    assert_eq!(err.request_id(), Some("body-err-id"));
    assert_eq!(
        err.to_string(),
        "service error: HookResultNotFoundException: No hook results for the target (HTTP 404, request id body-err-id)"
    );
    match err.into_service_error() {
        ListHookResultsError::HookResultNotFoundException(e) => {
            assert_eq!(e.message(), Some("No hook results for the target"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn modeled_error_variants_of_the_wire_form() {
    // The shape name is not a code of this error (it declares `awsQueryError` code
    // `HookResultNotFound`): as botocore and the Smithy awsQuery rules say, it is unmodeled.
    let err = error_of(Canned::new(
        404,
        &[XML, HEADER_ID],
        error_body("HookResultNotFoundException", "by shape name"),
    ))
    .await;
    assert_eq!(err.code(), Some("HookResultNotFoundException"));
    match err.into_service_error() {
        ListHookResultsError::Unhandled(u) => assert_eq!(
            (u.code(), u.message()),
            (Some("HookResultNotFoundException"), Some("by shape name"))
        ),
        other => panic!("{other:?}"),
    }

    // A namespaced or suffixed code is normalized; the header request id is used when the body
    // has none; `message` in lower case is accepted.
    let cases = [
        (
            "<ErrorResponse><Error><Code>HookResultNotFound:http://internal/</Code>\
             <message>lower case</message></Error></ErrorResponse>"
                .to_owned(),
            "HookResultNotFound",
            "lower case",
            "hdr-req-id",
        ),
        (
            "<Response><Errors><Error><Code>HookResultNotFound</Code><Message>ec2 form</Message>\
             </Error></Errors><RequestID>ec2-id</RequestID></Response>"
                .to_owned(),
            "HookResultNotFound",
            "ec2 form",
            "ec2-id",
        ),
    ];
    for (body, code, message, request_id) in cases {
        let err = error_of(Canned::new(404, &[XML, HEADER_ID], body)).await;
        assert_eq!(
            (err.status(), err.code(), err.message(), err.request_id()),
            (Some(404), Some(code), Some(message), Some(request_id))
        );
        match err.into_service_error() {
            ListHookResultsError::HookResultNotFoundException(e) => {
                assert_eq!(e.message(), Some(message))
            }
            other => panic!("{code}: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn unmodeled_error() {
    let err = error_of(Canned::new(
        400,
        &[XML, HEADER_ID],
        error_body("Throttling", "Rate exceeded"),
    ))
    .await;
    assert_eq!(
        (err.status(), err.code(), err.message(), err.request_id()),
        (
            Some(400),
            Some("Throttling"),
            Some("Rate exceeded"),
            Some("body-err-id")
        )
    );
    match err.as_service_error() {
        Some(ListHookResultsError::Unhandled(u)) => {
            assert_eq!(
                (u.code(), u.message()),
                (Some("Throttling"), Some("Rate exceeded"))
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "service error: unmodeled error Throttling: Rate exceeded (HTTP 400, request id body-err-id)"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn server_error_500_with_non_xml_body() {
    for (status, body) in [
        (500, "Internal Server Error"),
        (500, "<html><body>oops</body>"),
        (502, "<html><body>Bad Gateway</body></html>"),
        (503, ""),
    ] {
        let err = error_of(Canned::new(
            status,
            &[("Content-Type", "text/plain"), HEADER_ID],
            body,
        ))
        .await;
        assert_eq!(
            (err.status(), err.code(), err.message(), err.request_id()),
            (Some(status), None, None, Some("hdr-req-id")),
            "{body:?}"
        );
        assert!(
            matches!(
                err.as_service_error(),
                Some(ListHookResultsError::Unhandled(_))
            ),
            "{err:?}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn malformed_xml_on_200_is_a_response_error() {
    for body in [
        "<ListHookResultsResponse><ListHookResultsResult><TargetId>x</TargetType>",
        "<ListHookResultsResponse><ListHookResultsResult>",
        "not xml at all",
        "<a>&bogus;</a>",
    ] {
        let err = error_of(Canned::new(200, &[XML, HEADER_ID], body)).await;
        match &err {
            SdkError::Response(e) => {
                assert_eq!(e.meta().status, 200);
                assert!(!e.reason().is_empty());
                // Error text never quotes the document.
                assert!(!e.reason().contains("TargetId>x"), "{}", e.reason());
            }
            other => panic!("{body:?}: {other:?}"),
        }
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.request_id(), Some("hdr-req-id"));
        assert!(err.as_service_error().is_none());
    }
}

// ---------------------------------------------------------------------------------------------
// Paginator

fn form_next_token(request: &Received) -> Option<String> {
    body(request)
        .split('&')
        .find_map(|pair| pair.strip_prefix("NextToken="))
        .map(str::to_owned)
}

fn type_names(items: &[HookResultSummary]) -> Vec<&str> {
    items
        .iter()
        .map(|h| h.type_name.as_deref().unwrap())
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_follows_next_token_over_three_pages() {
    let (url, server) = serve(vec![
        page(&["Hook::A::One", "Hook::A::Two"], Some("t/1+")),
        page(&["Hook::B::One"], Some("t 2")),
        // An empty NextToken ends the stream like an absent one.
        Canned::new(
            200,
            &[XML],
            ok_body("<HookResults><member><TypeName>Hook::C::One</TypeName></member></HookResults><NextToken></NextToken>"),
        ),
    ])
    .await;
    let client = Client::new(crate::config(&url));
    let mut items = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::ChangeSet)
        .target_id(CHANGE_SET_ARN)
        .into_paginator()
        .items();
    let mut collected = Vec::new();
    while let Some(item) = items.next().await {
        collected.push(item.expect("item"));
    }
    assert_eq!(
        type_names(&collected),
        [
            "Hook::A::One",
            "Hook::A::Two",
            "Hook::B::One",
            "Hook::C::One"
        ]
    );
    assert!(items.next().await.is_none(), "the stream stays ended");

    let received = server.await.unwrap();
    assert_eq!(received.len(), 3);
    let tokens: Vec<Option<String>> = received.iter().map(form_next_token).collect();
    assert_eq!(
        tokens,
        [None, Some("t%2F1%2B".to_owned()), Some("t+2".to_owned())]
    );
    for request in &received {
        assert_query_request(request, &url);
        assert!(body(request).starts_with(
            "Action=ListHookResults&Version=2010-05-15&TargetType=CHANGE_SET&TargetId=arn%3Aaws%3A"
        ));
    }
    assert_eq!(
        body(&received[1]),
        "Action=ListHookResults&Version=2010-05-15&TargetType=CHANGE_SET\
         &TargetId=arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3AchangeSet%2Fcs-1%2F0f1e2d3c\
         &NextToken=t%2F1%2B"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_pages_via_next() {
    let (url, server) = serve(vec![
        page(&["P::1::a"], Some("x")),
        page(&["P::2::a"], None),
    ])
    .await;
    let client = Client::new(crate::config(&url));
    let mut pages = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::Stack)
        .target_id("s")
        .into_paginator();
    let first = pages.next().await.expect("page 1").expect("ok");
    assert_eq!(first.next_token.as_deref(), Some("x"));
    assert_eq!(
        type_names(first.hook_results.as_deref().unwrap()),
        ["P::1::a"]
    );
    let second = pages.next().await.expect("page 2").expect("ok");
    assert_eq!(second.next_token, None);
    assert!(pages.next().await.is_none());
    let received = server.await.unwrap();
    assert_eq!(
        received.iter().map(form_next_token).collect::<Vec<_>>(),
        [None, Some("x".to_owned())]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_stops_when_the_service_repeats_the_token() {
    // Page 1 gives "A"; asked for "A", the service answers "A" again. Exactly two requests are
    // served (a third would meet a closed port and surface as a transport error, not `None`).
    let (url, server) = serve(vec![
        page(&["R::1::a"], Some("A")),
        page(&["R::2::a"], Some("A")),
    ])
    .await;
    let client = Client::new(crate::config(&url));
    let mut pages = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::ChangeSet)
        .target_id("cs")
        .into_paginator();
    let first = pages.next().await.expect("page 1").expect("ok");
    assert_eq!(
        type_names(first.hook_results.as_deref().unwrap()),
        ["R::1::a"]
    );
    let second = pages
        .next()
        .await
        .expect("page 2")
        .expect("the repeated page itself");
    assert_eq!(
        type_names(second.hook_results.as_deref().unwrap()),
        ["R::2::a"]
    );
    match pages.next().await {
        Some(Err(SdkError::Response(e))) => assert_eq!(
            e.reason(),
            "ListHookResults returned the pagination token it was sent; stopping instead of repeating the request"
        ),
        other => panic!("{other:?}"),
    }
    assert!(pages.next().await.is_none());
    assert!(pages.next().await.is_none());
    let received = server.await.unwrap();
    assert_eq!(
        received.iter().map(form_next_token).collect::<Vec<_>>(),
        [None, Some("A".to_owned())]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_stops_when_the_first_answer_repeats_the_callers_token() {
    let (url, server) = serve(vec![page(&["S::1::a"], Some("start"))]).await;
    let client = Client::new(crate::config(&url));
    let mut items = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::ChangeSet)
        .target_id("cs")
        .next_token("start")
        .into_paginator()
        .items();
    assert_eq!(
        items
            .next()
            .await
            .expect("item")
            .expect("ok")
            .type_name
            .as_deref(),
        Some("S::1::a")
    );
    assert!(matches!(
        items.next().await,
        Some(Err(SdkError::Response(_)))
    ));
    assert!(items.next().await.is_none());
    let received = server.await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(form_next_token(&received[0]).as_deref(), Some("start"));
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_yields_an_error_on_page_two_then_ends() {
    let (url, server) = serve(vec![
        page(&["E::1::a", "E::1::b"], Some("p2")),
        Canned::new(
            404,
            &[XML, HEADER_ID],
            error_body("HookResultNotFound", "gone"),
        ),
    ])
    .await;
    let client = Client::new(crate::config(&url));
    let mut items = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::ChangeSet)
        .target_id("cs")
        .into_paginator()
        .items();
    let a = items.next().await.expect("a").expect("ok");
    let b = items.next().await.expect("b").expect("ok");
    assert_eq!(type_names(&[a, b]), ["E::1::a", "E::1::b"]);
    let err = items
        .next()
        .await
        .expect("the error")
        .expect_err("an error");
    assert_eq!(
        (err.status(), err.code(), err.message(), err.request_id()),
        (
            Some(404),
            Some("HookResultNotFound"),
            Some("gone"),
            Some("body-err-id")
        )
    );
    assert!(matches!(
        err.as_service_error(),
        Some(ListHookResultsError::HookResultNotFoundException(_))
    ));
    assert!(items.next().await.is_none());
    assert!(items.next().await.is_none());
    let received = server.await.unwrap();
    assert_eq!(
        received.iter().map(form_next_token).collect::<Vec<_>>(),
        [None, Some("p2".to_owned())]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn paginator_items_continue_past_an_empty_page() {
    let (url, server) = serve(vec![
        page(&["X::1::a"], Some("n1")),
        page(&[], Some("n2")),
        page(&["X::3::a"], None),
    ])
    .await;
    let client = Client::new(crate::config(&url));
    let mut items = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::Stack)
        .target_id("s")
        .into_paginator()
        .items();
    let mut collected = Vec::new();
    while let Some(item) = items.next().await {
        collected.push(item.expect("item"));
    }
    assert_eq!(type_names(&collected), ["X::1::a", "X::3::a"]);
    let received = server.await.unwrap();
    assert_eq!(
        received.iter().map(form_next_token).collect::<Vec<_>>(),
        [None, Some("n1".to_owned()), Some("n2".to_owned())]
    );
}
