//! The awsQuery protocol (`aws.protocols#awsQuery`): form-encoded requests, XML responses.
//!
//! # Requests
//!
//! `POST {endpoint}/` with `Content-Type: application/x-www-form-urlencoded` and the body
//! `Action=<OperationName>&Version=<service version>` followed by the input's members, in schema
//! order, as `key=value` pairs joined by `&`:
//!
//! - The key segment of a structure member is its `@xmlName`, else its member name. HTTP binding
//!   traits are ignored (the protocol does not support them), so every member goes in the body.
//! - Nested structures join segments with dots: `Outer.Inner=v`.
//! - Lists: `List.member.N=v` with `N` counting from 1; `member` is the list member's `@xmlName`
//!   when it has one. An `@xmlFlattened` member drops that segment: `List.N=v` (and the list
//!   member's `@xmlName` is then ignored, as the protocol tests require).
//! - An empty list is sent as `List=`, so that the service can tell "empty" from "unset".
//! - Maps: `Map.entry.N.key=k&Map.entry.N.value=v`, `key` / `value` renamed by the `@xmlName`
//!   of the map's key / value members; `@xmlFlattened` drops `entry`: `Map.N.key=k`.
//! - An empty map sends nothing (unlike lists: the protocol tests expect no key at all).
//! - Scalars: booleans `true` / `false`; integers in decimal; floats in the shortest decimal
//!   form that reads back to the same value (a `float` shape as 32-bit, so `10.8f32` is `10.8`,
//!   not its widened `f64` digits), and `NaN`, `Infinity`, `-Infinity`; timestamps in
//!   `date-time` (RFC 3339) unless `@timestampFormat` says otherwise; blobs in base64; enums
//!   and big numbers as their text.
//! - Unset members and null entries of sparse lists and maps are left out (the wire has no
//!   null); document members too (the protocol does not support documents).
//! - Keys and values are percent-encoded: RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
//!   are kept, every other byte of the UTF-8 text becomes `%XX` in upper case (a space is
//!   `%20`, never `+`, which form decoders would otherwise read back as a literal plus).
//!
//! # Responses
//!
//! A 2xx body is `<OpResponse><OpResult>...</OpResult><ResponseMetadata><RequestId>...`
//! `</RequestId></ResponseMetadata></OpResponse>`; the output's members are read from inside
//! `<OpResult>`. An output without members, an empty body or a missing `<OpResult>` is an empty
//! output (some services omit the result element when it would be empty).
//!
//! - Element names are the member's `@xmlName`, else its name; prefixes and namespaces are
//!   ignored (matching is by local name); unknown elements are ignored (services add members).
//! - Lists: `<List><member>v</member>...</List>` (`member` renamed by the list member's
//!   `@xmlName`); a flattened list is the member's element repeated:
//!   `<List>v</List><List>w</List>`. An empty list element is an empty list, not an unset member.
//! - Maps: `<Map><entry><key>k</key><value>v</value></entry>...</Map>`; a flattened map repeats
//!   the member's element as the entry: `<Map><key>k</key><value>v</value></Map>`. Entries are
//!   returned sorted by key (the order of [`Value::Map`]); a repeated key keeps its last value.
//! - `@xmlAttribute` members are read from the attributes of their structure's element.
//! - Text is taken as is for strings and enums (an unknown enum value is kept: the generated
//!   enum has a variant for it); it is trimmed before it is read as a number, boolean,
//!   timestamp or blob.
//! - The `<ResponseMetadata><RequestId>` is read only to fill the metadata of an error about an
//!   undecodable output; the output value does not carry it.
//!
//! # Errors
//!
//! A non-2xx body is `<ErrorResponse><Error><Type>Sender</Type><Code>Code</Code>`
//! `<Message>...</Message>...members...</Error><RequestId>id</RequestId></ErrorResponse>`.
//! The code (namespace and `:suffix` stripped) selects the modeled error whose `awsQueryError`
//! code or shape name it is, and that error's members are read from inside `<Error>`. The request
//! id is the body's `RequestId`, else the `x-amzn-RequestId` header. A body that is not XML (a
//! proxy's HTML page, an empty 503) gives an unmodeled error with the status and the headers'
//! request id: the status is the most useful thing left to report.

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::client::Failure;
use crate::datetime::{DateTime, TimestampFormat};
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::protocol::{find_error, meta, sanitize_error_code};
use crate::schema::{Kind, Member, Operation, Schema, Service};
use crate::value::Value;
use crate::xml::{self, Element};

/// Everything but the RFC 3986 unreserved characters is percent-encoded.
const QUERY_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The timestamp format of the protocol when no `@timestampFormat` applies.
const DEFAULT_TIMESTAMP: TimestampFormat = TimestampFormat::DateTime;

/// Builds the request of an awsQuery call.
pub(crate) fn build_request(
    service: &Service,
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> HttpRequest {
    let mut request = HttpRequest::new("POST", format!("{endpoint}/"));
    request
        .headers
        .insert("Content-Type", "application/x-www-form-urlencoded");
    let mut body = String::new();
    push_pair(&mut body, "Action", op.name);
    push_pair(&mut body, "Version", service.version);
    if let Value::Struct(slots) = input {
        write_members(&mut body, "", op.input, slots);
    }
    request.body = body.into_bytes();
    request
}

/// Appends `&key=value`, both percent-encoded.
fn push_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    let _ = write!(
        out,
        "{}={}",
        utf8_percent_encode(key, QUERY_ENCODE),
        utf8_percent_encode(value, QUERY_ENCODE)
    );
}

/// The key segment of a structure member.
fn member_key(member: &Member) -> &'static str {
    member.xml_name.unwrap_or(member.name)
}

/// `prefix.segment`, or `segment` at the top level.
fn join(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_owned()
    } else {
        format!("{prefix}.{segment}")
    }
}

fn write_members(out: &mut String, prefix: &str, schema: &Schema, slots: &[Option<Value>]) {
    for (member, slot) in schema.members.iter().zip(slots) {
        if let Some(value) = slot {
            write_value(out, &join(prefix, member_key(member)), member, value);
        }
    }
}

/// Writes `value`, the value of `member` (a structure member, or the member of a list or map),
/// under `key`.
fn write_value(out: &mut String, key: &str, member: &Member, value: &Value) {
    let schema = member.target;
    match value {
        Value::Null | Value::Document(_) => {}
        Value::Bool(b) => push_pair(out, key, if *b { "true" } else { "false" }),
        Value::Int(i) => push_pair(out, key, &i.to_string()),
        Value::Float(f) => push_pair(out, key, &format_float(schema.kind, *f)),
        Value::Str(s) => push_pair(out, key, s),
        Value::Blob(b) => push_pair(
            out,
            key,
            &base64::engine::general_purpose::STANDARD.encode(b),
        ),
        Value::Timestamp(t) => push_pair(
            out,
            key,
            &t.fmt(member.timestamp_format_or(DEFAULT_TIMESTAMP)),
        ),
        Value::List(items) => {
            if items.is_empty() {
                push_pair(out, key, "");
                return;
            }
            let Some(element) = schema.element() else {
                return;
            };
            let base = if member.xml_flattened {
                key.to_owned()
            } else {
                join(key, element.xml_name.unwrap_or("member"))
            };
            let items = items.iter().filter(|v| !matches!(v, Value::Null));
            for (i, item) in items.enumerate() {
                write_value(out, &format!("{base}.{}", i + 1), element, item);
            }
        }
        Value::Map(entries) => {
            let (Some(key_member), Some(value_member)) =
                (schema.members.first(), schema.members.get(1))
            else {
                return;
            };
            let base = if member.xml_flattened {
                key.to_owned()
            } else {
                join(key, "entry")
            };
            let key_name = key_member.xml_name.unwrap_or("key");
            let value_name = value_member.xml_name.unwrap_or("value");
            let entries = entries.iter().filter(|(_, v)| !matches!(v, Value::Null));
            for (i, (k, v)) in entries.enumerate() {
                let entry = format!("{base}.{}", i + 1);
                push_pair(out, &join(&entry, key_name), k);
                write_value(out, &join(&entry, value_name), value_member, v);
            }
        }
        Value::Struct(slots) => write_members(out, key, schema, slots),
    }
}

fn format_float(kind: Kind, f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if kind == Kind::Float && (f as f32).is_finite() {
        // A `float` value was widened from f32: its shortest f32 form is what the caller wrote.
        (f as f32).to_string()
    } else {
        f.to_string()
    }
}

/// Reads an awsQuery response: the output of a 2xx, else the error.
pub(crate) fn parse_response(op: &Operation, response: &HttpResponse) -> Result<Value, Failure> {
    let header_id = response.headers.get("x-amzn-requestid").map(str::to_owned);
    if (200..300).contains(&response.status) {
        read_output(op, response, header_id)
    } else {
        Err(read_error(op, response, header_id))
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

fn empty(schema: &Schema) -> Value {
    Value::Struct(vec![None; schema.members.len()])
}

fn read_output(
    op: &Operation,
    response: &HttpResponse,
    header_id: Option<String>,
) -> Result<Value, Failure> {
    // Nothing to read: the body (often just the request id) does not matter.
    if op.output.members.is_empty() || is_blank(&response.body) {
        return Ok(empty(op.output));
    }
    let fail = |reason: String, request_id: Option<String>| {
        Failure::Response(ResponseError::new(
            meta(response, None, None, request_id),
            reason,
        ))
    };
    let root = xml::parse(&response.body).map_err(|reason| fail(reason, header_id.clone()))?;
    let result_name = format!("{}Result", op.name);
    let Some(result) = root.child(&result_name) else {
        return Ok(empty(op.output));
    };
    let mut path = op.output.name.to_owned();
    read_struct(op.output, result, &mut path).map_err(|reason| {
        let body_id = root
            .child("ResponseMetadata")
            .and_then(|m| m.child("RequestId"))
            .and_then(|e| non_empty(e.text()));
        fail(reason, body_id.or(header_id))
    })
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn read_error(op: &Operation, response: &HttpResponse, header_id: Option<String>) -> Failure {
    let root = if is_blank(&response.body) {
        None
    } else {
        xml::parse(&response.body).ok()
    };
    let Some(root) = root else {
        return Failure::Service {
            meta: meta(response, None, None, header_id),
            modeled: None,
        };
    };
    // `<ErrorResponse><Error>` is the protocol's form; `<Response><Errors><Error>` (the EC2
    // form, which some query services share) and a bare `<Error>` root are accepted too.
    let error = if root.name() == "Error" {
        Some(&root)
    } else {
        root.child("Error")
            .or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
    };
    let field = |name: &str| error.and_then(|e| e.child(name)).map(Element::text);
    let code = field("Code")
        .map(|c| sanitize_error_code(c).to_owned())
        .filter(|c| !c.is_empty());
    let message = field("Message")
        .or_else(|| field("message"))
        .map(str::to_owned);
    let request_id = ["RequestId", "RequestID"]
        .iter()
        .find_map(|n| root.child(n).or_else(|| error.and_then(|e| e.child(n))))
        .and_then(|e| non_empty(e.text()))
        .or(header_id);
    let meta = meta(response, code, message, request_id);
    let modeled = match (meta.code.as_deref().and_then(|c| find_error(op, c)), error) {
        (Some((index, schema)), Some(error)) => {
            let mut path = schema.name.to_owned();
            match read_struct(schema, error, &mut path) {
                Ok(value) => Some((index, value)),
                Err(reason) => return Failure::Response(ResponseError::new(meta, reason)),
            }
        }
        (Some((index, schema)), None) => Some((index, empty(schema))),
        (None, _) => None,
    };
    Failure::Service { meta, modeled }
}

/// Reads the members of structure (or union) `schema` from the children and attributes of
/// `element`. Errors name the member path (in `path`), never a value.
fn read_struct(schema: &Schema, element: &Element, path: &mut String) -> Result<Value, String> {
    let mut slots = Vec::with_capacity(schema.members.len());
    for member in schema.members {
        let name = member_key(member);
        let len = path.len();
        path.push('.');
        path.push_str(member.name);
        let kind = member.target.kind;
        let value = if kind == Kind::Document {
            None
        } else if member.xml_attribute {
            element
                .attribute(name)
                .map(|text| read_scalar(member, text, path))
                .transpose()?
        } else if member.xml_flattened && kind == Kind::List {
            read_flattened_list(member, element.children_named(name), path)?
        } else if member.xml_flattened && kind == Kind::Map {
            read_map(member.target, element.children_named(name), path)?
        } else {
            let child = element.child(name).or_else(|| {
                // Error structures: services spell the message member either way.
                let message = schema.error.is_some() && member.name.eq_ignore_ascii_case("message");
                message
                    .then(|| {
                        element
                            .child("Message")
                            .or_else(|| element.child("message"))
                    })
                    .flatten()
            });
            child.map(|c| read_value(member, c, path)).transpose()?
        };
        path.truncate(len);
        slots.push(value);
    }
    Ok(Value::Struct(slots))
}

/// Reads the value of `member` (a structure member, or the member of a list or map) from its
/// element.
fn read_value(member: &Member, element: &Element, path: &mut String) -> Result<Value, String> {
    let schema = member.target;
    match schema.kind {
        Kind::Structure | Kind::Union => read_struct(schema, element, path),
        Kind::List => {
            let Some(item) = schema.element() else {
                return Ok(Value::List(Vec::new()));
            };
            let items = element.children_named(item.xml_name.unwrap_or("member"));
            Ok(read_flattened_list(member, items, path)?.unwrap_or(Value::List(Vec::new())))
        }
        Kind::Map => Ok(read_map(schema, element.children_named("entry"), path)?
            .unwrap_or(Value::Map(Vec::new()))),
        Kind::Document => Err(format!(
            "documents are not supported by awsQuery (at `{path}`)"
        )),
        _ => read_scalar(member, element.text(), path),
    }
}

/// Reads list items, one per element; `None` when there are none (for flattened lists, where no
/// element means an unset member).
fn read_flattened_list<'a>(
    member: &Member,
    elements: impl Iterator<Item = &'a Element>,
    path: &mut String,
) -> Result<Option<Value>, String> {
    let Some(item) = member.target.element() else {
        return Ok(None);
    };
    let mut out = Vec::new();
    let len = path.len();
    for (i, element) in elements.enumerate() {
        let _ = write!(path, "[{i}]");
        out.push(read_value(item, element, path)?);
        path.truncate(len);
    }
    Ok((!out.is_empty()).then_some(Value::List(out)))
}

/// Reads map entries, one per element (an `<entry>`, or the repeated element of a flattened
/// map); `None` when there are none.
fn read_map<'a>(
    schema: &Schema,
    entries: impl Iterator<Item = &'a Element>,
    path: &mut String,
) -> Result<Option<Value>, String> {
    let (Some(key_member), Some(value_member)) = (schema.members.first(), schema.members.get(1))
    else {
        return Ok(None);
    };
    let key_name = key_member.xml_name.unwrap_or("key");
    let value_name = value_member.xml_name.unwrap_or("value");
    let mut out = BTreeMap::new();
    let mut any = false;
    let len = path.len();
    for (i, entry) in entries.enumerate() {
        any = true;
        // Entries are named by position: keys are data.
        let _ = write!(path, "[entry {}]", i + 1);
        let key = entry
            .child(key_name)
            .ok_or_else(|| format!("expected a map key at `{path}`"))?
            .text()
            .to_owned();
        match entry.child(value_name) {
            Some(value) => {
                out.insert(key, read_value(value_member, value, path)?);
            }
            None if schema.sparse => {
                out.insert(key, Value::Null);
            }
            None => {}
        }
        path.truncate(len);
    }
    Ok(any.then(|| Value::Map(out.into_iter().collect())))
}

/// Reads a scalar of `member`'s target from text (an element's text or an attribute value).
fn read_scalar(member: &Member, text: &str, path: &str) -> Result<Value, String> {
    let mismatch = |what: &str| format!("expected {what} at `{path}`");
    let trimmed = text.trim();
    Ok(match member.target.kind {
        Kind::Boolean => match trimmed {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(mismatch("a boolean")),
        },
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => {
            Value::Int(trimmed.parse().map_err(|_| mismatch("an integer"))?)
        }
        Kind::Float | Kind::Double => Value::Float(match trimmed {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            // Rust also reads `inf` and `nan`, which are not XML Schema doubles.
            t if t.bytes().any(|b| matches!(b, b'i' | b'I' | b'n' | b'N')) => {
                return Err(mismatch("a number"))
            }
            t => t.parse().map_err(|_| mismatch("a number"))?,
        }),
        Kind::BigInteger | Kind::BigDecimal => {
            if trimmed.is_empty() {
                return Err(mismatch("a number"));
            }
            Value::Str(trimmed.to_owned())
        }
        Kind::String | Kind::Enum => Value::Str(text.to_owned()),
        Kind::Blob => {
            // Base64 may be wrapped over several lines.
            let compact: String = trimmed.split_ascii_whitespace().collect();
            match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
                Ok(bytes) => Value::Blob(bytes),
                Err(_) => return Err(mismatch("base64 data")),
            }
        }
        Kind::Timestamp => {
            let format = member.timestamp_format_or(DEFAULT_TIMESTAMP);
            match DateTime::parse(trimmed, format) {
                Ok(t) => Value::Timestamp(t),
                Err(_) => return Err(mismatch("a timestamp")),
            }
        }
        Kind::Document | Kind::List | Kind::Map | Kind::Structure | Kind::Union => {
            return Err(mismatch("a simple value"))
        }
    })
}
