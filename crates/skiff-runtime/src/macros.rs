//! Macros that generated code invokes to implement the runtime's traits and the accessors of
//! its types. They keep generated files short (one line per member instead of one or two
//! method blocks) while the expansion stays trivial: every method reads or writes one field,
//! and every trait impl delegates to [`Shape`](crate::value::Shape) and friends.
//!
//! Every method these macros write is `#[inline]`, as are the generated builders' methods:
//! a service crate then compiles no machine code for its types and operations; a program
//! compiles only what the operations it calls reach (a service has hundreds of types and most
//! programs call a few of its operations).
//!
//! The member kinds shared by [`member!`](crate::member) and [`fluent!`](crate::fluent) say how
//! a field of type `Option<T>` is read and written:
//!
//! | kind | field | getter returns | `x(v)` / `with_x(v)` |
//! |---|---|---|---|
//! | `str` | `Option<String>` | `Option<&str>` | sets, from `impl Into<String>` |
//! | `obj T` | `Option<T>` | `Option<&T>` | sets, from `impl Into<T>` |
//! | `boxed T` | `Option<Box<T>>` | `Option<&T>` | sets, from `impl Into<T>` |
//! | `copy T` | `Option<T>` (numbers, booleans, int enums) | `Option<T>` | sets |
//! | `val T = d` | `Option<T>` with a `@default` of `d` | `T` (`d` when unset) | sets |
//! | `list T` | `Option<Vec<T>>` | `&[T]` (empty when unset) | appends one item |
//! | `map V` | `Option<BTreeMap<String, V>>` | `Option<&BTreeMap<String, V>>` | inserts one entry |

/// A getter named after the member and a chainable `with_` setter, for one member of a
/// generated data type: `rt::member!(job_id, with_job_id: str, "The job id.");` inside the
/// type's `impl` block (see the module docs for the kinds).
#[macro_export]
#[doc(hidden)]
macro_rules! member {
    ($f:ident, $with:ident: str, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(&self) -> ::std::option::Option<&str> {
            self.$f.as_deref()
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Sets this member."]
        #[inline]
        pub fn $with(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$f = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($f:ident, $with:ident: obj $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(&self) -> ::std::option::Option<&$t> {
            self.$f.as_ref()
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Sets this member."]
        #[inline]
        pub fn $with(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$f = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($f:ident, $with:ident: boxed $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(&self) -> ::std::option::Option<&$t> {
            self.$f.as_deref()
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Sets this member."]
        #[inline]
        pub fn $with(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$f = ::std::option::Option::Some(::std::boxed::Box::new(value.into()));
            self
        }
    };
    ($f:ident, $with:ident: copy $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(&self) -> ::std::option::Option<$t> {
            self.$f
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Sets this member."]
        #[inline]
        pub fn $with(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$f = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($f:ident, $with:ident: val $t:ty = $default:expr, $doc:literal) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = concat!("`", stringify!($default), "` when unset.")]
        #[inline]
        pub fn $f(&self) -> $t {
            self.$f.unwrap_or($default)
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Sets this member."]
        #[inline]
        pub fn $with(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$f = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($f:ident, $with:ident: list $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Empty when unset."]
        #[inline]
        pub fn $f(&self) -> &[$t] {
            self.$f.as_deref().unwrap_or_default()
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Appends one item to this member."]
        #[inline]
        pub fn $with(mut self, item: impl ::std::convert::Into<$t>) -> Self {
            self.$f
                .get_or_insert_with(::std::vec::Vec::new)
                .push(item.into());
            self
        }
    };
    ($f:ident, $with:ident: map $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(
            &self,
        ) -> ::std::option::Option<&::std::collections::BTreeMap<::std::string::String, $t>> {
            self.$f.as_ref()
        }
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Inserts one entry into this member."]
        #[inline]
        pub fn $with(
            mut self,
            key: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<$t>,
        ) -> Self {
            self.$f
                .get_or_insert_with(::std::collections::BTreeMap::new)
                .insert(key.into(), value.into());
            self
        }
    };
}

/// The three methods of a fluent operation builder for one input member, as aws-sdk-rust has
/// them: `x(v)` sets a value (appends one list item, inserts one map entry), `set_x(Option)`
/// replaces it, `get_x()` reads it back:
/// `rt::fluent!(job_id, set_job_id, get_job_id: str, "The job id.");` inside the builder's
/// `impl` block, whose `input` field holds the input structure.
#[macro_export]
#[doc(hidden)]
macro_rules! fluent {
    ($f:ident, $set:ident, $get:ident: str, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.input.$f = ::std::option::Option::Some(value.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<::std::string::String>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<::std::string::String> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: obj $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.input.$f = ::std::option::Option::Some(value.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<$t>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<$t> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: copy $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.input.$f = ::std::option::Option::Some(value.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<$t>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<$t> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: val $t:ty = $default:expr, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.input.$f = ::std::option::Option::Some(value.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<$t>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<$t> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: boxed $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[inline]
        pub fn $f(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.input.$f = ::std::option::Option::Some(::std::boxed::Box::new(value.into()));
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<::std::boxed::Box<$t>>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<::std::boxed::Box<$t>> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: list $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Appends one item; call it again for more, or use the `set_` method to give the whole list."]
        #[inline]
        pub fn $f(mut self, item: impl ::std::convert::Into<$t>) -> Self {
            self.input
                .$f
                .get_or_insert_with(::std::vec::Vec::new)
                .push(item.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<::std::vec::Vec<$t>>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<::std::vec::Vec<$t>> {
            &self.input.$f
        }
    };
    ($f:ident, $set:ident, $get:ident: map $t:ty, $doc:literal) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Inserts one entry; call it again for more, or use the `set_` method to give the whole map."]
        #[inline]
        pub fn $f(
            mut self,
            key: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<$t>,
        ) -> Self {
            self.input
                .$f
                .get_or_insert_with(::std::collections::BTreeMap::new)
                .insert(key.into(), value.into());
            self
        }
        #[doc = "Replaces this member (`None` unsets it)."]
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<::std::collections::BTreeMap<::std::string::String, $t>>) -> Self {
            self.input.$f = value;
            self
        }
        #[doc = "This member as set so far."]
        #[inline]
        pub fn $get(&self) -> &::std::option::Option<::std::collections::BTreeMap<::std::string::String, $t>> {
            &self.input.$f
        }
    };
}

/// Implements [`Shape`](crate::rt::Shape) for a structure whose data fields, in schema order,
/// are listed with their positions: `impl_structure!(JobData { 0 => id, 1 => data, 2 => nonce });`
/// (a literal position per field makes `decode` one `match`: rustc checks and keeps much less
/// for it than for a counter). Outputs and errors end the list with `; _meta`, their metadata
/// field, which starts empty when read. `from_value` is the trait's default (`decode` over a
/// [`ValueSource`](crate::rt::ValueSource)).
#[macro_export]
#[doc(hidden)]
macro_rules! impl_structure {
    ($ty:ident { $($index:literal => $field:ident),* $(,)? } $(; $meta:ident)?) => {
        impl $crate::rt::Shape for $ty {
            #[inline]
            fn to_value(&self) -> $crate::rt::Value {
                $crate::rt::Value::Struct(::std::vec::Vec::from([$($crate::rt::put(&self.$field)),*]))
            }
            #[inline]
            #[allow(unused_mut)] // Structures without members.
            fn decode(source: &mut dyn $crate::rt::Source) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                // One local per member, named as the field (macro hygiene keeps `index` and
                // `source` apart from them), set from the member's position in the schema.
                $(let mut $field = ::std::option::Option::None;)*
                source.structure(&mut |index, source| match index {
                    $($index => $crate::rt::decode_into(&mut $field, source),)*
                    _ => ::std::result::Result::Ok(()),
                })?;
                ::std::result::Result::Ok(Self {
                    $($field,)*
                    $($meta: ::std::default::Default::default(),)?
                })
            }
        }
    };
}

/// Implements [`Output`](crate::rt::Output) and
/// [`ProvideResponseMeta`](crate::ProvideResponseMeta) (`request_id()`, `http_status()`,
/// `http_headers()`) for an operation output, whose `_meta` field keeps the response's
/// metadata: `impl_output!(GetJobOutput);`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_output {
    ($ty:ident) => {
        impl $crate::rt::Output for $ty {
            #[inline]
            fn set_response_meta(&mut self, meta: $crate::rt::ResponseMeta) {
                self._meta = $crate::rt::Meta(meta);
            }
        }
        impl $crate::rt::ProvideResponseMeta for $ty {
            #[inline]
            fn response_meta(&self) -> &$crate::rt::ResponseMeta {
                &self._meta.0
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
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<&str> for $ty {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::rt::Shape for $ty {
            #[inline]
            fn to_value(&self) -> $crate::rt::Value {
                $crate::rt::Value::Str(::std::borrow::ToOwned::to_owned(self.as_str()))
            }
            #[inline]
            fn decode(source: &mut dyn $crate::rt::Source) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                // A known value is matched where it lies in the response: no copy of the text.
                let mut value = ::std::option::Option::None;
                source.text(&mut |text| value = ::std::option::Option::Some(Self::from(text)))?;
                value.ok_or_else(|| $crate::rt::ShapeError::new("a string", "nothing"))
            }
        }
    };
}

/// Implements `Display` (`Name: message`), `Error` and [`ModeledError`](crate::rt::ModeledError)
/// for an `@error` structure, whose `_meta` field keeps the response's error metadata:
/// `impl_error!(JobNotFound, "JobNotFoundException", message);` (the last argument is the
/// message field, omitted when there is none or it is sensitive).
#[macro_export]
#[doc(hidden)]
macro_rules! impl_error {
    ($ty:ident, $name:literal $(, $message:ident)?) => {
        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($name)?;
                $(if let ::std::option::Option::Some(message) = &self.$message {
                    ::std::write!(f, ": {message}")?;
                })?
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for $ty {}
        impl $crate::rt::ProvideErrorMeta for $ty {
            #[inline]
            fn meta(&self) -> &$crate::rt::ErrorMeta {
                &self._meta.0
            }
        }
        impl $crate::rt::ModeledError for $ty {
            #[inline]
            fn set_meta(&mut self, meta: $crate::rt::ErrorMeta) {
                self._meta = $crate::rt::Meta(meta);
            }
        }
    };
}

/// Implements [`OperationError`](crate::rt::OperationError),
/// [`ProvideErrorMeta`](crate::ProvideErrorMeta) (`code()`, `message()`, `request_id()`),
/// `Display`, `Error` and `is_<variant>()` methods for a per-operation error enum whose modeled variants are listed in the operation's error order
/// with the name of their `is_` method:
/// `impl_operation_error!(GetJobError { NotFound is_not_found, Invalid is_invalid });`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_operation_error {
    ($ty:ident { $($variant:ident $is:ident),* $(,)? }) => {
        impl $crate::rt::OperationError for $ty {
            #[inline]
            #[allow(unused_mut, unused_variables)] // Operations without modeled errors.
            fn modeled(
                index: usize,
                value: $crate::rt::Value,
                meta: $crate::rt::ErrorMeta,
            ) -> ::std::result::Result<Self, $crate::rt::ShapeError> {
                let mut i = 0usize;
                $(
                    if index == i {
                        let mut error = Self::$variant($crate::rt::Shape::from_value(value)?);
                        if let Self::$variant(e) = &mut error {
                            $crate::rt::ModeledError::set_meta(e, meta);
                        }
                        return ::std::result::Result::Ok(error);
                    }
                    i += 1;
                )*
                ::std::result::Result::Err($crate::rt::ShapeError::new("a modeled error", "an unknown error index"))
            }
            #[inline]
            fn unhandled(unhandled: $crate::rt::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }
            #[inline]
            #[allow(unused_mut, unused_variables, unused_assignments)] // As `modeled`.
            fn to_modeled(&self) -> ::std::option::Option<(usize, $crate::rt::Value)> {
                let mut i = 0usize;
                $(
                    if let Self::$variant(e) = self {
                        return ::std::option::Option::Some((i, $crate::rt::Shape::to_value(e)));
                    }
                    i += 1;
                )*
                ::std::option::Option::None
            }
        }
        impl $crate::rt::ProvideErrorMeta for $ty {
            #[inline]
            fn meta(&self) -> &$crate::rt::ErrorMeta {
                match self {
                    $(Self::$variant(e) => $crate::rt::ProvideErrorMeta::meta(e),)*
                    Self::Unhandled(e) => e.meta(),
                }
            }
        }
        impl $ty {
            $(
                #[doc = concat!("Whether this is the `", stringify!($variant), "` error.")]
                #[inline]
                pub fn $is(&self) -> bool {
                    ::std::matches!(self, Self::$variant(_))
                }
            )*
            /// Whether this is an error the model does not describe (or a failure that is not
            /// an error answer of the service).
            #[inline]
            pub fn is_unhandled(&self) -> bool {
                ::std::matches!(self, Self::Unhandled(_))
            }
        }
        impl ::std::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }
        impl ::std::error::Error for $ty {
            #[inline]
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    $(Self::$variant(_) => ::std::option::Option::None,)*
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                }
            }
        }
    };
}

/// `serde` for a string enum: its wire value, unknown values kept. Generated crates invoke it
/// (and [`impl_serde!`](crate::impl_serde)) under `#[cfg(feature = "serde")]`, so that a build
/// without their feature `serde` expands neither.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_serde_enum {
    ($ty:ident) => {
        impl $crate::rt::serde::Serialize for $ty {
            fn serialize<S: $crate::rt::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::rt::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as $crate::rt::serde::Deserialize>::deserialize(d)
                    .map(|v| Self::from(v.as_str()))
            }
        }
    };
}

/// `serde` for a structure or union through its schema (feature `serde` of the generated
/// crate): `impl_serde!(JobData, JOB_DATA_SCHEMA);`. Members are named as in the model, blobs
/// are base64, timestamps RFC 3339, and `@sensitive` members are left out unless the caller
/// asks for them ([`rt::serde::with_sensitive`](crate::rt)).
#[macro_export]
#[doc(hidden)]
macro_rules! impl_serde {
    ($ty:ident, $schema:path) => {
        impl $crate::rt::serde::Serialize for $ty {
            fn serialize<S: $crate::rt::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::rt::serde::serialize(&$crate::rt::Shape::to_value(self), &$schema, s)
            }
        }
        impl<'de> $crate::rt::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = $crate::rt::serde::deserialize(&$schema, d)?;
                $crate::rt::Shape::from_value(value)
                    .map_err(<D::Error as $crate::rt::serde::DeError>::custom)
            }
        }
    };
}
