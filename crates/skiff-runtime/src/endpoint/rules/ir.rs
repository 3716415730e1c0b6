//! The parsed form of a rule set, built by the `parse` module and walked by the `eval` module.
//!
//! Everything that can be decided once is decided here: function names are an enum with their
//! arguments in named fields (so arity is checked at parse time), references are slot numbers
//! instead of names, templates are pre-split into literal and dynamic parts, `getAttr` paths are
//! pre-parsed, and fully static endpoint properties are pre-built documents.
//!
//! Slots: parameters take slots `0..parameters.len()` in declaration order. A variable bound by
//! a condition's `assign` takes the slot after the parameters and the variables already in
//! scope at that point, so sibling rules reuse slots and the slot count is the deepest nesting
//! of variables, not their total number. A reference always names a binding that the rules
//! evaluated on the way to it have just written, so no run-time scope handling is needed.

use super::Document;

/// One rule: conditions that must all hold, and what follows when they do.
#[derive(Clone, Debug)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) body: RuleBody,
}

/// What a rule yields once its conditions hold.
#[derive(Clone, Debug)]
pub(super) enum RuleBody {
    /// An endpoint.
    Endpoint(Box<EndpointDef>),
    /// An error, with this message.
    Error(Expr),
    /// The first of these rules that matches; none matching is an error.
    Tree(Vec<Rule>),
}

/// A condition: a function call, optionally bound to a variable slot.
#[derive(Clone, Debug)]
pub(super) struct Condition {
    pub(super) call: Call,
    pub(super) assign: Option<usize>,
}

/// An endpoint rule's result.
#[derive(Clone, Debug)]
pub(super) struct EndpointDef {
    pub(super) url: Expr,
    /// Header names with their value expressions, in name order.
    pub(super) headers: Vec<(String, Vec<Expr>)>,
    /// Property names with their literal values, in name order.
    pub(super) properties: Vec<(String, Property)>,
}

/// An endpoint property value: a literal whose strings may be templates.
#[derive(Clone, Debug)]
pub(super) enum Property {
    /// A value without templates, built once.
    Static(Document),
    /// A string with template parts.
    Template(Template),
    /// An array with at least one template inside.
    Array(Vec<Property>),
    /// An object with at least one template inside, in key order.
    Object(Vec<(String, Property)>),
}

/// An expression.
#[derive(Clone, Debug)]
pub(super) enum Expr {
    /// A string without template parts.
    Str(Box<str>),
    /// A string with template parts.
    Template(Template),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// An array literal.
    Array(Vec<Expr>),
    /// The value in a slot (a parameter or a variable).
    Ref(usize),
    /// A function call.
    Call(Box<Call>),
}

/// A function call, its arguments checked for number (and, where they must be literals, form).
#[derive(Clone, Debug)]
pub(super) enum Call {
    /// `isSet(value)`.
    IsSet(Expr),
    /// `not(value)`.
    Not(Expr),
    /// `booleanEquals(a, b)`.
    BooleanEquals(Expr, Expr),
    /// `stringEquals(a, b)`.
    StringEquals(Expr, Expr),
    /// `getAttr(value, "path")`.
    GetAttr(Expr, Vec<PathPart>),
    /// `substring(input, start, stop, reverse)`.
    Substring([Expr; 4]),
    /// `uriEncode(value)`.
    UriEncode(Expr),
    /// `parseURL(value)`.
    ParseUrl(Expr),
    /// `isValidHostLabel(value, allowSubDomains)`.
    IsValidHostLabel(Expr, Expr),
    /// `split(value, delimiter, limit)`.
    Split([Expr; 3]),
    /// `coalesce(a, b, ...)`: at least two arguments.
    Coalesce(Vec<Expr>),
    /// `ite(condition, then, else)`.
    Ite([Expr; 3]),
    /// `aws.partition(region)`.
    Partition(Expr),
    /// `aws.parseArn(value)`.
    ParseArn(Expr),
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`.
    IsVirtualHostableS3Bucket(Expr, Expr),
}

impl Call {
    /// The function's name in the rules language.
    pub(super) fn name(&self) -> &'static str {
        match self {
            Call::IsSet(_) => "isSet",
            Call::Not(_) => "not",
            Call::BooleanEquals(..) => "booleanEquals",
            Call::StringEquals(..) => "stringEquals",
            Call::GetAttr(..) => "getAttr",
            Call::Substring(_) => "substring",
            Call::UriEncode(_) => "uriEncode",
            Call::ParseUrl(_) => "parseURL",
            Call::IsValidHostLabel(..) => "isValidHostLabel",
            Call::Split(_) => "split",
            Call::Coalesce(_) => "coalesce",
            Call::Ite(_) => "ite",
            Call::Partition(_) => "aws.partition",
            Call::ParseArn(_) => "aws.parseArn",
            Call::IsVirtualHostableS3Bucket(..) => "aws.isVirtualHostableS3Bucket",
        }
    }
}

/// One step of a `getAttr` path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PathPart {
    /// A member of a record (`name`).
    Key(Box<str>),
    /// An element of an array (`[2]`); negative counts from the end (`[-1]` is the last).
    Index(i64),
}

/// A string template, split into parts; concatenating the parts' values gives the string.
#[derive(Clone, Debug)]
pub(super) struct Template {
    pub(super) parts: Vec<TemplatePart>,
    /// The total length of the literal parts, to size the output.
    pub(super) literal_len: usize,
}

/// A part of a [`Template`].
#[derive(Clone, Debug)]
pub(super) enum TemplatePart {
    /// Text, with `{{` and `}}` already unescaped.
    Literal(Box<str>),
    /// `{name}` or `{name#path}`: an expression that must give a string.
    Dynamic(Expr),
}
