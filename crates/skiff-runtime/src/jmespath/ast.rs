//! The compiled form of an expression: a flat arena of [`Node`]s, children before parents.
//!
//! A flat arena keeps dropping, cloning and debugging an expression free of recursion; only
//! evaluation recurses, and the parser bounds the tree's depth by
//! [`MAX_EXPRESSION_DEPTH`](super::MAX_EXPRESSION_DEPTH).

use std::fmt;
use std::sync::Arc;

use super::functions::Function;
use super::variable::Variable;

/// The index of a node in [`Expression::nodes`].
pub(super) type NodeId = usize;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One node of the tree. "The current value" is the value the node is evaluated against.
#[derive(Clone, Debug)]
pub(super) enum Node {
    /// `@`: the current value.
    Identity,
    /// A member of the current value (`null` unless it is an object with that key).
    Field(Arc<str>),
    /// A constant.
    Literal(Variable),
    /// `[n]` of the current value (negative counts from the end).
    Index(i64),
    /// `[start:stop:step]` of the current value; `step` is never 0.
    Slice {
        start: Option<i64>,
        stop: Option<i64>,
        step: i64,
    },
    /// Evaluates the second node against the result of the first (`a.b`, `a[0]`, `a | b`).
    Sub(NodeId, NodeId),
    /// Evaluates the first node; if it is an array, the second (or the element itself) on each
    /// element, dropping `null` results.
    ListProjection(NodeId, Option<NodeId>),
    /// Like [`Node::ListProjection`] over the values of an object.
    ObjectProjection(NodeId, Option<NodeId>),
    /// `lhs[?cond]rhs`: a list projection over the elements for which `cond` is truthy.
    FilterProjection {
        lhs: NodeId,
        cond: NodeId,
        rhs: Option<NodeId>,
    },
    /// Evaluates the node and, if it is an array, merges sub-arrays into it one level.
    Flatten(NodeId),
    /// `[a, b]` (`null` when the current value is `null`).
    MultiList(Vec<NodeId>),
    /// `{k: a, ...}` (`null` when the current value is `null`); keys are unique.
    MultiHash(Vec<(Arc<str>, NodeId)>),
    /// `a || b`
    Or(NodeId, NodeId),
    /// `a && b`
    And(NodeId, NodeId),
    /// `!a`
    Not(NodeId),
    /// `a <op> b`
    Compare(Comparator, NodeId, NodeId),
    /// `name(args...)`; the arity has been checked.
    Function(Function, Vec<NodeId>),
    /// `&expr`, only meaningful as a function argument.
    ExpRef(NodeId),
}

impl Node {
    /// The node's children, in evaluation order.
    pub(super) fn children(&self) -> Vec<NodeId> {
        match self {
            Node::Identity
            | Node::Field(_)
            | Node::Literal(_)
            | Node::Index(_)
            | Node::Slice { .. } => Vec::new(),
            Node::Sub(a, b) | Node::Or(a, b) | Node::And(a, b) | Node::Compare(_, a, b) => {
                vec![*a, *b]
            }
            Node::ListProjection(a, b) | Node::ObjectProjection(a, b) => {
                std::iter::once(*a).chain(*b).collect()
            }
            Node::FilterProjection { lhs, cond, rhs } => {
                [*lhs, *cond].into_iter().chain(*rhs).collect()
            }
            Node::Flatten(a) | Node::Not(a) | Node::ExpRef(a) => vec![*a],
            Node::MultiList(items) | Node::Function(_, items) => items.clone(),
            Node::MultiHash(pairs) => pairs.iter().map(|(_, id)| *id).collect(),
        }
    }
}

/// A compiled JMESPath expression: parse once with [`compile`](super::compile), then
/// [`search`](Expression::search) any number of values. It is `Send + Sync`, so it can be
/// kept in a `static` (for instance a `std::sync::LazyLock`).
#[derive(Clone)]
pub struct Expression {
    pub(super) source: Arc<str>,
    pub(super) nodes: Vec<Node>,
    pub(super) root: NodeId,
}

impl Expression {
    /// The expression's source text.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expression").field(&&*self.source).finish()
    }
}

/// Writes the source text.
impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}
