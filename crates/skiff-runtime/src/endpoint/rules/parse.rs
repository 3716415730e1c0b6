//! Parsing a `smithy.rules#endpointRuleSet` document into the rule set IR (see the `ir`
//! module).
//!
//! Input: the trait's JSON value, `{"version": "1.0", "parameters": {...}, "rules": [...]}`.
//! Output: the parameters (sorted by name) and the rules with every name resolved, or a
//! [`ParseError`] naming the location of the first problem. Checked here, so that evaluation
//! does not have to: the version, parameter declarations and defaults, rule shapes, function
//! names and argument counts, that every reference (also inside templates) names a parameter or
//! a variable in scope, that no variable shadows another name, template syntax, `getAttr`
//! paths, and literal arguments of `split`.
//!
//! Recursion follows the document's nesting, which `serde_json` limits (128 levels), so parsing
//! cannot overflow the stack.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::ParseError;
use super::ir::{
    Call, Condition, EndpointDef, Expr, PathPart, Property, Rule, RuleBody, Template, TemplatePart,
};
use super::json::{self, Loc};
use super::{Document, Number};
use crate::endpoint::params::{Deprecated, ParamType, ParamValue, Parameter};

/// The parsed parts of a rule set.
pub(super) struct Parsed {
    pub(super) version: String,
    pub(super) parameters: Vec<Parameter>,
    pub(super) rules: Vec<Rule>,
    pub(super) slot_count: usize,
}

/// Parses a rule set document.
pub(super) fn parse_rule_set(text: &str) -> Result<Parsed, ParseError> {
    let document = json::parse_document(text)?;
    let root = Loc::Root;
    let top = json::object(&document, &root)?;

    let version_loc = root.key("version");
    let version = json::string(json::member(top, "version", &root)?, &version_loc)?;
    if !is_supported_version(version) {
        return Err(version_loc.error(format!(
            "unsupported rules engine version `{version}` (expected 1.x)"
        )));
    }

    let params_loc = root.key("parameters");
    let parameters = parse_parameters(
        json::object(json::member(top, "parameters", &root)?, &params_loc)?,
        &params_loc,
    )?;

    let mut parser = Parser {
        parameters: &parameters,
        variables: Vec::new(),
        slot_count: parameters.len(),
    };
    let rules_loc = root.key("rules");
    let rules = parser.rules(json::member(top, "rules", &root)?, &rules_loc)?;
    let slot_count = parser.slot_count;
    Ok(Parsed {
        version: version.to_owned(),
        parameters,
        rules,
        slot_count,
    })
}

/// Whether `version` is `1` or `1.<digits>`.
fn is_supported_version(version: &str) -> bool {
    match version.strip_prefix('1') {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('.')
            .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// Whether `name` is an identifier: an ASCII letter, then ASCII letters, digits or `_`.
fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn parse_parameters(
    declarations: &Map<String, Value>,
    loc: &Loc<'_>,
) -> Result<Vec<Parameter>, ParseError> {
    let mut parameters: Vec<Parameter> = Vec::with_capacity(declarations.len());
    for (name, declaration) in declarations {
        let loc = loc.key(name);
        if !is_identifier(name) {
            return Err(loc.error(
                "parameter names must be identifiers (a letter, then letters, digits or `_`)",
            ));
        }
        if let Some(other) = parameters
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
        {
            return Err(loc.error(format!(
                "parameter names must be unique ignoring case, but `{}` is also declared",
                other.name
            )));
        }
        let declaration = json::object(declaration, &loc)?;
        let type_loc = loc.key("type");
        let type_name = json::string(json::member(declaration, "type", &loc)?, &type_loc)?;
        let param_type = if type_name.eq_ignore_ascii_case("string") {
            ParamType::String
        } else if type_name.eq_ignore_ascii_case("boolean") {
            ParamType::Boolean
        } else if type_name.eq_ignore_ascii_case("stringArray") {
            ParamType::StringArray
        } else {
            return Err(type_loc.error(format!(
                "unknown parameter type `{type_name}` (expected string, boolean or stringArray)"
            )));
        };
        let optional_string = |key: &'static str| -> Result<Option<String>, ParseError> {
            json::get(declaration, key)
                .map(|v| json::string(v, &loc.key(key)).map(str::to_owned))
                .transpose()
        };
        let required = json::get(declaration, "required")
            .map(|v| json::boolean(v, &loc.key("required")))
            .transpose()?
            .unwrap_or(false);
        let default = json::get(declaration, "default")
            .map(|v| parse_default(v, param_type, &loc.key("default")))
            .transpose()?;
        let deprecated = match json::get(declaration, "deprecated") {
            None => None,
            Some(value) => {
                let deprecated_loc = loc.key("deprecated");
                let object = json::object(value, &deprecated_loc)?;
                let field = |key: &'static str| -> Result<Option<String>, ParseError> {
                    json::get(object, key)
                        .map(|v| json::string(v, &deprecated_loc.key(key)).map(str::to_owned))
                        .transpose()
                };
                Some(Deprecated {
                    message: field("message")?,
                    since: field("since")?,
                })
            }
        };
        parameters.push(Parameter {
            name: name.clone(),
            param_type,
            required,
            default,
            built_in: optional_string("builtIn")?,
            documentation: optional_string("documentation")?,
            deprecated,
        });
    }
    // Unstable: names are unique (checked above), as are the keys of the objects below.
    parameters.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok(parameters)
}

fn parse_default(
    value: &Value,
    param_type: ParamType,
    loc: &Loc<'_>,
) -> Result<ParamValue, ParseError> {
    Ok(match param_type {
        ParamType::String => ParamValue::String(json::string(value, loc)?.to_owned()),
        ParamType::Boolean => ParamValue::Bool(json::boolean(value, loc)?),
        ParamType::StringArray => {
            let items = json::array(value, loc)?;
            let mut strings = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                strings.push(json::string(item, &loc.index(i))?.to_owned());
            }
            ParamValue::StringArray(strings)
        }
    })
}

/// Parses rules, tracking which names are in scope.
struct Parser<'p> {
    parameters: &'p [Parameter],
    /// Variables in scope, innermost last; variable `i` lives in slot `parameters.len() + i`.
    variables: Vec<String>,
    /// Slots needed so far.
    slot_count: usize,
}

impl Parser<'_> {
    /// The slot of `name`, if it is a variable in scope or a parameter.
    fn lookup(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.variables.iter().rposition(|v| v == name) {
            return Some(self.parameters.len() + i);
        }
        self.parameters.iter().position(|p| p.name == name)
    }

    fn slot_of(&self, name: &str, loc: &Loc<'_>) -> Result<usize, ParseError> {
        self.lookup(name).ok_or_else(|| {
            loc.error(format!(
                "`{name}` is neither a parameter nor a variable assigned earlier in scope"
            ))
        })
    }

    fn rules(&mut self, value: &Value, loc: &Loc<'_>) -> Result<Vec<Rule>, ParseError> {
        let items = json::array(value, loc)?;
        if items.is_empty() {
            return Err(loc.error("expected at least one rule"));
        }
        let mut rules = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mark = self.variables.len();
            let rule = self.rule(item, &loc.index(i));
            // Variables bound by a rule's conditions go out of scope with the rule.
            self.variables.truncate(mark);
            rules.push(rule?);
        }
        Ok(rules)
    }

    fn rule(&mut self, value: &Value, loc: &Loc<'_>) -> Result<Rule, ParseError> {
        let rule = json::object(value, loc)?;
        let type_loc = loc.key("type");
        let kind = json::string(json::member(rule, "type", loc)?, &type_loc)?;
        let mut conditions = Vec::new();
        if let Some(value) = json::get(rule, "conditions") {
            let conditions_loc = loc.key("conditions");
            for (i, condition) in json::array(value, &conditions_loc)?.iter().enumerate() {
                conditions.push(self.condition(condition, &conditions_loc.index(i))?);
            }
        }
        let body = match kind {
            "endpoint" => {
                let endpoint_loc = loc.key("endpoint");
                RuleBody::Endpoint(Box::new(
                    self.endpoint(json::member(rule, "endpoint", loc)?, &endpoint_loc)?,
                ))
            }
            "error" => {
                let error_loc = loc.key("error");
                RuleBody::Error(self.expr(json::member(rule, "error", loc)?, &error_loc)?)
            }
            "tree" => {
                let rules_loc = loc.key("rules");
                RuleBody::Tree(self.rules(json::member(rule, "rules", loc)?, &rules_loc)?)
            }
            other => {
                return Err(type_loc.error(format!(
                    "unknown rule type `{other}` (expected endpoint, error or tree)"
                )))
            }
        };
        Ok(Rule { conditions, body })
    }

    fn condition(&mut self, value: &Value, loc: &Loc<'_>) -> Result<Condition, ParseError> {
        let object = json::object(value, loc)?;
        let call = self.call(object, loc)?;
        let assign = match json::get(object, "assign") {
            None => None,
            Some(name) => {
                let assign_loc = loc.key("assign");
                let name = json::string(name, &assign_loc)?;
                if !is_identifier(name) {
                    return Err(assign_loc.error(
                        "variable names must be identifiers (a letter, then letters, digits or `_`)",
                    ));
                }
                if self.lookup(name).is_some() {
                    return Err(assign_loc.error(format!(
                        "variable `{name}` would shadow a parameter or a variable in scope"
                    )));
                }
                self.variables.push(name.to_owned());
                let slot = self.parameters.len() + self.variables.len() - 1;
                self.slot_count = self.slot_count.max(slot + 1);
                Some(slot)
            }
        };
        Ok(Condition { call, assign })
    }

    fn endpoint(&self, value: &Value, loc: &Loc<'_>) -> Result<EndpointDef, ParseError> {
        let endpoint = json::object(value, loc)?;
        let url_loc = loc.key("url");
        let url = self.expr(json::member(endpoint, "url", loc)?, &url_loc)?;

        let mut headers = Vec::new();
        if let Some(value) = json::get(endpoint, "headers") {
            let headers_loc = loc.key("headers");
            for (name, values) in json::object(value, &headers_loc)? {
                let header_loc = headers_loc.key(name);
                let items = json::array(values, &header_loc)?;
                let mut exprs = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    exprs.push(self.expr(item, &header_loc.index(i))?);
                }
                headers.push((name.clone(), exprs));
            }
        }
        headers.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        let mut properties = Vec::new();
        if let Some(value) = json::get(endpoint, "properties") {
            let properties_loc = loc.key("properties");
            for (name, value) in json::object(value, &properties_loc)? {
                properties.push((
                    name.clone(),
                    self.property(value, &properties_loc.key(name))?,
                ));
            }
        }
        properties.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(EndpointDef {
            url,
            headers,
            properties,
        })
    }

    /// A property value: a literal (objects are records, not references or calls).
    fn property(&self, value: &Value, loc: &Loc<'_>) -> Result<Property, ParseError> {
        Ok(match value {
            Value::Null => return Err(loc.error("null is not allowed in endpoint properties")),
            Value::Bool(b) => Property::Static(Document::Bool(*b)),
            Value::Number(n) => Property::Static(Document::Number(number(n, loc)?)),
            Value::String(s) => match self.template(s, loc)? {
                Expr::Template(template) => Property::Template(template),
                Expr::Str(text) => Property::Static(Document::String(text.into())),
                _ => return Err(loc.error("expected a string")),
            },
            Value::Array(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    parts.push(self.property(item, &loc.index(i))?);
                }
                if parts.iter().all(|p| matches!(p, Property::Static(_))) {
                    let docs = parts
                        .into_iter()
                        .filter_map(|p| match p {
                            Property::Static(doc) => Some(doc),
                            _ => None,
                        })
                        .collect();
                    Property::Static(Document::Array(docs))
                } else {
                    Property::Array(parts)
                }
            }
            Value::Object(members) => {
                let mut parts = Vec::with_capacity(members.len());
                for (key, member) in members {
                    parts.push((key.clone(), self.property(member, &loc.key(key))?));
                }
                if parts.iter().all(|(_, p)| matches!(p, Property::Static(_))) {
                    let docs: BTreeMap<String, Document> = parts
                        .into_iter()
                        .filter_map(|(k, p)| match p {
                            Property::Static(doc) => Some((k, doc)),
                            _ => None,
                        })
                        .collect();
                    Property::Static(Document::Object(docs))
                } else {
                    Property::Object(parts)
                }
            }
        })
    }

    /// An expression: a literal, a reference (`{"ref": name}`) or a call (`{"fn": .., "argv": ..}`).
    fn expr(&self, value: &Value, loc: &Loc<'_>) -> Result<Expr, ParseError> {
        match value {
            Value::String(s) => self.template(s, loc),
            Value::Bool(b) => Ok(Expr::Bool(*b)),
            Value::Number(n) => n
                .as_i64()
                .map(Expr::Int)
                .ok_or_else(|| loc.error("numbers in expressions must be integers")),
            Value::Array(items) => {
                let mut exprs = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    exprs.push(self.expr(item, &loc.index(i))?);
                }
                Ok(Expr::Array(exprs))
            }
            Value::Object(object) => match (json::get(object, "ref"), json::get(object, "fn")) {
                (Some(name), None) => {
                    let ref_loc = loc.key("ref");
                    let name = json::string(name, &ref_loc)?;
                    Ok(Expr::Ref(self.slot_of(name, &ref_loc)?))
                }
                (None, Some(_)) => Ok(Expr::Call(Box::new(self.call(object, loc)?))),
                _ => Err(loc.error("expected an object with exactly one of `ref` or `fn`")),
            },
            Value::Null => Err(loc.error("null is not a valid expression")),
        }
    }

    /// The arguments of a call, exactly `N` of them.
    fn args<const N: usize>(
        &self,
        name: &str,
        argv: &[Value],
        loc: &Loc<'_>,
    ) -> Result<[Expr; N], ParseError> {
        self.arg_list(name, argv, N, loc)?
            .try_into()
            .map_err(|_| loc.error(format!("`{name}` takes {N} arguments")))
    }

    /// The arguments of a call, exactly `n` of them (the work of [`Parser::args`], compiled once
    /// for every argument count).
    fn arg_list(
        &self,
        name: &str,
        argv: &[Value],
        n: usize,
        loc: &Loc<'_>,
    ) -> Result<Vec<Expr>, ParseError> {
        if argv.len() != n {
            return Err(loc.error(format!(
                "`{name}` takes {n} argument{}, found {}",
                if n == 1 { "" } else { "s" },
                argv.len()
            )));
        }
        let mut exprs = Vec::with_capacity(n);
        for (i, arg) in argv.iter().enumerate() {
            exprs.push(self.expr(arg, &loc.index(i))?);
        }
        Ok(exprs)
    }

    /// A function call object (`fn`, `argv`).
    fn call(&self, object: &Map<String, Value>, loc: &Loc<'_>) -> Result<Call, ParseError> {
        let fn_loc = loc.key("fn");
        let name = json::string(json::member(object, "fn", loc)?, &fn_loc)?;
        let argv_loc = loc.key("argv");
        let argv = json::array(json::member(object, "argv", loc)?, &argv_loc)?;
        let l = &argv_loc;
        Ok(match name {
            "isSet" => {
                let [a] = self.args(name, argv, l)?;
                Call::IsSet(a)
            }
            "not" => {
                let [a] = self.args(name, argv, l)?;
                Call::Not(a)
            }
            "booleanEquals" => {
                let [a, b] = self.args(name, argv, l)?;
                Call::BooleanEquals(a, b)
            }
            "stringEquals" => {
                let [a, b] = self.args(name, argv, l)?;
                Call::StringEquals(a, b)
            }
            "getAttr" => {
                if argv.len() != 2 {
                    return Err(
                        l.error(format!("`getAttr` takes 2 arguments, found {}", argv.len()))
                    );
                }
                let target = self.expr(&argv[0], &l.index(0))?;
                let path_loc = l.index(1);
                let path = json::string(&argv[1], &path_loc)?;
                Call::GetAttr(target, parse_path(path, &path_loc)?)
            }
            "substring" => Call::Substring(self.args(name, argv, l)?),
            "uriEncode" => {
                let [a] = self.args(name, argv, l)?;
                Call::UriEncode(a)
            }
            "parseURL" => {
                let [a] = self.args(name, argv, l)?;
                Call::ParseUrl(a)
            }
            "isValidHostLabel" => {
                let [a, b] = self.args(name, argv, l)?;
                Call::IsValidHostLabel(a, b)
            }
            "split" => {
                let args: [Expr; 3] = self.args(name, argv, l)?;
                if matches!(&args[1], Expr::Str(d) if d.is_empty()) {
                    return Err(l.index(1).error("the `split` delimiter must not be empty"));
                }
                if matches!(args[2], Expr::Int(limit) if limit < 0) {
                    return Err(l.index(2).error("the `split` limit must not be negative"));
                }
                Call::Split(args)
            }
            "coalesce" => {
                if argv.len() < 2 {
                    return Err(l.error(format!(
                        "`coalesce` takes at least 2 arguments, found {}",
                        argv.len()
                    )));
                }
                let mut exprs = Vec::with_capacity(argv.len());
                for (i, arg) in argv.iter().enumerate() {
                    exprs.push(self.expr(arg, &l.index(i))?);
                }
                Call::Coalesce(exprs)
            }
            "ite" => Call::Ite(self.args(name, argv, l)?),
            "aws.partition" => {
                let [a] = self.args(name, argv, l)?;
                Call::Partition(a)
            }
            "aws.parseArn" => {
                let [a] = self.args(name, argv, l)?;
                Call::ParseArn(a)
            }
            "aws.isVirtualHostableS3Bucket" => {
                let [a, b] = self.args(name, argv, l)?;
                Call::IsVirtualHostableS3Bucket(a, b)
            }
            other => return Err(fn_loc.error(format!("unknown function `{other}`"))),
        })
    }

    /// A string literal: plain ([`Expr::Str`]) or with `{name}` / `{name#path}` parts
    /// ([`Expr::Template`]); `{{` and `}}` stand for `{` and `}`.
    fn template(&self, text: &str, loc: &Loc<'_>) -> Result<Expr, ParseError> {
        if !text.contains(['{', '}']) {
            return Ok(Expr::Str(text.into()));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut literal_len = 0;
        let mut rest = text;
        // Each iteration consumes at least one byte of `rest`.
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("{{") {
                literal.push('{');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("}}") {
                literal.push('}');
                rest = after;
            } else if let Some(after) = rest.strip_prefix('{') {
                let Some(end) = after.find('}') else {
                    return Err(loc.error(format!("unclosed `{{` in template `{text}`")));
                };
                let inner = &after[..end];
                if inner.contains('{') {
                    return Err(loc.error(format!("nested `{{` in template `{text}`")));
                }
                if !literal.is_empty() {
                    literal_len += literal.len();
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal).into()));
                }
                parts.push(TemplatePart::Dynamic(self.shortform(inner, text, loc)?));
                rest = &after[end + 1..];
            } else if rest.starts_with('}') {
                return Err(loc.error(format!("unmatched `}}` in template `{text}`")));
            } else {
                let next = rest.find(['{', '}']).unwrap_or(rest.len());
                literal.push_str(&rest[..next]);
                rest = &rest[next..];
            }
        }
        if parts.is_empty() {
            return Ok(Expr::Str(literal.into()));
        }
        if !literal.is_empty() {
            literal_len += literal.len();
            parts.push(TemplatePart::Literal(literal.into()));
        }
        Ok(Expr::Template(Template { parts, literal_len }))
    }

    /// The inside of a template's `{...}`: `name` or `name#path`.
    fn shortform(&self, inner: &str, text: &str, loc: &Loc<'_>) -> Result<Expr, ParseError> {
        let (name, path) = match inner.split_once('#') {
            Some((name, path)) => (name, Some(path)),
            None => (inner, None),
        };
        let slot = self.lookup(name).ok_or_else(|| {
            loc.error(format!(
                "template `{text}` uses `{name}`, which is neither a parameter nor a variable in scope"
            ))
        })?;
        Ok(match path {
            None => Expr::Ref(slot),
            Some(path) => Expr::Call(Box::new(Call::GetAttr(
                Expr::Ref(slot),
                parse_path(path, loc)?,
            ))),
        })
    }
}

/// Parses a `getAttr` path such as `resourceId[2]` or `a.b[-1]`: keys separated by `.`, a key
/// optionally followed by one `[index]`, or an index alone.
fn parse_path(path: &str, loc: &Loc<'_>) -> Result<Vec<PathPart>, ParseError> {
    if path.is_empty() {
        return Err(loc.error("a `getAttr` path must not be empty"));
    }
    let mut parts = Vec::new();
    for component in path.split('.') {
        let invalid = || loc.error(format!("invalid `getAttr` path `{path}`"));
        match component.find('[') {
            Some(open) => {
                let key = &component[..open];
                let index = component[open + 1..]
                    .strip_suffix(']')
                    .ok_or_else(invalid)?;
                let index: i64 = index.parse().map_err(|_| invalid())?;
                if !key.is_empty() {
                    parts.push(PathPart::Key(key.into()));
                }
                parts.push(PathPart::Index(index));
            }
            None => {
                if component.is_empty() || component.contains(']') {
                    return Err(invalid());
                }
                parts.push(PathPart::Key(component.into()));
            }
        }
    }
    Ok(parts)
}

/// A JSON number as a document number.
fn number(n: &serde_json::Number, loc: &Loc<'_>) -> Result<Number, ParseError> {
    if let Some(u) = n.as_u64() {
        Ok(Number::PosInt(u))
    } else if let Some(i) = n.as_i64() {
        Ok(Number::NegInt(i))
    } else {
        n.as_f64()
            .map(Number::Float)
            .ok_or_else(|| loc.error("number out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser_with(params: &[&str]) -> (Vec<Parameter>, Vec<String>) {
        let parameters = params
            .iter()
            .map(|name| Parameter {
                name: (*name).to_owned(),
                param_type: ParamType::String,
                required: false,
                default: None,
                built_in: None,
                documentation: None,
                deprecated: None,
            })
            .collect();
        (parameters, Vec::new())
    }

    fn template(text: &str) -> Result<Expr, ParseError> {
        let (parameters, variables) = parser_with(&["Region", "url"]);
        let parser = Parser {
            parameters: &parameters,
            variables,
            slot_count: 2,
        };
        parser.template(text, &Loc::Root)
    }

    #[test]
    fn templates_split_into_parts() {
        assert!(matches!(template("plain").unwrap(), Expr::Str(s) if &*s == "plain"));
        assert!(matches!(template("a{{b}}c").unwrap(), Expr::Str(s) if &*s == "a{b}c"));
        let Expr::Template(t) = template("https://{Region}.x/{{y}}{url#path}").unwrap() else {
            panic!("expected a template");
        };
        assert_eq!(t.parts.len(), 4);
        assert!(matches!(&t.parts[0], TemplatePart::Literal(s) if &**s == "https://"));
        assert!(matches!(&t.parts[1], TemplatePart::Dynamic(Expr::Ref(0))));
        assert!(matches!(&t.parts[2], TemplatePart::Literal(s) if &**s == ".x/{y}"));
        assert!(matches!(
            &t.parts[3],
            TemplatePart::Dynamic(Expr::Call(c)) if matches!(&**c, Call::GetAttr(Expr::Ref(1), p) if p == &[PathPart::Key("path".into())])
        ));
        assert_eq!(t.literal_len, "https://".len() + ".x/{y}".len());
    }

    #[test]
    fn bad_templates_are_errors() {
        for text in [
            "{Region",
            "Region}",
            "{}",
            "{Nope}",
            "{Region#}",
            "{a{Region}}",
            "}{",
            "{url#a..b}",
        ] {
            assert!(template(text).is_err(), "{text}");
        }
    }

    #[test]
    fn paths() {
        let p = |s| parse_path(s, &Loc::Root);
        assert_eq!(
            p("resourceId[2]").unwrap(),
            [PathPart::Key("resourceId".into()), PathPart::Index(2)]
        );
        assert_eq!(
            p("a.b[-1]").unwrap(),
            [
                PathPart::Key("a".into()),
                PathPart::Key("b".into()),
                PathPart::Index(-1)
            ]
        );
        assert_eq!(p("[0]").unwrap(), [PathPart::Index(0)]);
        for bad in [
            "",
            ".",
            "a.",
            "a[",
            "a[x]",
            "a[1",
            "a]",
            "a[0][1]",
            "a[99999999999999999999]",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions() {
        for ok in ["1.0", "1.1", "1", "1.12"] {
            assert!(is_supported_version(ok), "{ok}");
        }
        for bad in ["2.0", "1.", "1.x", "", "10.0", "1.0.0"] {
            assert!(!is_supported_version(bad), "{bad}");
        }
    }
}
