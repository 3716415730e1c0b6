//! [`Handle`]: the shared state of a generated client, and the one request pipeline every
//! operation of every generated crate goes through:
//!
//! input value → idempotency tokens → required-member check → protocol request → signing →
//! transport → protocol response (output value or error).
//!
//! Generated operations call [`send`](crate::rt::send), which converts typed input and output
//! to and from [`Value`] around the non-generic [`Handle::invoke`], so that the pipeline is
//! compiled once, not once per operation.

use std::sync::Arc;

use crate::config::Config;
use crate::error::{ConfigError, ErrorMeta, InvalidInput, ResponseError};
use crate::http::TransportError;
use crate::protocol;
use crate::schema::{Kind, Operation, Schema, Service, Signing};
use crate::value::Value;

/// A configured client for one service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    service: &'static Service,
}

/// How an invocation failed, before the operation's typed error is built.
#[derive(Debug)]
pub enum Failure {
    /// Rejected before any I/O.
    InvalidInput(InvalidInput),
    /// The configuration cannot make the request.
    Config(ConfigError),
    /// No response.
    Transport(TransportError),
    /// An undecodable response.
    Response(ResponseError),
    /// An error answer: its metadata, and the modeled error it matched (index into the
    /// operation's errors, and its parsed body).
    Service {
        /// Status, code, message, request id.
        meta: ErrorMeta,
        /// The matched modeled error, if any.
        modeled: Option<(usize, Value)>,
    },
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: &'static Service) -> Self {
        Handle {
            inner: Arc::new(Inner { config, service }),
        }
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
        let service = self.inner.service;
        if let Some(url) = &config.endpoint_url {
            return Ok(url.trim_end_matches('/').to_owned());
        }
        let region = config.region.as_deref().ok_or_else(|| {
            ConfigError::new("no region configured, and no endpoint URL to use instead")
        })?;
        if let Some((_, url)) = service
            .endpoint_overrides
            .iter()
            .find(|(r, _)| *r == region)
        {
            return Ok((*url).to_owned());
        }
        Ok(service.endpoint.replace("{region}", region))
    }

    /// Runs the request pipeline for one operation call.
    pub async fn invoke(&self, op: &'static Operation, mut input: Value) -> Result<Value, Failure> {
        let config = &self.inner.config;
        let service = self.inner.service;
        fill_idempotency_tokens(op.input, &mut input, || config.tokens.token());
        check_required(op.input, &input, op.input.name).map_err(Failure::InvalidInput)?;
        let endpoint = self.endpoint().map_err(Failure::Config)?;
        let mut request = protocol::build_request(service, op, &input, &endpoint)?;
        self.sign(&mut request).map_err(Failure::Config)?;
        let response = config
            .transport
            .send(request)
            .await
            .map_err(Failure::Transport)?;
        protocol::parse_response(service, op, &response)
    }

    fn sign(&self, request: &mut crate::http::HttpRequest) -> Result<(), ConfigError> {
        let config = &self.inner.config;
        let credentials = || {
            config
                .credentials
                .as_ref()
                .ok_or_else(|| ConfigError::new("no credentials configured"))
        };
        match self.inner.service.signing {
            Signing::Anonymous => Ok(()),
            Signing::HttpBearer => {
                let token = config
                    .bearer_token
                    .as_ref()
                    .map(|t| t.0.as_str())
                    .ok_or_else(|| ConfigError::new("no bearer token configured"))?;
                request
                    .headers
                    .insert("Authorization", format!("Bearer {token}"));
                Ok(())
            }
            #[cfg(feature = "sigv4")]
            Signing::SigV4 { name } => {
                let region = config
                    .region
                    .as_deref()
                    .ok_or_else(|| ConfigError::new("SigV4 signing needs a region"))?;
                crate::sigv4::sign(
                    request,
                    &crate::sigv4::SigningParams {
                        credentials: credentials()?,
                        region,
                        service: name,
                        time: config.clock.now(),
                    },
                );
                Ok(())
            }
            #[cfg(feature = "huawei-sign")]
            Signing::HuaweiHmacSha256 => {
                crate::huawei_sign::sign(
                    request,
                    &crate::huawei_sign::SigningParams {
                        credentials: credentials()?,
                        project_id: config.project_id.as_deref(),
                        time: config.clock.now(),
                    },
                );
                Ok(())
            }
            #[allow(unreachable_patterns)] // Reachable when a signing feature is disabled.
            other => {
                let _ = (credentials, request);
                Err(ConfigError::new(format!(
                    "signing scheme {other:?} is not enabled in this build of skiff-runtime"
                )))
            }
        }
    }
}

/// Sets every unset top-level `@idempotencyToken` member to a fresh token.
fn fill_idempotency_tokens(schema: &Schema, input: &mut Value, token: impl Fn() -> String) {
    if let Value::Struct(slots) = input {
        for (member, slot) in schema.members.iter().zip(slots.iter_mut()) {
            if member.idempotency_token && slot.is_none() {
                *slot = Some(Value::Str(token()));
            }
        }
    }
}

/// Checks that every `@required` member is set, in nested structures too. The error names the
/// member path; it never quotes a value.
fn check_required(schema: &Schema, value: &Value, path: &str) -> Result<(), InvalidInput> {
    match (schema.kind, value) {
        (Kind::Structure, Value::Struct(slots)) => {
            for (member, slot) in schema.members.iter().zip(slots) {
                let member_path = format!("{path}.{}", member.name);
                match slot {
                    None if member.required => {
                        return Err(InvalidInput::new(format!(
                            "missing required member `{}` of `{}` (at `{member_path}`)",
                            member.name, schema.name
                        )))
                    }
                    None => {}
                    Some(v) => check_required(member.target, v, &member_path)?,
                }
            }
            Ok(())
        }
        (Kind::Union, Value::Struct(slots)) => {
            for (member, slot) in schema.members.iter().zip(slots) {
                if let Some(v) = slot {
                    check_required(member.target, v, &format!("{path}.{}", member.name))?;
                }
            }
            Ok(())
        }
        (Kind::List, Value::List(items)) => match schema.element() {
            Some(m) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, v)| check_required(m.target, v, &format!("{path}[{i}]"))),
            None => Ok(()),
        },
        (Kind::Map, Value::Map(entries)) => match schema.element() {
            Some(m) => entries
                .iter()
                .try_for_each(|(k, v)| check_required(m.target, v, &format!("{path}[{k:?}]"))),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}
