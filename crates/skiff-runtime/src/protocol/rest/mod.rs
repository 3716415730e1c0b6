//! The HTTP binding layer shared by the REST protocols: Smithy's HTTP binding traits applied to
//! a [`Value`], with the document body left to a [`BodyCodec`]. Its bodies are the submodules
//! `json` (restJson1), `xml` (restXml) and `huawei` (Huawei REST + JSON).
//!
//! Requests ([`build_request`]):
//! - the `@http` URI pattern is expanded: `{label}` members are percent-encoded keeping only
//!   `A-Z a-z 0-9 - _ . ~` (so `/` becomes `%2F`), greedy `{label+}` members keep their `/`;
//!   an unset or empty label is an [`InvalidInput`] naming the member. A literal query in the
//!   pattern (`?x=y`) is kept as written;
//! - `@httpQuery` members are appended (lists as repeated keys, timestamps `date-time` unless the
//!   member says otherwise, booleans `true`/`false`, numbers in decimal, blobs base64), then the
//!   `@httpQueryParams` map, whose keys never override an explicit query member;
//! - `@httpHeader` members become headers (lists joined with `, `, quoting items that contain a
//!   comma or a double quote; an empty list is no header, or an empty one when the codec says
//!   so; timestamps `http-date` by default; blobs and `@mediaType` strings base64),
//!   `@httpPrefixHeaders` maps become one header per entry, never overriding an `@httpHeader`;
//! - `float` members (f32 widened to f64) are written with the f32's shortest digits;
//! - the body is the `@httpPayload` member (a blob as raw bytes, a string as raw text, a
//!   structure, union or document through the codec; when unset, whatever the codec says, by
//!   default nothing), else the codec's serialization of the unbound members (even when none is
//!   set), else nothing when the input has no unbound member. `Content-Type` is set for bodies
//!   the codec or payload produced unless a header member already set it.
//!
//! Responses ([`read_response`]): `@httpResponseCode` from the status, `@httpHeader` members parsed
//! by their target kind (lists split on commas, honouring quotes and the comma inside
//! `http-date`s), `@httpPrefixHeaders` maps, the `@httpPayload` member from the whole body, and the
//! unbound members through the codec. Output members bound with `@httpQuery` or `@httpLabel` are
//! body members, since those bindings mean nothing in a response.
//!
//! Errors name the member (and header) concerned, never the value, which may be sensitive.

#[cfg(feature = "rest-json")]
pub(crate) mod huawei;
#[cfg(feature = "rest-json")]
pub(crate) mod json;
#[cfg(feature = "rest-xml")]
pub(crate) mod xml;

use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::datetime::{DateTime, TimestampFormat};
use crate::error::{Failure, InvalidInput};
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{Binding, Kind, Member, Operation, Schema};
use crate::value::Value;

/// Every byte except `A-Z a-z 0-9 - _ . ~` is percent-encoded in labels and query strings.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The document format of a REST protocol's bodies.
pub(crate) trait BodyCodec {
    /// The `Content-Type` of a document body.
    fn content_type(&self) -> &'static str;
    /// Serializes the unbound (`Binding::Body`) members of `input`, a structure value of `schema`.
    fn write_members(&self, schema: &Schema, input: &Value) -> Vec<u8>;
    /// Serializes the value of a structure, union or document `@httpPayload` member.
    fn write_payload(&self, member: &Member, value: &Value) -> Vec<u8>;
    /// Reads the unbound members of `schema` from a non-blank body, as a structure value (bound
    /// slots are left unset). Errors name the member path.
    fn read_members(&self, schema: &Schema, body: &[u8]) -> Result<Value, String>;
    /// Reads a structure, union or document `@httpPayload` member from a non-blank body. `path`
    /// names the member in errors.
    fn read_payload(&self, member: &Member, body: &[u8], path: &str) -> Result<Value, String>;
    /// The body sent for an unset `@httpPayload` member, or `None` for no body (the default).
    /// restJson1 sends `{}` for an unset structure payload.
    fn write_unset_payload(&self, member: &Member) -> Option<Vec<u8>> {
        let _ = member;
        None
    }
    /// Whether a header member holding an empty list is sent as an empty header (restJson1) or
    /// not sent at all (the default).
    fn send_empty_list_headers(&self) -> bool {
        false
    }
}

/// An input rejected before any I/O.
pub(crate) fn invalid(message: String) -> Failure {
    Failure::InvalidInput(InvalidInput::new(message))
}

/// Builds the HTTP request of `op` for `input` against `endpoint` (`scheme://host[:port]`).
pub(crate) fn build_request(
    op: &Operation,
    input: &Value,
    endpoint: &str,
    codec: &dyn BodyCodec,
) -> Result<HttpRequest, Failure> {
    let http = op
        .http
        .ok_or_else(|| invalid(format!("operation `{}` has no `@http` trait", op.name)))?;
    let schema = op.input;
    let slots: &[Option<Value>] = match input {
        Value::Struct(slots) => slots,
        other => {
            return Err(invalid(format!(
                "the input of `{}` must be a structure, not a {}",
                op.name,
                other.kind_name()
            )))
        }
    };
    let set = |i: usize| slots.get(i).and_then(Option::as_ref);

    let (path_pattern, literal_query) = http.uri.split_once('?').unwrap_or((http.uri, ""));
    let mut url = endpoint.trim_end_matches('/').to_owned();
    // A URI of `/` adds nothing to an endpoint with a path: S3's path-style endpoint
    // `https://s3.amazonaws.com/bucket` carries the bucket, and `/{Bucket}` became `/`.
    let endpoint_has_path = url
        .split_once("://")
        .is_some_and(|(_, rest)| rest.contains('/'));
    if !(path_pattern == "/" && endpoint_has_path) {
        expand_path(&mut url, path_pattern, schema, slots)?;
    }

    // Query: literal pairs, then `@httpQuery` members, then the `@httpQueryParams` map.
    let mut query: Vec<String> = literal_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    // Keys the `@httpQueryParams` map must not override.
    let mut explicit: Vec<String> = query
        .iter()
        .map(|p| p.split_once('=').map_or(p.as_str(), |(k, _)| k).to_owned())
        .collect();
    for member in schema.members {
        if let Binding::Query(name) = member.binding {
            explicit.push(encode(name));
        }
    }
    for (i, member) in schema.members.iter().enumerate() {
        let (Binding::Query(name), Some(value)) = (member.binding, set(i)) else {
            continue;
        };
        let what = || format!("member `{}.{}` (query `{name}`)", schema.name, member.name);
        for item in query_values(member, value)
            .map_err(|k| invalid(format!("{} cannot carry a value of kind `{k}`", what())))?
        {
            query.push(format!("{}={}", encode(name), encode(&item)));
        }
    }
    for (i, member) in schema.members.iter().enumerate() {
        let (Binding::QueryParams, Some(value)) = (member.binding, set(i)) else {
            continue;
        };
        let Value::Map(entries) = value else {
            return Err(invalid(format!(
                "member `{}.{}` (query parameters) must be a map, not a {}",
                schema.name,
                member.name,
                value.kind_name()
            )));
        };
        let element = member.target.element();
        for (key, value) in entries {
            if explicit.iter().any(|e| *e == encode(key)) {
                continue;
            }
            let items = match element {
                Some(element) => query_values(element, value),
                None => Err(value.kind_name()),
            }
            .map_err(|k| {
                invalid(format!(
                    "member `{}.{}` (query parameters) cannot carry a value of kind `{k}`",
                    schema.name, member.name
                ))
            })?;
            for item in items {
                query.push(format!("{}={}", encode(key), encode(&item)));
            }
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }

    let mut request = HttpRequest::new(http.method, url);
    let empty_lists = codec.send_empty_list_headers();

    for (i, member) in schema.members.iter().enumerate() {
        let Some(value) = set(i) else { continue };
        match member.binding {
            Binding::Header(name) => {
                let what = || format!("member `{}.{}` (header `{name}`)", schema.name, member.name);
                let text = header_value(member, value, empty_lists).map_err(|k| {
                    invalid(format!("{} cannot carry a value of kind `{k}`", what()))
                })?;
                let Some(text) = text else { continue };
                check_header_text(&text)
                    .map_err(|reason| invalid(format!("{} {reason}", what())))?;
                request.headers.insert(name, text);
            }
            Binding::PrefixHeaders(prefix) => {
                let what = || {
                    format!(
                        "member `{}.{}` (headers `{prefix}*`)",
                        schema.name, member.name
                    )
                };
                let Value::Map(entries) = value else {
                    return Err(invalid(format!(
                        "{} must be a map, not a {}",
                        what(),
                        value.kind_name()
                    )));
                };
                let Some(element) = member.target.element() else {
                    continue;
                };
                for (key, value) in entries {
                    let name = format!("{prefix}{key}");
                    if request.headers.contains(&name) {
                        continue;
                    }
                    let text = header_value(element, value, empty_lists).map_err(|k| {
                        invalid(format!("{} cannot carry a value of kind `{k}`", what()))
                    })?;
                    let Some(text) = text else { continue };
                    check_header_text(&name)
                        .and_then(|()| check_header_text(&text))
                        .map_err(|reason| invalid(format!("{} {reason}", what())))?;
                    request.headers.append(name, text);
                }
            }
            _ => {}
        }
    }

    let payload = schema
        .members
        .iter()
        .position(|m| m.binding == Binding::Payload);
    let (body, content_type) = match payload {
        Some(i) => match set(i) {
            None => match codec.write_unset_payload(&schema.members[i]) {
                Some(body) => (body, Some(codec.content_type())),
                None => (Vec::new(), None),
            },
            Some(value) => {
                let member = &schema.members[i];
                payload_body(member, value, codec).map_err(|k| {
                    invalid(format!(
                        "member `{}.{}` (payload) cannot carry a value of kind `{k}`",
                        schema.name, member.name
                    ))
                })?
            }
        },
        None if schema.members.iter().any(|m| m.binding == Binding::Body) => (
            codec.write_members(schema, input),
            Some(codec.content_type()),
        ),
        None => (Vec::new(), None),
    };
    if let Some(content_type) = content_type {
        if !request.headers.contains("Content-Type") {
            request.headers.insert("Content-Type", content_type);
        }
    }
    request.body = body;
    Ok(request)
}

/// Expands the path part of a URI pattern into `out`.
fn expand_path(
    out: &mut String,
    pattern: &str,
    schema: &Schema,
    slots: &[Option<Value>],
) -> Result<(), Failure> {
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| {
            invalid(format!(
                "the URI pattern of `{}` has an unclosed `{{`",
                schema.name
            ))
        })?;
        let label = &rest[start + 1..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let index = schema
            .members
            .iter()
            .position(|m| m.name == name && m.binding == Binding::Label)
            .ok_or_else(|| {
                invalid(format!(
                    "the URI label `{{{label}}}` names no `@httpLabel` member of `{}`",
                    schema.name
                ))
            })?;
        let member = &schema.members[index];
        let missing = || {
            invalid(format!(
                "member `{}.{}` fills the URI label `{{{label}}}` and must be set to a non-empty value",
                schema.name, member.name
            ))
        };
        let value = slots
            .get(index)
            .and_then(Option::as_ref)
            .ok_or_else(missing)?;
        let text = scalar_text(
            member.target,
            value,
            member.timestamp_format_or(TimestampFormat::DateTime),
            false,
        )
        .map_err(|k| {
            invalid(format!(
                "member `{}.{}` (URI label) cannot carry a value of kind `{k}`",
                schema.name, member.name
            ))
        })?;
        if text.is_empty() {
            return Err(missing());
        }
        if greedy {
            let segments: Vec<String> = text.split('/').map(encode).collect();
            out.push_str(&segments.join("/"));
        } else {
            out.push_str(&encode(&text));
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(())
}

fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The timestamp format of the items of a list member: the element's own trait, its target's,
/// the list member's, else `default`.
fn item_format(member: &Member, element: &Member, default: TimestampFormat) -> TimestampFormat {
    element
        .timestamp_format
        .or(element.target.timestamp_format)
        .unwrap_or_else(|| member.timestamp_format_or(default))
}

/// The query values of a member: one per list item, or the one scalar.
fn query_values(member: &Member, value: &Value) -> Result<Vec<String>, &'static str> {
    match value {
        Value::List(items) => {
            let Some(element) = member.target.element() else {
                return Ok(Vec::new());
            };
            let format = item_format(member, element, TimestampFormat::DateTime);
            items
                .iter()
                .filter(|v| **v != Value::Null)
                .map(|v| scalar_text(element.target, v, format, false))
                .collect()
        }
        v => Ok(vec![scalar_text(
            member.target,
            v,
            member.timestamp_format_or(TimestampFormat::DateTime),
            false,
        )?]),
    }
}

/// The header value of a member (`None` for an empty list, unless `empty_lists` says an empty
/// list is an empty header).
fn header_value(
    member: &Member,
    value: &Value,
    empty_lists: bool,
) -> Result<Option<String>, &'static str> {
    match value {
        Value::List(items) => {
            let Some(element) = member.target.element() else {
                return Ok(None);
            };
            let format = item_format(member, element, TimestampFormat::HttpDate);
            let mut parts = Vec::with_capacity(items.len());
            for item in items.iter().filter(|v| **v != Value::Null) {
                let text = scalar_text(element.target, item, format, true)?;
                let quote =
                    matches!(item, Value::Str(_)) && (text.contains(',') || text.contains('"'));
                parts.push(if quote {
                    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    text
                });
            }
            Ok((empty_lists || !parts.is_empty()).then(|| parts.join(", ")))
        }
        v => scalar_text(
            member.target,
            v,
            member.timestamp_format_or(TimestampFormat::HttpDate),
            true,
        )
        .map(Some),
    }
}

/// Header names and values cannot carry line breaks or NUL: they would split the request.
fn check_header_text(text: &str) -> Result<(), &'static str> {
    if text.contains(['\r', '\n', '\0']) {
        Err("contains a line break or NUL, which a header cannot carry")
    } else {
        Ok(())
    }
}

/// The text of a scalar in a label, query or header. `header` base64-encodes `@mediaType`
/// strings, as header values must. Errors give the kind of the value that has no text form.
fn scalar_text(
    target: &Schema,
    value: &Value,
    format: TimestampFormat,
    header: bool,
) -> Result<String, &'static str> {
    Ok(match value {
        Value::Str(s) if header && target.media_type.is_some() => {
            base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
        }
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        // A `float` member holds an f32 widened to f64: print the f32's shortest digits (1.1,
        // not 1.100000023841858).
        Value::Float(f) if target.kind == Kind::Float && f.is_finite() => (*f as f32).to_string(),
        Value::Float(f) => float_text(*f),
        Value::Bool(b) => (if *b { "true" } else { "false" }).to_owned(),
        Value::Timestamp(t) => t.fmt(format),
        Value::Blob(b) => base64::engine::general_purpose::STANDARD.encode(b),
        other => return Err(other.kind_name()),
    })
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        (if f > 0.0 { "Infinity" } else { "-Infinity" }).to_owned()
    } else {
        f.to_string()
    }
}

/// The body and content type of a set `@httpPayload` member.
fn payload_body(
    member: &Member,
    value: &Value,
    codec: &dyn BodyCodec,
) -> Result<(Vec<u8>, Option<&'static str>), &'static str> {
    let target = member.target;
    Ok(match (target.kind, value) {
        (Kind::Blob, Value::Blob(b)) => (
            b.clone(),
            Some(target.media_type.unwrap_or("application/octet-stream")),
        ),
        (Kind::String | Kind::Enum, Value::Str(s)) => (
            s.clone().into_bytes(),
            Some(target.media_type.unwrap_or("text/plain")),
        ),
        (Kind::Structure | Kind::Union | Kind::Document, _) => (
            codec.write_payload(member, value),
            Some(codec.content_type()),
        ),
        (_, other) => return Err(other.kind_name()),
    })
}

/// Reads a response into a structure value of `schema` (an operation output, or an error
/// structure): status, headers, payload and body members. Errors name the member, never the
/// value.
pub(crate) fn read_response(
    schema: &Schema,
    response: &HttpResponse,
    codec: &dyn BodyCodec,
) -> Result<Value, String> {
    let blank = response.body.iter().all(u8::is_ascii_whitespace);
    let len = schema.members.len();
    let mut slots = if !blank && schema.members.iter().any(|m| m.binding.in_response_body()) {
        match codec.read_members(schema, &response.body)? {
            Value::Struct(slots) => slots,
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    slots.resize(len, None);
    for (slot, member) in slots.iter_mut().zip(schema.members) {
        let path = || format!("{}.{}", schema.name, member.name);
        let value = match member.binding {
            Binding::ResponseCode => Some(Value::Int(i64::from(response.status))),
            Binding::Header(name) => {
                let values: Vec<&str> = response.headers.get_all(name).collect();
                if values.is_empty() {
                    None
                } else {
                    let text = values.join(", ");
                    Some(parse_header(member, &text).map_err(|what| {
                        format!(
                            "cannot read header `{name}` into `{}`: expected {what}",
                            path()
                        )
                    })?)
                }
            }
            Binding::PrefixHeaders(prefix) => {
                let Some(element) = member.target.element() else {
                    continue;
                };
                let mut entries = Vec::new();
                for (name, text) in response.headers.iter() {
                    let matches = name
                        .get(..prefix.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
                    if !matches {
                        continue;
                    }
                    let key = name[prefix.len()..].to_owned();
                    let value = parse_scalar(
                        element.target,
                        text,
                        element.timestamp_format_or(TimestampFormat::HttpDate),
                    )
                    .map_err(|what| {
                        format!(
                            "cannot read header `{name}` into `{}`: expected {what}",
                            path()
                        )
                    })?;
                    entries.push((key, value));
                }
                // A prefix-header map is always present in a response (empty when no header
                // has the prefix): the headers were all read, none matched.
                Some(Value::Map(entries))
            }
            Binding::Payload => {
                let target = member.target;
                match target.kind {
                    _ if response.body.is_empty() => None,
                    Kind::Blob => Some(Value::Blob(response.body.to_vec())),
                    Kind::String | Kind::Enum => match String::from_utf8(response.body.to_vec()) {
                        Ok(s) => Some(Value::Str(s)),
                        Err(_) => {
                            return Err(format!("the body of `{}` is not UTF-8 text", path()))
                        }
                    },
                    _ if blank => None,
                    _ => Some(codec.read_payload(member, &response.body, &path())?),
                }
            }
            Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams => continue,
        };
        *slot = value;
    }
    Ok(Value::Struct(slots))
}

/// Parses a header value (all lines joined with `, `) as the member's target.
fn parse_header(member: &Member, text: &str) -> Result<Value, &'static str> {
    let target = member.target;
    if target.kind != Kind::List {
        return parse_scalar(
            target,
            text.trim(),
            member.timestamp_format_or(TimestampFormat::HttpDate),
        );
    }
    let Some(element) = target.element() else {
        return Ok(Value::List(Vec::new()));
    };
    let format = item_format(member, element, TimestampFormat::HttpDate);
    let items = if element.target.kind == Kind::Timestamp && format == TimestampFormat::HttpDate {
        split_http_dates(text)
    } else {
        split_list(text)?
    };
    items
        .iter()
        .map(|item| parse_scalar(element.target, item, format))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::List)
}

/// Splits a header list on commas outside double quotes, unquoting quoted items.
fn split_list(text: &str) -> Result<Vec<String>, &'static str> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => item.extend(chars.next()),
                    Some(c) => item.push(c),
                    None => return Err("a list with closed quotes"),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None | Some(',') => {}
                Some(_) => return Err("a comma after a quoted list item"),
            }
            items.push(item);
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            items.push(item.trim().to_owned());
            if ended {
                break;
            }
            continue;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    if items.len() == 1 && items[0].is_empty() {
        items.clear();
    }
    Ok(items)
}

/// Splits a list of `http-date`s, each of which holds one comma (`Mon, 16 Dec 2019 ...`).
fn split_http_dates(text: &str) -> Vec<String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    parts
        .chunks(2)
        .map(|pair| pair.join(", "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses one header (or header-list item) text as a scalar of `target`. Errors say what was
/// expected.
fn parse_scalar(
    target: &Schema,
    text: &str,
    format: TimestampFormat,
) -> Result<Value, &'static str> {
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(match target.kind {
        Kind::String | Kind::Enum if target.media_type.is_some() => {
            let bytes = b64.decode(text.trim()).map_err(|_| "base64 text")?;
            Value::Str(String::from_utf8(bytes).map_err(|_| "base64 of UTF-8 text")?)
        }
        Kind::String | Kind::Enum | Kind::BigInteger | Kind::BigDecimal => {
            Value::Str(text.to_owned())
        }
        Kind::Blob => Value::Blob(b64.decode(text.trim()).map_err(|_| "base64 data")?),
        Kind::Boolean => match text.trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err("a boolean"),
        },
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => {
            Value::Int(text.trim().parse().map_err(|_| "an integer")?)
        }
        Kind::Float | Kind::Double => Value::Float(match text.trim() {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            t => t.parse().map_err(|_| "a number")?,
        }),
        Kind::Timestamp => Value::Timestamp(DateTime::parse(text.trim(), format).map_err(
            |_| match format {
                TimestampFormat::DateTime => "a date-time timestamp",
                TimestampFormat::HttpDate => "an http-date timestamp",
                TimestampFormat::EpochSeconds => "an epoch-seconds timestamp",
            },
        )?),
        Kind::Document | Kind::List | Kind::Map | Kind::Structure | Kind::Union => {
            return Err("a kind that headers can carry")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_header_lists() {
        assert_eq!(split_list("a, b,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            split_list("\"a, b\", \"c\\\"d\", e").unwrap(),
            ["a, b", "c\"d", "e"]
        );
        assert_eq!(split_list("").unwrap(), Vec::<String>::new());
        assert_eq!(split_list("a,,b").unwrap(), ["a", "", "b"]);
        assert!(split_list("\"a").is_err());
        assert_eq!(
            split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 23:48:18 GMT"
            ]
        );
    }

    #[test]
    fn float_texts() {
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(2.0), "2");
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
    }
}
