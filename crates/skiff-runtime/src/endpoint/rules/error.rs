//! The two error types of the rules engine: [`ParseError`] (a rule set or partitions table that
//! cannot be used) and [`ResolveError`] (resolving an endpoint failed).
//!
//! Neither ever carries a parameter's value: messages describe structure (names of parameters,
//! functions and kinds of values). The one exception is [`ResolveError::Rule`], whose message is
//! written by the rule set's author and may interpolate values by design.

use std::fmt;

use crate::endpoint::params::ParamType;

/// A rule set or partitions document that could not be parsed.
///
/// `location` says where in the document the problem is, as a path of object keys and array
/// indexes from the root, for example `rules[3].conditions[0].argv[1]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    location: String,
    message: String,
}

impl ParseError {
    pub(super) fn new(location: String, message: impl Into<String>) -> Self {
        ParseError {
            location,
            message: message.into(),
        }
    }

    /// Where the problem is, as a path from the document root (empty for the root itself).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// What is wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "invalid rules document: {}", self.message)
        } else {
            write!(
                f,
                "invalid rules document at `{}`: {}",
                self.location, self.message
            )
        }
    }
}

impl std::error::Error for ParseError {}

/// Why no endpoint was resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveError {
    /// An error rule of the rule set matched. The message is the rule's, exactly (templates
    /// filled in), and is what [`Display`](fmt::Display) prints.
    Rule(String),
    /// A parameter that the rule set requires was not given and has no default.
    MissingParameter(String),
    /// A parameter was given that the rule set does not declare.
    UnknownParameter(String),
    /// A parameter was given a value of the wrong type.
    ParameterType {
        /// The parameter's name.
        name: String,
        /// The type the rule set declares.
        expected: ParamType,
        /// The type of the value given.
        found: ParamType,
    },
    /// An expression produced a value of the wrong kind for where it is used (a rule set that
    /// static type checking would have rejected).
    TypeMismatch {
        /// Where: a function name, or `endpoint url`, `header value`, `error message`, `template`.
        context: &'static str,
        /// The kind of value needed.
        expected: &'static str,
        /// The kind of value found (`nothing` for an unset value).
        found: &'static str,
    },
    /// A function was called with an argument it does not accept.
    InvalidArgument {
        /// The function's name.
        function: &'static str,
        /// What is wrong with the argument.
        reason: &'static str,
    },
    /// No rule matched: the rule set, or a tree rule whose conditions matched, ran out of rules.
    NoRuleMatched,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Rule(message) => f.write_str(message),
            ResolveError::MissingParameter(name) => {
                write!(f, "endpoint parameter `{name}` is required but was not set")
            }
            ResolveError::UnknownParameter(name) => {
                write!(
                    f,
                    "endpoint parameter `{name}` is not defined by the rule set"
                )
            }
            ResolveError::ParameterType {
                name,
                expected,
                found,
            } => write!(
                f,
                "endpoint parameter `{name}` must be a {expected}, but a {found} was given"
            ),
            ResolveError::TypeMismatch {
                context,
                expected,
                found,
            } => write!(
                f,
                "invalid rule set: {context} expected {expected}, found {found}"
            ),
            ResolveError::InvalidArgument { function, reason } => {
                write!(f, "invalid argument to `{function}`: {reason}")
            }
            ResolveError::NoRuleMatched => {
                f.write_str("no endpoint rule matched the given parameters")
            }
        }
    }
}

impl std::error::Error for ResolveError {}
