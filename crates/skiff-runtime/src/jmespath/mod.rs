//! A JMESPath evaluator: the query language of Smithy waiters (`smithy.waiters#waitable`
//! acceptor matchers) and of `@operationContextParams` endpoint parameters.
//!
//! Input: an expression string, known when the client is generated, and a [`Variable`] tree
//! that the runtime builds from a typed value (member names from its schema). Output: the
//! [`Variable`] the expression selects, or an error.
//!
//! Expressions are compiled once ([`compile`], typically into a `static` `LazyLock`) and then
//! evaluated any number of times ([`Expression::search`]):
//!
//! ```
//! # use skiff_runtime::jmespath;
//! use jmespath::{compile, Variable};
//!
//! let failed = compile("length(Deployments[?Status=='Failed']) > `0`").unwrap();
//! let data = Variable::from_json(r#"{"Deployments": [{"Status": "Failed"}]}"#).unwrap();
//! assert_eq!(failed.search(&data).unwrap(), Variable::Bool(true));
//! ```
//!
//! The whole JMESPath specification is implemented (and its compliance suite passes):
//! identifiers, sub-expressions, indexes, slices, list/object/flatten/filter projections,
//! multi-selects, pipes, `||`, `&&`, `!`, comparators, `@`, literals, `&expr` references and
//! every built-in function. Syntax errors, unknown functions, wrong arities and zero slice steps
//! are found by [`compile`]; argument type errors by [`Expression::search`].
//!
//! Nothing panics or recurses without bound: expression nesting is limited to
//! [`MAX_EXPRESSION_DEPTH`] and JSON text nesting to [`MAX_JSON_DEPTH`] (both
//! [`ErrorKind::LimitExceeded`] errors), and data of any depth is compared and serialized with
//! loops. At the nesting limit, compiling and evaluating take about 100 KiB of stack in an
//! optimized build and 650 KiB in a debug build; real expressions nest a few levels. Only
//! dropping a [`Variable`] is recursive (as for any Rust tree), which matters only for data
//! nested far deeper than any schema.
//!
//! This module has no dependencies and refers to its parts by relative paths only, so it can
//! be mounted as a submodule of another crate.
#![forbid(unsafe_code)]

mod ast;
mod error;
mod functions;
mod interpreter;
mod json;
mod lexer;
mod parser;
mod variable;

pub use ast::Expression;
pub use error::{ErrorKind, ParseError, RuntimeError};
pub use json::MAX_JSON_DEPTH;
pub use parser::MAX_EXPRESSION_DEPTH;
pub use variable::{Members, Variable};

/// Compiles a JMESPath expression.
///
/// Fails with [`ErrorKind::Syntax`] on invalid syntax (including invalid JSON in a backtick
/// literal), [`ErrorKind::UnknownFunction`], [`ErrorKind::InvalidArity`],
/// [`ErrorKind::InvalidValue`] (a slice step of zero) or [`ErrorKind::LimitExceeded`].
pub fn compile(expression: &str) -> Result<Expression, ParseError> {
    parser::parse(expression)
}

impl std::str::FromStr for Expression {
    type Err = ParseError;

    /// Same as [`compile`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        compile(s)
    }
}
