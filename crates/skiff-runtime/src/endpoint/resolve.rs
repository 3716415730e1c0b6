//! The data a generated crate supplies for endpoint resolution: [`RuleSetSource`] (the rule
//! set, parsed on first use) and, per operation, [`EndpointParam`]s saying where each
//! operation-level parameter comes from; and reading those parameters from an input.

#[cfg(feature = "endpoint-rules")]
use std::sync::OnceLock;

#[cfg(feature = "endpoint-rules")]
use super::ParamValue;
#[cfg(feature = "endpoint-rules")]
use crate::error::ConfigError;
#[cfg(feature = "endpoint-rules")]
use crate::value::Value;

/// A service's `smithy.rules#endpointRuleSet`, as its generated crate ships it: the rule set's
/// JSON text, parsed once, on the first call that needs it.
pub struct RuleSetSource {
    /// The rule set, as JSON.
    pub json: &'static str,
    #[cfg(feature = "endpoint-rules")]
    parsed: OnceLock<Result<super::rules::RuleSet, super::rules::ParseError>>,
}

impl RuleSetSource {
    /// A rule set from its JSON text (not parsed yet).
    pub const fn new(json: &'static str) -> Self {
        RuleSetSource {
            json,
            #[cfg(feature = "endpoint-rules")]
            parsed: OnceLock::new(),
        }
    }

    /// The parsed rule set (parsed on the first call, then shared).
    #[cfg(feature = "endpoint-rules")]
    pub fn rule_set(&self) -> Result<&super::rules::RuleSet, ConfigError> {
        self.parsed
            .get_or_init(|| super::rules::RuleSet::parse(self.json))
            .as_ref()
            .map_err(|e| {
                ConfigError::new(format!("the service's endpoint rule set is invalid: {e}"))
            })
    }
}

impl std::fmt::Debug for RuleSetSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSetSource")
            .field("bytes", &self.json.len())
            .finish_non_exhaustive()
    }
}

/// One operation-level endpoint parameter: `@staticContextParams`, `@contextParam` or
/// `@operationContextParams`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointParam {
    /// The rule set's parameter name.
    pub name: &'static str,
    /// Where its value comes from.
    pub source: ParamSource,
}

/// Where an operation-level endpoint parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// A constant boolean (`@staticContextParams`).
    Bool(bool),
    /// A constant string (`@staticContextParams`).
    Str(&'static str),
    /// A constant list of strings (`@staticContextParams`).
    StrArray(&'static [&'static str]),
    /// A path into the input: one member step for `@contextParam`, longer ones for
    /// `@operationContextParams`. Unset along the way means the parameter is not set.
    Input(&'static [PathStep]),
}

/// One step of an input path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// The member at this position of the current structure.
    Member(usize),
    /// `[*]`: the rest of the path, for every element of the current list (results flattened).
    Each,
    /// `keys(@)`: the keys of the current map.
    Keys,
}

/// The value of one operation-level parameter for `input`.
#[cfg(feature = "endpoint-rules")]
pub(crate) fn param_value(source: &ParamSource, input: &Value) -> Option<ParamValue> {
    match source {
        ParamSource::Bool(b) => Some(ParamValue::Bool(*b)),
        ParamSource::Str(s) => Some(ParamValue::String((*s).to_owned())),
        ParamSource::StrArray(items) => Some(ParamValue::StringArray(
            items.iter().map(|s| (*s).to_owned()).collect(),
        )),
        ParamSource::Input(path) => {
            let flattening = path
                .iter()
                .any(|s| matches!(s, PathStep::Each | PathStep::Keys));
            if !flattening {
                let mut value = input;
                for step in path.iter() {
                    let (PathStep::Member(index), Value::Struct(slots)) = (step, value) else {
                        return None;
                    };
                    value = slots.get(*index)?.as_ref()?;
                }
                return match value {
                    Value::Str(s) => Some(ParamValue::String(s.clone())),
                    Value::Bool(b) => Some(ParamValue::Bool(*b)),
                    Value::List(items) => Some(ParamValue::StringArray(
                        items
                            .iter()
                            .filter_map(|item| match item {
                                Value::Str(s) => Some(s.clone()),
                                _ => None,
                            })
                            .collect(),
                    )),
                    _ => None,
                };
            }
            let mut found = Vec::new();
            walk(input, path, &mut found);
            Some(ParamValue::StringArray(found))
        }
    }
}

#[cfg(feature = "endpoint-rules")]
/// Follows `path` from `value`, collecting the strings it reaches. The path is as long as the
/// generator made it, so the recursion is bounded.
fn walk(value: &Value, path: &[PathStep], out: &mut Vec<String>) {
    let Some((step, rest)) = path.split_first() else {
        match value {
            Value::Str(s) => out.push(s.clone()),
            Value::List(items) => {
                for item in items {
                    if let Value::Str(s) = item {
                        out.push(s.clone());
                    }
                }
            }
            _ => {}
        }
        return;
    };
    match (step, value) {
        (PathStep::Member(index), Value::Struct(slots)) => {
            if let Some(Some(member)) = slots.get(*index) {
                walk(member, rest, out);
            }
        }
        (PathStep::Each, Value::List(items)) => {
            for item in items {
                walk(item, rest, out);
            }
        }
        (PathStep::Keys, Value::Map(entries)) => {
            for (key, _) in entries {
                out.push(key.clone());
            }
        }
        _ => {}
    }
}

#[cfg(all(test, feature = "endpoint-rules"))]
mod tests {
    use super::*;

    #[test]
    fn paths_reach_members_lists_and_keys() {
        let input = Value::Struct(vec![
            Some(Value::Str("table".into())),
            Some(Value::List(vec![
                Value::Struct(vec![Some(Value::Struct(vec![Some(Value::Str(
                    "a".into(),
                ))]))]),
                Value::Struct(vec![None]),
                Value::Struct(vec![Some(Value::Struct(vec![Some(Value::Str(
                    "b".into(),
                ))]))]),
            ])),
            Some(Value::Map(vec![
                ("k1".into(), Value::Null),
                ("k2".into(), Value::Null),
            ])),
            None,
        ]);
        let get = |path: &'static [PathStep]| param_value(&ParamSource::Input(path), &input);
        assert_eq!(
            get(&[PathStep::Member(0)]),
            Some(ParamValue::String("table".into()))
        );
        assert_eq!(get(&[PathStep::Member(3)]), None);
        assert_eq!(
            get(&[
                PathStep::Member(1),
                PathStep::Each,
                PathStep::Member(0),
                PathStep::Member(0)
            ]),
            Some(ParamValue::StringArray(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            get(&[PathStep::Member(2), PathStep::Keys]),
            Some(ParamValue::StringArray(vec!["k1".into(), "k2".into()]))
        );
    }
}
