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

    let found = match serde_json::from_slice::<Node>(&response.body) {
        Ok(Node::Object(entries)) => error_fields(&entries, 0),
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
fn error_fields(entries: &[(String, Node)], depth: usize) -> Option<(String, Option<String>)> {
    let get = |key: &str| {
        entries.iter().find_map(|(k, v)| match v {
            Node::Text(text) if k == key => Some(text.clone()),
            _ => None,
        })
    };
    for (code_key, message_key) in ERROR_FIELDS {
        if let Some(code) = get(code_key) {
            return Some((code, get(message_key)));
        }
    }
    if depth >= 8 {
        return None;
    }
    entries.iter().find_map(|(_, v)| match v {
        Node::Object(inner) => error_fields(inner, depth + 1),
        _ => None,
    })
}

/// A JSON value as the error search sees it. An object keeps its keys in document order, a
/// repeated key in its first place with its last value (as Python's `json`, the SDK's parser,
/// and an insertion-ordered map do), whatever map serde_json is built with.
#[derive(Debug, PartialEq)]
enum Node {
    Object(Vec<(String, Node)>),
    /// A string (trimmed, not blank) or a number, as text.
    Text(String),
    /// Anything else: arrays, booleans, null, blank strings.
    Other,
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        let s = s.trim();
        Ok(if s.is_empty() {
            Node::Other
        } else {
            Node::Text(s.to_owned())
        })
    }

    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Text(n.to_string()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Text(n.to_string()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        // serde_json's own text of the number (`1.0`, `1e300`), as the tree's `Number` gave.
        Ok(serde_json::Number::from_f64(n).map_or(Node::Other, |n| Node::Text(n.to_string())))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Node::Other)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut index = std::collections::HashMap::<String, usize>::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Node>()?;
            match index.get(&key) {
                Some(&i) => entries[i].1 = value,
                None => {
                    index.insert(key.clone(), entries.len());
                    entries.push((key, value));
                }
            }
        }
        Ok(Node::Object(entries))
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

    fn object(text: &str) -> Vec<(String, Node)> {
        match serde_json::from_str(text) {
            Ok(Node::Object(o)) => o,
            _ => Vec::new(),
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
        assert_eq!(found(r#"{"code":"  ","message":"m"}"#), None);
        assert_eq!(
            found(r#"{"code":1.5e3,"message":[1]}"#),
            pair("1500.0", None)
        );
        // Nested objects in document order, not sorted by key.
        assert_eq!(
            found(r#"{"b":{"code":"B"},"a":{"code":"A"}}"#),
            pair("B", None)
        );
        // A repeated key keeps its first place and takes its last value (Python's dict).
        assert_eq!(
            found(r#"{"x":{"code":"1"},"y":{"code":"2"},"x":{"z":{"code":"3"}}}"#),
            pair("3", None)
        );
        assert_eq!(
            found(r#"{"x":{"code":"1"},"y":{"code":"2"},"x":{}}"#),
            pair("2", None)
        );
    }
}
