//! The JMESPath view of a [`Value`]: what waiter paths are evaluated on.
//!
//! A structure's members are positional in [`Value`]; here they are named by the schema's
//! (Smithy) member names, as the model's paths spell them. Unset members are left out (a path
//! through them gives `null`, as in other SDKs). Integers and floats become numbers,
//! timestamps epoch seconds, blobs their base64 text, documents their JSON tree.

use base64::Engine as _;

use crate::jmespath::Variable;
use crate::schema::{Kind, Schema};
use crate::value::{Document, Number, Value};

/// `value`, read with `schema`, as a JMESPath value.
pub(crate) fn to_variable(value: &Value, schema: &Schema) -> Variable {
    match value {
        Value::Null => Variable::Null,
        Value::Bool(b) => Variable::Bool(*b),
        Value::Int(i) => Variable::Number(*i as f64),
        Value::Float(f) => Variable::Number(*f),
        Value::Str(s) => Variable::from(s.as_str()),
        Value::Blob(b) => Variable::from(base64::engine::general_purpose::STANDARD.encode(b)),
        Value::Timestamp(t) => Variable::Number(t.as_secs_f64()),
        Value::Document(d) => document(d),
        Value::List(items) => {
            let element = schema.element().map(|m| m.target);
            Variable::array(
                items
                    .iter()
                    .map(|v| element.map_or(Variable::Null, |s| to_variable(v, s)))
                    .collect(),
            )
        }
        Value::Map(entries) => {
            let target = schema.members.get(1).map(|m| m.target);
            Variable::object(entries.iter().map(|(k, v)| {
                (
                    k.as_str(),
                    target.map_or(Variable::Null, |s| to_variable(v, s)),
                )
            }))
        }
        Value::Struct(slots) => {
            debug_assert!(matches!(schema.kind, Kind::Structure | Kind::Union));
            Variable::object(
                schema.members.iter().zip(slots).filter_map(|(m, slot)| {
                    slot.as_ref().map(|v| (m.name, to_variable(v, m.target)))
                }),
            )
        }
    }
}

fn document(d: &Document) -> Variable {
    match d {
        Document::Null => Variable::Null,
        Document::Bool(b) => Variable::Bool(*b),
        Document::Number(Number::PosInt(n)) => Variable::Number(*n as f64),
        Document::Number(Number::NegInt(n)) => Variable::Number(*n as f64),
        Document::Number(Number::Float(f)) => Variable::Number(*f),
        Document::String(s) => Variable::from(s.as_str()),
        Document::Array(items) => Variable::array(items.iter().map(document).collect()),
        Document::Object(members) => {
            Variable::object(members.iter().map(|(k, v)| (k.as_str(), document(v))))
        }
    }
}
