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

use std::borrow::Cow;
use std::fmt::Write;

use base64::Engine;
use serde::de::{self, DeserializeSeed};
use serde_json::Value as Json;

use crate::datetime::{DateTime, TimestampFormat};
use crate::schema::{Binding, Kind, Member, Schema};
use crate::value::{Document, DocumentSeed, Number, Shape, ShapeError, Source, Value, ValueSource};

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

/// Writes `s` as a JSON string, escaped exactly as serde_json escapes it: `"` and `\`, the
/// control characters below U+0020 as `\b \t \n \f \r` or `\u00xx` (lower-case hex), and
/// nothing else. Runs of characters that need no escape are copied as they are.
fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    // Scan for the next byte to escape (a tight loop over most strings, which have none).
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
    {
        let i = start + offset;
        let byte = bytes[i];
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x09 => "\\t",
            0x0a => "\\n",
            0x0c => "\\f",
            0x0d => "\\r",
            _ => "",
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
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

/// Parses JSON text into a [`serde_json::Value`] tree, or says why it is not JSON. Only error
/// responses are read this way (their code and message may sit under several keys); modeled
/// shapes are read by [`read_members`] and [`read_value`], straight from the text.
pub(crate) fn parse(body: &[u8]) -> Result<Json, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON ({e})"))
}

/// Reads the members of a structure from a JSON object's text. With `top`, members bound to
/// response locations (headers, payload, status) are skipped: they are read from the response's
/// status and headers instead. `@httpQuery` and `@httpLabel` mean nothing in a response, so
/// members bound with them are read from the object like unbound ones. Errors name the path of
/// the offending member (`path` is its start), never its content.
pub(crate) fn read_members(
    schema: &Schema,
    body: &[u8],
    rules: JsonRules,
    path: &str,
    top: bool,
) -> Result<Value, String> {
    let mut reader = Reader {
        base: path,
        mismatch: None,
        rules,
        unions: false,
    };
    read_all(body, &mut reader, |de, reader| {
        de::Deserializer::deserialize_any(
            de,
            Members {
                reader,
                schema,
                top,
            },
        )
    })
}

#[cfg(feature = "rest-json")]
/// Reads a JSON text as a value of `schema` (the target of `member`, if any). JSON `null` is
/// `Value::Null`.
pub(crate) fn read_value(
    schema: &Schema,
    member: Option<&Member>,
    body: &[u8],
    rules: JsonRules,
    path: &str,
) -> Result<Value, String> {
    let mut reader = Reader {
        base: path,
        mismatch: None,
        rules,
        unions: false,
    };
    read_all(body, &mut reader, |de, reader| {
        DeserializeSeed::deserialize(
            Seed {
                reader,
                schema,
                member,
            },
            de,
        )
        .map(|v| v.unwrap_or(Value::Null))
    })
}

/// Runs `read` over the whole of `body`: a mismatch with the schema is reported as found (with
/// its path), anything else as text that is not JSON.
///
/// The body is checked to be UTF-8 once, as a whole (JSON exchanged between systems must be:
/// RFC 8259, section 8.1), and then read as text, so serde does not validate each string
/// again (a body that is not UTF-8 anywhere, even in a member that would be skipped, is not JSON).
fn read_all<'b>(
    body: &'b [u8],
    reader: &mut Reader<'_>,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'b>>,
        &mut Reader<'_>,
    ) -> Result<Value, serde_json::Error>,
) -> Result<Value, String> {
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return Err(format!("the body is not valid JSON (it is not UTF-8: {e})")),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = read(&mut de, reader).and_then(|value| de.end().map(|()| value));
    result.map_err(|e| explain(reader, e))
}

/// The message of a failed read: the mismatch with the schema, with its path, if that is why;
/// else the text is not JSON.
fn explain(reader: &mut Reader<'_>, e: serde_json::Error) -> String {
    let path = |at: &[Step]| {
        let mut path = reader.base.to_owned();
        for step in at.iter().rev() {
            match step {
                Step::Member(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Step::Index(i) => {
                    let _ = write!(path, "[{i}]");
                }
                Step::Key(key) => {
                    let _ = write!(path, "[{key:?}]");
                }
            }
        }
        path
    };
    match reader.mismatch.take() {
        Some(Mismatch::Fixed(message)) => message,
        Some(Mismatch::Expected { what, at }) => format!("expected {what} at `{}`", path(&at)),
        Some(Mismatch::Union { rel, at }) => {
            let mut path = path(&at);
            if !path.is_empty() && !rel.is_empty() && !rel.starts_with('[') {
                path.push('.');
            }
            path.push_str(&rel);
            format!("the union at `{path}` has more than one member set")
        }
        None => format!("the body is not valid JSON ({e})"),
    }
}

/// The state of one read: the path it starts at, and the first mismatch with the schema (kept
/// here, so that the error says what was expected where, not where in the text serde stopped).
/// The path of a mismatch is put together as the error unwinds, so reading what matches costs
/// nothing for it.
struct Reader<'p> {
    base: &'p str,
    mismatch: Option<Mismatch>,
    rules: JsonRules,
    /// Whether a union with more than one member set is an error (restJson1 reads say so).
    #[cfg_attr(not(feature = "rest-json"), allow(dead_code))]
    unions: bool,
}

enum Mismatch {
    /// The whole message.
    Fixed(String),
    /// A union with more than one member set: `rel` is its path inside the value that ended
    /// at `at` (empty when it is that value).
    #[cfg_attr(not(feature = "rest-json"), allow(dead_code))]
    Union { rel: String, at: Vec<Step> },
    /// What was expected, and where: the steps from the value up to the start, innermost first.
    Expected {
        what: Cow<'static, str>,
        at: Vec<Step>,
    },
}

/// One step of a path: `.member`, `[index]`, `["key"]`.
enum Step {
    Member(&'static str),
    Index(usize),
    Key(String),
}

impl Reader<'_> {
    fn mismatch<E: de::Error>(&mut self, what: &'static str) -> E {
        self.mismatch = Some(Mismatch::Expected {
            what: Cow::Borrowed(what),
            at: Vec::new(),
        });
        E::custom("the body does not match the schema")
    }

    /// A value the generated type could not take (an integer out of its type's range).
    fn shape_mismatch<E: de::Error>(&mut self, error: &ShapeError) -> E {
        self.mismatch = Some(Mismatch::Expected {
            what: Cow::Owned(format!("{} (found {})", error.expected, error.found)),
            at: Vec::new(),
        });
        E::custom("the body does not match the output type")
    }

    /// Records that the error passing through came from inside `step`.
    fn unwind<E>(&mut self, step: impl FnOnce() -> Step, error: E) -> E {
        if let Some(Mismatch::Expected { at, .. } | Mismatch::Union { at, .. }) = &mut self.mismatch
        {
            at.push(step());
        }
        error
    }
}

/// What a value of `kind` is expected to be, for errors.
fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Boolean => "a boolean",
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => "an integer",
        Kind::Float | Kind::Double | Kind::BigInteger | Kind::BigDecimal => "a number",
        Kind::String | Kind::Enum => "a string",
        Kind::Blob => "a base64 string",
        Kind::Timestamp => "a timestamp",
        Kind::List => "an array",
        Kind::Map | Kind::Structure | Kind::Union => "an object",
        Kind::Document => "a document",
    }
}

/// Reads a structure's members from an object (the body of a response, or of an error).
struct Members<'r, 'p, 's> {
    reader: &'r mut Reader<'p>,
    schema: &'s Schema,
    top: bool,
}

impl<'de> de::Visitor<'de> for Members<'_, '_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        read_struct(self.reader, self.schema, self.top, map)
    }

    // Anything but an object.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Err(self.reader.not_an_object())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
        Err(self.reader.not_an_object())
    }
}

impl Reader<'_> {
    fn not_an_object<E: de::Error>(&mut self) -> E {
        self.mismatch = Some(Mismatch::Fixed("the body is not a JSON object".to_owned()));
        E::custom("the body is not a JSON object")
    }
}

fn read_struct<'de, A: de::MapAccess<'de>>(
    reader: &mut Reader<'_>,
    schema: &Schema,
    top: bool,
    mut map: A,
) -> Result<Value, A::Error> {
    let rules = reader.rules;
    let mut slots: Vec<Option<Value>> = Vec::new();
    slots.resize_with(schema.members.len(), || None);
    let mut hint = 0;
    while let Some(key) = map.next_key_seed(KeySeed)? {
        let found = find_member(schema, &key, rules, top, hint, |i| slots[i].is_some());
        let Some((i, own)) = found else {
            map.next_value::<de::IgnoredAny>()?;
            continue;
        };
        hint = i + 1;
        let member = &schema.members[i];
        let value = map
            .next_value_seed(Seed {
                reader: &mut *reader,
                schema: member.target,
                member: Some(member),
            })
            .map_err(|e| reader.unwind(|| Step::Member(member.name), e))?;
        if value.is_some() || own {
            slots[i] = value;
        }
    }
    Ok(Value::Struct(slots))
}

/// The member of `schema` that `key` names, and whether by its own key: with `top`, members
/// bound to response locations are not read from the body. Error structures: services spell the
/// message member either way; the member's own key wins (`is_set` says which are read already).
///
/// `hint` is tried first: the member after the one read last, as services mostly write members
/// in schema order.
fn find_member(
    schema: &Schema,
    key: &str,
    rules: JsonRules,
    top: bool,
    hint: usize,
    is_set: impl Fn(usize) -> bool,
) -> Option<(usize, bool)> {
    let in_body = |m: &Member| !top || m.binding.in_response_body();
    if let Some(m) = schema.members.get(hint) {
        if same(wire_name(m, rules), key) && in_body(m) {
            return Some((hint, true));
        }
    }
    if let Some(i) = schema
        .members
        .iter()
        .position(|m| in_body(m) && same(wire_name(m, rules), key))
    {
        return Some((i, true));
    }
    if schema.error.is_none() || (key != "message" && key != "Message") {
        return None;
    }
    let i = schema
        .members
        .iter()
        .position(|m| in_body(m) && m.name.eq_ignore_ascii_case("message"))?;
    (!is_set(i)).then_some((i, false))
}

/// `a == b`, for member names: those of up to 16 bytes (nearly all) are compared with two
/// overlapping word loads each, where `==` calls `memcmp` (a call per member read, as their
/// names are not constants that the compiler could compare inline).
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    fn word<const W: usize>(s: &[u8], at: usize) -> [u8; W] {
        let mut w = [0; W];
        w.copy_from_slice(&s[at..at + W]);
        w
    }
    match n {
        8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        _ => a == b,
    }
}

/// A map key or member name, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> de::Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Reads a value of `schema`: `None` is JSON `null`.
struct Seed<'r, 'p, 's> {
    reader: &'r mut Reader<'p>,
    schema: &'s Schema,
    member: Option<&'s Member>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_, '_> {
    type Value = Option<Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        if self.schema.kind == Kind::Document {
            return Ok(match DocumentSeed.deserialize(d)? {
                Document::Null => None,
                document => Some(Value::Document(document)),
            });
        }
        d.deserialize_any(self)
    }
}

impl Seed<'_, '_, '_> {
    fn mismatch<E: de::Error>(self) -> E {
        self.reader.mismatch(expected(self.schema.kind))
    }

    fn timestamp_format(&self) -> TimestampFormat {
        self.member.map_or(
            self.schema
                .timestamp_format
                .unwrap_or(TimestampFormat::EpochSeconds),
            |m| m.timestamp_format_or(TimestampFormat::EpochSeconds),
        )
    }
}

impl<'de> de::Visitor<'de> for Seed<'_, '_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(expected(self.schema.kind))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Value>, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Value>, E> {
        match self.schema.kind {
            Kind::Boolean => Ok(Some(Value::Bool(v))),
            _ => Err(self.mismatch()),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Value>, E> {
        Ok(Some(match self.schema.kind {
            Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => Value::Int(v),
            Kind::Float | Kind::Double => Value::Float(v as f64),
            Kind::BigInteger | Kind::BigDecimal => Value::Str(v.to_string()),
            Kind::Timestamp => Value::Timestamp(DateTime::from_secs(v)),
            _ => return Err(self.mismatch()),
        }))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Value>, E> {
        match (self.schema.kind, i64::try_from(v)) {
            (Kind::BigInteger | Kind::BigDecimal, _) => Ok(Some(Value::Str(v.to_string()))),
            (Kind::Float | Kind::Double, _) => Ok(Some(Value::Float(v as f64))),
            (_, Ok(i)) => self.visit_i64(i),
            (_, Err(_)) => Err(self.mismatch()),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Value>, E> {
        Ok(Some(match self.schema.kind {
            Kind::Float | Kind::Double => Value::Float(v),
            // The shortest text that reads back as the same number (as serde_json writes it).
            Kind::BigInteger | Kind::BigDecimal => Value::Str(
                serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
            ),
            Kind::Timestamp => Value::Timestamp(DateTime::from_secs_f64(v)),
            _ => return Err(self.mismatch()),
        }))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Value>, E> {
        Ok(Some(match self.schema.kind {
            Kind::String | Kind::Enum | Kind::BigInteger | Kind::BigDecimal => {
                Value::Str(v.to_owned())
            }
            Kind::Float | Kind::Double => match v {
                "NaN" => Value::Float(f64::NAN),
                "Infinity" => Value::Float(f64::INFINITY),
                "-Infinity" => Value::Float(f64::NEG_INFINITY),
                _ => return Err(self.mismatch()),
            },
            Kind::Blob => match base64::engine::general_purpose::STANDARD.decode(v.as_bytes()) {
                Ok(b) => Value::Blob(b),
                Err(_) => return Err(self.reader.mismatch("base64 data")),
            },
            Kind::Timestamp => match DateTime::parse(v, self.timestamp_format())
                .or_else(|_| DateTime::parse(v, TimestampFormat::DateTime))
            {
                Ok(t) => Value::Timestamp(t),
                Err(_) => return Err(self.mismatch()),
            },
            _ => return Err(self.mismatch()),
        }))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<Value>, E> {
        match self.schema.kind {
            Kind::String | Kind::Enum | Kind::BigInteger | Kind::BigDecimal => {
                Ok(Some(Value::Str(v)))
            }
            _ => self.visit_str(&v),
        }
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        if self.schema.kind != Kind::List {
            return Err(self.mismatch());
        }
        let Some(element) = self.schema.element() else {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Some(Value::List(Vec::new())));
        };
        let reader = self.reader;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        for i in 0.. {
            let item = seq
                .next_element_seed(Seed {
                    reader: &mut *reader,
                    schema: element.target,
                    member: Some(element),
                })
                .map_err(|e| reader.unwind(|| Step::Index(i), e))?;
            match item {
                None => break,
                Some(Some(value)) => out.push(value),
                Some(None) if self.schema.sparse => out.push(Value::Null),
                Some(None) => {}
            }
        }
        Ok(Some(Value::List(out)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        match self.schema.kind {
            Kind::Structure | Kind::Union => {
                read_struct(self.reader, self.schema, false, map).map(Some)
            }
            Kind::Map => {
                let Some(element) = self.schema.element() else {
                    while map
                        .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                        .is_some()
                    {}
                    return Ok(Some(Value::Map(Vec::new())));
                };
                let reader = self.reader;
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map
                        .next_value_seed(Seed {
                            reader: &mut *reader,
                            schema: element.target,
                            member: Some(element),
                        })
                        .map_err(|e| reader.unwind(|| Step::Key(key.clone()), e))?;
                    match value {
                        Some(value) => out.push((key, value)),
                        None if self.schema.sparse => out.push((key, Value::Null)),
                        None => {}
                    }
                }
                Ok(Some(Value::Map(out)))
            }
            _ => Err(self.mismatch()),
        }
    }
}
// Typed reading: JSON text straight into a generated type, no tree in between.

/// Reads the members of a structure from a JSON object's text straight into a generated type:
/// `decode` is the type's [`Shape::decode`](crate::value::Shape::decode), given a source over the
/// object. The same rules and errors as [`read_members`], and the defaults and client error
/// correction the pipeline gives an output value, applied as each structure is read.
///
/// `path` starts the paths of errors; with `unions`, a union with more than one member set is an
/// error (as [`check_unions`] finds it after a read into a value). An empty (or blank) body is
/// an empty object, as the JSON protocols read it.
pub(crate) fn decode_members(
    schema: &'static Schema,
    body: &[u8],
    rules: JsonRules,
    path: &str,
    unions: bool,
    decode: &mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>,
) -> Result<(), String> {
    // An empty body is an empty object: no member set.
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let body: &[u8] = if blank { b"{}" } else { body };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return Err(format!("the body is not valid JSON (it is not UTF-8: {e})")),
    };
    let mut reader = Reader {
        base: path,
        mismatch: None,
        rules,
        unions,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let (result, error) = {
        let mut source = JsonSource {
            de: Some(&mut de),
            reader: &mut reader,
            schema,
            member: None,
            top: true,
            error: None,
        };
        let result = decode(&mut source);
        (result, source.error.take())
    };
    match (result, error) {
        (Ok(()), None) => de.end().map_err(|e| explain(&mut reader, e)),
        (_, Some(e)) => Err(explain(&mut reader, e)),
        (Err(e), None) => Err(format!("the body does not match the output type: {e}")),
    }
}

/// A [`Source`] over the JSON value `de` is about to read, a value of `schema`.
struct JsonSource<'r, 'p, D, E> {
    /// Taken by the one read of the value.
    de: Option<D>,
    reader: &'r mut Reader<'p>,
    schema: &'static Schema,
    member: Option<&'static Member>,
    /// The top-level object: members bound to response locations are not in it.
    top: bool,
    /// The error that stopped the read, handed back to serde by whoever made this source.
    error: Option<E>,
}

impl<'de, D: de::Deserializer<'de, Error = E>, E> JsonSource<'_, '_, D, E> {
    /// Runs the one read of the value; a failure is kept in `self.error`.
    fn read<T>(
        &mut self,
        read: impl FnOnce(D, &mut Reader<'_>) -> Result<T, D::Error>,
    ) -> Result<T, ShapeError> {
        let Some(de) = self.de.take() else {
            return Err(ShapeError::new("a value", "one read twice"));
        };
        read(de, self.reader).map_err(|e| {
            self.error = Some(e);
            ShapeError::new("a value of the schema", "something else")
        })
    }
}

/// Lets `read` read a value of `schema` from `de` through a [`JsonSource`], and hands its failure
/// back to serde (a value `read` left unread is skipped).
fn feed<'de, D: de::Deserializer<'de>>(
    reader: &mut Reader<'_>,
    schema: &'static Schema,
    member: Option<&'static Member>,
    de: D,
    read: impl FnOnce(&mut dyn Source) -> Result<(), ShapeError>,
) -> Result<(), D::Error> {
    let mut source = JsonSource {
        de: Some(de),
        reader,
        schema,
        member,
        top: false,
        error: None,
    };
    let result = read(&mut source);
    if let Some(e) = source.error.take() {
        return Err(e);
    }
    if let Err(e) = result {
        return Err(source.reader.shape_mismatch(&e));
    }
    match source.de.take() {
        Some(de) => de.deserialize_ignored_any(de::IgnoredAny).map(|_| ()),
        None => Ok(()),
    }
}

impl<'de, D: de::Deserializer<'de, Error = E>, E: de::Error> Source for JsonSource<'_, '_, D, E> {
    fn is_null(&self) -> bool {
        // Nulls are handled by the list, map or structure holding them.
        false
    }

    fn string(&mut self) -> Result<String, ShapeError> {
        let schema = self.schema;
        if !matches!(schema.kind, Kind::String | Kind::Enum) {
            return String::from_value(self.value()?);
        }
        // `deserialize_any`: serde_json's `deserialize_string` rejects other tokens itself,
        // which would lose the path of the mismatch.
        self.read(|de, reader| {
            de.deserialize_any(Text {
                reader,
                schema,
                make: str::to_owned,
            })
        })
    }

    fn value(&mut self) -> Result<Value, ShapeError> {
        let (schema, member) = (self.schema, self.member);
        let value = self.read(|de, reader| {
            Seed {
                reader,
                schema,
                member,
            }
            .deserialize(de)
        })?;
        let mut value = value.unwrap_or(Value::Null);
        crate::defaults::fill_output_defaults(schema, &mut value);
        #[cfg(feature = "rest-json")]
        if self.reader.unions
            && matches!(
                schema.kind,
                Kind::Union | Kind::Structure | Kind::List | Kind::Map
            )
        {
            let mut rel = String::new();
            if check_unions(schema, &value, &mut rel, false).is_err() {
                self.reader.mismatch = Some(Mismatch::Union {
                    rel,
                    at: Vec::new(),
                });
                self.error = Some(E::custom("a union has more than one member set"));
                return Err(ShapeError::new("a union with one member set", "more"));
            }
        }
        Ok(value)
    }

    fn list(
        &mut self,
        item: &mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        let schema = self.schema;
        self.read(|de, reader| {
            de.deserialize_any(Typed {
                reader,
                schema,
                top: false,
                read: Read::List(item),
            })
        })
    }

    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        let schema = self.schema;
        self.read(|de, reader| {
            de.deserialize_any(Typed {
                reader,
                schema,
                top: false,
                read: Read::Map(entry),
            })
        })
    }

    fn structure(
        &mut self,
        member: &mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        let (schema, top) = (self.schema, self.top);
        self.read(|de, reader| {
            de.deserialize_any(Typed {
                reader,
                schema,
                top,
                read: Read::Structure(member),
            })
        })
    }
}

/// A [`Source`] over a string value already read from the text.
struct StrSource<'t>(&'t str);

impl Source for StrSource<'_> {
    fn is_null(&self) -> bool {
        false
    }

    fn value(&mut self) -> Result<Value, ShapeError> {
        Ok(Value::Str(self.0.to_owned()))
    }

    fn string(&mut self) -> Result<String, ShapeError> {
        Ok(self.0.to_owned())
    }

    fn text(&mut self, read: &mut dyn FnMut(&str)) -> Result<(), ShapeError> {
        read(self.0);
        Ok(())
    }

    fn list(
        &mut self,
        _: &mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        Err(ShapeError::new("list", "string"))
    }

    fn map(
        &mut self,
        _: &mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        Err(ShapeError::new("map", "string"))
    }

    fn structure(
        &mut self,
        _: &mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>,
    ) -> Result<(), ShapeError> {
        Err(ShapeError::new("structure", "string"))
    }
}

/// Reads a string (or enum) value, handing its text to `make`: anything else is not what the
/// schema says.
struct Text<'r, 'p, F> {
    reader: &'r mut Reader<'p>,
    schema: &'static Schema,
    make: F,
}

impl<'de, T, F: FnOnce(&str) -> T> de::Visitor<'de> for Text<'_, '_, F> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(expected(self.schema.kind))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.make)(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok((self.make)(&v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(self.reader.mismatch(expected(self.schema.kind)))
    }
}

/// What a [`Typed`] visitor hands each part of the value to.
enum Read<'f> {
    List(&'f mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>),
    Map(&'f mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>),
    Structure(&'f mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>),
}

/// Reads a list, map or structure of `schema`, handing its parts to `read`.
struct Typed<'r, 'p, 'f> {
    reader: &'r mut Reader<'p>,
    schema: &'static Schema,
    top: bool,
    read: Read<'f>,
}

impl Typed<'_, '_, '_> {
    fn reject<E: de::Error>(self) -> E {
        reject(self.reader, self.schema, self.top)
    }
}

/// The error for a JSON value that is not what `schema` says (not an object, at the top).
fn reject<E: de::Error>(reader: &mut Reader<'_>, schema: &Schema, top: bool) -> E {
    if top {
        reader.not_an_object()
    } else {
        reader.mismatch(expected(schema.kind))
    }
}

impl<'de> de::Visitor<'de> for Typed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(expected(self.schema.kind))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let (Kind::List, Read::List(item)) = (self.schema.kind, &mut self.read) else {
            return Err(self.reject());
        };
        let Some(element) = self.schema.element() else {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let reader = self.reader;
        for i in 0.. {
            let next = seq
                .next_element_seed(Part {
                    reader: &mut *reader,
                    member: element,
                    sparse: self.schema.sparse,
                    to: ToItem(&mut **item),
                })
                .map_err(|e| reader.unwind(|| Step::Index(i), e))?;
            if next.is_none() {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Typed {
            reader,
            schema,
            top,
            read,
        } = self;
        match (schema.kind, read) {
            (Kind::Map, Read::Map(entry)) => {
                let Some(element) = schema.element() else {
                    while map
                        .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                        .is_some()
                    {}
                    return Ok(());
                };
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    map.next_value_seed(Part {
                        reader: &mut *reader,
                        member: element,
                        sparse: schema.sparse,
                        to: ToEntry(&mut *entry, key.as_ref().to_owned()),
                    })
                    .map_err(|e| reader.unwind(|| Step::Key(key.into_owned()), e))?;
                }
                Ok(())
            }
            (Kind::Structure | Kind::Union, Read::Structure(member)) => {
                let mut set = Set::new(schema.members.len());
                let rules = reader.rules;
                let mut hint = 0;
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    let found = find_member(schema, &key, rules, top, hint, |i| set.contains(i));
                    let Some((i, _)) = found else {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    };
                    hint = i + 1;
                    let m = &schema.members[i];
                    let read = map
                        .next_value_seed(Part {
                            reader: &mut *reader,
                            member: m,
                            sparse: false,
                            to: ToMember(&mut *member, i),
                        })
                        .map_err(|e| reader.unwind(|| Step::Member(m.name), e))?;
                    if read {
                        set.insert(i);
                    }
                }
                // Defaults and client error correction, as the pipeline fills an output value.
                for (i, m) in schema.members.iter().enumerate() {
                    if set.contains(i) {
                        continue;
                    }
                    if let Some(value) = crate::defaults::output_default(m) {
                        member(i, &mut ValueSource::new(value)).map_err(|e| {
                            let e = reader.shape_mismatch(&e);
                            reader.unwind(|| Step::Member(m.name), e)
                        })?;
                    }
                }
                Ok(())
            }
            _ => Err(reject(reader, schema, top)),
        }
    }

    // Anything else is not what the schema says.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.reject())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.reject())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.reject())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.reject())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.reject())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.reject())
    }
}

/// Which members of a structure were read: a bit set, in a word up to 64 members.
enum Set {
    Small(u64),
    Large(Vec<bool>),
}

impl Set {
    fn new(len: usize) -> Self {
        if len <= 64 {
            Set::Small(0)
        } else {
            Set::Large(vec![false; len])
        }
    }

    fn insert(&mut self, i: usize) {
        match self {
            Set::Small(bits) => *bits |= 1 << i,
            Set::Large(v) => v[i] = true,
        }
    }

    fn contains(&self, i: usize) -> bool {
        match self {
            Set::Small(bits) => bits & (1 << i) != 0,
            Set::Large(v) => v[i],
        }
    }
}

/// Where a [`Part`] goes: a list's item, a map's entry or a structure's member reader. A type
/// per kind, so that each kind of part is compiled with its own (no match per part).
trait To {
    fn give(self, source: &mut dyn Source) -> Result<(), ShapeError>;
}

struct ToItem<'f>(&'f mut dyn FnMut(&mut dyn Source) -> Result<(), ShapeError>);

impl To for ToItem<'_> {
    #[inline]
    fn give(self, source: &mut dyn Source) -> Result<(), ShapeError> {
        (self.0)(source)
    }
}

struct ToEntry<'f>(
    &'f mut dyn FnMut(String, &mut dyn Source) -> Result<(), ShapeError>,
    String,
);

impl To for ToEntry<'_> {
    #[inline]
    fn give(self, source: &mut dyn Source) -> Result<(), ShapeError> {
        (self.0)(self.1, source)
    }
}

struct ToMember<'f>(
    &'f mut dyn FnMut(usize, &mut dyn Source) -> Result<(), ShapeError>,
    usize,
);

impl To for ToMember<'_> {
    #[inline]
    fn give(self, source: &mut dyn Source) -> Result<(), ShapeError> {
        (self.0)(self.1, source)
    }
}

/// One element, entry value or member of a [`Typed`] value: `true` when it was read, `false` for
/// a null (which a sparse list or map keeps as a null entry, and a structure as an unset member).
struct Part<'r, 'p, T> {
    reader: &'r mut Reader<'p>,
    member: &'static Member,
    sparse: bool,
    to: T,
}

impl<'de, T: To> DeserializeSeed<'de> for Part<'_, '_, T> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        if matches!(self.member.target.kind, Kind::String | Kind::Enum) {
            // A string is handed to its reader where it lies in the text (`visit_str`), a null
            // is `visit_unit`: one look at the token, no `Option` peek before it.
            d.deserialize_any(self)
        } else {
            d.deserialize_option(self)
        }
    }
}

impl<'de, T: To> de::Visitor<'de> for Part<'_, '_, T> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(expected(self.member.target.kind))
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        if self.sparse {
            self.to
                .give(&mut ValueSource::new(Value::Null))
                .map_err(|e| self.reader.shape_mismatch(&e))?;
        }
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.visit_none()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        let to = self.to;
        feed(
            self.reader,
            self.member.target,
            Some(self.member),
            d,
            |source| to.give(source),
        )
        .map(|()| true)
    }

    // The tokens of a string member (read with `deserialize_any`, see `deserialize`).
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match self.to.give(&mut StrSource(v)) {
            Ok(()) => Ok(true),
            Err(e) => Err(self.reader.shape_mismatch(&e)),
        }
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(self.reader.mismatch(expected(self.member.target.kind)))
    }
}

/// Checks the unions in `value`, a value of `schema`: each has at most one member set (more is
/// malformed), and with `exactly_one` exactly one (a union with none is a variant this client
/// does not know, which it cannot send). `path` names the offending union in the error (and is
/// left at its path when this fails); values are never quoted.
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

#[cfg(test)]
mod same_tests {
    use super::same;

    #[test]
    fn compares_names_of_every_length() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "jobDetailsX",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
        ];
        for a in names {
            for b in names {
                assert_eq!(same(a, b), a == b, "{a:?} vs {b:?}");
            }
            // A difference in the first, a middle or the last byte.
            for i in 0..a.len() {
                let mut other = a.as_bytes().to_vec();
                other[i] ^= 1;
                let other = String::from_utf8(other).unwrap();
                assert!(!same(a, &other), "{a:?} vs {other:?}");
            }
        }
    }
}

/// Reading straight into a type gives what reading into a value, filling its defaults and
/// converting it gives: the same output, and the same error for the same bad body.
#[cfg(test)]
mod typed_tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::schema::{prelude, DefaultValue};
    use crate::value::Shape;

    #[derive(Debug, Default, PartialEq)]
    struct Part {
        name: Option<String>,
        size: Option<i32>,
        tags: Option<Vec<String>>,
    }
    crate::impl_structure!(Part { 0 => name, 1 => size, 2 => tags });

    #[derive(Debug, Default, PartialEq)]
    struct Order {
        id: Option<String>,
        parts: Option<Vec<Part>>,
        notes: Option<Vec<Option<String>>>,
        counts: Option<BTreeMap<String, i32>>,
        placed: Option<DateTime>,
        doc: Option<Document>,
        count: Option<i32>,
        level: Option<i64>,
        header: Option<String>,
        main: Option<Part>,
    }
    crate::impl_structure!(Order { 0 => id, 1 => parts, 2 => notes, 3 => counts, 4 => placed, 5 => doc, 6 => count, 7 => level, 8 => header, 9 => main });

    static TAGS: Schema = Schema::list("Tags", &[Member::new("member", &prelude::STRING)]);
    static PART: Schema = Schema::structure(
        "Part",
        &[
            Member::new("name", &prelude::STRING).required(),
            Member::new("size", &prelude::INTEGER),
            Member::new("tags", &TAGS).required(),
        ],
    );
    static PARTS: Schema = Schema::list("Parts", &[Member::new("member", &PART)]);
    static NOTES: Schema =
        Schema::list("Notes", &[Member::new("member", &prelude::STRING)]).sparse();
    static COUNTS: Schema = Schema::map(
        "Counts",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::INTEGER),
        ],
    );
    static ORDER: Schema = Schema::structure(
        "Order",
        &[
            Member::new("id", &prelude::STRING),
            Member::new("parts", &PARTS),
            Member::new("notes", &NOTES),
            Member::new("counts", &COUNTS),
            Member::new("placed", &prelude::TIMESTAMP),
            Member::new("doc", &prelude::DOCUMENT),
            Member::new("count", &prelude::INTEGER).required(),
            Member::new("level", &prelude::LONG).default_value(DefaultValue::Int(7)),
            Member::new("header", &prelude::STRING).binding(Binding::Header("x-header")),
            Member::new("main", &PART).required(),
        ],
    );
    const RULES: JsonRules = JsonRules {
        use_json_name: false,
    };

    fn typed(body: &str) -> Result<Order, String> {
        let mut out = None;
        decode_members(&ORDER, body.as_bytes(), RULES, "", false, &mut |source| {
            out = Some(Order::decode(source)?);
            Ok(())
        })?;
        out.ok_or_else(|| "not read".to_owned())
    }

    fn through_value(body: &str) -> Result<Order, String> {
        let mut value = read_members(&ORDER, body.as_bytes(), RULES, "", true)?;
        crate::defaults::fill_defaults(&ORDER, &mut value, true, false);
        Order::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_type_read_from_the_text_equals_one_read_through_a_value() {
        let full = r#"{"extra": {"deep": [1, {"x": null}]}, "id": "o\u0031",
            "parts": [{"name": "a", "size": 3, "tags": ["x", "y"]}, null, {"size": 1}],
            "notes": ["n", null], "counts": {"x": 1, "y": null}, "placed": 1700000000.5,
            "doc": {"b": [true, 1.5], "a": null}, "count": 2, "level": null,
            "header": "body", "main": {"name": "m", "tags": []}}"#;
        let order = typed(full).unwrap();
        assert_eq!(order, through_value(full).unwrap());
        // Spot checks, so that both paths being wrong the same way shows.
        assert_eq!(order.id.as_deref(), Some("o1"));
        let parts = order.parts.as_ref().unwrap();
        assert_eq!(
            parts.len(),
            2,
            "a null element of a list that is not sparse is dropped"
        );
        assert_eq!(
            parts[0].tags.as_deref(),
            Some(&["x".to_owned(), "y".to_owned()][..])
        );
        // Client error correction: required members left out get zero values, nested too.
        assert_eq!(parts[1].name.as_deref(), Some(""));
        assert_eq!(parts[1].tags.as_deref(), Some(&[][..]));
        assert_eq!(order.notes, Some(vec![Some("n".to_owned()), None]));
        assert_eq!(
            order.counts,
            Some([("x".to_owned(), 1)].into_iter().collect())
        );
        assert_eq!(order.placed, Some(DateTime::from_secs_f64(1_700_000_000.5)));
        assert_eq!(order.level, Some(7), "the default of a member sent as null");
        assert_eq!(
            order.header, None,
            "a header member is not read from the body"
        );

        // Left out entirely: the defaults and zero values of the top level, nested structure
        // included.
        let empty = typed("{}").unwrap();
        assert_eq!(empty, through_value("{}").unwrap());
        assert_eq!(
            typed(" \n").unwrap(),
            empty,
            "a blank body is an empty object"
        );
        assert_eq!(empty.count, Some(0));
        assert_eq!(empty.level, Some(7));
        assert_eq!(
            empty.main,
            Some(Part {
                name: Some(String::new()),
                size: None,
                tags: Some(Vec::new()),
            })
        );
        assert_eq!(empty.id, None);
    }

    #[test]
    fn a_bad_body_fails_with_the_same_message_either_way() {
        for body in [
            r#"{"id": 5}"#,
            r#"{"parts": [{"name": "a"}, {"name": ["x"]}]}"#,
            r#"{"parts": [{"tags": ["a", 1]}]}"#,
            r#"{"counts": {"x": "one"}}"#,
            r#"{"main": {"size": "big"}}"#,
            r#"{"main": []}"#,
            r#"{"placed": "yesterday"}"#,
            r#"{"notes": {}}"#,
            r#"{"id": "a"} trailing"#,
            r#"{"id": "a""#,
            "[1]",
            "\"text\"",
        ] {
            let (a, b) = (typed(body), through_value(body));
            assert!(a.is_err(), "{body}: {a:?}");
            assert_eq!(a, b, "{body}");
        }
        assert_eq!(
            typed(r#"{"parts": [{"name": "a"}, {"tags": ["a", 1]}]}"#),
            Err("expected a string at `parts[1].tags[1]`".to_owned())
        );
        assert_eq!(
            typed(r#"{"counts": {"x": "one"}}"#),
            Err(r#"expected an integer at `counts["x"]`"#.to_owned())
        );
    }

    /// A union, as generated code implements one (read through a value).
    #[derive(Debug, PartialEq)]
    enum Pick {
        A(String),
        B(i32),
        Unknown,
    }

    impl Shape for Pick {
        fn to_value(&self) -> Value {
            match self {
                Pick::A(v) => crate::value::variant(2, 0, v),
                Pick::B(v) => crate::value::variant(2, 1, v),
                Pick::Unknown => Value::Struct(vec![None; 2]),
            }
        }
        fn from_value(value: Value) -> Result<Self, ShapeError> {
            let mut s = crate::value::StructReader::new(value)?;
            Ok(match s.variant() {
                Some(0) => Pick::A(s.take_variant(0)?),
                Some(1) => Pick::B(s.take_variant(1)?),
                _ => Pick::Unknown,
            })
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Holder {
        pick: Option<Pick>,
        picks: Option<Vec<Pick>>,
    }
    crate::impl_structure!(Holder { 0 => pick, 1 => picks });

    static PICK: Schema = Schema::union(
        "Pick",
        &[
            Member::new("a", &prelude::STRING),
            Member::new("b", &prelude::INTEGER),
        ],
    );
    static PICKS: Schema = Schema::list("Picks", &[Member::new("member", &PICK)]);
    static HOLDER: Schema = Schema::structure(
        "Holder",
        &[Member::new("pick", &PICK), Member::new("picks", &PICKS)],
    );

    /// restJson1's read: unions with more than one member set are errors.
    #[cfg(feature = "rest-json")]
    #[test]
    fn unions_are_checked_as_restjson_checks_them_after_a_read_into_a_value() {
        let rules = JsonRules {
            use_json_name: true,
        };
        let typed = |body: &str| {
            let mut out = None;
            decode_members(
                &HOLDER,
                body.as_bytes(),
                rules,
                "Holder",
                true,
                &mut |source| {
                    out = Some(Holder::decode(source)?);
                    Ok(())
                },
            )
            .map(|()| out)
        };
        let through_value = |body: &str| {
            let mut value = read_members(&HOLDER, body.as_bytes(), rules, "Holder", true)?;
            check_unions(&HOLDER, &value, &mut "Holder".to_owned(), false)?;
            crate::defaults::fill_defaults(&HOLDER, &mut value, true, false);
            Holder::from_value(value)
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let read = typed(r#"{"pick": {"c": 1}, "picks": [{"a": "x"}, {"b": 2}]}"#).unwrap();
        assert_eq!(
            read,
            Some(Holder {
                pick: Some(Pick::Unknown),
                picks: Some(vec![Pick::A("x".to_owned()), Pick::B(2)]),
            })
        );
        for (body, message) in [
            (
                r#"{"pick": {"a": "x", "b": 1}}"#,
                "the union at `Holder.pick` has more than one member set",
            ),
            (
                r#"{"picks": [{"a": "x"}, {"a": "y", "b": 2}]}"#,
                "the union at `Holder.picks[1]` has more than one member set",
            ),
        ] {
            assert_eq!(typed(body), Err(message.to_owned()), "{body}");
            assert_eq!(through_value(body), Err(message.to_owned()), "{body}");
        }
    }

    #[test]
    fn an_integer_out_of_its_types_range_is_an_error_with_its_path() {
        assert_eq!(
            typed(r#"{"main": {"size": 3000000000}}"#),
            Err("expected i32 (found integer out of range) at `main.size`".to_owned())
        );
        assert!(through_value(r#"{"main": {"size": 3000000000}}"#).is_err());
    }

    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Stage {
        Build,
        Deploy,
        Unknown(String),
    }
    crate::impl_enum!(Stage { Build => "Build", Deploy => "Deploy" });

    #[derive(Debug, Default, PartialEq)]
    struct Step {
        stage: Option<Stage>,
        stages: Option<Vec<Stage>>,
    }
    crate::impl_structure!(Step { 0 => stage, 1 => stages });

    static STAGES: Schema = Schema::list("Stages", &[Member::new("member", &prelude::ENUM)]);
    static STEP: Schema = Schema::structure(
        "Step",
        &[
            Member::new("stage", &prelude::ENUM),
            Member::new("stages", &STAGES),
        ],
    );

    fn step(body: &str) -> (Result<Step, String>, Result<Step, String>) {
        let mut out = None;
        let typed = decode_members(&STEP, body.as_bytes(), RULES, "", false, &mut |source| {
            out = Some(Step::decode(source)?);
            Ok(())
        })
        .and_then(|()| out.ok_or_else(|| "not read".to_owned()));
        let value = read_members(&STEP, body.as_bytes(), RULES, "", true)
            .and_then(|v| Step::from_value(v).map_err(|e| e.to_string()));
        (typed, value)
    }

    #[test]
    fn enums_are_read_from_the_text_known_unknown_and_escaped_values_alike() {
        let (typed, value) =
            step(r#"{"stage": "D\u0065ploy", "stages": ["Build", "Later", "Deploy"]}"#);
        let typed = typed.unwrap();
        assert_eq!(typed, value.unwrap());
        assert_eq!(typed.stage, Some(Stage::Deploy));
        assert_eq!(Stage::VALUES, ["Build", "Deploy"]);
        assert_eq!(
            typed.stages,
            Some(vec![
                Stage::Build,
                Stage::Unknown("Later".to_owned()),
                Stage::Deploy
            ])
        );
        for body in [r#"{"stage": 1}"#, r#"{"stages": ["Build", {}]}"#] {
            let (typed, value) = step(body);
            assert!(typed.is_err(), "{body}: {typed:?}");
            assert_eq!(typed, value, "{body}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u32..0x100).chain([0x2028, 0x2029, 0xfeff, 0x1f600]) {
            all.extend(char::from_u32(c));
        }
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "\u{0}\u{1f}\u{7f}é中",
            "\\",
            "\"",
            all.as_str(),
        ] {
            let mut out = String::from("x");
            write_string(&mut out, s);
            assert_eq!(
                out[1..],
                serde_json::to_string(s).unwrap_or_default(),
                "{s:?}"
            );
        }
    }
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
        read_members(&TIMES, json.as_bytes(), rules, "", false)
    }

    static NAMES: Schema = Schema::list("Names", &[Member::new("member", &prelude::STRING)]);
    static SPARSE: Schema =
        Schema::list("Sparse", &[Member::new("member", &prelude::STRING)]).sparse();
    static COUNTS: Schema = Schema::map(
        "Counts",
        &[
            Member::new("key", &prelude::STRING),
            Member::new("value", &prelude::INTEGER),
        ],
    );
    static JOB: Schema = Schema::structure(
        "Job",
        &[
            Member::new("id", &prelude::STRING),
            Member::new("names", &NAMES),
            Member::new("sparse", &SPARSE),
            Member::new("counts", &COUNTS),
            Member::new("size", &prelude::LONG),
            Member::new("doc", &prelude::DOCUMENT),
            Member::new("header", &prelude::STRING).binding(Binding::Header("x-header")),
        ],
    );
    static FAULT: Schema = Schema::structure("Fault", &[Member::new("message", &prelude::STRING)])
        .error("Fault", 400, false);

    fn job(text: &str, top: bool) -> Result<Value, String> {
        let rules = JsonRules {
            use_json_name: false,
        };
        read_members(&JOB, text.as_bytes(), rules, "Job", top)
    }

    fn s(v: &str) -> Option<Value> {
        Some(Value::Str(v.to_owned()))
    }

    #[test]
    fn members_are_read_from_the_text_by_wire_name_skipping_unknown_keys_and_nulls() {
        let value = job(
            r#"{"extra": {"deep": [1, {"x": null}]}, "id": "j\u0031", "names": ["a", null, "b"],
               "sparse": ["a", null], "counts": {"x": 1, "y": null}, "size": null,
               "doc": {"b": [true, 1.5], "a": null}, "header": "body"}"#,
            true,
        )
        .unwrap();
        let doc = Document::Object(
            [
                ("a".to_owned(), Document::Null),
                (
                    "b".to_owned(),
                    Document::Array(vec![
                        Document::Bool(true),
                        Document::Number(Number::Float(1.5)),
                    ]),
                ),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            value,
            Value::Struct(vec![
                s("j1"),
                Some(Value::List(vec![
                    Value::Str("a".into()),
                    Value::Str("b".into())
                ])),
                Some(Value::List(vec![Value::Str("a".into()), Value::Null])),
                Some(Value::Map(vec![("x".into(), Value::Int(1))])),
                None,
                Some(Value::Document(doc)),
                // Bound to a header: not read from the body of a response.
                None,
            ])
        );
        // Outside a response's top level, the binding means nothing; the last of two keys wins.
        let value = job(r#"{"header": "one", "header": "two"}"#, false).unwrap();
        assert_eq!(
            value,
            Value::Struct(vec![None, None, None, None, None, None, s("two")])
        );
    }

    #[test]
    fn mismatches_name_the_path_and_bad_text_says_it_is_not_json() {
        assert_eq!(
            job(r#"{"names": ["a", 2]}"#, true),
            Err("expected a string at `Job.names[1]`".into())
        );
        assert_eq!(
            job(r#"{"counts": {"k\"": "1"}}"#, true),
            Err(r#"expected an integer at `Job.counts["k\""]`"#.into())
        );
        assert_eq!(
            job(r#"{"size": 9223372036854775808}"#, true),
            Err("expected an integer at `Job.size`".into())
        );
        assert_eq!(
            job(r#"{"size": 1.5}"#, true),
            Err("expected an integer at `Job.size`".into())
        );
        assert_eq!(
            job(r#"{"names": {}}"#, true),
            Err("expected an array at `Job.names`".into())
        );
        assert_eq!(job("[]", true), Err("the body is not a JSON object".into()));
        assert_eq!(
            job("null", true),
            Err("the body is not a JSON object".into())
        );
        for text in [r#"{"id": "a""#, r#"{"id": "a"} {}"#, "{\"id\": \"a\"}x", ""] {
            let error = job(text, true).unwrap_err();
            assert!(
                error.starts_with("the body is not valid JSON ("),
                "{text}: {error}"
            );
        }
        // Bytes that are not UTF-8, read or skipped alike.
        let rules = JsonRules {
            use_json_name: false,
        };
        for bytes in [&b"{\"id\": \"\xff\"}"[..], b"{\"unknown\": \"\xfe\"}"] {
            assert!(read_members(&JOB, bytes, rules, "Job", true)
                .unwrap_err()
                .starts_with("the body is not valid JSON (it is not UTF-8"));
        }
        // Nesting beyond serde_json's recursion limit is an error, not a stack overflow.
        let deep = format!(r#"{{"doc": {}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
        assert!(job(&deep, true)
            .unwrap_err()
            .starts_with("the body is not valid JSON ("));
    }

    #[test]
    fn an_error_message_is_read_under_either_spelling_its_own_key_first() {
        let rules = JsonRules {
            use_json_name: false,
        };
        let read = |text: &str| read_members(&FAULT, text.as_bytes(), rules, "", true);
        assert_eq!(
            read(r#"{"Message": "up"}"#),
            Ok(Value::Struct(vec![s("up")]))
        );
        assert_eq!(
            read(r#"{"message": "low", "Message": "up"}"#),
            Ok(Value::Struct(vec![s("low")]))
        );
        assert_eq!(
            read(r#"{"Message": "up", "message": "low"}"#),
            Ok(Value::Struct(vec![s("low")]))
        );
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
