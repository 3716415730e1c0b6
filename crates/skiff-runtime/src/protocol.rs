//! Protocol dispatch: one arm per [`Protocol`], each implemented in its own module behind a
//! cargo feature, plus the helpers all protocols share (error-code matching, request ids).

use crate::client::Failure;
use crate::error::{ErrorMeta, InvalidInput, ResponseError};
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{Operation, Protocol, Schema, Service};
use crate::value::Value;

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
            Ok(crate::aws_json::build_request(service, op, input, endpoint))
        }
        #[cfg(feature = "rest-json")]
        Protocol::HuaweiRestJson => crate::huawei_json::build_request(op, input, endpoint),
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => crate::rest_json::build_request(op, input, endpoint),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery => Ok(crate::aws_query::build_request(
            service, op, input, endpoint,
        )),
        #[allow(unreachable_patterns)] // Reachable when a protocol feature is disabled.
        other => Err(Failure::InvalidInput(InvalidInput::new(format!(
            "protocol {other:?} is not enabled in this build of skiff-runtime"
        )))),
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
    match parse_by_protocol(service, op, response) {
        Err(Failure::Service {
            mut meta,
            modeled: Some((index, value)),
        }) => {
            let sensitive = op.errors.get(index).is_some_and(|s| {
                s.members
                    .iter()
                    .any(|m| m.name.eq_ignore_ascii_case("message") && m.sensitive)
            });
            if sensitive {
                meta.message = None;
            }
            Err(Failure::Service {
                meta,
                modeled: Some((index, value)),
            })
        }
        other => other,
    }
}

fn parse_by_protocol(
    service: &Service,
    op: &Operation,
    response: &HttpResponse,
) -> Result<Value, Failure> {
    match service.protocol {
        #[cfg(feature = "aws-json")]
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            crate::aws_json::parse_response(op, response)
        }
        #[cfg(feature = "rest-json")]
        Protocol::HuaweiRestJson => crate::huawei_json::parse_response(op, response),
        #[cfg(feature = "rest-json")]
        Protocol::RestJson1 => crate::rest_json::parse_response(op, response),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery => crate::aws_query::parse_response(op, response),
        #[allow(unreachable_patterns)] // Reachable when a protocol feature is disabled.
        other => Err(Failure::Response(ResponseError::new(
            meta(response, None, None, None),
            format!("protocol {other:?} is not enabled in this build of skiff-runtime"),
        ))),
    }
}

/// The error metadata of a response.
pub(crate) fn meta(
    response: &HttpResponse,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
) -> ErrorMeta {
    ErrorMeta {
        status: response.status,
        code,
        message,
        request_id,
    }
}

/// Normalizes an error code: drops a namespace (`aws.foo#Bar` → `Bar`) and anything after `:`
/// (`Bar:http://internal/` → `Bar`).
pub(crate) fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

/// The modeled error of `op` whose code or shape name is `code`.
pub(crate) fn find_error(op: &Operation, code: &str) -> Option<(usize, &'static Schema)> {
    op.errors.iter().enumerate().find_map(|(i, s)| {
        let matches = s.name == code || s.error.is_some_and(|e| e.code == code);
        matches.then_some((i, *s))
    })
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
