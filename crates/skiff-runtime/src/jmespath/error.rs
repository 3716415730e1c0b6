//! Errors of [`compile`](super::compile) ([`ParseError`]) and of
//! [`Expression::search`](super::Expression::search) ([`RuntimeError`]), both classified by an
//! [`ErrorKind`] whose names are those of the JMESPath compliance suite.
//!
//! Messages name types and positions, never data values (which may be sensitive).

use std::fmt;

/// What went wrong, in the JMESPath specification's vocabulary (plus [`LimitExceeded`] for this
/// implementation's own bounds).
///
/// [`LimitExceeded`]: ErrorKind::LimitExceeded
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The expression (or a JSON literal in it) is not valid JMESPath.
    Syntax,
    /// A function argument, or an expression reference used as a value, has the wrong type.
    InvalidType,
    /// A value is out of its allowed range (a slice step of zero).
    InvalidValue,
    /// A function was called with the wrong number of arguments.
    InvalidArity,
    /// A function that JMESPath does not define was called.
    UnknownFunction,
    /// The expression nests deeper than this implementation allows, or a JSON text nests deeper
    /// than [`MAX_JSON_DEPTH`](super::MAX_JSON_DEPTH).
    LimitExceeded,
}

impl ErrorKind {
    /// The kind's name as the compliance suite spells it: `syntax`, `invalid-type`,
    /// `invalid-value`, `invalid-arity`, `unknown-function`; `limit-exceeded` for
    /// [`ErrorKind::LimitExceeded`].
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::InvalidType => "invalid-type",
            ErrorKind::InvalidValue => "invalid-value",
            ErrorKind::InvalidArity => "invalid-arity",
            ErrorKind::UnknownFunction => "unknown-function",
            ErrorKind::LimitExceeded => "limit-exceeded",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An expression (or JSON text) that cannot be compiled: bad syntax, an unknown function, a
/// wrong number of arguments, a zero slice step, or nesting beyond the limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    kind: ErrorKind,
    offset: usize,
    message: String,
}

impl ParseError {
    pub(super) fn new(kind: ErrorKind, offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            kind,
            offset,
            message: message.into(),
        }
    }

    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset in the expression (or JSON text) where the problem was found.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// A description of the problem, without the kind or offset.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "JMESPath {} error at offset {}: {}",
            self.kind, self.offset, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// An error found while evaluating a compiled expression against data: almost always a
/// function argument of the wrong type ([`ErrorKind::InvalidType`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    kind: ErrorKind,
    message: String,
}

impl RuntimeError {
    pub(super) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        RuntimeError {
            kind,
            message: message.into(),
        }
    }

    pub(super) fn invalid_type(message: impl Into<String>) -> Self {
        RuntimeError::new(ErrorKind::InvalidType, message)
    }

    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// A description of the problem, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JMESPath {} error: {}", self.kind, self.message)
    }
}

impl std::error::Error for RuntimeError {}
