//! The contract between generated code and this runtime.
//!
//! Everything here is `#[doc(hidden)]` from the crate root's point of view: generated crates call
//! it, users should not need to. Generated code relies on exactly these items:
//!
//! - the [`Shape`] trait, [`StructReader`] and [`put`], to convert its types to and from
//!   [`Value`];
//! - the schema constructors ([`Schema`], [`Member`], [`Binding`], [`prelude`]) for its statics;
//! - [`Operation`], [`Service`], [`Protocol`], [`Signing`], [`HttpTrait`] to describe itself;
//! - [`send`] to run an operation, [`Output`] for its outputs, [`OperationError`] and
//!   [`ModeledError`] for its errors;
//! - the macros [`member!`](crate::member), [`fluent!`](crate::fluent),
//!   [`impl_structure!`](crate::impl_structure), [`impl_output!`](crate::impl_output),
//!   [`impl_enum!`](crate::impl_enum), [`impl_error!`](crate::impl_error),
//!   [`impl_operation_error!`](crate::impl_operation_error) and, with the `serde` feature,
//!   the `serde` helpers.

#[cfg(feature = "test-util")]
pub use crate::client::mock::MockOperation;
#[cfg(feature = "waiters")]
pub use crate::client::waiter::{
    wait, Acceptor, AcceptorState, Comparator, FinalPoll, Waiter, WaiterError,
};
pub use crate::client::{into_sdk_error, send, Handle, Output};
pub use crate::client::{Items, Paginator};
pub use crate::datetime::{DateTime, TimestampFormat};
pub use crate::endpoint::{EndpointParam, ParamSource, PathStep, RuleSetSource};
pub use crate::error::{
    ErrorMeta, Failure, ModeledError, OperationError, ProvideErrorMeta, SdkError, Unhandled,
};
pub use crate::http::{Headers, ProvideResponseMeta, ResponseMeta};
pub use crate::schema::{
    prelude, Binding, DefaultValue, HttpTrait, Kind, Member, OpAuth, Operation, Paginated,
    Protocol, Schema, Service, Signing,
};
pub use crate::value::{
    decode_into, put, variant, Blob, Document, Meta, Shape, ShapeError, Source, StructReader, Unit,
    Value, ValueSource, REDACTED,
};
pub use crate::{
    fluent, impl_enum, impl_error, impl_operation_error, impl_output, impl_serde, impl_serde_enum,
    impl_structure, member,
};

/// What `serde` support in generated crates calls (feature `serde`).
#[cfg(feature = "serde")]
pub mod serde {
    pub use crate::serde_support::{deserialize, serialize, with_sensitive};
    pub use ::serde::de::Error as DeError;
    pub use ::serde::{Deserialize, Deserializer, Serialize, Serializer};
}
