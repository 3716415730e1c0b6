//! The client side of a call: [`Handle`], the shared state of a generated client; the request
//! pipeline (`pipeline`), which every operation of every generated crate goes through; and
//! paginators ([`Paginator`], [`Items`]).
//!
//! Generated operations call [`send`], which converts typed input and output
//! to and from [`Value`] around the non-generic [`Handle::invoke`], so that
//! the pipeline is compiled once, not once per operation.
//!
//! This is the top of the runtime: it calls into `protocol`, `auth`, `endpoint`, `config` and
//! `http`, and none of them calls back into it.

mod endpoint_pattern;
#[cfg(feature = "test-util")]
pub mod mock;
mod paginator;
mod pipeline;
mod resolve_endpoint;
pub(crate) mod retry;
mod trace;
mod user_agent;
#[cfg(feature = "waiters")]
pub mod waiter;

use std::sync::Arc;

pub use paginator::{Items, Paginator};

use crate::config::{Config, ConfigBuilder};
use crate::error::{
    ConfigError, ErrorMeta, Failure, OperationError, ResponseError, SdkError, ServiceError,
    Unhandled,
};
use crate::http::ResponseMeta;
use crate::schema::{Operation, Service};
use crate::value::{Shape, Value};

/// A configured client for one service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    service: &'static Service,
    /// The retry quota, shared by every call of the client (and of handles derived from it).
    quota: retry::TokenBucket,
    /// The correction of the signing clock, learned from clock-skew rejections.
    clock_offset: retry::ClockOffset,
    /// `User-Agent` and `x-amz-user-agent`, made once for the configuration.
    user_agent: user_agent::UserAgent,
    /// Endpoints resolved by the rule set, for this configuration.
    endpoints: resolve_endpoint::EndpointCache,
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: &'static Service) -> Self {
        let quota = retry::TokenBucket::default();
        let user_agent = user_agent::UserAgent::new(service, config.app_name.as_deref());
        Handle {
            inner: Arc::new(Inner {
                config,
                service,
                quota,
                clock_offset: retry::ClockOffset::new(),
                user_agent,
                endpoints: Default::default(),
            }),
        }
    }

    /// A handle with configuration changed by `change` (for one call, say), sharing this
    /// client's retry quota and clock correction.
    pub fn with_config(&self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        let config = change(self.inner.config.to_builder()).build();
        let user_agent = user_agent::UserAgent::new(self.inner.service, config.app_name.as_deref());
        Handle {
            inner: Arc::new(Inner {
                config,
                service: self.inner.service,
                quota: self.inner.quota.clone(),
                clock_offset: self.inner.clock_offset.clone(),
                user_agent,
                // A new configuration may resolve differently.
                endpoints: Default::default(),
            }),
        }
    }

    fn user_agent(&self) -> &user_agent::UserAgent {
        &self.inner.user_agent
    }

    fn endpoints(&self) -> &resolve_endpoint::EndpointCache {
        &self.inner.endpoints
    }

    fn retry_quota(&self) -> &retry::TokenBucket {
        &self.inner.quota
    }

    fn clock_offset(&self) -> &retry::ClockOffset {
        &self.inner.clock_offset
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service description.
    pub fn service(&self) -> &'static Service {
        self.inner.service
    }

    /// The endpoint requests go to: the configured override, else the service's pattern for
    /// the configured region.
    pub fn endpoint(&self) -> Result<String, ConfigError> {
        let config = &self.inner.config;
        endpoint_pattern::resolve(
            self.inner.service,
            config.endpoint_url.as_deref(),
            config.region.as_deref(),
        )
    }
}

/// Implemented by generated operation outputs: they keep their response's metadata.
pub trait Output: Shape {
    /// Records the metadata (the client does, when it reads the output).
    fn set_response_meta(&mut self, meta: ResponseMeta);
}

/// Runs `op` with a typed input, returning the typed output or the operation's error.
pub async fn send<I: Shape, O: Output + Send, E: OperationError>(
    handle: &Handle,
    op: &'static Operation,
    input: &I,
) -> Result<O, SdkError<E>> {
    let mut output = None;
    let mut decode = |source: &mut dyn crate::value::Source| {
        output = Some(O::decode(source)?);
        Ok(())
    };
    let result = handle.decode(op, input.to_value(), &mut decode).await;
    match (result, output) {
        (Ok((Some(value), meta)), _) => into_output(op, value, meta),
        (Ok((None, meta)), Some(mut output)) => {
            output.set_response_meta(meta);
            Ok(output)
        }
        (Ok((None, meta)), None) => Err(SdkError::Response(ResponseError::new(
            ErrorMeta::of_response(&meta),
            format!("the output of {} was not read", op.name),
        ))),
        (Err(failure), _) => Err(into_sdk_error(op, failure)),
    }
}

/// The typed output of a response's value.
pub(crate) fn into_output<O: Output, E>(
    op: &Operation,
    value: Value,
    meta: ResponseMeta,
) -> Result<O, SdkError<E>> {
    match O::from_value(value) {
        Ok(mut output) => {
            output.set_response_meta(meta);
            Ok(output)
        }
        Err(e) => Err(SdkError::Response(ResponseError::new(
            ErrorMeta::of_response(&meta),
            format!("output of {} does not match its schema: {e}", op.name),
        ))),
    }
}

/// Turns a pipeline failure into the operation's typed error.
pub fn into_sdk_error<E: OperationError>(op: &Operation, failure: Failure) -> SdkError<E> {
    match failure {
        Failure::InvalidInput(e) => SdkError::InvalidInput(e),
        Failure::Config(e) => SdkError::Config(e),
        Failure::Credentials(e) => SdkError::Credentials(e),
        Failure::Endpoint(e) => SdkError::Endpoint(e),
        Failure::Transport(e) => SdkError::Transport(e),
        Failure::Response(e) => SdkError::Response(e),
        Failure::Service { meta, modeled } => {
            let meta = *meta;
            let error = match modeled {
                Some((index, value)) => match E::modeled(index, value, meta.clone()) {
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
