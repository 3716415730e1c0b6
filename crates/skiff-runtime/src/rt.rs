//! The contract between generated code and this runtime.
//!
//! Everything here is `#[doc(hidden)]` from the crate root's point of view: generated crates call
//! it, users should not need to. Generated code relies on exactly these items:
//!
//! - the [`Shape`] trait, [`StructReader`] and [`put`], to convert its types to and from
//!   [`Value`];
//! - the schema constructors ([`Schema`], [`Member`], [`Binding`], [`prelude`]) for its statics;
//! - [`Operation`], [`Service`], [`Protocol`], [`Signing`], [`HttpTrait`] to describe itself;
//! - [`send`] to run an operation, and [`OperationError`] for its error enums.

pub use crate::client::{into_sdk_error, send, Handle};
pub use crate::client::{Items, Paginator};
pub use crate::datetime::{DateTime, TimestampFormat};
pub use crate::error::{Failure, OperationError, SdkError, Unhandled};
pub use crate::schema::{
    prelude, Binding, DefaultValue, HttpTrait, Kind, Member, OpAuth, Operation, Paginated,
    Protocol, Schema, Service, Signing,
};
pub use crate::value::{
    put, variant, Blob, Document, Shape, ShapeError, StructReader, Unit, Value, REDACTED,
};
pub use crate::{impl_enum, impl_error, impl_operation_error, impl_structure};
