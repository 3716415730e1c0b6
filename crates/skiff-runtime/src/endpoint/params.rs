//! Endpoint parameters: what a rule set declares ([`Parameter`]) and what a caller passes for one
//! resolution ([`Params`]).

use std::borrow::Cow;
use std::fmt;

/// The type of an endpoint parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamType {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A list of strings.
    StringArray,
}

impl ParamType {
    /// The name the rules language uses for the type.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of one endpoint parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A string value.
    String(String),
    /// A boolean value.
    Bool(bool),
    /// A list of strings.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// The type of the value.
    pub fn param_type(&self) -> ParamType {
        match self {
            ParamValue::String(_) => ParamType::String,
            ParamValue::Bool(_) => ParamType::Boolean,
            ParamValue::StringArray(_) => ParamType::StringArray,
        }
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::String(value)
    }
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::String(value.to_owned())
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::StringArray(value)
    }
}

/// The values given for one resolution, by parameter name.
///
/// Cheap to build per call: names are usually `&'static str` and are not copied; lookups are a
/// short linear scan (rule sets have a few dozen parameters at most). For example
/// `params.insert("Region", "us-east-1").insert("UseFIPS", false);`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    entries: Vec<(Cow<'static, str>, ParamValue)>,
}

impl Params {
    /// No values.
    pub fn new() -> Self {
        Params::default()
    }

    /// Room for `capacity` values without reallocating.
    pub fn with_capacity(capacity: usize) -> Self {
        Params {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Sets `name` to `value`, replacing any earlier value.
    pub fn insert(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<ParamValue>,
    ) -> &mut Self {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
        self
    }

    /// [`insert`](Params::insert), by value, for chaining.
    pub fn with(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<ParamValue>,
    ) -> Self {
        self.insert(name, value);
        self
    }

    /// Removes the value of `name`, returning it.
    pub fn remove(&mut self, name: &str) -> Option<ParamValue> {
        let index = self.entries.iter().position(|(n, _)| n == name)?;
        Some(self.entries.remove(index).1)
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value)
    }

    /// The values set, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.entries
            .iter()
            .map(|(name, value)| (name.as_ref(), value))
    }

    /// How many values are set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A parameter declared by a rule set.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Parameter {
    /// The parameter's name, as rules and callers spell it.
    pub name: String,
    /// The parameter's type.
    pub param_type: ParamType,
    /// Whether resolution fails when the parameter has no value (after defaults).
    pub required: bool,
    /// The value used when none is given.
    pub default: Option<ParamValue>,
    /// The built-in the caller should source the value from, such as `AWS::Region`.
    pub built_in: Option<String>,
    /// The parameter's documentation.
    pub documentation: Option<String>,
    /// Set when the parameter is deprecated.
    pub deprecated: Option<Deprecated>,
}

/// Deprecation details of a [`Parameter`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecated {
    /// What to do instead.
    pub message: Option<String>,
    /// When the parameter was deprecated.
    pub since: Option<String>,
}
