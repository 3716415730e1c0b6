//! The JSON document codec shared by the JSON protocols (awsJson1_0/1_1, restJson1, Huawei
//! REST): [`Value`] trees to JSON text and back, driven by a [`Schema`].
//!
//! Rules (Smithy JSON protocols): timestamps default to epoch seconds as JSON numbers; blobs
//! are base64 strings; non-finite floats are the strings `NaN`, `Infinity`, `-Infinity`; null
//! members are omitted on write and ignored on read; unknown keys are ignored.
//!
//! Timestamps are written in their declared format, but read leniently, as botocore reads them
//! (one parser for every timestamp, whatever the trait says): a JSON number is epoch seconds,
//! and a string is read in the declared format, else as a `date-time` (RFC 3339), whatever the
//! declared format. Services and emulators do answer with the other form (moto's CodePipeline
//! sends `"created": "2024-01-02T03:04:05.678Z"` where the model says epoch seconds).

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;
use serde_json::Value as Json;

use crate::datetime::{DateTime, TimestampFormat};
use crate::schema::{Binding, Kind, Member, Schema};
use crate::value::{Document, Number, Value};

/// Options that differ between JSON protocols.
#[derive(Clone, Copy, Debug)]
pub(crate) struct JsonRules {
    /// Whether `@jsonName` renames members (restJson1: yes; awsJson: no).
    pub use_json_name: bool,
}

fn wire_name(member: &Member, rules: JsonRules) -> &'static str {
    match member.json_name {
        Some(name) if rules.use_json_name => name,
        _ => member.name,
    }
}

/// Writes the body members (those without an HTTP binding) of a structure value as a JSON
/// object. An absent value writes `{}`.
pub(crate) fn write_body(schema: &Schema, value: Option<&Value>, rules: JsonRules) -> String {
    let mut out = String::new();
    match value {
        Some(Value::Struct(slots)) => write_struct(&mut out, schema, slots, rules, true),
        Some(v) => write_value(&mut out, schema, None, v, rules),
        None => out.push_str("{}"),
    }
    out
}

fn write_struct(
    out: &mut String,
    schema: &Schema,
    slots: &[Option<Value>],
    rules: JsonRules,
    top: bool,
) {
    out.push('{');
    let mut first = true;
    for (member, slot) in schema.members.iter().zip(slots) {
        let Some(v) = slot else { continue };
        if top && member.binding != Binding::Body {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_string(out, wire_name(member, rules));
        out.push(':');
        write_value(out, member.target, Some(member), v, rules);
    }
    out.push('}');
}

fn write_string(out: &mut String, s: &str) {
    // serde_json's escaping of a &str cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("\"NaN\"");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 {
            "\"Infinity\""
        } else {
            "\"-Infinity\""
        });
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

pub(crate) fn write_value(
    out: &mut String,
    schema: &Schema,
    member: Option<&Member>,
    value: &Value,
    rules: JsonRules,
) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        // A `float` member holds an f32 widened to f64: print the f32's shortest digits
        // (10.8, not 10.800000190734863).
        Value::Float(f) if schema.kind == Kind::Float && f.is_finite() => {
            let _ = write!(out, "{}", *f as f32);
        }
        Value::Float(f) => write_float(out, *f),
        Value::Str(s) if matches!(schema.kind, Kind::BigInteger | Kind::BigDecimal) => {
            out.push_str(s)
        }
        Value::Str(s) => write_string(out, s),
        Value::Blob(b) => write_string(out, &base64::engine::general_purpose::STANDARD.encode(b)),
        Value::Timestamp(t) => {
            let format = member.map_or(
                schema
                    .timestamp_format
                    .unwrap_or(TimestampFormat::EpochSeconds),
                |m| m.timestamp_format_or(TimestampFormat::EpochSeconds),
            );
            match format {
                TimestampFormat::EpochSeconds => out.push_str(&t.fmt(format)),
                _ => write_string(out, &t.fmt(format)),
            }
        }
        Value::Document(d) => write_document(out, d),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match schema.element() {
                    Some(m) => write_value(out, m.target, Some(m), item, rules),
                    None => out.push_str("null"),
                }
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                match schema.element() {
                    Some(m) => write_value(out, m.target, Some(m), v, rules),
                    None => out.push_str("null"),
                }
            }
            out.push('}');
        }
        Value::Struct(slots) => write_struct(out, schema, slots, rules, false),
    }
}

fn write_document(out: &mut String, d: &Document) {
    match d {
        Document::Null => out.push_str("null"),
        Document::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Document::Number(Number::PosInt(n)) => {
            let _ = write!(out, "{n}");
        }
        Document::Number(Number::NegInt(n)) => {
            let _ = write!(out, "{n}");
        }
        Document::Number(Number::Float(f)) => write_float(out, *f),
        Document::String(s) => write_string(out, s),
        Document::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_document(out, item);
            }
            out.push(']');
        }
        Document::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_document(out, v);
            }
            out.push('}');
        }
    }
}

/// Parses JSON text into a [`serde_json::Value`], or says why it is not JSON.
pub(crate) fn parse(body: &[u8]) -> Result<Json, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON ({e})"))
}

/// Reads a JSON value as a value of `schema`. Errors name the path of the offending member,
/// never its content.
pub(crate) fn read_value(
    schema: &Schema,
    member: Option<&Member>,
    json: Json,
    rules: JsonRules,
    path: &mut String,
) -> Result<Value, String> {
    let mismatch = |what: &str, path: &str| format!("expected {what} at `{path}`");
    Ok(match schema.kind {
        Kind::Boolean => match json {
            Json::Bool(b) => Value::Bool(b),
            _ => return Err(mismatch("a boolean", path)),
        },
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => {
            match json.as_i64() {
                Some(i) => Value::Int(i),
                None => return Err(mismatch("an integer", path)),
            }
        }
        Kind::Float | Kind::Double => match json {
            Json::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => match s.as_str() {
                "NaN" => Value::Float(f64::NAN),
                "Infinity" => Value::Float(f64::INFINITY),
                "-Infinity" => Value::Float(f64::NEG_INFINITY),
                _ => return Err(mismatch("a number", path)),
            },
            _ => return Err(mismatch("a number", path)),
        },
        Kind::BigInteger | Kind::BigDecimal => match json {
            Json::Number(n) => Value::Str(n.to_string()),
            Json::String(s) => Value::Str(s),
            _ => return Err(mismatch("a number", path)),
        },
        Kind::String | Kind::Enum => match json {
            Json::String(s) => Value::Str(s),
            _ => return Err(mismatch("a string", path)),
        },
        Kind::Blob => match json {
            Json::String(s) => match base64::engine::general_purpose::STANDARD.decode(s.as_bytes())
            {
                Ok(b) => Value::Blob(b),
                Err(_) => return Err(mismatch("base64 data", path)),
            },
            _ => return Err(mismatch("a base64 string", path)),
        },
        Kind::Timestamp => {
            let format = member.map_or(
                schema
                    .timestamp_format
                    .unwrap_or(TimestampFormat::EpochSeconds),
                |m| m.timestamp_format_or(TimestampFormat::EpochSeconds),
            );
            match json {
                Json::Number(n) => {
                    Value::Timestamp(DateTime::from_secs_f64(n.as_f64().unwrap_or(0.0)))
                }
                Json::String(s) => match DateTime::parse(&s, format)
                    .or_else(|_| DateTime::parse(&s, TimestampFormat::DateTime))
                {
                    Ok(t) => Value::Timestamp(t),
                    Err(_) => return Err(mismatch("a timestamp", path)),
                },
                _ => return Err(mismatch("a timestamp", path)),
            }
        }
        Kind::Document => Value::Document(to_document(json)),
        Kind::List => {
            let Json::Array(items) = json else {
                return Err(mismatch("an array", path));
            };
            let Some(element) = schema.element() else {
                return Ok(Value::List(Vec::new()));
            };
            let mut out = Vec::with_capacity(items.len());
            let len = path.len();
            for (i, item) in items.into_iter().enumerate() {
                if item.is_null() {
                    if schema.sparse {
                        out.push(Value::Null);
                    }
                    continue;
                }
                let _ = write!(path, "[{i}]");
                out.push(read_value(
                    element.target,
                    Some(element),
                    item,
                    rules,
                    path,
                )?);
                path.truncate(len);
            }
            Value::List(out)
        }
        Kind::Map => {
            let Json::Object(entries) = json else {
                return Err(mismatch("an object", path));
            };
            let Some(element) = schema.element() else {
                return Ok(Value::Map(Vec::new()));
            };
            let mut out = Vec::with_capacity(entries.len());
            let len = path.len();
            for (k, v) in entries {
                if v.is_null() {
                    if schema.sparse {
                        out.push((k, Value::Null));
                    }
                    continue;
                }
                let _ = write!(path, "[{k:?}]");
                out.push((
                    k,
                    read_value(element.target, Some(element), v, rules, path)?,
                ));
                path.truncate(len);
            }
            Value::Map(out)
        }
        Kind::Structure | Kind::Union => {
            let Json::Object(mut object) = json else {
                return Err(mismatch("an object", path));
            };
            read_members(schema, &mut object, rules, path, false)?
        }
    })
}

/// Reads the members of a structure from a JSON object. With `top`, members bound to response
/// locations (headers, payload, status) are skipped: they are read from the response's status
/// and headers instead. `@httpQuery` and `@httpLabel` mean nothing in a response, so members
/// bound with them are read from the object like unbound ones.
pub(crate) fn read_members(
    schema: &Schema,
    object: &mut serde_json::Map<String, Json>,
    rules: JsonRules,
    path: &mut String,
    top: bool,
) -> Result<Value, String> {
    let mut slots = Vec::with_capacity(schema.members.len());
    for member in schema.members {
        let in_body = matches!(
            member.binding,
            Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams
        );
        if top && !in_body {
            slots.push(None);
            continue;
        }
        let key = wire_name(member, rules);
        let json = match object.remove(key) {
            Some(j) => Some(j),
            // Error structures: services spell the message member either way.
            None if schema.error.is_some() && member.name.eq_ignore_ascii_case("message") => object
                .remove("message")
                .or_else(|| object.remove("Message")),
            None => None,
        };
        match json {
            None | Some(Json::Null) => slots.push(None),
            Some(j) => {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(member.name);
                slots.push(Some(read_value(
                    member.target,
                    Some(member),
                    j,
                    rules,
                    path,
                )?));
                path.truncate(len);
            }
        }
    }
    Ok(Value::Struct(slots))
}

/// Checks the unions in `value`, a value of `schema`: each has at most one member set (more is
/// malformed), and with `exactly_one` exactly one (a union with none is a variant this client
/// does not know, which it cannot send). `path` names the offending union in the error; values
/// are never quoted.
#[cfg(feature = "rest-json")]
pub(crate) fn check_unions(
    schema: &Schema,
    value: &Value,
    path: &mut String,
    exactly_one: bool,
) -> Result<(), String> {
    let len = path.len();
    match (schema.kind, value) {
        (Kind::Structure | Kind::Union, Value::Struct(slots)) => {
            if schema.kind == Kind::Union {
                match slots.iter().filter(|s| s.is_some()).count() {
                    0 if exactly_one => {
                        return Err(format!("the union at `{path}` has no known member set"))
                    }
                    0 | 1 => {}
                    _ => {
                        return Err(format!(
                            "the union at `{path}` has more than one member set"
                        ))
                    }
                }
            }
            for (member, slot) in schema.members.iter().zip(slots) {
                let Some(v) = slot else { continue };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(member.name);
                check_unions(member.target, v, path, exactly_one)?;
                path.truncate(len);
            }
        }
        (Kind::List, Value::List(items)) => {
            if let Some(element) = schema.element() {
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(path, "[{i}]");
                    check_unions(element.target, item, path, exactly_one)?;
                    path.truncate(len);
                }
            }
        }
        (Kind::Map, Value::Map(entries)) => {
            if let Some(element) = schema.element() {
                for (k, v) in entries {
                    let _ = write!(path, "[{k:?}]");
                    check_unions(element.target, v, path, exactly_one)?;
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn to_document(json: Json) -> Document {
    match json {
        Json::Null => Document::Null,
        Json::Bool(b) => Document::Bool(b),
        Json::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Json::String(s) => Document::String(s),
        Json::Array(items) => Document::Array(items.into_iter().map(to_document).collect()),
        Json::Object(map) => Document::Object(
            map.into_iter()
                .map(|(k, v)| (k, to_document(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::prelude;

    static TIMES: Schema = Schema::structure(
        "Times",
        &[
            Member::new("epoch", &prelude::TIMESTAMP),
            Member::new("httpDate", &prelude::TIMESTAMP)
                .timestamp_format(TimestampFormat::HttpDate),
        ],
    );

    fn read(json: &str) -> Result<Value, String> {
        let rules = JsonRules {
            use_json_name: false,
        };
        read_value(
            &TIMES,
            None,
            parse(json.as_bytes())?,
            rules,
            &mut String::new(),
        )
    }

    #[test]
    fn timestamps_are_read_as_numbers_or_date_time_strings_whatever_the_format() {
        let t = Value::Timestamp(DateTime::from_secs_and_nanos(1704164645, 678_000_000));
        let both = |v: &Value| Value::Struct(vec![Some(v.clone()), Some(v.clone())]);
        // Declared formats.
        assert_eq!(
            read(r#"{"epoch": 1704164645.678, "httpDate": "Tue, 02 Jan 2024 03:04:05.678 GMT"}"#),
            Ok(both(&t))
        );
        // The other forms: a date-time string, a number.
        assert_eq!(
            read(r#"{"epoch": "2024-01-02T03:04:05.678Z", "httpDate": 1704164645.678}"#),
            Ok(both(&t))
        );
        assert_eq!(
            read(r#"{"httpDate": "2024-01-02T04:04:05.678+01:00"}"#),
            Ok(Value::Struct(vec![None, Some(t)]))
        );
        // Anything else is still an error naming the member.
        assert_eq!(
            read(r#"{"epoch": "yesterday"}"#),
            Err("expected a timestamp at `epoch`".to_owned())
        );
        assert_eq!(
            read(r#"{"epoch": true}"#),
            Err("expected a timestamp at `epoch`".to_owned())
        );
    }
}
