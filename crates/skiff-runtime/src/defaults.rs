//! Defaults and client error correction: what an unset member is given, in inputs (its
//! `@default`) and in outputs (its `@default`, else the zero value of a `@required` member).
//! Used by the pipeline on values, and by the JSON codec as it reads an output into its type.

use crate::datetime::DateTime;
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
use crate::schema::Member;
use crate::schema::{Binding, DefaultValue, Kind, Schema};
use crate::value::{Document, Number, Value};

/// Fills unset members that have a `@default` with it, recursively. `here` says whether this
/// structure's own members are filled (false for the top-level input); `input` skips
/// `@clientOptional` members, whose defaults clients must not assume.
///
/// In outputs it also applies Smithy's client error correction: an unset `@required` member
/// without a default gets its type's zero value (`""`, `0`, `false`, empty collections, an
/// empty structure), so a server that forgets a required member does not fail the call.
/// Payload members are left alone: an empty payload is "unset", not "default".
pub(crate) fn fill_defaults(schema: &Schema, value: &mut Value, here: bool, input: bool) {
    // Scalars have nothing to fill (checked before the call: most members are scalars).
    #[inline(always)]
    fn nested(schema: &Schema, value: &mut Value, input: bool) {
        if matches!(
            schema.kind,
            Kind::Structure | Kind::Union | Kind::List | Kind::Map
        ) {
            fill_defaults(schema, value, true, input);
        }
    }
    match (schema.kind, value) {
        (Kind::Structure, Value::Struct(slots)) => {
            for (member, slot) in schema.members.iter().zip(slots.iter_mut()) {
                match slot {
                    None if here && !(input && member.client_optional) => {
                        if member.binding == Binding::Payload && !input {
                            continue;
                        }
                        if let Some(default) = member.default {
                            *slot = default_value(member.target, default);
                        } else if !input && member.required {
                            *slot = zero_value(member.target);
                            if let Some(v) = slot {
                                nested(member.target, v, input);
                            }
                        }
                    }
                    None => {}
                    Some(v) => nested(member.target, v, input),
                }
            }
        }
        (Kind::Union, Value::Struct(slots)) => {
            for (member, slot) in schema.members.iter().zip(slots.iter_mut()) {
                if let Some(v) = slot {
                    nested(member.target, v, input);
                }
            }
        }
        (Kind::List, Value::List(items)) => {
            if let Some(m) = schema.element() {
                items.iter_mut().for_each(|v| nested(m.target, v, input));
            }
        }
        (Kind::Map, Value::Map(entries)) => {
            if let Some(m) = schema.element() {
                entries
                    .iter_mut()
                    .for_each(|(_, v)| nested(m.target, v, input));
            }
        }
        _ => {}
    }
}

/// The value an output structure's unset `member` is given, as [`fill_defaults`] gives it: its
/// `@default`, else, when it is `@required`, its type's zero value (with the defaults of that
/// value's own members); none for payload members.
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
pub(crate) fn output_default(member: &Member) -> Option<Value> {
    if member.binding == Binding::Payload {
        return None;
    }
    if let Some(default) = member.default {
        return default_value(member.target, default);
    }
    if !member.required {
        return None;
    }
    let mut value = zero_value(member.target)?;
    fill_output_defaults(member.target, &mut value);
    Some(value)
}

/// [`fill_defaults`] for a value read in an output (scalars have nothing to fill).
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
pub(crate) fn fill_output_defaults(schema: &Schema, value: &mut Value) {
    if matches!(
        schema.kind,
        Kind::Structure | Kind::Union | Kind::List | Kind::Map
    ) {
        fill_defaults(schema, value, true, false);
    }
}

/// The zero value of a shape, for client error correction (`None` for unions and documents,
/// which have none).
fn zero_value(target: &Schema) -> Option<Value> {
    Some(match target.kind {
        Kind::Boolean => Value::Bool(false),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => Value::Int(0),
        Kind::Float | Kind::Double => Value::Float(0.0),
        Kind::String | Kind::Enum | Kind::BigInteger | Kind::BigDecimal => {
            Value::Str(String::new())
        }
        Kind::Blob => Value::Blob(Vec::new()),
        Kind::Timestamp => Value::Timestamp(DateTime::from_secs(0)),
        Kind::List => Value::List(Vec::new()),
        Kind::Map => Value::Map(Vec::new()),
        Kind::Structure => Value::Struct(vec![None; target.members.len()]),
        Kind::Union | Kind::Document => return None,
    })
}

/// The value of a `@default` for a member targeting `target`.
fn default_value(target: &Schema, default: DefaultValue) -> Option<Value> {
    use base64::Engine;
    Some(match (target.kind, default) {
        (Kind::Document, d) => Value::Document(match d {
            DefaultValue::Null => Document::Null,
            DefaultValue::Bool(b) => Document::Bool(b),
            DefaultValue::Int(i) if i >= 0 => Document::Number(Number::PosInt(i as u64)),
            DefaultValue::Int(i) => Document::Number(Number::NegInt(i)),
            DefaultValue::Float(f) => Document::Number(Number::Float(f)),
            DefaultValue::Str(s) => Document::String(s.to_owned()),
            DefaultValue::EmptyList => Document::Array(Vec::new()),
            DefaultValue::EmptyMap => Document::Object(Default::default()),
        }),
        (_, DefaultValue::Null) => return None,
        (Kind::Timestamp, DefaultValue::Int(i)) => Value::Timestamp(DateTime::from_secs(i)),
        (Kind::Timestamp, DefaultValue::Float(f)) => Value::Timestamp(DateTime::from_secs_f64(f)),
        (Kind::Blob, DefaultValue::Str(s)) => Value::Blob(
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .unwrap_or_else(|_| s.as_bytes().to_vec()),
        ),
        (Kind::Float | Kind::Double, DefaultValue::Int(i)) => Value::Float(i as f64),
        (_, DefaultValue::Bool(b)) => Value::Bool(b),
        (_, DefaultValue::Int(i)) => Value::Int(i),
        (_, DefaultValue::Float(f)) => Value::Float(f),
        (_, DefaultValue::Str(s)) => Value::Str(s.to_owned()),
        (_, DefaultValue::EmptyList) => Value::List(Vec::new()),
        (_, DefaultValue::EmptyMap) => Value::Map(Vec::new()),
    })
}
