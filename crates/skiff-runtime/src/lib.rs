//! Runtime for skiff-generated API clients.
//!
//! Generated crates hold types, names, docs and static schemas; everything that decides wire
//! bytes lives here, once: the request pipeline ([`client`]), the protocols (one module each,
//! behind a cargo feature), the signing schemes (likewise), configuration and errors.
//!
//! Public API for users: [`Config`], [`Credentials`], [`DateTime`], [`Blob`], [`Document`],
//! the [`error`] types and the [`http`] transport trait. The [`rt`] module is the contract with
//! generated code and is not meant to be called directly.
#![warn(missing_docs)]

#[cfg(feature = "aws-json")]
mod aws_json;
#[cfg(feature = "aws-query")]
mod aws_query;
pub mod client;
pub mod config;
pub mod credentials;
pub mod datetime;
pub mod error;
pub mod http;
#[cfg(feature = "rest-json")]
mod huawei_json;
#[cfg(feature = "huawei-sign")]
pub mod huawei_sign;
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
mod json;
mod macros;
pub mod paginator;
mod protocol;
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
mod rest;
#[cfg(feature = "rest-json")]
mod rest_json;
#[cfg(feature = "rest-xml")]
mod rest_xml;
#[doc(hidden)]
pub mod rt;
pub mod schema;
#[cfg(feature = "sigv4")]
pub mod sigv4;
pub mod value;
#[cfg(any(feature = "aws-query", feature = "rest-xml"))]
mod xml;

pub use config::{Config, ConfigBuilder, FixedClock, FixedToken, TimeSource, TokenSource};
pub use credentials::Credentials;
pub use datetime::{DateTime, TimestampFormat};
pub use error::{ErrorMeta, SdkError, ServiceError, Unhandled};
pub use http::{Headers, HttpRequest, HttpResponse, HttpTransport, TransportError};
pub use paginator::{Items, Paginator};
pub use value::{Blob, Document, Number};
