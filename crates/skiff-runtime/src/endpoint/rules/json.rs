//! Reading a parsed JSON tree (`serde_json::Value`) with precise error locations.
//!
//! Used by the rule set and partitions parsers: every accessor takes the [`Loc`] of the value it
//! looks at and, when the value is not what was expected, returns a [`ParseError`] naming that
//! location. Locations are a chain of borrowed segments and are only rendered to text on error.

use serde_json::{Map, Value};

use super::error::ParseError;

/// Where a value sits in the document: a linked chain of keys and indexes back to the root.
#[derive(Clone, Copy, Debug)]
pub(super) enum Loc<'p> {
    /// The document root.
    Root,
    /// Member `key` of the object at the parent location.
    Key(&'p Loc<'p>, &'p str),
    /// Element `index` of the array at the parent location.
    Index(&'p Loc<'p>, usize),
}

impl<'p> Loc<'p> {
    /// The location of member `key` of this object.
    pub(super) fn key(&'p self, key: &'p str) -> Loc<'p> {
        Loc::Key(self, key)
    }

    /// The location of element `index` of this array.
    pub(super) fn index(&'p self, index: usize) -> Loc<'p> {
        Loc::Index(self, index)
    }

    /// An error at this location.
    pub(super) fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::new(self.render(), message)
    }

    /// The location as text, such as `rules[3].conditions[0]`.
    pub(super) fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut current = self;
        // The chain is as long as the document is deep (serde_json limits nesting), so this loop
        // ends.
        loop {
            match current {
                Loc::Root => break,
                Loc::Key(parent, key) => {
                    segments.push(Segment::Key(key));
                    current = parent;
                }
                Loc::Index(parent, index) => {
                    segments.push(Segment::Index(*index));
                    current = parent;
                }
            }
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(index) => {
                    out.push('[');
                    out.push_str(&index.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

/// The JSON kind of `value`, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses `text` as JSON; a syntax error is reported at the root with serde_json's line/column.
pub(super) fn parse_document(text: &str) -> Result<Value, ParseError> {
    serde_json::from_str(text).map_err(|e| Loc::Root.error(format!("not valid JSON: {e}")))
}

/// `value` as an object.
pub(super) fn object<'v>(
    value: &'v Value,
    loc: &Loc<'_>,
) -> Result<&'v Map<String, Value>, ParseError> {
    value
        .as_object()
        .ok_or_else(|| loc.error(format!("expected an object, found {}", kind(value))))
}

/// `value` as an array.
pub(super) fn array<'v>(value: &'v Value, loc: &Loc<'_>) -> Result<&'v [Value], ParseError> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(loc.error(format!("expected an array, found {}", kind(other)))),
    }
}

/// `value` as a string.
pub(super) fn string<'v>(value: &'v Value, loc: &Loc<'_>) -> Result<&'v str, ParseError> {
    value
        .as_str()
        .ok_or_else(|| loc.error(format!("expected a string, found {}", kind(value))))
}

/// `value` as a boolean.
pub(super) fn boolean(value: &Value, loc: &Loc<'_>) -> Result<bool, ParseError> {
    value
        .as_bool()
        .ok_or_else(|| loc.error(format!("expected a boolean, found {}", kind(value))))
}

/// The required member `key` of `object` (at `loc`).
pub(super) fn member<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    loc: &Loc<'_>,
) -> Result<&'v Value, ParseError> {
    get(object, key).ok_or_else(|| loc.error(format!("missing required member `{key}`")))
}

/// The member `key` of `object`, if present: one copy of the map's search for every lookup of
/// the parsers (inlined, each lookup would carry its own).
#[inline(never)]
pub(super) fn get<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key)
}
