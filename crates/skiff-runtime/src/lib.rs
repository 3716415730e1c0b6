//! Runtime for skiff-generated API clients.
//!
//! Generated crates hold types, names, docs and static schemas; everything that decides wire
//! bytes lives here, once, one folder per concern:
//!
//! - the data model every other part shares: [`schema`] (static shape tables), [`value`] (the
//!   protocol-neutral value tree), [`datetime`] and [`error`];
//! - [`http`]: requests, responses and the pluggable transport;
//! - `codec`: JSON, XML and form encoding, driven by schemas;
//! - `protocol`: one module per wire protocol, behind a cargo feature each;
//! - [`auth`]: credentials and the signing schemes (SigV4, Huawei SDK-HMAC-SHA256, bearer);
//! - `endpoint`: where a request goes;
//! - [`config`]: a client's settings;
//! - [`client`]: the request pipeline that ties them together, and paginators.
//!
//! Dependencies point one way: `client` calls `protocol`, `auth`, `endpoint` and `http`;
//! protocols call codecs; everything may use the data model; nothing calls back up into
//! `client`.
//!
//! Public API for users: [`Config`], [`Credentials`], [`DateTime`], [`Blob`], [`Document`],
//! the [`error`] types and the [`http`] transport trait. The [`rt`] module is the contract with
//! generated code and is not meant to be called directly.
#![warn(missing_docs)]

pub mod auth;
pub mod client;
mod codec;
pub mod config;
pub mod datetime;
mod defaults;
pub mod endpoint;
pub mod error;
pub mod http;
#[cfg(feature = "jmespath")]
pub mod jmespath;
mod macros;
mod protocol;
#[doc(hidden)]
pub mod rt;
pub mod schema;
#[cfg(feature = "serde")]
pub mod serde_support;
pub mod timer;
pub mod value;

pub use auth::{Credentials, CredentialsCache, CredentialsError, ProvideCredentials};
pub use client::{Items, Paginator};
pub use config::{Config, ConfigBuilder, FixedClock, FixedToken, TimeSource, TokenSource};
pub use datetime::{DateTime, TimestampFormat};
pub use error::{ErrorMeta, ProvideErrorMeta, SdkError, ServiceError, Unhandled};
pub use http::{
    Headers, HttpRequest, HttpResponse, HttpTransport, ProvideResponseMeta, ResponseMeta,
    TransportError,
};
pub use value::{Blob, Document, Number};
