//! Runtime for skiff-generated API clients.
#![warn(missing_docs)]

pub mod credentials;
pub mod datetime;
pub mod http;
#[cfg(feature = "huawei-sign")]
pub mod huawei_sign;
#[cfg(feature = "sigv4")]
pub mod sigv4;

pub use credentials::Credentials;
pub use datetime::{DateTime, TimestampFormat};
pub use http::{Headers, HttpRequest, HttpResponse, HttpTransport, TransportError};
