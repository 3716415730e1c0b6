//! [`Variable`]: the JSON-like value tree that expressions are evaluated on and that they return.
//!
//! Containers and strings are reference-counted ([`Arc`]), so evaluation never deep-copies:
//! selecting a member, projecting a list or building a multi-select only bumps counts. `Arc`
//! rather than `Rc` keeps values `Send + Sync`, so they can be held across an `.await` in a
//! waiter loop and expressions can live in `static`s.
//!
//! Equality ([`PartialEq`]) is JMESPath's: numbers compare as `f64` (`1 == 1.0`), objects
//! compare as unordered key sets. It and JSON output ([`Display`](fmt::Display)) walk the tree
//! with an explicit stack, so data of any depth is handled without recursion.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::sync::Arc;

use super::error::ParseError;
use super::json;

/// An object's members, in insertion order. Keys are unique: every constructor in this module
/// keeps the last value given for a repeated key (at the first key's position), except
/// [`Variable::object`], whose caller promises uniqueness.
pub type Members = Vec<(Arc<str>, Variable)>;

/// A JSON value, as JMESPath sees it.
///
/// Build one with the `From` impls (`bool`, numbers, strings, `Vec<Variable>`, `Option<T>`),
/// [`Variable::array`], [`Variable::object`] or [`Variable::from_json`].
#[derive(Clone, Debug, Default)]
pub enum Variable {
    /// `null`; also the result of any expression that does not match.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number. JMESPath has one number type; integers beyond 2^53 lose precision.
    Number(f64),
    /// A string.
    String(Arc<str>),
    /// An array.
    Array(Arc<Vec<Variable>>),
    /// An object: members in insertion order, looked up by key.
    Object(Arc<Members>),
}

impl Variable {
    /// An array of `items`.
    pub fn array(items: Vec<Variable>) -> Variable {
        Variable::Array(Arc::new(items))
    }

    /// An object of `members`, in the order given. Keys must be unique (a lookup finds the
    /// first); the runtime's structures and maps are.
    pub fn object<K: Into<Arc<str>>>(members: impl IntoIterator<Item = (K, Variable)>) -> Variable {
        Variable::Object(Arc::new(
            members.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        ))
    }

    /// Parses a JSON text (RFC 8259; surrounding whitespace allowed) into a value. Repeated
    /// object keys keep the last value. Fails with [`ErrorKind::Syntax`] on invalid JSON and
    /// with [`ErrorKind::LimitExceeded`] when arrays and objects nest deeper than
    /// [`MAX_JSON_DEPTH`](super::MAX_JSON_DEPTH).
    ///
    /// [`ErrorKind::Syntax`]: super::ErrorKind::Syntax
    /// [`ErrorKind::LimitExceeded`]: super::ErrorKind::LimitExceeded
    pub fn from_json(text: &str) -> Result<Variable, ParseError> {
        json::parse(text, 0)
    }

    /// The JMESPath type name: `null`, `boolean`, `number`, `string`, `array` or `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Variable::Null => "null",
            Variable::Bool(_) => "boolean",
            Variable::Number(_) => "number",
            Variable::String(_) => "string",
            Variable::Array(_) => "array",
            Variable::Object(_) => "object",
        }
    }

    /// JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false; everything else
    /// (including `0`) is true.
    pub fn is_truthy(&self) -> bool {
        match self {
            Variable::Null => false,
            Variable::Bool(b) => *b,
            Variable::Number(_) => true,
            Variable::String(s) => !s.is_empty(),
            Variable::Array(a) => !a.is_empty(),
            Variable::Object(o) => !o.is_empty(),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Variable::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Variable::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Variable::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Variable::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Variable]> {
        match self {
            Variable::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members in order, if this is an object.
    pub fn as_object(&self) -> Option<&[(Arc<str>, Variable)]> {
        match self {
            Variable::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The value of member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Variable> {
        match self {
            Variable::Object(o) => lookup(o, key),
            _ => None,
        }
    }
}

/// The value of `key` among `members` (a linear scan: objects here are small structures).
pub(super) fn lookup<'a>(members: &'a [(Arc<str>, Variable)], key: &str) -> Option<&'a Variable> {
    members.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
}

/// Sets `key` to `value`: replaces the value in place if the key is present, else appends.
pub(super) fn insert(members: &mut Members, key: Arc<str>, value: Variable) {
    match members.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => members.push((key, value)),
    }
}

/// Orders two numbers, placing NaN (which JSON cannot hold, but a float shape can) above
/// everything and equal to itself, so that sorting always sees a total order.
pub(super) fn cmp_f64(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b)
        .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
}

impl PartialEq for Variable {
    fn eq(&self, other: &Variable) -> bool {
        // Pairs still to compare; each step pops one pair and may push its children, so the
        // loop runs at most once per node of `self`.
        let mut pending: Vec<(&Variable, &Variable)> = vec![(self, other)];
        while let Some(pair) = pending.pop() {
            match pair {
                (Variable::Null, Variable::Null) => {}
                (Variable::Bool(a), Variable::Bool(b)) if a == b => {}
                (Variable::Number(a), Variable::Number(b)) if a == b => {}
                (Variable::String(a), Variable::String(b)) if a == b => {}
                (Variable::Array(a), Variable::Array(b)) if a.len() == b.len() => {
                    pending.extend(a.iter().zip(b.iter()));
                }
                (Variable::Object(a), Variable::Object(b)) if a.len() == b.len() => {
                    // Keys are unique, so equal sizes and every key of `a` in `b` means equal
                    // key sets.
                    for (key, value) in a.iter() {
                        match lookup(b, key) {
                            Some(other_value) => pending.push((value, other_value)),
                            None => return false,
                        }
                    }
                }
                _ => return false,
            }
        }
        true
    }
}

/// Compact JSON (`[0,1]`, `{"a":"b"}`), as `to_string` produces. Non-ASCII text is written as
/// is; numbers that are integers print without a fraction; NaN and infinities print as `null`.
impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        enum Level<'a> {
            Array(std::slice::Iter<'a, Variable>, bool),
            Object(std::slice::Iter<'a, (Arc<str>, Variable)>, bool),
        }
        let mut open: Vec<Level<'_>> = Vec::new();
        let mut next = Some(self);
        // Each iteration writes one value or closes one container: bounded by the tree's size.
        loop {
            if let Some(value) = next.take() {
                match value {
                    Variable::Null => f.write_str("null")?,
                    Variable::Bool(b) => f.write_str(if *b { "true" } else { "false" })?,
                    Variable::Number(n) => write_number(f, *n)?,
                    Variable::String(s) => write_string(f, s)?,
                    Variable::Array(a) => {
                        f.write_char('[')?;
                        open.push(Level::Array(a.iter(), true));
                    }
                    Variable::Object(o) => {
                        f.write_char('{')?;
                        open.push(Level::Object(o.iter(), true));
                    }
                }
            }
            let Some(level) = open.last_mut() else {
                return Ok(());
            };
            match level {
                Level::Array(items, first) => match items.next() {
                    Some(item) => {
                        if !std::mem::replace(first, false) {
                            f.write_char(',')?;
                        }
                        next = Some(item);
                    }
                    None => {
                        f.write_char(']')?;
                        open.pop();
                    }
                },
                Level::Object(members, first) => match members.next() {
                    Some((key, item)) => {
                        if !std::mem::replace(first, false) {
                            f.write_char(',')?;
                        }
                        write_string(f, key)?;
                        f.write_char(':')?;
                        next = Some(item);
                    }
                    None => {
                        f.write_char('}')?;
                        open.pop();
                    }
                },
            }
        }
    }
}

/// Writes a number as JSON: integers without a fraction, magnitudes from 1e21 (and below 1e-6)
/// in exponent form (`1e+21`), everything else in shortest round-trip decimal form.
fn write_number(f: &mut fmt::Formatter<'_>, n: f64) -> fmt::Result {
    if !n.is_finite() {
        return f.write_str("null");
    }
    let magnitude = n.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{n:e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                write!(f, "{mantissa}e+{exponent}")
            }
            _ => f.write_str(&text),
        }
    } else {
        write!(f, "{n}")
    }
}

/// Writes `s` as a JSON string literal.
fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut clean_from = 0;
    for (at, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        f.write_str(&s[clean_from..at])?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            f.write_str(escape)?;
        }
        clean_from = at + c.len_utf8();
    }
    f.write_str(&s[clean_from..])?;
    f.write_char('"')
}

impl From<bool> for Variable {
    fn from(b: bool) -> Self {
        Variable::Bool(b)
    }
}

macro_rules! from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Variable {
            /// A number (as `f64`; integers beyond 2^53 lose precision).
            fn from(n: $t) -> Self {
                Variable::Number(n as f64)
            }
        }
    )*};
}
from_number!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl From<&str> for Variable {
    fn from(s: &str) -> Self {
        Variable::String(s.into())
    }
}

impl From<String> for Variable {
    fn from(s: String) -> Self {
        Variable::String(s.into())
    }
}

impl From<Arc<str>> for Variable {
    fn from(s: Arc<str>) -> Self {
        Variable::String(s)
    }
}

impl From<Vec<Variable>> for Variable {
    fn from(items: Vec<Variable>) -> Self {
        Variable::array(items)
    }
}

impl<T: Into<Variable>> From<Option<T>> for Variable {
    /// `None` is `null`.
    fn from(v: Option<T>) -> Self {
        v.map_or(Variable::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_jmespath_equality() {
        assert_eq!(Variable::from(1), Variable::from(1.0));
        let a = Variable::object([("a", Variable::from(1)), ("b", Variable::from("x"))]);
        let b = Variable::object([("b", Variable::from("x")), ("a", Variable::from(1.0))]);
        assert_eq!(a, b);
        assert_ne!(a, Variable::object([("a", Variable::from(1))]));
        assert_ne!(
            Variable::from(vec![1.into()]),
            Variable::from(vec!["1".into()])
        );
        assert_ne!(Variable::Null, Variable::Bool(false));
    }

    #[test]
    fn json_output() {
        let v = Variable::from_json(r#"{"a":[1,2.5,-0.5,1e21,1e-7,true,null],"s":"q\"\n\u0001✓"}"#)
            .unwrap();
        assert_eq!(
            v.to_string(),
            r#"{"a":[1,2.5,-0.5,1e+21,1e-7,true,null],"s":"q\"\n\u0001✓"}"#
        );
        assert_eq!(Variable::Number(f64::NAN).to_string(), "null");
    }

    #[test]
    fn deep_data_without_recursion() {
        let mut a = Variable::Null;
        let mut b = Variable::Null;
        for _ in 0..200_000 {
            a = Variable::array(vec![a]);
            b = Variable::array(vec![b]);
        }
        assert!(a == b);
        assert_eq!(a.to_string().len(), 400_004);
        // Dropping is recursive in std; unwind by hand so the test itself stays small-stack.
        for mut v in [a, b] {
            while let Variable::Array(items) = v {
                v = Arc::try_unwrap(items)
                    .ok()
                    .and_then(|mut items| items.pop())
                    .unwrap_or_default();
            }
        }
    }

    #[test]
    fn truthiness() {
        for falsy in ["null", "false", "\"\"", "[]", "{}"] {
            assert!(!Variable::from_json(falsy).unwrap().is_truthy(), "{falsy}");
        }
        for truthy in ["0", "true", "\" \"", "[null]", "{\"a\":null}"] {
            assert!(Variable::from_json(truthy).unwrap().is_truthy(), "{truthy}");
        }
    }
}
