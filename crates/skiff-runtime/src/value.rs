//! [`Value`]: the protocol-neutral tree that generated types convert to and from, and the
//! [`Shape`] trait that does the conversion.
//!
//! Generated types implement [`Shape`] with one line per member; the protocol codecs turn a
//! `Value` into wire bytes (and back) by walking the operation's [`Schema`](crate::schema::Schema).
//! A structure's members are stored by position, in schema order.

use std::collections::BTreeMap;
use std::fmt;

use crate::datetime::DateTime;

/// A shape's data, independent of any wire format.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A null entry of a sparse list or map.
    Null,
    /// A boolean.
    Bool(bool),
    /// Any integer shape (byte, short, integer, long, intEnum).
    Int(i64),
    /// A float or double.
    Float(f64),
    /// A string, an enum value, or the decimal text of a big number.
    Str(String),
    /// A blob.
    Blob(Vec<u8>),
    /// A timestamp.
    Timestamp(DateTime),
    /// A document.
    Document(Document),
    /// A list.
    List(Vec<Value>),
    /// A map, in key order.
    Map(Vec<(String, Value)>),
    /// A structure or union: one slot per schema member, `None` when unset. A union has at most
    /// one slot set; none set means a variant this client does not know.
    Struct(Vec<Option<Value>>),
}

impl Value {
    /// A short name of the value's kind, for error messages (never the value itself, which may
    /// be sensitive).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Blob(_) => "blob",
            Value::Timestamp(_) => "timestamp",
            Value::Document(_) => "document",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Struct(_) => "structure",
        }
    }
}

/// An untyped JSON-like value: Smithy's `document` type.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object, in key order.
    Object(BTreeMap<String, Document>),
}

/// A document number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

/// Binary data (Smithy's `blob`). `Debug` shows only the length.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Unwraps the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(v: &str) -> Self {
        Blob(v.as_bytes().to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A [`Value`] that does not have the kind a generated type expects. Protocol codecs check kinds
/// against the schema first, so this means a schema and a type disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    pub(crate) expected: &'static str,
    pub(crate) found: &'static str,
}

impl ShapeError {
    /// An error saying `expected` was wanted and `found` was given.
    pub fn new(expected: &'static str, found: &'static str) -> Self {
        ShapeError { expected, found }
    }
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected a {}, found a {}", self.expected, self.found)
    }
}

impl std::error::Error for ShapeError {}

/// Conversion between a Rust type and a [`Value`]. Implemented by every generated type.
///
/// A type is read through a [`Source`]: a [`Value`] tree ([`ValueSource`], what
/// [`Shape::from_value`] uses), or the text of a JSON response itself, so that a JSON output is
/// built straight from the bytes, with no tree in between. Structures, lists and maps read their
/// parts through the source; other types read their whole value ([`Source::value`]).
///
/// An implementation gives [`Shape::from_value`], [`Shape::decode`] or both: each has a default
/// in terms of the other (structures and enums give `decode`, which their `from_value` runs over
/// a [`ValueSource`]; so generated crates write one reading function per type, not two).
pub trait Shape: Sized {
    /// The value of `self`.
    fn to_value(&self) -> Value;
    /// Rebuilds `Self` from a value produced by a protocol codec.
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        Self::decode(&mut ValueSource::new(value))
    }
    /// Reads `Self` from `source`.
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        Self::from_value(source.value()?)
    }
}

/// Where a [`Shape`] reads its value from (see there). Object-safe, so that generated code is
/// compiled once, whatever the source.
pub trait Source {
    /// Whether the value is null (a null entry of a sparse list or map).
    fn is_null(&self) -> bool;
    /// The whole value.
    fn value(&mut self) -> Result<Value, ShapeError>;
    /// A string or enum value (a shortcut of [`Source::value`]).
    fn string(&mut self) -> Result<String, ShapeError> {
        String::from_value(self.value()?)
    }
    /// A string or enum value lent to `read` (called once when this succeeds), so that a type
    /// that only looks at the text, an enum for one, need not own a copy of it.
    fn text(&mut self, read: &mut dyn FnMut(&str)) -> Result<(), ShapeError> {
        read(&self.string()?);
        Ok(())
    }
    /// A list: `item` reads each element, in order.
    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError>;
    /// A map: `entry` reads each entry, in order.
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError>;
    /// A structure: `member` reads each member that is set, given its position in the schema.
    fn structure(
        &mut self,
        member: &mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError>;
}

/// Reads a member's value from `source` into its slot, for generated `decode` impls (one
/// function per member type, shared by every member of that type).
pub fn decode_into<T: Shape>(
    slot: &mut Option<T>,
    source: &mut dyn Source,
) -> Result<(), ShapeError> {
    *slot = Some(T::decode(source)?);
    Ok(())
}

/// Reads a successful response's body into the caller's output type: its [`Shape::decode`],
/// given a source over the body (see the pipeline's `Handle::decode`).
pub(crate) type Decode<'a> = &'a mut (dyn FnMut(&mut dyn Source) -> Result<(), ShapeError> + Send);

/// A [`Source`] over a [`Value`].
#[derive(Debug)]
pub struct ValueSource(Value);

impl ValueSource {
    /// A source reading `value`.
    pub fn new(value: Value) -> Self {
        ValueSource(value)
    }

    fn take(&mut self) -> Value {
        std::mem::replace(&mut self.0, Value::Null)
    }
}

impl Source for ValueSource {
    fn is_null(&self) -> bool {
        matches!(self.0, Value::Null)
    }

    fn value(&mut self) -> Result<Value, ShapeError> {
        Ok(self.take())
    }

    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        match self.take() {
            Value::List(items) => items
                .into_iter()
                .try_for_each(|v| item(&mut ValueSource(v))),
            other => Err(ShapeError::new("list", other.kind_name())),
        }
    }

    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        match self.take() {
            Value::Map(entries) => entries
                .into_iter()
                .try_for_each(|(k, v)| entry(k, &mut ValueSource(v))),
            other => Err(ShapeError::new("map", other.kind_name())),
        }
    }

    fn structure(
        &mut self,
        member: &mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        match self.take() {
            Value::Struct(slots) => {
                slots
                    .into_iter()
                    .enumerate()
                    .try_for_each(|(i, slot)| match slot {
                        Some(v) => member(i, &mut ValueSource(v)),
                        None => Ok(()),
                    })
            }
            other => Err(ShapeError::new("structure", other.kind_name())),
        }
    }
}

macro_rules! int_shape {
    ($($t:ty),*) => {$(
        impl Shape for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
            fn from_value(value: Value) -> Result<Self, ShapeError> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| ShapeError::new(stringify!($t), "integer out of range")),
                    other => Err(ShapeError::new("integer", other.kind_name())),
                }
            }
        }
    )*};
}
int_shape!(i8, i16, i32, i64);

impl Shape for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(ShapeError::new("boolean", other.kind_name())),
        }
    }
}

impl Shape for f64 {
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            other => Err(ShapeError::new("float", other.kind_name())),
        }
    }
}

impl Shape for f32 {
    fn to_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        f64::from_value(value).map(|f| f as f32)
    }
}

impl Shape for String {
    fn to_value(&self) -> Value {
        Value::Str(self.clone())
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Str(s) => Ok(s),
            other => Err(ShapeError::new("string", other.kind_name())),
        }
    }
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        source.string()
    }
}

impl Shape for Blob {
    fn to_value(&self) -> Value {
        Value::Blob(self.0.clone())
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Blob(b) => Ok(Blob(b)),
            other => Err(ShapeError::new("blob", other.kind_name())),
        }
    }
}

impl Shape for DateTime {
    fn to_value(&self) -> Value {
        Value::Timestamp(*self)
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Timestamp(t) => Ok(t),
            other => Err(ShapeError::new("timestamp", other.kind_name())),
        }
    }
}

impl Shape for Document {
    fn to_value(&self) -> Value {
        Value::Document(self.clone())
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Document(d) => Ok(d),
            other => Err(ShapeError::new("document", other.kind_name())),
        }
    }
}

impl<T: Shape> Shape for Vec<T> {
    fn to_value(&self) -> Value {
        Value::List(self.iter().map(Shape::to_value).collect())
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::List(items) => items.into_iter().map(T::from_value).collect(),
            other => Err(ShapeError::new("list", other.kind_name())),
        }
    }
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        let mut out = Vec::new();
        source.list(&mut |item| {
            out.push(T::decode(item)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: Shape> Shape for BTreeMap<String, T> {
    fn to_value(&self) -> Value {
        Value::Map(
            self.iter()
                .map(|(k, v)| (k.clone(), v.to_value()))
                .collect(),
        )
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| T::from_value(v).map(|v| (k, v)))
                .collect(),
            other => Err(ShapeError::new("map", other.kind_name())),
        }
    }
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        let mut out = BTreeMap::new();
        source.map(&mut |key, value| {
            out.insert(key, T::decode(value)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// `Option<T>` is the element type of sparse lists and maps: `None` is a null entry.
impl<T: Shape> Shape for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, Shape::to_value)
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        if source.is_null() {
            return Ok(None);
        }
        T::decode(source).map(Some)
    }
}

impl<T: Shape> Shape for Box<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
    fn from_value(value: Value) -> Result<Self, ShapeError> {
        T::from_value(value).map(Box::new)
    }
    fn decode(source: &mut dyn Source) -> Result<Self, ShapeError> {
        T::decode(source).map(Box::new)
    }
}

/// Smithy's `Unit`: no data (the type of union variants that carry none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unit;

impl Shape for Unit {
    fn to_value(&self) -> Value {
        Value::Struct(Vec::new())
    }
    fn from_value(_: Value) -> Result<Self, ShapeError> {
        Ok(Unit)
    }
}

/// Reads the members of a [`Value::Struct`] by position, in generated `from_value` impls.
#[derive(Debug)]
pub struct StructReader {
    slots: Vec<Option<Value>>,
    cursor: usize,
}

impl StructReader {
    /// Opens a structure value.
    pub fn new(value: Value) -> Result<Self, ShapeError> {
        match value {
            Value::Struct(slots) => Ok(StructReader { slots, cursor: 0 }),
            other => Err(ShapeError::new("structure", other.kind_name())),
        }
    }

    /// Takes the next member (members are read in schema order), `None` when unset.
    #[allow(clippy::should_implement_trait)] // Fallible and typed per call: not an Iterator.
    pub fn next<T: Shape>(&mut self) -> Result<Option<T>, ShapeError> {
        self.cursor += 1;
        self.take(self.cursor - 1)
    }

    /// Takes member `index`, `None` when unset.
    pub fn take<T: Shape>(&mut self, index: usize) -> Result<Option<T>, ShapeError> {
        match self.slots.get_mut(index).and_then(Option::take) {
            Some(v) => T::from_value(v).map(Some),
            None => Ok(None),
        }
    }

    /// Takes the value of union variant `index` (the one [`StructReader::variant`] found).
    pub fn take_variant<T: Shape>(&mut self, index: usize) -> Result<T, ShapeError> {
        self.take(index)?
            .ok_or_else(|| ShapeError::new("a union variant", "nothing"))
    }

    /// The index of the one member set, for unions (`None`: a variant this client does not know).
    pub fn variant(&self) -> Option<usize> {
        self.slots.iter().position(Option::is_some)
    }
}

/// The value of an optional member, for generated `to_value` impls.
pub fn put<T: Shape>(member: &Option<T>) -> Option<Value> {
    member.as_ref().map(Shape::to_value)
}

/// The value of union variant `index` of `len` variants, for generated `to_value` impls.
pub fn variant<T: Shape>(len: usize, index: usize, value: &T) -> Value {
    let mut slots = vec![None; len];
    if let Some(slot) = slots.get_mut(index) {
        *slot = Some(value.to_value());
    }
    Value::Struct(slots)
}

/// A value that travels with data but is not part of it: always equal to another, so that
/// comparing two outputs or errors compares their members only. Generated outputs and errors
/// keep their response's metadata in one.
#[derive(Clone, Debug, Default)]
pub struct Meta<T>(pub T);

impl<T> PartialEq for Meta<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// What `Debug` prints instead of a `@sensitive` value.
pub const REDACTED: &str = "** redacted **";

/// `serde` for [`Document`]s: any JSON-like value (for the JSON codec and `serde_support`).
#[cfg(any(feature = "serde", feature = "aws-json", feature = "rest-json"))]
mod document_serde {
    use super::{Document, Number};

    /// Reads any JSON-like value as a [`Document`].
    pub(crate) struct DocumentVisitor;

    impl<'de> serde::de::Visitor<'de> for DocumentVisitor {
        type Value = Document;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a document")
        }

        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Document, E> {
            Ok(Document::Bool(v))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Document, E> {
            Ok(Document::Number(if v >= 0 {
                Number::PosInt(v as u64)
            } else {
                Number::NegInt(v)
            }))
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Document, E> {
            Ok(Document::Number(Number::PosInt(v)))
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Document, E> {
            Ok(Document::Number(Number::Float(v)))
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Document, E> {
            Ok(Document::String(v.to_owned()))
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Document, E> {
            Ok(Document::Null)
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Document, E> {
            Ok(Document::Null)
        }

        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
            serde::Deserializer::deserialize_any(d, DocumentVisitor)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = serde::de::SeqAccess::next_element_seed(&mut seq, DocumentSeed)?
            {
                items.push(item);
            }
            Ok(Document::Array(items))
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
            let mut entries = std::collections::BTreeMap::new();
            while let Some(key) = serde::de::MapAccess::next_key::<String>(&mut map)? {
                entries.insert(
                    key,
                    serde::de::MapAccess::next_value_seed(&mut map, DocumentSeed)?,
                );
            }
            Ok(Document::Object(entries))
        }
    }

    pub(crate) struct DocumentSeed;

    impl<'de> serde::de::DeserializeSeed<'de> for DocumentSeed {
        type Value = Document;

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
            serde::Deserializer::deserialize_any(d, DocumentVisitor)
        }
    }
}
#[cfg(any(feature = "serde", feature = "aws-json", feature = "rest-json"))]
pub(crate) use document_serde::DocumentSeed;
