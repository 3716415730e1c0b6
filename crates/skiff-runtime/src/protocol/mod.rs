//! Wire protocols: dispatch with one arm per [`Protocol`], each implemented in its own module
//! behind a cargo feature, plus what protocols share ([`errors`]).
//!
//! - `aws_json`: awsJson1_0 and awsJson1_1;
//! - `aws_query`: awsQuery and ec2Query (form requests, XML responses);
//! - `rest`: the protocol-independent HTTP binding layer, with its bodies `rest::json`
//!   (restJson1), `rest::xml` (restXml) and `rest::huawei` (Huawei REST+JSON).
//!
//! A protocol turns a value into an [`HttpRequest`] and an [`HttpResponse`] into a value or a
//! [`Failure`], using the codecs. It never signs, sends, retries or chooses an endpoint: that is
//! the pipeline's (`client`), which calls down into this module and never the other way.
// A build without any protocol feature (only useful to check the core) leaves the shared
// helpers unused.
#![cfg_attr(
    not(any(
        feature = "aws-json",
        feature = "aws-query",
        feature = "rest-json",
        feature = "rest-xml"
    )),
    allow(unused)
)]

#[cfg(feature = "aws-json")]
mod aws_json;
#[cfg(feature = "aws-query")]
mod aws_query;
pub(crate) mod errors;
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
mod rest;

use crate::error::{Failure, InvalidInput, ResponseError};
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{Operation, Protocol, Service};
use crate::value::Value;
use errors::meta;

/// Builds the HTTP request of an operation call.
pub(crate) fn build_request(
    service: &Service,
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> Result<HttpRequest, Failure> {
    match service.protocol {
        #[cfg(feature = "aws-json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            Ok(aws_json::build_request(service, op, input, endpoint))
        }
        #[cfg(feature = "rest-json")]
        Protocol::HuaweiRestJson => rest::huawei::build_request(op, input, endpoint),
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => rest::json::build_request(op, input, endpoint),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery | Protocol::Ec2Query => {
            aws_query::build_request(service, op, input, endpoint)
        }
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => rest::xml::build_request(service, op, input, endpoint),
        #[allow(unreachable_patterns)] // Reachable when a protocol feature is disabled.
        other => Err(Failure::InvalidInput(InvalidInput::new(format!(
            "protocol {other:?} is not enabled in this build of skiff-runtime"
        )))),
    }
}

/// Whether a failed request may be retried at all once it may have reached the server. The
/// AWS protocols retry every operation (the AWS SDKs' standard mode does); Huawei Cloud's SDKs
/// retry only idempotent methods, since its APIs do not promise that a repeated `POST` is
/// harmless.
pub(crate) fn retries_request(service: &Service, request: &HttpRequest) -> bool {
    match service.protocol {
        Protocol::HuaweiRestJson => matches!(
            request.method.as_str(),
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
        ),
        _ => true,
    }
}

/// Reads the response of an operation call: its output, or its error. The message of a
/// modeled error whose `message` member is `@sensitive` is dropped from the metadata, so that
/// it cannot leak through `Display`, `Debug` or logs.
pub(crate) fn parse_response(
    service: &Service,
    op: &Operation,
    response: &HttpResponse,
) -> Result<Value, Failure> {
    let result = parse_by_protocol(service, op, response);
    let Err(Failure::Service { mut meta, modeled }) = result else {
        return result;
    };
    // awsQueryCompatible: the awsQuery error code travels in `x-amzn-query-error: Code;Type`,
    // and callers migrating from awsQuery expect it as the code.
    if service.query_compatible {
        let header = response
            .headers
            .get("x-amzn-query-error")
            .unwrap_or_default();
        let code = header.split(';').next().unwrap_or_default().trim();
        if !code.is_empty() {
            meta.code = Some(code.to_owned());
        }
    }
    if let Some((index, _)) = &modeled {
        let sensitive = op.errors.get(*index).is_some_and(|s| {
            s.members
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case("message") && m.sensitive)
        });
        if sensitive {
            meta.message = None;
        }
    }
    Err(Failure::Service { meta, modeled })
}

/// Whether a successful (2xx) response is read straight from its body into the output type
/// ([`decode_output`]) rather than into a value ([`parse_response`]): with the JSON protocols,
/// when the whole output is in the body (always with awsJson 1.0 and 1.1, which bind nothing to
/// headers or status; with restJson1 and Huawei REST when no output member is bound to a header,
/// the status or the payload, and there is a member to read).
pub(crate) fn decodes_output(service: &Service, op: &Operation) -> bool {
    let _ = op;
    match service.protocol {
        #[cfg(feature = "aws-json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => true,
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 | Protocol::HuaweiRestJson => {
            !op.output.members.is_empty()
                && op
                    .output
                    .members
                    .iter()
                    .all(|m| m.binding.in_response_body())
        }
        _ => false,
    }
}

/// Reads the body of a successful response into the output type through `decode`, for the
/// protocols [`decodes_output`] names; the message says why the body does not fit.
pub(crate) fn decode_output(
    service: &Service,
    op: &'static Operation,
    body: &[u8],
    decode: crate::value::Decode<'_>,
) -> Result<(), String> {
    match service.protocol {
        #[cfg(feature = "aws-json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::decode_output(op, body, decode),
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => rest::json::decode_output(op, body, decode),
        #[cfg(feature = "rest-json")]
        Protocol::HuaweiRestJson => rest::huawei::decode_output(op, body, decode),
        _ => {
            let _ = (op, body, decode);
            Err(format!(
                "the protocol {:?} does not read outputs straight from the body",
                service.protocol
            ))
        }
    }
}

fn parse_by_protocol(
    service: &Service,
    op: &Operation,
    response: &HttpResponse,
) -> Result<Value, Failure> {
    match service.protocol {
        #[cfg(feature = "aws-json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::parse_response(op, response),
        #[cfg(feature = "rest-json")]
        Protocol::HuaweiRestJson => rest::huawei::parse_response(op, response),
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => rest::json::parse_response(op, response),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery | Protocol::Ec2Query => aws_query::parse_response(service, op, response),
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => rest::xml::parse_response(op, response),
        #[allow(unreachable_patterns)] // Reachable when a protocol feature is disabled.
        other => Err(Failure::Response(ResponseError::new(
            meta(response, None, None, None),
            format!("protocol {other:?} is not enabled in this build of skiff-runtime"),
        ))),
    }
}
