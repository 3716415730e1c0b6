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

pub use crate::client::{Failure, Handle};
pub use crate::datetime::{DateTime, TimestampFormat};
pub use crate::error::{OperationError, SdkError, Unhandled};
pub use crate::paginator::{Items, Paginator};
pub use crate::schema::{
    prelude, Binding, DefaultValue, HttpTrait, Kind, Member, OpAuth, Operation, Paginated,
    Protocol, Schema, Service, Signing,
};
pub use crate::value::{
    put, variant, Blob, Document, Shape, ShapeError, StructReader, Unit, Value, REDACTED,
};
pub use crate::{impl_enum, impl_error, impl_operation_error, impl_structure};

use crate::error::{ResponseError, ServiceError};

/// Runs `op` with a typed input, returning the typed output or the operation's error.
pub async fn send<I: Shape, O: Shape, E: OperationError>(
    handle: &Handle,
    op: &'static Operation,
    input: &I,
) -> Result<O, SdkError<E>> {
    match handle.invoke(op, input.to_value()).await {
        Ok(value) => O::from_value(value).map_err(|e| {
            SdkError::Response(ResponseError::new(
                Default::default(),
                format!("output of {} does not match its schema: {e}", op.name),
            ))
        }),
        Err(failure) => Err(into_sdk_error(op, failure)),
    }
}

/// Turns a pipeline failure into the operation's typed error.
pub fn into_sdk_error<E: OperationError>(op: &Operation, failure: Failure) -> SdkError<E> {
    match failure {
        Failure::InvalidInput(e) => SdkError::InvalidInput(e),
        Failure::Config(e) => SdkError::Config(e),
        Failure::Transport(e) => SdkError::Transport(e),
        Failure::Response(e) => SdkError::Response(e),
        Failure::Service { meta, modeled } => {
            let error = match modeled {
                Some((index, value)) => match E::modeled(index, value) {
                    Ok(e) => e,
                    Err(e) => {
                        return SdkError::Response(ResponseError::new(
                            meta,
                            format!("error body of {} does not match its schema: {e}", op.name),
                        ))
                    }
                },
                None => E::unhandled(Unhandled::new(meta.clone())),
            };
            SdkError::Service(ServiceError::new(error, meta))
        }
    }
}
