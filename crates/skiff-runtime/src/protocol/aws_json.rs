//! The awsJson1_0 and awsJson1_1 protocols.
//!
//! Requests: `POST /`, `Content-Type: application/x-amz-json-1.x`,
//! `X-Amz-Target: <ServiceShapeName>.<OperationName>`, the input as a JSON object (`{}` when
//! empty). Responses: 2xx bodies are the output object (an empty body is an empty output);
//! errors carry their code in the `X-Amzn-Errortype` header or the body's `code` / `__type`
//! field, and the request id in `x-amzn-RequestId`.

use serde_json::Value as Json;

use super::errors::{aws_error_code_and_message, find_error, header_request_id, meta};
use crate::codec::json::{self, JsonRules};
use crate::error::Failure;
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{Operation, Protocol, Service};
use crate::value::Value;

const RULES: JsonRules = JsonRules {
    use_json_name: false,
};

/// Builds the request of an awsJson call.
pub(crate) fn build_request(
    service: &Service,
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> HttpRequest {
    let mut url = String::with_capacity(endpoint.len() + 1);
    url.push_str(endpoint);
    url.push('/');
    let mut request = HttpRequest::new("POST", url);
    let content_type = match service.protocol {
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
        _ => "application/x-amz-json-1.1",
    };
    request.headers.append_static("content-type", content_type);
    request
        .headers
        .append_static("x-amz-target", [service.name, ".", op.name].concat());
    request.body = json::write_body(op.input, Some(input), RULES).into_bytes();
    request
}

/// Reads the body of a successful awsJson response straight into the output type (see
/// [`json::decode_members`]); an empty body is an empty output.
pub(crate) fn decode_output(
    op: &'static Operation,
    body: &[u8],
    decode: crate::value::Decode<'_>,
) -> Result<(), String> {
    json::decode_members(op.output, body, RULES, "", false, decode)
}

/// Reads an awsJson response.
pub(crate) fn parse_response(op: &Operation, response: &HttpResponse) -> Result<Value, Failure> {
    let request_id = header_request_id(&response.headers);
    // An empty body is an empty output (or an error with no body members).
    let blank = response.body.iter().all(u8::is_ascii_whitespace);
    let body: &[u8] = if blank { b"{}" } else { &response.body };
    if (200..300).contains(&response.status) {
        return json::read_members(op.output, body, RULES, "", true).map_err(|reason| {
            Failure::Response(ResponseError::new(
                meta(response, None, None, request_id.clone()),
                reason,
            ))
        });
    }
    let object = match json::parse(body) {
        Ok(Json::Object(object)) => Some(object),
        _ => None,
    };
    let (code, message) = aws_error_code_and_message(response, object.as_ref());
    let meta = meta(response, code, message, request_id);
    let modeled = match meta.code.as_deref().and_then(|c| find_error(op, c)) {
        Some((index, schema)) if object.is_some() => {
            match json::read_members(schema, body, RULES, "", true) {
                Ok(value) => Some((index, value)),
                Err(reason) => return Err(Failure::Response(ResponseError::new(meta, reason))),
            }
        }
        Some((index, schema)) => Some((index, Value::Struct(vec![None; schema.members.len()]))),
        None => None,
    };
    Err(Failure::Service {
        meta: Box::new(meta),
        modeled,
    })
}
