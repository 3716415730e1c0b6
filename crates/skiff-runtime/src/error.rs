//! Errors returned by generated clients.
//!
//! Every operation returns `Result<Output, SdkError<OperationError>>`. [`SdkError`] says where the
//! failure happened (input validation, configuration, credentials, transport, an undecodable
//! response, or an error answer of the service) and always exposes what is known about the HTTP exchange:
//! [`SdkError::status`], [`SdkError::code`], [`SdkError::message`] and [`SdkError::request_id`].

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use crate::http::{HttpResponse, ResponseMeta, TransportError};
use crate::value::{ShapeError, Value};

/// What is known of an error response: status, error code, message and request id; how many
/// attempts the call made; and the raw response, for debugging (never shown by `Display` or
/// `Debug`, which may end up in logs).
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ErrorMeta {
    /// The HTTP status code.
    pub status: u16,
    /// The error code the service sent, if any.
    pub code: Option<String>,
    /// The error message the service sent, if any.
    pub message: Option<String>,
    /// The request id the service sent, if any.
    pub request_id: Option<String>,
    attempts: u32,
    raw: Option<Arc<HttpResponse>>,
}

impl ErrorMeta {
    /// The metadata of a successful answer whose body does not fit its output: its status and
    /// request id (no code, no message).
    pub(crate) fn of_response(meta: &ResponseMeta) -> Self {
        ErrorMeta::new(
            meta.status(),
            None,
            None,
            meta.request_id().map(str::to_owned),
        )
    }

    /// The metadata of an error response.
    pub fn new(
        status: u16,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    ) -> Self {
        ErrorMeta {
            status,
            code,
            message,
            request_id,
            attempts: 0,
            raw: None,
        }
    }

    /// The error code the service sent, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message the service sent, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service sent, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How many attempts the call made (0 when unknown).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The response as received (status, headers, body), for debugging. It may hold
    /// sensitive data: do not log it wholesale.
    pub fn raw_response(&self) -> Option<&HttpResponse> {
        self.raw.as_deref()
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }

    pub(crate) fn with_raw(mut self, response: Arc<HttpResponse>) -> Self {
        self.raw = Some(response);
        self
    }
}

/// Status, code, message and request id: the attempts and the raw response do not take part.
impl PartialEq for ErrorMeta {
    fn eq(&self, other: &Self) -> bool {
        (self.status, &self.code, &self.message, &self.request_id)
            == (other.status, &other.code, &other.message, &other.request_id)
    }
}

impl Eq for ErrorMeta {}

/// The raw response is left out (it may hold sensitive data).
impl fmt::Debug for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMeta")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

/// An error the operation's model does not describe: an error response with an unknown code,
/// or (from [`SdkError::into_service_error`]) a failure that is not an error answer of the
/// service at all, kept as its source.
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMeta,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Unhandled {
    /// Wraps the response's error metadata.
    pub fn new(meta: ErrorMeta) -> Self {
        Unhandled { meta, source: None }
    }

    /// A failure that is not an error answer of the service (its metadata, if a response was
    /// received, and the failure itself).
    pub fn from_failure(
        meta: ErrorMeta,
        failure: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Unhandled {
            meta,
            source: Some(Box::new(failure)),
        }
    }

    /// The error code the service sent, if any.
    pub fn code(&self) -> Option<&str> {
        self.meta.code.as_deref()
    }

    /// The error message the service sent, if any.
    pub fn message(&self) -> Option<&str> {
        self.meta.message.as_deref()
    }

    /// The response's error metadata.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }

    /// The failure this stands for, when it is not an error answer of the service.
    pub fn failure(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

/// `unmodeled error Code: message`, or the failure's own text (shown once: `source` goes on
/// with the failure's cause).
impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(failure) = &self.source {
            return failure.fmt(f);
        }
        f.write_str("unmodeled error")?;
        if let Some(code) = &self.meta.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.meta.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unhandled {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().and_then(|failure| failure.source())
    }
}

/// Implemented by each generated per-operation error enum.
pub trait OperationError: ProvideErrorMeta + Sized + fmt::Debug + fmt::Display {
    /// Builds the variant of modeled error `index` (its position in the operation's error
    /// list) from its parsed body and the response's metadata.
    fn modeled(index: usize, value: Value, meta: ErrorMeta) -> Result<Self, ShapeError>;
    /// Builds the unmodeled variant.
    fn unhandled(unhandled: Unhandled) -> Self;
    /// The position in the operation's error list and the value of a modeled variant (`None`
    /// for `Unhandled`): what typed mocks answer with.
    fn to_modeled(&self) -> Option<(usize, Value)> {
        None
    }
}

/// What an error of a call says about the error response: status, code, message and request
/// id. Implemented by every generated operation error enum and every modeled error (and
/// [`SdkError`] has the same methods); `use skiff_runtime::ProvideErrorMeta` (or the generated crate's re-export) to
/// call its methods.
pub trait ProvideErrorMeta {
    /// Status, code, message and request id.
    fn meta(&self) -> &ErrorMeta;

    /// The error code the service sent, if any.
    fn code(&self) -> Option<&str> {
        self.meta().code.as_deref()
    }

    /// The error message the service sent, if any (never a `@sensitive` one).
    fn message(&self) -> Option<&str> {
        self.meta().message.as_deref()
    }

    /// The request id the service sent, if any.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id.as_deref()
    }
}

/// Implemented by each generated `@error` structure: it keeps the metadata of the response it
/// was read from.
pub trait ModeledError: ProvideErrorMeta {
    /// Records the metadata (the client does, when it reads the error).
    fn set_meta(&mut self, meta: ErrorMeta);
}

/// An input rejected before any I/O: a missing required member, an empty path label...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInput {
    message: String,
}

impl InvalidInput {
    /// An input error with a message naming the offending member.
    pub fn new(message: impl Into<String>) -> Self {
        InvalidInput {
            message: message.into(),
        }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidInput {}

/// A configuration that cannot make a request: no region, no credentials...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    /// A configuration error.
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Why no endpoint could be chosen for a call. Made before any I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
    from_rule_set: bool,
}

impl EndpointError {
    /// An error of a resolver, with a message saying what is wrong (never quoting secrets).
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
            from_rule_set: false,
        }
    }

    /// An error rule of the service's rule set matched; `message` is the rule's.
    pub fn rule(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
            from_rule_set: true,
        }
    }

    /// The message (for an error rule, exactly the rule set's).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether an error rule of the service's rule set produced this error (for example
    /// "FIPS and DualStack are enabled, but this partition does not support one or both").
    pub fn is_rule_error(&self) -> bool {
        self.from_rule_set
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from_rule_set {
            write!(f, "endpoint resolution failed: {}", self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for EndpointError {}

/// A response that could not be understood: a success status with a malformed body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    meta: ErrorMeta,
    reason: String,
}

impl ResponseError {
    /// A response error; `reason` must not quote response data (it may be sensitive).
    pub fn new(meta: ErrorMeta, reason: impl Into<String>) -> Self {
        ResponseError {
            meta,
            reason: reason.into(),
        }
    }

    /// What was wrong with the response.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The response's metadata.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }

    pub(crate) fn meta_mut(&mut self) -> &mut ErrorMeta {
        &mut self.meta
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid response ({}): {}", self.meta, self.reason)
    }
}

impl std::error::Error for ResponseError {}

/// An error answer of the service: the operation's error `E` and the response metadata.
#[derive(Debug)]
pub struct ServiceError<E> {
    error: E,
    meta: ErrorMeta,
}

impl<E> ServiceError<E> {
    /// Pairs an operation error with its response metadata.
    pub fn new(error: E, meta: ErrorMeta) -> Self {
        ServiceError { error, meta }
    }

    /// The operation error.
    pub fn err(&self) -> &E {
        &self.error
    }

    /// Unwraps the operation error.
    pub fn into_err(self) -> E {
        self.error
    }

    /// The response metadata.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.error, self.meta.status)?;
        if let Some(id) = &self.meta.request_id {
            write!(f, ", request id {id}")?;
        }
        if self.meta.attempts > 1 {
            write!(f, ", after {} attempts", self.meta.attempts)?;
        }
        f.write_str(")")
    }
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider is not set up here (no variables, no file, no endpoint): a chain of
    /// providers tries the next one.
    NotConfigured,
    /// The provider is set up but loading failed (a service error, an unreadable file, a
    /// malformed answer). A chain stops here.
    Provider,
    /// The provider's settings are wrong (half a key pair, a bad URI...). A chain stops here.
    InvalidConfig,
}

impl CredentialsErrorKind {
    fn describe(self) -> &'static str {
        match self {
            CredentialsErrorKind::NotConfigured => "the credential provider was not enabled",
            CredentialsErrorKind::Provider => "an error occurred while loading credentials",
            CredentialsErrorKind::InvalidConfig => {
                "the credential provider was not properly configured"
            }
        }
    }
}

/// Why credentials could not be provided.
///
/// `Display` is `<what kind of failure>: <message>`; the underlying error, if any, is
/// [`Error::source`]. Messages name variables, files, profiles and endpoints, never a secret
/// value. Cheap to clone (the source is shared), so a cache can hand one failure to every caller
/// that waited for it.
#[derive(Clone)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    source: Option<Arc<dyn Error + Send + Sync>>,
}

impl CredentialsError {
    /// An error of `kind` with `message` (which must not quote secrets).
    pub fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// [`CredentialsErrorKind::NotConfigured`].
    pub fn not_configured(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::NotConfigured, message)
    }

    /// [`CredentialsErrorKind::Provider`].
    pub fn provider(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::Provider, message)
    }

    /// [`CredentialsErrorKind::InvalidConfig`].
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(CredentialsErrorKind::InvalidConfig, message)
    }

    /// The same error, caused by `source`.
    pub fn with_source(mut self, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// Whether the provider is simply not set up (a chain tries its next provider).
    pub fn is_not_configured(&self) -> bool {
        self.kind == CredentialsErrorKind::NotConfigured
    }

    /// The message, without the kind's description.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.describe(), self.message)
    }
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source.as_ref().map(|s| s.to_string()))
            .finish()
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// How an invocation failed inside the runtime, before the operation's typed error is built
/// (by [`rt::into_sdk_error`](crate::rt::into_sdk_error)).
#[doc(hidden)]
#[derive(Debug)]
pub enum Failure {
    /// Rejected before any I/O.
    InvalidInput(InvalidInput),
    /// The configuration cannot make the request.
    Config(ConfigError),
    /// The credentials provider failed (nothing was sent).
    Credentials(CredentialsError),
    /// No endpoint for the call (an error rule of the rule set, or the user's resolver).
    Endpoint(EndpointError),
    /// No response.
    Transport(TransportError),
    /// An undecodable response.
    Response(ResponseError),
    /// An error answer: its metadata, and the modeled error it matched (index into the
    /// operation's errors, and its parsed body).
    Service {
        /// Status, code, message, request id (boxed: errors are rare, results are not).
        meta: Box<ErrorMeta>,
        /// The matched modeled error, if any.
        modeled: Option<(usize, Value)>,
    },
}

impl Failure {
    /// Records how many attempts the call made.
    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        match self {
            Failure::Transport(e) => e.set_attempts(attempts),
            Failure::Response(e) => e.meta_mut().set_attempts(attempts),
            Failure::Service { meta, .. } => meta.set_attempts(attempts),
            Failure::InvalidInput(_)
            | Failure::Config(_)
            | Failure::Credentials(_)
            | Failure::Endpoint(_) => {}
        }
    }

    /// Keeps the raw response with the metadata of a failure that read one.
    pub(crate) fn set_raw_response(&mut self, response: Arc<HttpResponse>) {
        let meta = match self {
            Failure::Response(e) => e.meta_mut(),
            Failure::Service { meta, .. } => &mut **meta,
            _ => return,
        };
        *meta = std::mem::take(meta).with_raw(response);
    }
}

/// The error of every generated operation.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input was rejected before any I/O.
    InvalidInput(InvalidInput),
    /// The client configuration cannot make this request.
    Config(ConfigError),
    /// The credentials provider could not provide credentials; the request was not sent. The
    /// message names the provider and what it was missing, never a secret.
    Credentials(CredentialsError),
    /// No endpoint could be chosen for this call (before any I/O): an error rule of the
    /// service's endpoint rule set matched (its message is kept), or the resolver failed.
    Endpoint(EndpointError),
    /// No response was received.
    Transport(TransportError),
    /// A response was received but could not be understood.
    Response(ResponseError),
    /// The service answered with an error.
    Service(ServiceError<E>),
}

impl<E> SdkError<E> {
    fn meta(&self) -> Option<&ErrorMeta> {
        match self {
            SdkError::Response(e) => Some(&e.meta),
            SdkError::Service(e) => Some(&e.meta),
            _ => None,
        }
    }

    /// How many attempts the call made (0 when it failed before any: invalid input,
    /// configuration or credentials).
    pub fn attempts(&self) -> u32 {
        match self {
            SdkError::Transport(e) => e.attempts(),
            _ => self.meta().map_or(0, ErrorMeta::attempts),
        }
    }

    /// The raw response of the last attempt (status, headers, body), when one was received, for
    /// debugging.
    pub fn raw_response(&self) -> Option<&HttpResponse> {
        self.meta().and_then(ErrorMeta::raw_response)
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        self.meta().map(|m| m.status)
    }

    /// The service's error code, when it sent one.
    pub fn code(&self) -> Option<&str> {
        self.meta().and_then(|m| m.code.as_deref())
    }

    /// The service's error message, when it sent one.
    pub fn message(&self) -> Option<&str> {
        self.meta().and_then(|m| m.message.as_deref())
    }

    /// The request id, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }

    /// The operation error, when the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The operation error: the service's error answer, or, for any other failure, the
    /// operation error's unhandled variant holding it (so that one `match` handles every
    /// outcome).
    pub fn into_service_error(self) -> E
    where
        E: OperationError,
    {
        let meta = self.meta().cloned().unwrap_or_default();
        let unhandled = match self {
            SdkError::Service(e) => return e.error,
            SdkError::InvalidInput(e) => Unhandled::from_failure(meta, e),
            SdkError::Config(e) => Unhandled::from_failure(meta, e),
            SdkError::Credentials(e) => Unhandled::from_failure(meta, e),
            SdkError::Endpoint(e) => Unhandled::from_failure(meta, e),
            SdkError::Transport(e) => Unhandled::from_failure(meta, e),
            SdkError::Response(e) => Unhandled::from_failure(meta, e),
        };
        E::unhandled(unhandled)
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::InvalidInput(e) => write!(f, "invalid input: {e}"),
            SdkError::Config(e) => write!(f, "invalid configuration: {e}"),
            SdkError::Credentials(e) => write!(f, "failed to load credentials: {e}"),
            SdkError::Endpoint(e) => e.fmt(f),
            SdkError::Transport(e) => write!(f, "transport error: {e}"),
            SdkError::Response(e) => e.fmt(f),
            SdkError::Service(e) => write!(f, "service error: {e}"),
        }
    }
}

/// `Display` shows the inner error's text, so `source` goes on with the inner error's own
/// source: a report of the whole chain never repeats a line.
impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::InvalidInput(e) => e.source(),
            SdkError::Config(e) => e.source(),
            SdkError::Credentials(e) => e.source(),
            SdkError::Endpoint(e) => e.source(),
            SdkError::Transport(e) => e.source(),
            SdkError::Response(e) => e.source(),
            SdkError::Service(e) => e.error.source(),
        }
    }
}
