//! The AWS restJson1 protocol (`aws.protocols#restJson1`): the HTTP bindings of
//! [`rest`](super) with JSON documents, as the Smithy specification and its protocol tests
//! (`smithy-aws-protocol-tests`, `restJson1/*.smithy`) define it.
//!
//! Requests:
//! - labels, query, headers, prefix headers and payloads follow [`rest`](super): labels and
//!   query values are `date-time` timestamps and headers `http-date` unless `@timestampFormat`
//!   says otherwise; `@httpQueryParams` never overrides an `@httpQuery` member; header lists quote
//!   items holding a comma or a double quote;
//! - a header member holding an empty list is sent as an empty header (null is "not sent", so
//!   the empty list must be distinguishable from it);
//! - the unbound members form a JSON object keyed by `@jsonName` (else the member name); the
//!   object is sent, as `{}` if need be, whenever the input has an unbound member, even if none
//!   is set; an input without unbound members and without payload sends no body and no
//!   `Content-Type`;
//! - timestamps in JSON are epoch seconds unless `@timestampFormat` says otherwise; blobs are
//!   base64 strings; non-finite floats are the strings `NaN`, `Infinity`, `-Infinity`; null
//!   entries of `@sparse` lists and maps are written as `null`, unset members are omitted;
//!   documents are written as-is;
//! - `@httpPayload`: a blob is the raw body (`Content-Type` from `@mediaType`, else
//!   `application/octet-stream`), a string or enum the raw text (`@mediaType`, else `text/plain`),
//!   a structure, union or document a JSON document (`application/json`). An unset structure
//!   payload sends `{}` (the protocol tests require a JSON object there); an unset blob, string,
//!   union or document payload sends no body;
//! - every union of the input has exactly one member set, else the input is refused (a union
//!   value without a known member cannot be written, one with two is not a union value);
//! - a `Content-Type` header member wins over the protocol's content type;
//! - `@endpoint(hostPrefix)` is prepended to the endpoint's host, its `{label}`s replaced by the
//!   `@hostLabel` input members (which must be set, non-empty, and made of letters, digits, `-`
//!   and `.`: anything else would change the host's meaning);
//! - `Content-Length` is left to the transport, which knows the final body.
//!
//! Responses:
//! - a 2xx status, or the `@http` trait's own code, is a success; anything else is an error;
//! - a blank body (empty or whitespace only) gives an output whose body members are unset;
//! - `@httpResponseCode`, headers (lists split on commas outside double quotes, and in pairs for
//!   `http-date` lists, whose items hold a comma), prefix headers and the payload are read by
//!   [`rest`](super); output members bound with `@httpQuery`/`@httpLabel` are read from the
//!   body (those bindings mean nothing in a response);
//! - JSON `null` members are unset; null entries are kept in `@sparse` lists and maps and
//!   dropped from dense ones; unknown keys are ignored;
//! - a union has at most one member set (more is a malformed response); a union whose only keys
//!   are unknown (`__type` included) is a variant this client does not know (and, in an input,
//!   refused: the server could not tell what was meant).
//!
//! Errors:
//! - the code comes from the `X-Amzn-Errortype` header, else the body's `code`, else its
//!   `__type`, sanitized: a namespace (`ns#`) and anything after `:` (a URL some services
//!   append) are dropped;
//! - the message from the body's `message`, `Message` or `errorMessage`; the request id from
//!   `x-amzn-requestid` (else `x-amz-request-id`);
//! - a code naming a modeled error of the operation yields it, its members read like an output
//!   (headers too); a body that is not a JSON object still yields it, from headers alone.

use serde_json::Value as Json;

use super::{self as rest, invalid, BodyCodec};
use crate::codec::json::{self, JsonRules};
use crate::error::Failure;
use crate::error::ResponseError;
use crate::http::{Bytes, HttpRequest, HttpResponse};
use crate::protocol::errors::{aws_error_code_and_message, find_error, header_request_id, meta};
use crate::schema::{Kind, Member, Operation, Schema};
use crate::value::Value;

const RULES: JsonRules = JsonRules {
    use_json_name: true,
};

const CONTENT_TYPE: &str = "application/json";

/// The response headers that may carry the request id, in order of preference.
/// The JSON body codec of restJson1.
struct RestJson;

impl BodyCodec for RestJson {
    fn content_type(&self) -> &'static str {
        CONTENT_TYPE
    }

    fn write_members(&self, schema: &Schema, input: &Value) -> Vec<u8> {
        json::write_body(schema, Some(input), RULES).into_bytes()
    }

    fn write_payload(&self, member: &Member, value: &Value) -> Vec<u8> {
        let mut out = String::new();
        json::write_value(&mut out, member.target, Some(member), value, RULES);
        out.into_bytes()
    }

    fn read_members(&self, schema: &Schema, body: &[u8]) -> Result<Value, String> {
        let mut path = schema.name.to_owned();
        let value = json::read_members(schema, body, RULES, &path, true)?;
        json::check_unions(schema, &value, &mut path, false)?;
        Ok(value)
    }

    fn read_payload(&self, member: &Member, body: &[u8], path: &str) -> Result<Value, String> {
        let mut path = path.to_owned();
        let value = json::read_value(member.target, Some(member), body, RULES, &path)?;
        json::check_unions(member.target, &value, &mut path, false)?;
        Ok(value)
    }

    fn write_unset_payload(&self, member: &Member) -> Option<Vec<u8>> {
        (member.target.kind == Kind::Structure).then(|| b"{}".to_vec())
    }

    fn send_empty_list_headers(&self) -> bool {
        true
    }
}

/// Builds the request of a restJson1 call.
pub(crate) fn build_request(
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> Result<HttpRequest, Failure> {
    json::check_unions(op.input, input, &mut op.input.name.to_owned(), true).map_err(invalid)?;
    rest::build_request(op, input, endpoint, &RestJson)
}

/// Reads the body of a successful restJson1 response whose output is all body straight into the
/// output type (see [`json::decode_members`]; unions are checked as [`RestJson`] checks them).
pub(crate) fn decode_output(
    op: &'static Operation,
    body: &[u8],
    decode: crate::value::Decode<'_>,
) -> Result<(), String> {
    json::decode_members(op.output, body, RULES, op.output.name, true, decode)
}

/// Reads the response of a restJson1 call.
pub(crate) fn parse_response(op: &Operation, response: &HttpResponse) -> Result<Value, Failure> {
    let request_id = header_request_id(&response.headers);
    let success =
        (200..300).contains(&response.status) || op.http.is_some_and(|h| h.code == response.status);
    if success {
        return rest::read_response(op.output, response, &RestJson).map_err(|reason| {
            Failure::Response(ResponseError::new(
                meta(response, None, None, request_id),
                reason,
            ))
        });
    }

    let blank = response.body.iter().all(u8::is_ascii_whitespace);
    let object = match (blank, json::parse(&response.body)) {
        (false, Ok(Json::Object(object))) => Some(object),
        _ => None,
    };
    let (code, message) = aws_error_code_and_message(response, object.as_ref());
    let meta = meta(response, code, message, request_id);
    let modeled = match meta.code.as_deref().and_then(|c| find_error(op, c)) {
        Some((index, schema)) => {
            // A body that is not a JSON object (an HTML page from a proxy, say) cannot hold the
            // error's body members: read what the status and headers say.
            let bare;
            let response = if object.is_some() {
                response
            } else {
                bare = HttpResponse {
                    status: response.status,
                    headers: response.headers.clone(),
                    body: Bytes::new(),
                };
                &bare
            };
            match rest::read_response(schema, response, &RestJson) {
                Ok(value) => Some((index, value)),
                Err(reason) => return Err(Failure::Response(ResponseError::new(meta, reason))),
            }
        }
        None => None,
    };
    Err(Failure::Service {
        meta: Box::new(meta),
        modeled,
    })
}
