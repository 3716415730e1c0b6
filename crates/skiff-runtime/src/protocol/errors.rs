//! What every protocol shares about error responses: the error metadata, error-code
//! normalization, matching a code to a modeled error, and the AWS JSON and XML error bodies.

#[cfg(any(feature = "aws-query", feature = "rest-xml"))]
use crate::codec::xml;
use crate::error::ErrorMeta;
use crate::http::{Headers, HttpResponse};
use crate::schema::{Operation, Schema};
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
use serde_json::Value as Json;

/// The error metadata of a response.
pub(crate) fn meta(
    response: &HttpResponse,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
) -> ErrorMeta {
    ErrorMeta::new(response.status, code, message, request_id)
}

/// The request id headers, in order of preference: AWS (`x-amzn-RequestId`, S3's
/// `x-amz-request-id`) and Huawei Cloud (`X-Request-Id`).
const REQUEST_ID_HEADERS: &[&str] = &["x-amzn-requestid", "x-amz-request-id", "x-request-id"];

/// The request id a response's headers carry, if any.
pub(crate) fn header_request_id(headers: &Headers) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(h))
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// Normalizes an error code: drops a namespace (`aws.foo#Bar` → `Bar`) and anything after `:`
/// (`Bar:http://internal/` → `Bar`).
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

/// The modeled error of `op` whose shape name is `code`: how the AWS JSON and restXml
/// protocols name errors on the wire. An `awsQueryError` code is not looked at: it is the
/// query protocols' name for the error (a service made query-compatible still sends the shape
/// name in its JSON body, and the query code only in a header).
#[cfg(any(feature = "aws-json", feature = "rest-json", feature = "rest-xml"))]
pub(crate) fn find_error(op: &Operation, code: &str) -> Option<(usize, &'static Schema)> {
    op.errors
        .iter()
        .enumerate()
        .find_map(|(i, s)| (s.name == code).then_some((i, *s)))
}

/// The modeled error of `op` whose declared code is `code` (awsQuery and ec2Query, and the
/// Huawei protocol, whose errors are codes like `RF.HOOK.0404`): [`ErrorInfo::code`], i.e.
/// the `awsQueryError` code where the shape declares one, else its shape name. A shape that
/// declares another code is not matched by its name, as the Smithy awsQuery rules and botocore
/// say: the service never sends that name for it, so a response carrying it is another error.
///
/// [`ErrorInfo::code`]: crate::schema::ErrorInfo::code
#[cfg(any(feature = "aws-query", feature = "rest-json"))]
pub(crate) fn find_coded_error(op: &Operation, code: &str) -> Option<(usize, &'static Schema)> {
    op.errors.iter().enumerate().find_map(|(i, s)| {
        let declared = s.error.map_or(s.name, |e| e.code);
        (declared == code).then_some((i, *s))
    })
}

/// The error code and message of an AWS JSON error response (awsJson and restJson1): the code
/// from the `X-Amzn-Errortype` header, else the body's `code` or `__type`, sanitized; the
/// message from `message`, `Message` or `errorMessage`.
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
pub(crate) fn aws_error_code_and_message(
    response: &HttpResponse,
    object: Option<&serde_json::Map<String, Json>>,
) -> (Option<String>, Option<String>) {
    let field = |names: &[&str]| {
        names.iter().find_map(|n| {
            object
                .and_then(|o| o.get(*n))
                .and_then(Json::as_str)
                .map(str::to_owned)
        })
    };
    let code = response
        .headers
        .get("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| field(&["code", "__type"]))
        .map(|c| sanitize_error_code(&c).to_owned())
        .filter(|c| !c.is_empty());
    (code, field(&["message", "Message", "errorMessage"]))
}

/// What an XML error body says: the element holding the error's members, and its code,
/// message and request id.
#[cfg(any(feature = "aws-query", feature = "rest-xml"))]
#[derive(Debug, Default)]
pub(crate) struct ErrorBody<'a> {
    /// The `<Error>` element (the error structure's members are its children).
    pub(crate) element: Option<&'a xml::Element>,
    /// `Code`, namespace and `:suffix` stripped; `None` when missing or blank.
    pub(crate) code: Option<String>,
    /// `Message` (or `message`).
    pub(crate) message: Option<String>,
    /// `RequestId` (or `RequestID`), beside or inside the `<Error>` element.
    pub(crate) request_id: Option<String>,
}

/// Finds the error in an XML error body rooted at `root`, in any of the forms AWS services use:
/// `<ErrorResponse><Error>` (awsQuery, restXml), `<Response><Errors><Error>` (ec2Query), or a
/// bare `<Error>` root (restXml with `noErrorWrapping`, S3).
#[cfg(any(feature = "aws-query", feature = "rest-xml"))]
pub(crate) fn error_body(root: &xml::Element) -> ErrorBody<'_> {
    let element = if root.name() == "Error" {
        Some(root)
    } else {
        root.child("Error")
            .or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
    };
    let field = |name: &str| element.and_then(|e| e.child(name)).map(xml::Element::text);
    let code = field("Code")
        .map(|c| sanitize_error_code(c).to_owned())
        .filter(|c| !c.is_empty());
    let message = field("Message")
        .or_else(|| field("message"))
        .map(str::to_owned);
    let request_id = ["RequestId", "RequestID"]
        .iter()
        .find_map(|n| root.child(n).or_else(|| element.and_then(|e| e.child(n))))
        .and_then(|e| xml::non_empty(e.text()));
    ErrorBody {
        element,
        code,
        message,
        request_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_codes() {
        for (raw, code) in [
            ("FooError", "FooError"),
            ("aws.protocoltests.restjson#FooError", "FooError"),
            ("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"),
            (
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
        ] {
            assert_eq!(sanitize_error_code(raw), code);
        }
    }
}
