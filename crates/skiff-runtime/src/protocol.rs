//! Protocol dispatch: one arm per [`Protocol`], each implemented in its own module behind a
//! cargo feature, plus the helpers all protocols share (error-code matching, request ids).
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
        Protocol::AwsQuery | Protocol::Ec2Query => {
            crate::aws_query::build_request(service, op, input, endpoint)
        }
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => crate::rest_xml::build_request(service, op, input, endpoint),
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
        Protocol::AwsQuery | Protocol::Ec2Query => {
            crate::aws_query::parse_response(service, op, response)
        }
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => crate::rest_xml::parse_response(op, response),
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

/// The endpoint with the operation's `@endpoint` host prefix prepended to its host, the prefix's
/// `{label}`s replaced by the `@hostLabel` members of the input. A label must be set, non-empty,
/// and made of letters, digits, `-` and `.`: anything else would change the host's meaning.
pub(crate) fn host_prefixed<'a>(
    op: &Operation,
    input: &Value,
    endpoint: &'a str,
) -> Result<std::borrow::Cow<'a, str>, Failure> {
    use std::borrow::Cow;
    let invalid = |message: String| Failure::InvalidInput(InvalidInput::new(message));
    let Some(pattern) = op.host_prefix else {
        return Ok(Cow::Borrowed(endpoint));
    };
    let schema = op.input;
    let slots: &[Option<Value>] = match input {
        Value::Struct(slots) => slots,
        _ => &[],
    };
    let mut prefix = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        prefix.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| {
            invalid(format!(
                "the host prefix of `{}` has an unclosed `{{`",
                op.name
            ))
        })?;
        let label = &rest[start + 1..end];
        let index = schema
            .members
            .iter()
            .position(|m| m.name == label && m.host_label)
            .ok_or_else(|| {
                invalid(format!(
                    "the host label `{{{label}}}` of `{}` names no `@hostLabel` member of `{}`",
                    op.name, schema.name
                ))
            })?;
        let what = || format!("member `{}.{label}` (host label)", schema.name);
        match slots.get(index).and_then(Option::as_ref) {
            Some(Value::Str(s)) if !s.is_empty() => {
                let valid = s
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
                if !valid {
                    return Err(invalid(format!(
                        "{} may hold only letters, digits, `-` and `.`",
                        what()
                    )));
                }
                prefix.push_str(s);
            }
            Some(Value::Str(_)) | None => {
                return Err(invalid(format!(
                    "{} must be set to a non-empty value",
                    what()
                )))
            }
            Some(other) => {
                return Err(invalid(format!(
                    "{} cannot carry a value of kind `{}`",
                    what(),
                    other.kind_name()
                )))
            }
        }
        rest = &rest[end + 1..];
    }
    prefix.push_str(rest);
    Ok(Cow::Owned(match endpoint.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://{prefix}{host}"),
        None => format!("{prefix}{endpoint}"),
    }))
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
