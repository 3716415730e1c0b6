//! [`Error`]: everything that can go wrong while generating, each naming where it happened.

use std::path::PathBuf;

/// A generation failure. Model errors name the model file, the shape id and (when relevant)
/// the member, and say what was expected.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A model file is not valid JSON, or not a Smithy JSON AST.
    #[error("{file}:{line}:{column}: invalid Smithy JSON AST: {message}")]
    Syntax {
        /// The model file.
        file: String,
        /// The line of the error (1-based).
        line: usize,
        /// The column of the error (1-based).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A model is well-formed JSON but inconsistent or unsupported.
    #[error("{file}: {}{message}", location(shape, member))]
    Model {
        /// The model file.
        file: String,
        /// The shape id, when the error is about one shape.
        shape: Option<String>,
        /// The member name, when the error is about one member.
        member: Option<String>,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// A codegen configuration file (`models/<stem>.toml`) is invalid, or names what the model
    /// does not have.
    #[error("{file}: {message}")]
    Config {
        /// The configuration file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// Generated code could not be parsed back (a generator bug).
    #[error("internal error: generated {file} does not parse: {message}")]
    Internal {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

fn location(shape: &Option<String>, member: &Option<String>) -> String {
    match (shape, member) {
        (Some(s), Some(m)) => format!("shape `{s}`, member `{m}`: "),
        (Some(s), None) => format!("shape `{s}`: "),
        _ => String::new(),
    }
}

impl Error {
    /// A model error about a shape (and optionally one of its members).
    pub fn model(
        file: &str,
        shape: &str,
        member: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Error::Model {
            file: file.to_owned(),
            shape: Some(shape.to_owned()),
            member: member.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
