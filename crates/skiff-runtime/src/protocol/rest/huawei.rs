//! Huawei Cloud's REST + JSON protocol (`skiff.api#huaweiRestJson`), as Huawei's official SDK
//! (`huaweicloudsdkcore` 3.1.219) speaks it.
//!
//! Requests: the HTTP bindings of [`rest`](super); unbound members form a JSON object keyed
//! by member name (`@jsonName` honoured), written the way the SDK's `simplejson` writes it
//! (`", "` and `": "` separators, non-ASCII as `\uXXXX` escapes) so bodies, and therefore
//! signatures, are byte-identical to the SDK's; no body when the input has no unbound member.
//! `Content-Type: application/json` is sent on every request, body or not, as the SDK does (and
//! signs).
//!
//! Responses: any status below 400 is a success, 3xx included (redirects are not followed: a
//! `Location` header bound to an output member is the result); an empty body gives an output
//! whose body members are unset. A status of 400 or more is an error: its code and message come
//! from the first of `error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message` found in
//! the JSON body, searching nested objects (`{"error": {"code", "message"}}`) when the top level
//! has none; the request id from `X-Request-Id`. A code that names a modeled error of the
//! operation yields that error; anything else is unmodeled. A body that is not JSON, or has no
//! code, still gives the status and request id, with its text as the message.

use serde_json::{Map, Value as Json};

use super::{self as rest, BodyCodec};
use crate::codec::json::{self, JsonRules};
use crate::error::Failure;
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::protocol::errors::{find_coded_error, header_request_id, meta, sanitize_error_code};
use crate::schema::{Member, Operation, Schema};
use crate::value::Value;

const RULES: JsonRules = JsonRules {
    use_json_name: true,
};

const CONTENT_TYPE: &str = "application/json";

/// The JSON body codec, writing the SDK's byte layout.
struct HuaweiJson;

impl BodyCodec for HuaweiJson {
    fn content_type(&self) -> &'static str {
        CONTENT_TYPE
    }

    fn write_members(&self, schema: &Schema, input: &Value) -> Vec<u8> {
        sdk_layout(&json::write_body(schema, Some(input), RULES)).into_bytes()
    }

    fn write_payload(&self, member: &Member, value: &Value) -> Vec<u8> {
        let mut out = String::new();
        json::write_value(&mut out, member.target, Some(member), value, RULES);
        sdk_layout(&out).into_bytes()
    }

    fn read_members(&self, schema: &Schema, body: &[u8]) -> Result<Value, String> {
        json::read_members(schema, body, RULES, schema.name, true)
    }

    fn read_payload(&self, member: &Member, body: &[u8], path: &str) -> Result<Value, String> {
        json::read_value(member.target, Some(member), body, RULES, path)
    }
}

/// Builds the request of a Huawei REST + JSON call.
pub(crate) fn build_request(
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> Result<HttpRequest, Failure> {
    let mut request = rest::build_request(op, input, endpoint, &HuaweiJson)?;
    if !request.headers.contains("Content-Type") {
        request.headers.insert_static("Content-Type", CONTENT_TYPE);
    }
    Ok(request)
}

/// Reads the body of a successful (2xx) Huawei response whose output is all body straight into
/// the output type (see [`json::decode_members`]).
pub(crate) fn decode_output(
    op: &'static Operation,
    body: &[u8],
    decode: crate::value::Decode<'_>,
) -> Result<(), String> {
    json::decode_members(op.output, body, RULES, op.output.name, false, decode)
}

/// Reads the response of a Huawei REST + JSON call.
pub(crate) fn parse_response(op: &Operation, response: &HttpResponse) -> Result<Value, Failure> {
    let request_id = header_request_id(&response.headers);
    if response.status < 400 {
        let redirect = (300..400).contains(&response.status);
        let result = rest::read_response(op.output, response, &HuaweiJson);
        return match result {
            // A redirect's body, if any, is not a document of this API: keep what the status
            // and headers say.
            Err(_) if redirect => {
                let bare = HttpResponse::new(response.status, response.headers.clone(), Vec::new());
                rest::read_response(op.output, &bare, &HuaweiJson)
            }
            other => other,
        }
        .map_err(|reason| {
            Failure::Response(ResponseError::new(
                meta(response, None, None, request_id),
                reason,
            ))
        });
    }

    let body = json::parse(&response.body).ok();
    let found = match &body {
        Some(Json::Object(object)) => error_fields(object, 0),
        _ => None,
    };
    // A body without an error code (a gateway's text or HTML page) is not quoted as the
    // message: error messages never quote response data that was not meant as one. It stays
    // reachable, for debugging, as the error's raw response.
    let (code, message) = match found {
        Some((code, message)) => (Some(code), message),
        None => (None, None),
    };
    let meta = meta(response, code, message, request_id);
    // The code is kept as sent; only the lookup of a modeled error normalizes it.
    let modeled = match meta
        .code
        .as_deref()
        .and_then(|c| find_coded_error(op, sanitize_error_code(c)))
    {
        Some((index, schema)) => {
            // The error structure's own bindings (headers, body members) are read like an output.
            let result = rest::read_response(schema, response, &HuaweiJson).or_else(|_| {
                let bare = HttpResponse::new(response.status, response.headers.clone(), Vec::new());
                rest::read_response(schema, &bare, &HuaweiJson)
            });
            match result {
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

/// The (code, message) pairs the SDK looks for, in its order.
const ERROR_FIELDS: &[(&str, &str)] = &[
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// The error code and message of an error body: the first pair of [`ERROR_FIELDS`] whose code is
/// present at this level, else the same search in each nested object, in document order.
fn error_fields(object: &Map<String, Json>, depth: usize) -> Option<(String, Option<String>)> {
    for (code_key, message_key) in ERROR_FIELDS {
        if let Some(code) = object.get(*code_key).and_then(scalar_text) {
            let message = object.get(*message_key).and_then(scalar_text);
            return Some((code, message));
        }
    }
    if depth >= 8 {
        return None;
    }
    object.values().find_map(|v| match v {
        Json::Object(inner) => error_fields(inner, depth + 1),
        _ => None,
    })
}

/// The text of a JSON string or number (`None` for anything else, and for empty strings).
fn scalar_text(json: &Json) -> Option<String> {
    match json {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Rewrites compact JSON (as [`json`] writes it) the way Python's `simplejson.dumps` lays it out
/// by default: `", "` and `": "` separators, and every character outside printable ASCII as a
/// `\uXXXX` escape (UTF-16 surrogate pairs beyond the BMP). Escapes already in the input are kept.
fn sdk_layout(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    let mut in_string = false;
    let mut escaped = false;
    for c in compact.chars() {
        if in_string {
            if escaped {
                escaped = false;
                out.push(c);
            } else if c == '\\' {
                escaped = true;
                out.push(c);
            } else if c == '"' {
                in_string = false;
                out.push(c);
            } else if c.is_ascii() && c != '\u{7f}' {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        } else {
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                ',' => out.push_str(", "),
                ':' => out.push_str(": "),
                _ => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_layout_matches_simplejson() {
        assert_eq!(
            sdk_layout(r#"{"a":"钩子-测试 hook","b":[1,2],"c":{"d":"x,y:z"}}"#),
            r#"{"a": "\u94a9\u5b50-\u6d4b\u8bd5 hook", "b": [1, 2], "c": {"d": "x,y:z"}}"#
        );
        assert_eq!(
            sdk_layout(r#"["\"é\\","😀","\u001f"]"#),
            r#"["\"\u00e9\\", "\ud83d\ude00", "\u001f"]"#
        );
        assert_eq!(sdk_layout("[\"\u{7f}\"]"), r#"["\u007f"]"#);
        assert_eq!(sdk_layout("{}"), "{}");
    }

    fn object(text: &str) -> Map<String, Json> {
        match serde_json::from_str(text) {
            Ok(Json::Object(o)) => o,
            _ => Map::new(),
        }
    }

    #[test]
    fn finds_error_fields() {
        let found = |t: &str| error_fields(&object(t), 0);
        let pair = |c: &str, m: Option<&str>| Some((c.to_owned(), m.map(str::to_owned)));
        assert_eq!(
            found(r#"{"error_code":"A","error_msg":"m"}"#),
            pair("A", Some("m"))
        );
        assert_eq!(
            found(r#"{"errorCode":"B","errorMsg":"m"}"#),
            pair("B", Some("m"))
        );
        assert_eq!(
            found(r#"{"code":400,"message":"m"}"#),
            pair("400", Some("m"))
        );
        assert_eq!(
            found(r#"{"message":"m","code":"C","error_code":"D"}"#),
            pair("D", None)
        );
        assert_eq!(
            found(r#"{"error":{"code":"E","message":"m"}}"#),
            pair("E", Some("m"))
        );
        assert_eq!(
            found(r#"{"x":1,"y":{"z":{"error_code":"F"}}}"#),
            pair("F", None)
        );
        assert_eq!(found(r#"{"message":"only a message"}"#), None);
    }
}
