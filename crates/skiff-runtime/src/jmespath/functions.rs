//! JMESPath's built-in functions: names and arities (checked at compile time) and their
//! evaluation, with the specification's argument type checks (`invalid-type` errors).

use std::cmp::Ordering;
use std::sync::Arc;

use super::ast::{Expression, NodeId};
use super::error::{ErrorKind, RuntimeError};
use super::json;
use super::variable::{cmp_f64, insert, Members, Variable};

/// A built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
}

const ALL: [Function; 26] = [
    Function::Abs,
    Function::Avg,
    Function::Ceil,
    Function::Contains,
    Function::EndsWith,
    Function::Floor,
    Function::Join,
    Function::Keys,
    Function::Length,
    Function::Map,
    Function::Max,
    Function::MaxBy,
    Function::Merge,
    Function::Min,
    Function::MinBy,
    Function::NotNull,
    Function::Reverse,
    Function::Sort,
    Function::SortBy,
    Function::StartsWith,
    Function::Sum,
    Function::ToArray,
    Function::ToNumber,
    Function::ToString,
    Function::Type,
    Function::Values,
];

/// An evaluated function argument: a value, or the body of an `&expr` reference.
pub(super) enum Arg {
    Value(Variable),
    Expr(NodeId),
}

impl Function {
    /// The function called `name`, if JMESPath defines one.
    pub(super) fn from_name(name: &str) -> Option<Function> {
        ALL.into_iter().find(|f| f.name() == name)
    }

    /// The function's name.
    pub(super) fn name(self) -> &'static str {
        match self {
            Function::Abs => "abs",
            Function::Avg => "avg",
            Function::Ceil => "ceil",
            Function::Contains => "contains",
            Function::EndsWith => "ends_with",
            Function::Floor => "floor",
            Function::Join => "join",
            Function::Keys => "keys",
            Function::Length => "length",
            Function::Map => "map",
            Function::Max => "max",
            Function::MaxBy => "max_by",
            Function::Merge => "merge",
            Function::Min => "min",
            Function::MinBy => "min_by",
            Function::NotNull => "not_null",
            Function::Reverse => "reverse",
            Function::Sort => "sort",
            Function::SortBy => "sort_by",
            Function::StartsWith => "starts_with",
            Function::Sum => "sum",
            Function::ToArray => "to_array",
            Function::ToNumber => "to_number",
            Function::ToString => "to_string",
            Function::Type => "type",
            Function::Values => "values",
        }
    }

    /// The number of arguments, and whether more may follow (variadic functions).
    fn arity(self) -> (usize, bool) {
        match self {
            Function::Merge | Function::NotNull => (1, true),
            Function::Contains
            | Function::EndsWith
            | Function::Join
            | Function::Map
            | Function::MaxBy
            | Function::MinBy
            | Function::SortBy
            | Function::StartsWith => (2, false),
            _ => (1, false),
        }
    }

    /// Checks a call's argument count; the error is a message for an `invalid-arity` error.
    pub(super) fn check_arity(self, given: usize) -> Result<(), String> {
        let (count, variadic) = self.arity();
        if given == count || (variadic && given > count) {
            return Ok(());
        }
        let plural = if count == 1 { "" } else { "s" };
        let at_least = if variadic { "at least " } else { "" };
        Err(format!(
            "{}() takes {at_least}{count} argument{plural}, got {given}",
            self.name()
        ))
    }

    /// Calls the function; `expr` evaluates expression references.
    pub(super) fn call(self, expr: &Expression, args: &[Arg]) -> Result<Variable, RuntimeError> {
        let a = Args {
            function: self,
            args,
        };
        Ok(match self {
            Function::Abs => Variable::Number(a.number(0)?.abs()),
            Function::Ceil => Variable::Number(a.number(0)?.ceil()),
            Function::Floor => Variable::Number(a.number(0)?.floor()),
            Function::Avg => {
                let numbers = a.numbers(0)?;
                if numbers.is_empty() {
                    Variable::Null
                } else {
                    Variable::Number(sum(&numbers) / numbers.len() as f64)
                }
            }
            Function::Sum => Variable::Number(sum(&a.numbers(0)?)),
            Function::Contains => {
                let search = a.value(1)?;
                match a.value(0)? {
                    Variable::Array(items) => Variable::Bool(items.iter().any(|x| x == search)),
                    Variable::String(s) => {
                        Variable::Bool(search.as_str().is_some_and(|t| s.contains(t)))
                    }
                    other => return Err(a.type_error(0, "an array or a string", other)),
                }
            }
            Function::EndsWith => Variable::Bool(a.string(0)?.ends_with(&**a.string(1)?)),
            Function::StartsWith => Variable::Bool(a.string(0)?.starts_with(&**a.string(1)?)),
            Function::Join => {
                let glue = a.string(0)?;
                let items = a.array(1)?;
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Variable::String(s) => parts.push(&**s),
                        other => return Err(a.type_error(1, "an array of strings", other)),
                    }
                }
                Variable::from(parts.join(glue))
            }
            Function::Keys => Variable::array(
                a.object(0)?
                    .iter()
                    .map(|(k, _)| Variable::String(k.clone()))
                    .collect(),
            ),
            Function::Values => {
                Variable::array(a.object(0)?.iter().map(|(_, v)| v.clone()).collect())
            }
            Function::Length => match a.value(0)? {
                Variable::String(s) => Variable::from(s.chars().count() as f64),
                Variable::Array(items) => Variable::from(items.len() as f64),
                Variable::Object(members) => Variable::from(members.len() as f64),
                other => return Err(a.type_error(0, "a string, an array or an object", other)),
            },
            Function::Map => {
                let body = a.expref(0)?;
                let items = a.array(1)?;
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(expr.eval(body, item)?);
                }
                Variable::array(out)
            }
            Function::Max | Function::Min => {
                let items = a.array(0)?;
                if !sortable(items) {
                    return Err(a.type_error(0, "an array of numbers or of strings", items));
                }
                let wanted = if self == Function::Max {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
                let mut best: Option<&Variable> = None;
                for item in items {
                    if best.is_none_or(|b| compare(item, b) == wanted) {
                        best = Some(item);
                    }
                }
                best.cloned().unwrap_or_default()
            }
            Function::MaxBy | Function::MinBy => {
                let items = a.array(0)?;
                let keys = a.sort_keys(expr, items)?;
                let wanted = if self == Function::MaxBy {
                    Ordering::Greater
                } else {
                    Ordering::Less
                };
                let mut best: Option<(&Variable, &Variable)> = None;
                for (key, item) in keys.iter().zip(items.iter()) {
                    if best.is_none_or(|(b, _)| compare(key, b) == wanted) {
                        best = Some((key, item));
                    }
                }
                best.map(|(_, item)| item.clone()).unwrap_or_default()
            }
            Function::Sort => {
                let items = a.array(0)?;
                if !sortable(items) {
                    return Err(a.type_error(0, "an array of numbers or of strings", items));
                }
                let mut sorted = items.to_vec();
                sorted.sort_by(compare);
                Variable::array(sorted)
            }
            Function::SortBy => {
                let items = a.array(0)?;
                let keys = a.sort_keys(expr, items)?;
                let mut pairs: Vec<(Variable, Variable)> =
                    keys.into_iter().zip(items.iter().cloned()).collect();
                // Stable, so equal keys keep their order.
                pairs.sort_by(|x, y| compare(&x.0, &y.0));
                Variable::array(pairs.into_iter().map(|(_, item)| item).collect())
            }
            Function::Merge => {
                let mut merged = Members::new();
                for i in 0..args.len() {
                    for (key, value) in a.object(i)? {
                        insert(&mut merged, key.clone(), value.clone());
                    }
                }
                Variable::Object(Arc::new(merged))
            }
            Function::NotNull => {
                for i in 0..args.len() {
                    let value = a.value(i)?;
                    if !value.is_null() {
                        return Ok(value.clone());
                    }
                }
                Variable::Null
            }
            Function::Reverse => match a.value(0)? {
                Variable::String(s) => Variable::from(s.chars().rev().collect::<String>()),
                Variable::Array(items) => Variable::array(items.iter().rev().cloned().collect()),
                other => return Err(a.type_error(0, "a string or an array", other)),
            },
            Function::ToArray => match a.value(0)? {
                array @ Variable::Array(_) => array.clone(),
                other => Variable::array(vec![other.clone()]),
            },
            Function::ToString => match a.value(0)? {
                string @ Variable::String(_) => string.clone(),
                other => Variable::from(other.to_string()),
            },
            Function::ToNumber => match a.value(0)? {
                number @ Variable::Number(_) => number.clone(),
                Variable::String(s) => {
                    json::parse_number(s).map_or(Variable::Null, Variable::Number)
                }
                _ => Variable::Null,
            },
            Function::Type => Variable::from(a.value(0)?.type_name()),
        })
    }
}

/// Sums left to right.
fn sum(numbers: &[f64]) -> f64 {
    numbers.iter().fold(0.0, |total, n| total + n)
}

/// Whether `items` are all numbers or all strings (as `sort`, `max` and `min` need).
fn sortable(items: &[Variable]) -> bool {
    match items.first() {
        None => true,
        Some(Variable::Number(_)) => items.iter().all(|x| matches!(x, Variable::Number(_))),
        Some(Variable::String(_)) => items.iter().all(|x| matches!(x, Variable::String(_))),
        Some(_) => false,
    }
}

/// Orders numbers by value and strings by code point. Callers check [`sortable`] first; other
/// pairs are ordered by type so that the order stays total whatever happens.
fn compare(a: &Variable, b: &Variable) -> Ordering {
    match (a, b) {
        (Variable::Number(x), Variable::Number(y)) => cmp_f64(*x, *y),
        (Variable::String(x), Variable::String(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(v: &Variable) -> u8 {
    match v {
        Variable::Null => 0,
        Variable::Bool(_) => 1,
        Variable::Number(_) => 2,
        Variable::String(_) => 3,
        Variable::Array(_) => 4,
        Variable::Object(_) => 5,
    }
}

/// Typed access to a call's arguments.
struct Args<'a> {
    function: Function,
    args: &'a [Arg],
}

/// Something whose JMESPath type can be named in an error message.
trait Typed {
    fn describe(&self) -> String;
}

impl Typed for Variable {
    fn describe(&self) -> String {
        self.type_name().to_string()
    }
}

impl Typed for [Variable] {
    fn describe(&self) -> String {
        let mut names: Vec<&str> = self.iter().map(Variable::type_name).collect();
        names.sort_unstable();
        names.dedup();
        format!("an array of {}", names.join(", "))
    }
}

impl<'a> Args<'a> {
    fn type_error(&self, i: usize, expected: &str, got: &(impl Typed + ?Sized)) -> RuntimeError {
        RuntimeError::invalid_type(format!(
            "{}() argument {} must be {expected}, got {}",
            self.function.name(),
            i + 1,
            got.describe()
        ))
    }

    fn value(&self, i: usize) -> Result<&'a Variable, RuntimeError> {
        match self.args.get(i) {
            Some(Arg::Value(v)) => Ok(v),
            Some(Arg::Expr(_)) => Err(RuntimeError::invalid_type(format!(
                "{}() argument {} must be a value, got an expression reference",
                self.function.name(),
                i + 1
            ))),
            None => Err(self.missing(i)),
        }
    }

    /// Cannot happen (arity is checked at compile time), but is an error rather than a panic.
    fn missing(&self, i: usize) -> RuntimeError {
        RuntimeError::new(
            ErrorKind::InvalidArity,
            format!("{}() is missing argument {}", self.function.name(), i + 1),
        )
    }

    fn expref(&self, i: usize) -> Result<NodeId, RuntimeError> {
        match self.args.get(i) {
            Some(Arg::Expr(body)) => Ok(*body),
            Some(Arg::Value(v)) => Err(self.type_error(i, "an expression reference (&expr)", v)),
            None => Err(self.missing(i)),
        }
    }

    fn number(&self, i: usize) -> Result<f64, RuntimeError> {
        match self.value(i)? {
            Variable::Number(n) => Ok(*n),
            other => Err(self.type_error(i, "a number", other)),
        }
    }

    fn string(&self, i: usize) -> Result<&'a Arc<str>, RuntimeError> {
        match self.value(i)? {
            Variable::String(s) => Ok(s),
            other => Err(self.type_error(i, "a string", other)),
        }
    }

    fn array(&self, i: usize) -> Result<&'a [Variable], RuntimeError> {
        match self.value(i)? {
            Variable::Array(items) => Ok(items),
            other => Err(self.type_error(i, "an array", other)),
        }
    }

    fn object(&self, i: usize) -> Result<&'a [(Arc<str>, Variable)], RuntimeError> {
        match self.value(i)? {
            Variable::Object(members) => Ok(members),
            other => Err(self.type_error(i, "an object", other)),
        }
    }

    /// Argument `i` as an array of numbers.
    fn numbers(&self, i: usize) -> Result<Vec<f64>, RuntimeError> {
        let items = self.array(i)?;
        items
            .iter()
            .map(|item| item.as_f64())
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(|| self.type_error(i, "an array of numbers", items))
    }

    /// The keys that the expression reference in argument 2 gives for `items`: all numbers or
    /// all strings.
    fn sort_keys(
        &self,
        expr: &Expression,
        items: &[Variable],
    ) -> Result<Vec<Variable>, RuntimeError> {
        let body = self.expref(1)?;
        let mut keys = Vec::with_capacity(items.len());
        for item in items {
            keys.push(expr.eval(body, item)?);
        }
        if !sortable(&keys) {
            return Err(RuntimeError::invalid_type(format!(
                "{}() expression must give all numbers or all strings, got {}",
                self.function.name(),
                keys.describe()
            )));
        }
        Ok(keys)
    }
}
