//! Macros that generated code invokes to implement the runtime's traits for its types. They
//! keep generated files short (one line per type instead of one impl block per trait) while
//! the expansion stays trivial: every impl delegates to [`Shape`](crate::value::Shape) and
//! friends.

/// Implements [`Shape`](crate::rt::Shape) for a structure whose fields, in schema order, are
/// listed: `impl_structure!(JobData { id, data, nonce });`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_structure {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::rt::Shape for $ty {
            fn to_value(&self) -> $crate::rt::Value {
                $crate::rt::Value::Struct(::std::vec![$($crate::rt::put(&self.$field)),*])
            }
            #[allow(unused_mut, unused_variables)] // Structures without members.
            fn from_value(value: $crate::rt::Value) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                let mut reader = $crate::rt::StructReader::new(value)?;
                ::std::result::Result::Ok(Self { $($field: reader.next()?),* })
            }
        }
    };
}

/// Implements `VALUES`, `as_str`, `From<&str>`, `Display` and [`Shape`](crate::rt::Shape) for a
/// string enum with an `Unknown(String)` variant:
/// `impl_enum!(Status { Pending => "Pending", Done => "Done" });`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_enum {
    ($ty:ident { $($variant:ident => $value:literal),* $(,)? }) => {
        impl $ty {
            /// Every value this client knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($value),*];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<&str> for $ty {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::rt::Shape for $ty {
            fn to_value(&self) -> $crate::rt::Value {
                $crate::rt::Value::Str(::std::borrow::ToOwned::to_owned(self.as_str()))
            }
            fn from_value(value: $crate::rt::Value) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                <::std::string::String as $crate::rt::Shape>::from_value(value).map(|v| Self::from(v.as_str()))
            }
        }
    };
}

/// Implements `Display` (`Name: message`) and `Error` for an `@error` structure:
/// `impl_error!(JobNotFound, "JobNotFoundException", message);` (the last argument is the
/// message field, omitted when there is none or it is sensitive).
#[macro_export]
#[doc(hidden)]
macro_rules! impl_error {
    ($ty:ident, $name:literal $(, $message:ident)?) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($name)?;
                $(if let ::std::option::Option::Some(message) = &self.$message {
                    ::std::write!(f, ": {message}")?;
                })?
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for $ty {}
    };
}

/// Implements [`OperationError`](crate::rt::OperationError), `Display` and `Error` for a
/// per-operation error enum whose modeled variants are listed in the operation's error order:
/// `impl_operation_error!(GetJobError { NotFound, Invalid });`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_operation_error {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl $crate::rt::OperationError for $ty {
            #[allow(unused_mut, unused_variables)] // Operations without modeled errors.
            fn modeled(index: usize, value: $crate::rt::Value) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                let mut i = 0usize;
                $(
                    if index == i {
                        return $crate::rt::Shape::from_value(value).map(Self::$variant);
                    }
                    i += 1;
                )*
                ::std::result::Result::Err($crate::rt::ShapeError::new("a modeled error", "an unknown error index"))
            }
            fn unhandled(unhandled: $crate::rt::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }
        impl ::std::error::Error for $ty {}
    };
}
