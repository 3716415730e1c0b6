//! `serde` for generated types (feature `serde`), through their schemas: generated crates
//! implement `Serialize` and `Deserialize` with one macro call per type, and the rules live
//! here, once.
//!
//! - Members are named as in the model (`jobId`, not `job_id`), so the form is the service's
//!   own vocabulary and stable across renames of Rust fields.
//! - Blobs are base64 strings, timestamps RFC 3339 strings (an epoch-seconds number is accepted
//!   when reading), documents their JSON form, enums their wire value (unknown values are
//!   kept), big numbers their decimal text.
//! - Unset members are left out; unknown members are ignored when reading.
//! - `@sensitive` members (and members of `@sensitive` shapes) are **left out** unless the
//!   serialization runs inside [`with_sensitive`]. Outputs are often serialized to caches, logs
//!   and queues; a secret should reach those only when the caller says so, explicitly, at the
//!   place where it happens. Reading always accepts them.

use std::cell::Cell;
use std::fmt;

use ::serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{SerializeMap, SerializeSeq};
use ::serde::{Deserializer, Serialize, Serializer};
use base64::Engine;

use crate::datetime::{DateTime, TimestampFormat};
use crate::schema::{Kind, Member, Schema};
use crate::value::{Document, DocumentSeed, Number, Value};

thread_local! {
    static SENSITIVE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with `@sensitive` members included in what generated types serialize (on this
/// thread): `with_sensitive(|| serde_json::to_string(&output))`.
pub fn with_sensitive<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SENSITIVE.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SENSITIVE.with(|s| s.replace(true)));
    f()
}

fn include_sensitive() -> bool {
    SENSITIVE.with(Cell::get)
}

/// Serializes `value`, a value of `schema`.
pub fn serialize<S: Serializer>(value: &Value, schema: &Schema, s: S) -> Result<S::Ok, S::Error> {
    Typed { value, schema }.serialize(s)
}

/// Reads a value of `schema`.
pub fn deserialize<'de, D: Deserializer<'de>>(
    schema: &'static Schema,
    d: D,
) -> Result<Value, D::Error> {
    Seed { schema }.deserialize(d)
}

/// A value with its schema, serialized by the rules above.
struct Typed<'a> {
    value: &'a Value,
    schema: &'a Schema,
}

impl Serialize for Typed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.value, self.schema.kind) {
            (Value::Struct(slots), _) => {
                let sensitive = include_sensitive();
                let members = self
                    .schema
                    .members
                    .iter()
                    .zip(slots)
                    .filter_map(|(m, slot)| Some((m, slot.as_ref()?)))
                    .filter(|(m, _)| sensitive || !m.sensitive);
                let mut map = s.serialize_map(None)?;
                for (member, value) in members {
                    map.serialize_entry(member.name, &Typed::member(value, member))?;
                }
                map.end()
            }
            (Value::List(items), _) => {
                let element = self.schema.element();
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    match element {
                        Some(m) => seq.serialize_element(&Typed::member(item, m))?,
                        None => seq.serialize_element(&Plain(item))?,
                    }
                }
                seq.end()
            }
            (Value::Map(entries), _) => {
                let element = self.schema.element();
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, item) in entries {
                    match element {
                        Some(m) => map.serialize_entry(key, &Typed::member(item, m))?,
                        None => map.serialize_entry(key, &Plain(item))?,
                    }
                }
                map.end()
            }
            _ => Plain(self.value).serialize(s),
        }
    }
}

impl<'a> Typed<'a> {
    fn member(value: &'a Value, member: &'a Member) -> Self {
        Typed {
            value,
            schema: member.target,
        }
    }
}

/// A value whose form does not depend on its schema (scalars, documents).
struct Plain<'a>(&'a Value);

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => s.serialize_f64(*f),
            Value::Str(v) => s.serialize_str(v),
            Value::Blob(b) => s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b)),
            Value::Timestamp(t) => s.serialize_str(&t.fmt(TimestampFormat::DateTime)),
            Value::Document(d) => DocumentForm(d).serialize(s),
            // Structures, lists and maps always come with a schema (see `Typed`); without one
            // they have no names to write.
            Value::List(_) | Value::Map(_) | Value::Struct(_) => s.serialize_unit(),
        }
    }
}

struct DocumentForm<'a>(&'a Document);

impl Serialize for DocumentForm<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Document::Null => s.serialize_unit(),
            Document::Bool(b) => s.serialize_bool(*b),
            Document::Number(Number::PosInt(n)) => s.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => s.serialize_i64(*n),
            Document::Number(Number::Float(f)) => s.serialize_f64(*f),
            Document::String(v) => s.serialize_str(v),
            Document::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&DocumentForm(item))?;
                }
                seq.end()
            }
            Document::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, item) in entries {
                    map.serialize_entry(key, &DocumentForm(item))?;
                }
                map.end()
            }
        }
    }
}

/// Reads a value of one schema.
#[derive(Clone, Copy)]
struct Seed {
    schema: &'static Schema,
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.schema.kind {
            Kind::Structure | Kind::Union | Kind::Map => d.deserialize_map(self),
            Kind::List => d.deserialize_seq(self),
            Kind::Document => DocumentSeed.deserialize(d).map(Value::Document),
            _ => d.deserialize_any(self),
        }
    }
}

impl Seed {
    fn expecting(&self) -> &'static str {
        match self.schema.kind {
            Kind::Structure | Kind::Union | Kind::Map => "an object",
            Kind::List => "an array",
            Kind::Boolean => "a boolean",
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => "an integer",
            Kind::Float | Kind::Double => "a number",
            Kind::Blob => "a base64 string",
            Kind::Timestamp => "an RFC 3339 timestamp",
            _ => "a string",
        }
    }

    fn element(&self) -> Option<Seed> {
        self.schema.element().map(|m| Seed { schema: m.target })
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Seed::expecting(self))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        match self.schema.kind {
            Kind::Boolean => Ok(Value::Bool(v)),
            _ => Err(E::invalid_type(de::Unexpected::Bool(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        match self.schema.kind {
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => {
                Ok(Value::Int(v))
            }
            Kind::Float | Kind::Double => Ok(Value::Float(v as f64)),
            Kind::Timestamp => Ok(Value::Timestamp(DateTime::from_secs(v))),
            Kind::BigInteger | Kind::BigDecimal => Ok(Value::Str(v.to_string())),
            _ => Err(E::invalid_type(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(i) => self.visit_i64(i),
            Err(_) if matches!(self.schema.kind, Kind::BigInteger | Kind::BigDecimal) => {
                Ok(Value::Str(v.to_string()))
            }
            Err(_) => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match self.schema.kind {
            Kind::Float | Kind::Double => Ok(Value::Float(v)),
            Kind::Timestamp => Ok(Value::Timestamp(DateTime::from_secs_f64(v))),
            Kind::BigDecimal => Ok(Value::Str(v.to_string())),
            _ => Err(E::invalid_type(de::Unexpected::Float(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        match self.schema.kind {
            Kind::String | Kind::Enum | Kind::BigInteger | Kind::BigDecimal => {
                Ok(Value::Str(v.to_owned()))
            }
            Kind::Blob => base64::engine::general_purpose::STANDARD
                .decode(v)
                .map(Value::Blob)
                .map_err(|_| E::invalid_value(de::Unexpected::Str("(text)"), &self)),
            Kind::Timestamp => DateTime::parse(v, TimestampFormat::DateTime)
                .map(Value::Timestamp)
                .map_err(|_| E::invalid_value(de::Unexpected::Str("(text)"), &self)),
            // Non-finite floats are written as strings by some serializers.
            Kind::Float | Kind::Double => match v {
                "NaN" => Ok(Value::Float(f64::NAN)),
                "Infinity" => Ok(Value::Float(f64::INFINITY)),
                "-Infinity" => Ok(Value::Float(f64::NEG_INFINITY)),
                _ => Err(E::invalid_type(de::Unexpected::Str("(text)"), &self)),
            },
            _ => Err(E::invalid_type(de::Unexpected::Str("(text)"), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let Some(element) = self.element().filter(|_| self.schema.kind == Kind::List) else {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(element)? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        match self.schema.kind {
            Kind::Map => {
                let element = self
                    .element()
                    .ok_or_else(|| de::Error::custom("a map schema without a value member"))?;
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    entries.push((key, map.next_value_seed(element)?));
                }
                Ok(Value::Map(entries))
            }
            Kind::Structure | Kind::Union => {
                let members = self.schema.members;
                let mut slots = vec![None; members.len()];
                while let Some(key) = map.next_key::<String>()? {
                    match members.iter().position(|m| m.name == key) {
                        Some(i) => {
                            let value = map.next_value_seed(Seed {
                                schema: members[i].target,
                            })?;
                            slots[i] = (value != Value::Null).then_some(value);
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Value::Struct(slots))
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}
