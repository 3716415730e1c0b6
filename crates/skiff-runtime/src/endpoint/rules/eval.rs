//! Evaluating a parsed rule set for one set of parameter values.
//!
//! Input: the rule set IR, the caller's [`Params`] and a partitions table. Output: an
//! [`Endpoint`] or a [`ResolveError`].
//!
//! Values borrow where they can: parameter strings, rule set literals and partition fields are
//! `&str`s into their owners; strings made during evaluation (templates, `uriEncode`, parsed
//! URLs and ARNs) are reference counted, so reading a variable is a cheap clone. Evaluation
//! recurses only as deep as the rule set is nested (bounded when it was parsed) and every loop
//! walks a finite part of the rule set or of a value.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::error::ResolveError;
use super::ir::{
    Call, Condition, EndpointDef, Expr, PathPart, Property, Rule, RuleBody, Template, TemplatePart,
};
use super::partitions::{Partition, Partitions};
use super::ruleset::Endpoint;
use super::stdlib;
use super::Document;
use crate::endpoint::params::{ParamValue, Parameter, Params};

/// A string value: borrowed from something that outlives the evaluation, or made during it.
#[derive(Clone, Debug)]
enum Str<'a> {
    Borrowed(&'a str),
    Shared(Rc<str>),
}

impl Str<'_> {
    fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Shared(s) => s,
        }
    }
}

/// A value of the rules language. "No value" (an unset parameter, a failed parse, a missing
/// attribute) is `None` around it.
#[derive(Clone, Debug)]
enum Value<'a> {
    Bool(bool),
    Int(i64),
    Str(Str<'a>),
    List(Rc<[Value<'a>]>),
    Url(Rc<UrlValue>),
    Arn(Rc<ArnValue>),
    Partition(&'a Partition),
}

impl Value<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Str(_) => "a string",
            Value::List(_) => "an array",
            Value::Url(_) => "a URL record",
            Value::Arn(_) => "an ARN record",
            Value::Partition(_) => "a partition record",
        }
    }
}

/// The record `parseURL` returns.
#[derive(Debug)]
struct UrlValue {
    scheme: &'static str,
    authority: Rc<str>,
    path: Rc<str>,
    normalized_path: Rc<str>,
    is_ip: bool,
}

/// The record `aws.parseArn` returns.
#[derive(Debug)]
struct ArnValue {
    partition: Rc<str>,
    service: Rc<str>,
    region: Rc<str>,
    account_id: Rc<str>,
    resource_id: Rc<[Value<'static>]>,
}

/// Resolves `rules` for `params`: binds parameters (given values, then defaults), then returns
/// the result of the first matching rule.
pub(super) fn resolve(
    parameters: &[Parameter],
    rules: &[Rule],
    slot_count: usize,
    params: &Params,
    partitions: &Partitions,
) -> Result<Endpoint, ResolveError> {
    let mut slots: Vec<Option<Value<'_>>> = vec![None; slot_count.max(parameters.len())];
    for (name, value) in params.iter() {
        let (declared, slot) = parameters
            .iter()
            .zip(slots.iter_mut())
            .find(|(p, _)| p.name == name)
            .ok_or_else(|| ResolveError::UnknownParameter(name.to_owned()))?;
        if value.param_type() != declared.param_type {
            return Err(ResolveError::ParameterType {
                name: declared.name.clone(),
                expected: declared.param_type,
                found: value.param_type(),
            });
        }
        *slot = Some(param_value(value));
    }
    for (slot, parameter) in slots.iter_mut().zip(parameters) {
        if slot.is_none() {
            match &parameter.default {
                Some(default) => *slot = Some(param_value(default)),
                None if parameter.required => {
                    return Err(ResolveError::MissingParameter(parameter.name.clone()))
                }
                None => {}
            }
        }
    }
    let mut evaluator = Evaluator {
        slots,
        partitions,
        last_url: RefCell::new(None),
    };
    evaluator
        .rules(rules)
        .map_err(|e| *e)?
        .ok_or(ResolveError::NoRuleMatched)
}

fn param_value(value: &ParamValue) -> Value<'_> {
    match value {
        ParamValue::String(s) => Value::Str(Str::Borrowed(s)),
        ParamValue::Bool(b) => Value::Bool(*b),
        ParamValue::StringArray(items) => {
            Value::List(items.iter().map(|s| Value::Str(Str::Borrowed(s))).collect())
        }
    }
}

/// Results inside the evaluator: the error is boxed so that the (frequent) success path moves
/// small values.
type Fallible<T> = Result<T, Box<ResolveError>>;

struct Evaluator<'a> {
    slots: Vec<Option<Value<'a>>>,
    partitions: &'a Partitions,
    /// The last `parseURL` input and result: rule sets parse the same custom endpoint again in
    /// many branches.
    last_url: RefCell<Option<(Str<'a>, Option<Rc<UrlValue>>)>>,
}

fn mismatch(
    context: &'static str,
    expected: &'static str,
    found: Option<&Value<'_>>,
) -> Box<ResolveError> {
    Box::new(ResolveError::TypeMismatch {
        context,
        expected,
        found: found.map_or("nothing", Value::kind),
    })
}

impl<'a> Evaluator<'a> {
    /// The first of `rules` that matches: `Ok(None)` when none does.
    fn rules(&mut self, rules: &'a [Rule]) -> Fallible<Option<Endpoint>> {
        for rule in rules {
            if !self.conditions(&rule.conditions)? {
                continue;
            }
            return match &rule.body {
                RuleBody::Endpoint(endpoint) => self.endpoint(endpoint).map(Some),
                RuleBody::Error(message) => Err(Box::new(ResolveError::Rule(
                    self.owned_string(message, "error message")?,
                ))),
                RuleBody::Tree(rules) => match self.rules(rules)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(Box::new(ResolveError::NoRuleMatched)),
                },
            };
        }
        Ok(None)
    }

    /// Whether all conditions hold, binding their `assign` variables on the way.
    fn conditions(&mut self, conditions: &'a [Condition]) -> Fallible<bool> {
        for condition in conditions {
            // Most conditions are predicates whose value is not kept: test them directly.
            if condition.assign.is_none() {
                if let Some(holds) = self.predicate(&condition.call)? {
                    if !holds {
                        return Ok(false);
                    }
                    continue;
                }
            }
            let value = self.call(&condition.call)?;
            let holds = match &value {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if !holds {
                return Ok(false);
            }
            if let Some(slot) = condition.assign.and_then(|i| self.slots.get_mut(i)) {
                *slot = value;
            }
        }
        Ok(true)
    }

    fn endpoint(&self, endpoint: &'a EndpointDef) -> Fallible<Endpoint> {
        let url = self.owned_string(&endpoint.url, "endpoint url")?;
        let mut headers = Vec::with_capacity(endpoint.headers.len());
        for (name, exprs) in &endpoint.headers {
            let mut values = Vec::with_capacity(exprs.len());
            for expr in exprs {
                values.push(self.owned_string(expr, "header value")?);
            }
            headers.push((name.clone(), values));
        }
        let mut properties = BTreeMap::new();
        for (name, property) in &endpoint.properties {
            properties.insert(name.clone(), self.property(property)?);
        }
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn property(&self, property: &'a Property) -> Fallible<Document> {
        Ok(match property {
            Property::Static(document) => document.clone(),
            Property::Template(template) => Document::String(self.render(template)?),
            Property::Array(items) => Document::Array(
                items
                    .iter()
                    .map(|item| self.property(item))
                    .collect::<Result<_, _>>()?,
            ),
            Property::Object(members) => Document::Object(
                members
                    .iter()
                    .map(|(key, member)| Ok((key.clone(), self.property(member)?)))
                    .collect::<Fallible<_>>()?,
            ),
        })
    }

    /// An expression that must give a string, as an owned `String`.
    fn owned_string(&self, expr: &'a Expr, context: &'static str) -> Fallible<String> {
        match expr {
            Expr::Str(s) => Ok(s.to_string()),
            Expr::Template(template) => self.render(template),
            other => Ok(self.string(other, context)?.as_str().to_owned()),
        }
    }

    /// Concatenates a template's parts.
    fn render(&self, template: &'a Template) -> Fallible<String> {
        let mut out = String::with_capacity(template.literal_len + 32);
        for part in &template.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Dynamic(expr) => match self.eval(expr)? {
                    Some(Value::Str(s)) => out.push_str(s.as_str()),
                    other => return Err(mismatch("template", "a string", other.as_ref())),
                },
            }
        }
        Ok(out)
    }

    fn eval(&self, expr: &'a Expr) -> Fallible<Option<Value<'a>>> {
        Ok(match expr {
            Expr::Str(s) => Some(Value::Str(Str::Borrowed(s))),
            Expr::Template(template) => {
                Some(Value::Str(Str::Shared(self.render(template)?.into())))
            }
            Expr::Bool(b) => Some(Value::Bool(*b)),
            Expr::Int(i) => Some(Value::Int(*i)),
            Expr::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    match self.eval(item)? {
                        Some(value) => values.push(value),
                        None => return Err(mismatch("array literal", "a value", None)),
                    }
                }
                Some(Value::List(values.into()))
            }
            Expr::Ref(slot) => self.slots.get(*slot).cloned().flatten(),
            Expr::Call(call) => self.call(call)?,
        })
    }

    /// The value in a slot, without cloning it.
    fn slot(&self, slot: usize) -> Option<&Value<'a>> {
        self.slots.get(slot).and_then(Option::as_ref)
    }

    // The helpers below read literals and references directly: most arguments are one or the
    // other, and this skips building and dropping an intermediate value.

    fn string(&self, expr: &'a Expr, context: &'static str) -> Fallible<Str<'a>> {
        match expr {
            Expr::Str(s) => Ok(Str::Borrowed(s)),
            Expr::Ref(slot) => match self.slot(*slot) {
                Some(Value::Str(s)) => Ok(s.clone()),
                other => Err(mismatch(context, "a string", other)),
            },
            other => self.string_slow(other, context),
        }
    }

    #[inline(never)]
    fn string_slow(&self, expr: &'a Expr, context: &'static str) -> Fallible<Str<'a>> {
        match self.eval(expr)? {
            Some(Value::Str(s)) => Ok(s),
            other => Err(mismatch(context, "a string", other.as_ref())),
        }
    }

    fn boolean(&self, expr: &'a Expr, context: &'static str) -> Fallible<bool> {
        match expr {
            Expr::Bool(b) => Ok(*b),
            Expr::Ref(slot) => match self.slot(*slot) {
                Some(Value::Bool(b)) => Ok(*b),
                other => Err(mismatch(context, "a boolean", other)),
            },
            other => self.boolean_slow(other, context),
        }
    }

    #[inline(never)]
    fn boolean_slow(&self, expr: &'a Expr, context: &'static str) -> Fallible<bool> {
        if let Expr::Call(call) = expr {
            if let Some(b) = self.predicate(call)? {
                return Ok(b);
            }
        }
        match self.eval(expr)? {
            Some(Value::Bool(b)) => Ok(b),
            other => Err(mismatch(context, "a boolean", other.as_ref())),
        }
    }

    fn integer(&self, expr: &'a Expr, context: &'static str) -> Fallible<i64> {
        match expr {
            Expr::Int(i) => Ok(*i),
            other => match self.eval(other)? {
                Some(Value::Int(i)) => Ok(i),
                other => Err(mismatch(context, "an integer", other.as_ref())),
            },
        }
    }

    /// The result of the functions that always return a boolean (`None` for the others),
    /// computed without building a [`Value`].
    fn predicate(&self, call: &'a Call) -> Fallible<Option<bool>> {
        let name = call.name();
        Ok(Some(match call {
            Call::IsSet(Expr::Ref(slot)) => self.slot(*slot).is_some(),
            Call::IsSet(value) => self.eval(value)?.is_some(),
            Call::Not(value) => !self.boolean(value, name)?,
            Call::BooleanEquals(a, b) => self.boolean(a, name)? == self.boolean(b, name)?,
            Call::StringEquals(a, b) => {
                let a = self.string(a, name)?;
                let b = self.string(b, name)?;
                a.as_str() == b.as_str()
            }
            Call::IsValidHostLabel(value, allow_subdomains) => {
                let value = self.string(value, name)?;
                let allow_subdomains = self.boolean(allow_subdomains, name)?;
                stdlib::is_valid_host_label(value.as_str(), allow_subdomains)
            }
            Call::IsVirtualHostableS3Bucket(value, allow_subdomains) => {
                let value = self.string(value, name)?;
                let allow_subdomains = self.boolean(allow_subdomains, name)?;
                stdlib::is_virtual_hostable_s3_bucket(value.as_str(), allow_subdomains)
            }
            Call::GetAttr(..)
            | Call::Substring(_)
            | Call::UriEncode(_)
            | Call::ParseUrl(_)
            | Call::Split(_)
            | Call::Coalesce(_)
            | Call::Ite(_)
            | Call::Partition(_)
            | Call::ParseArn(_) => return Ok(None),
        }))
    }

    /// `parseURL`, remembering the last input and result.
    fn parse_url(&self, input: Str<'a>) -> Option<Rc<UrlValue>> {
        if let Ok(last) = self.last_url.try_borrow() {
            if let Some((last_input, result)) = last.as_ref() {
                if last_input.as_str() == input.as_str() {
                    return result.clone();
                }
            }
        }
        let result = stdlib::parse_url(input.as_str()).map(|url| {
            Rc::new(UrlValue {
                scheme: url.scheme,
                authority: url.authority.into(),
                path: url.path.into(),
                normalized_path: url.normalized_path.into(),
                is_ip: url.is_ip,
            })
        });
        if let Ok(mut last) = self.last_url.try_borrow_mut() {
            *last = Some((input, result.clone()));
        }
        result
    }

    fn call(&self, call: &'a Call) -> Fallible<Option<Value<'a>>> {
        let name = call.name();
        Ok(match call {
            Call::IsSet(_)
            | Call::Not(_)
            | Call::BooleanEquals(..)
            | Call::StringEquals(..)
            | Call::IsValidHostLabel(..)
            | Call::IsVirtualHostableS3Bucket(..) => self.predicate(call)?.map(Value::Bool),
            Call::GetAttr(Expr::Ref(slot), path) => match self.slot(*slot) {
                Some(value) => get_attr(value, path)?,
                None => None,
            },
            Call::GetAttr(target, path) => match self.eval(target)? {
                Some(value) => get_attr(&value, path)?,
                None => None,
            },
            Call::Substring([input, start, stop, reverse]) => {
                let input = self.string(input, name)?;
                let start = self.integer(start, name)?;
                let stop = self.integer(stop, name)?;
                let reverse = self.boolean(reverse, name)?;
                match input {
                    Str::Borrowed(s) => stdlib::substring(s, start, stop, reverse)
                        .map(|sub| Value::Str(Str::Borrowed(sub))),
                    Str::Shared(s) => stdlib::substring(&s, start, stop, reverse)
                        .map(|sub| Value::Str(Str::Shared(sub.into()))),
                }
            }
            Call::UriEncode(value) => {
                let value = self.string(value, name)?;
                Some(Value::Str(Str::Shared(
                    stdlib::uri_encode(value.as_str()).into(),
                )))
            }
            Call::ParseUrl(value) => self.parse_url(self.string(value, name)?).map(Value::Url),
            Call::Split([value, delimiter, limit]) => {
                let value = self.string(value, name)?;
                let delimiter = self.string(delimiter, name)?;
                let limit = self.integer(limit, name)?;
                let invalid = |e: stdlib::SplitError| {
                    Box::new(ResolveError::InvalidArgument {
                        function: "split",
                        reason: e.reason(),
                    })
                };
                let parts: Rc<[Value<'a>]> = match value {
                    Str::Borrowed(s) => stdlib::split(s, delimiter.as_str(), limit)
                        .map_err(invalid)?
                        .into_iter()
                        .map(|part| Value::Str(Str::Borrowed(part)))
                        .collect(),
                    Str::Shared(s) => stdlib::split(&s, delimiter.as_str(), limit)
                        .map_err(invalid)?
                        .into_iter()
                        .map(|part| Value::Str(Str::Shared(part.into())))
                        .collect(),
                };
                Some(Value::List(parts))
            }
            Call::Coalesce(values) => {
                for value in values {
                    if let Some(value) = self.eval(value)? {
                        return Ok(Some(value));
                    }
                }
                None
            }
            Call::Ite([condition, then, otherwise]) => {
                if self.boolean(condition, name)? {
                    self.eval(then)?
                } else {
                    self.eval(otherwise)?
                }
            }
            Call::Partition(region) => {
                let region = self.string(region, name)?;
                self.partitions
                    .resolve(region.as_str())
                    .map(Value::Partition)
            }
            Call::ParseArn(value) => {
                let value = self.string(value, name)?;
                stdlib::parse_arn(value.as_str()).map(|arn| {
                    Value::Arn(Rc::new(ArnValue {
                        partition: arn.partition.into(),
                        service: arn.service.into(),
                        region: arn.region.into(),
                        account_id: arn.account_id.into(),
                        resource_id: arn
                            .resource_id
                            .into_iter()
                            .map(|part| Value::Str(Str::Shared(part.into())))
                            .collect(),
                    }))
                })
            }
        })
    }
}

/// Follows a `getAttr` path. A key that the record does not have, or an index out of range,
/// gives no value; a key on a non-record or an index on a non-array is a type mismatch.
fn get_attr<'a>(value: &Value<'a>, path: &[PathPart]) -> Fallible<Option<Value<'a>>> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(Some(value.clone()));
    };
    let Some(mut current) = attribute(value, first)? else {
        return Ok(None);
    };
    for part in rest {
        match attribute(&current, part)? {
            Some(next) => current = next,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// One step of a `getAttr` path.
fn attribute<'a>(value: &Value<'a>, part: &PathPart) -> Fallible<Option<Value<'a>>> {
    Ok(match (value, part) {
        (Value::Url(url), PathPart::Key(key)) => match &**key {
            "scheme" => Some(Value::Str(Str::Borrowed(url.scheme))),
            "authority" => Some(Value::Str(Str::Shared(url.authority.clone()))),
            "path" => Some(Value::Str(Str::Shared(url.path.clone()))),
            "normalizedPath" => Some(Value::Str(Str::Shared(url.normalized_path.clone()))),
            "isIp" => Some(Value::Bool(url.is_ip)),
            _ => None,
        },
        (Value::Arn(arn), PathPart::Key(key)) => match &**key {
            "partition" => Some(Value::Str(Str::Shared(arn.partition.clone()))),
            "service" => Some(Value::Str(Str::Shared(arn.service.clone()))),
            "region" => Some(Value::Str(Str::Shared(arn.region.clone()))),
            "accountId" => Some(Value::Str(Str::Shared(arn.account_id.clone()))),
            "resourceId" => Some(Value::List(arn.resource_id.clone())),
            _ => None,
        },
        (Value::Partition(partition), PathPart::Key(key)) => {
            let partition: &'a Partition = partition;
            match &**key {
                "name" => Some(Value::Str(Str::Borrowed(&partition.name))),
                "dnsSuffix" => Some(Value::Str(Str::Borrowed(&partition.dns_suffix))),
                "dualStackDnsSuffix" => {
                    Some(Value::Str(Str::Borrowed(&partition.dual_stack_dns_suffix)))
                }
                "supportsFIPS" => Some(Value::Bool(partition.supports_fips)),
                "supportsDualStack" => Some(Value::Bool(partition.supports_dual_stack)),
                "implicitGlobalRegion" => {
                    Some(Value::Str(Str::Borrowed(&partition.implicit_global_region)))
                }
                _ => None,
            }
        }
        (Value::List(items), PathPart::Index(index)) => {
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            let position = if *index < 0 {
                len.checked_add(*index)
            } else {
                Some(*index)
            };
            position
                .and_then(|p| usize::try_from(p).ok())
                .and_then(|p| items.get(p))
                .cloned()
        }
        (other, PathPart::Key(_)) => return Err(mismatch("getAttr", "a record", Some(other))),
        (other, PathPart::Index(_)) => return Err(mismatch("getAttr", "an array", Some(other))),
    })
}
