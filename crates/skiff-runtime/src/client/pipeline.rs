//! The request pipeline every operation of every generated crate goes through, compiled once:
//!
//! input value → idempotency tokens → defaults → required-member check → endpoint (rules or
//! pattern, then the `@endpoint` host prefix; its headers; its `authSchemes`) → protocol request → `User-Agent` → compression, `Content-MD5` → signing →
//! transport → protocol response (output value or error) → defaults and error correction.

use std::sync::Arc;
use std::time::SystemTime;

use super::retry::{
    self, clock_skew, AttemptError, Classify, Observed, ResponseFailure, RetryEnv, RetryPolicy,
    Retryable, SkewedClock, TransportFailure,
};
use super::{trace, Handle};
use crate::auth::{self, SigningContext};
use crate::config::TimeSource;
use crate::defaults::fill_defaults;
use crate::error::{ConfigError, Failure, InvalidInput};
use crate::http::{HttpRequest, RequestSent, ResponseMeta, TransportError, TransportErrorKind};
use crate::protocol;
use crate::schema::{Kind, OpAuth, Operation, Schema, Signing};
use crate::value::{Decode, Value};

/// What an attempt read from a successful response.
enum Parsed {
    /// The output value.
    Value(Value),
    /// The body, for the caller's type to read straight from (JSON protocols).
    Body(bytes::Bytes),
}

impl Handle {
    /// Runs the request pipeline for one operation call: the output value and the response's
    /// metadata, or how it failed (after as many attempts as the retry policy allowed).
    pub async fn invoke(
        &self,
        op: &'static Operation,
        input: Value,
    ) -> Result<(Value, ResponseMeta), Failure> {
        let region = self.config().region.as_deref();
        let result = trace::call(
            self.service(),
            op,
            region,
            self.invoke_untraced(op, input, None),
        );
        // Without a decoder every output is a value.
        result
            .await
            .map(|(value, meta)| (value.unwrap_or(Value::Null), meta))
    }

    /// [`Handle::invoke`], reading the output with `decode` (the output type's
    /// [`Shape::decode`](crate::value::Shape::decode)) where the protocol reads it straight from
    /// the body: then the value returned is `None`.
    pub(crate) async fn decode(
        &self,
        op: &'static Operation,
        input: Value,
        decode: Decode<'_>,
    ) -> Result<(Option<Value>, ResponseMeta), Failure> {
        let region = self.config().region.as_deref();
        let call = self.invoke_untraced(op, input, Some(decode));
        trace::call(self.service(), op, region, call).await
    }

    async fn invoke_untraced(
        &self,
        op: &'static Operation,
        mut input: Value,
        decode: Option<Decode<'_>>,
    ) -> Result<(Option<Value>, ResponseMeta), Failure> {
        let config = self.config();
        let service = self.service();
        // Tokens are filled once: every attempt of the call sends the same one.
        fill_idempotency_tokens(op.input, &mut input, || config.tokens.token());
        // Defaults: filled in nested input structures (top-level members the caller left unset
        // are not sent), and anywhere in the output.
        fill_defaults(op.input, &mut input, false, true);
        check_required(op.input, &input, op.input.name).map_err(Failure::InvalidInput)?;
        #[cfg(feature = "test-util")]
        if let Some(answer) = config.mock.as_ref().and_then(|m| m.respond(op, &input)) {
            return answer.map(|(mut value, meta)| {
                fill_defaults(op.output, &mut value, true, false);
                (Some(value), meta)
            });
        }
        let resolved =
            super::resolve_endpoint::resolve(config, service, op, &input, self.endpoints())?;
        let signing =
            super::resolve_endpoint::signing_override(&resolved).map_err(Failure::Endpoint)?;
        let request = self.request(op, &input, &resolved)?;
        let policy = RetryPolicy::new(config.retry.clone(), &config.timeouts)
            .non_idempotent(!protocol::retries_request(service, &request));
        let env = RetryEnv {
            bucket: self.retry_quota(),
            sleeper: &*config.sleep,
            clock: &*config.clock,
            jitter: &*config.jitter,
        };
        let (input, resolved, signing) = (&input, &resolved, &signing);
        let typed = decode.is_some() && protocol::decodes_output(service, op);
        // The number of the last attempt, for a body that fails to read after the loop.
        let last = &std::sync::atomic::AtomicU32::new(0);
        // The first attempt sends the request built above; a retry builds it again from the
        // same input and endpoint (the same bytes: idempotency tokens are in the input), which
        // spares every call a copy of a request it almost never needs twice.
        let mut first = Some(request);
        let result = retry::run(&policy, env, |number| {
            last.store(number, std::sync::atomic::Ordering::Relaxed);
            let request = first.take();
            let attempt = async move {
                let request = match request {
                    Some(request) => request,
                    None => self
                        .request(op, input, resolved)
                        .map_err(|failure| Attempt::new(op, failure))?,
                };
                self.attempt(op, request, signing, typed).await
            };
            trace::attempt(number, |a: &Attempt| &a.failure, attempt)
        })
        .await;
        match result {
            Ok((Parsed::Value(value), meta)) => Ok((Some(value), meta)),
            Ok((Parsed::Body(body), meta)) => {
                // Read once the retry loop is done: a 2xx answer is never retried, whatever
                // its body. (A body is returned only when there is a decoder.)
                let read = match decode {
                    Some(decode) => protocol::decode_output(service, op, &body, decode),
                    None => Err("the output has no reader".to_owned()),
                };
                match read {
                    Ok(()) => Ok((None, meta)),
                    Err(reason) => {
                        let error_meta = crate::error::ErrorMeta::of_response(&meta);
                        let mut failure =
                            Failure::Response(crate::error::ResponseError::new(error_meta, reason));
                        failure.set_attempts(last.load(std::sync::atomic::Ordering::Relaxed));
                        Err(failure)
                    }
                }
            }
            Err(e) => {
                let attempts = e.attempts();
                let mut failure = match e.into_error() {
                    AttemptError::Failed(attempt) => attempt.failure,
                    AttemptError::Timeout(timeout) => {
                        Failure::Transport(TransportError::timed_out(timeout, RequestSent::Maybe))
                    }
                };
                failure.set_attempts(attempts);
                Err(failure)
            }
        }
    }

    /// The HTTP request of `op` for `input` sent to `resolved`, before signing: the protocol's
    /// request, the endpoint's headers, `User-Agent`, compression, `Content-MD5`.
    fn request(
        &self,
        op: &'static Operation,
        input: &Value,
        resolved: &crate::endpoint::Endpoint,
    ) -> Result<HttpRequest, Failure> {
        let (config, service) = (self.config(), self.service());
        // The `@endpoint` host prefix applies to every protocol alike.
        let url = super::endpoint_pattern::host_prefixed(op, input, &resolved.url)?;
        let mut request = protocol::build_request(service, op, input, &url)?;
        // The endpoint's headers replace the input's of the same name (S3 Control's
        // `x-amz-account-id` is both an input header and an endpoint header).
        for (name, values) in &resolved.headers {
            request.headers.remove(name);
            for value in values {
                request.headers.append(name.as_str(), value.as_str());
            }
        }
        self.user_agent().set(&mut request);
        if !op.request_compression.is_empty() {
            compress(
                &mut request,
                op.request_compression,
                config.min_compression_size,
            );
        }
        if op.checksum_required && !request.headers.contains("Content-MD5") {
            content_md5(&mut request).map_err(Failure::Config)?;
        }
        if service.query_compatible {
            request.headers.insert_static("x-amzn-query-mode", "true");
        }
        Ok(request)
    }

    /// One attempt: sign (with a fresh time, through the skew-corrected clock), send, read.
    async fn attempt(
        &self,
        op: &'static Operation,
        mut request: HttpRequest,
        signing: &super::resolve_endpoint::SigningOverride,
        typed: bool,
    ) -> Result<(Parsed, ResponseMeta), Attempt> {
        let config = self.config();
        let service = self.service();
        // Credentials are asked for at every attempt (the provider caches them), so a retry
        // after they expired signs with fresh ones. Only schemes that sign with keys ask.
        let credentials = if service.signing.uses_credentials() && op.auth != OpAuth::None {
            match (&config.credentials, op.auth) {
                (None, _) => None,
                (Some(provider), auth) => match provider.provide_credentials().await {
                    Ok(credentials) => Some(credentials),
                    // Optional auth: no credentials here means an unsigned request.
                    Err(e) if auth == OpAuth::Optional && e.is_not_configured() => None,
                    Err(e) => return Err(Attempt::new(op, Failure::Credentials(e))),
                },
            }
        } else {
            None
        };
        let unsigned = match op.auth {
            OpAuth::Service => false,
            // Optional auth signs only when the identity the scheme needs is there.
            OpAuth::Optional => match service.signing {
                Signing::HttpBearer => config.bearer_token.is_none(),
                _ => credentials.is_none(),
            },
            OpAuth::None => true,
        };
        let clock = SkewedClock::new(&*config.clock, self.clock_offset().clone());
        // Skew is measured against the local clock; signatures use the corrected one.
        let sent_at: SystemTime = config.clock.now().into();
        if !unsigned {
            let context = SigningContext {
                credentials: credentials.as_ref(),
                region: signing.region.as_deref().or(config.region.as_deref()),
                signing_name: signing.name.as_deref(),
                disable_double_encoding: signing.disable_double_encoding,
                disable_normalize_path: signing.disable_normalize_path,
                project_id: config.project_id.as_deref(),
                bearer_token: config.bearer_token.as_ref(),
                time: clock.now(),
            };
            auth::sign(service.signing, &mut request, &context)
                .map_err(|e| Attempt::new(op, Failure::Config(e)))?;
        }
        let response = config
            .transport
            .send(request)
            .await
            .map_err(|e| Attempt::new(op, Failure::Transport(e)))?;
        // A transport of the user's own may not enforce the cap while reading.
        if response.body.len() as u64 > config.max_response_size {
            let error = TransportError::with_kind(
                TransportErrorKind::InvalidResponse,
                RequestSent::Yes,
                format!(
                    "response body is over the limit of {} bytes",
                    config.max_response_size
                ),
                None,
            );
            return Err(Attempt::new(op, Failure::Transport(error)));
        }
        let received_at: SystemTime = config.clock.now().into();
        // Shared (with the error) only when the call failed.
        if typed && (200..300).contains(&response.status) {
            let request_id = protocol::errors::header_request_id(&response.headers);
            let meta = ResponseMeta::new(response.status, response.headers, request_id);
            return Ok((Parsed::Body(response.body), meta));
        }
        match protocol::parse_response(service, op, &response) {
            Ok(mut output) => {
                fill_defaults(op.output, &mut output, true, false);
                let request_id = protocol::errors::header_request_id(&response.headers);
                Ok((
                    Parsed::Value(output),
                    ResponseMeta::new(response.status, response.headers, request_id),
                ))
            }
            Err(mut failure) => {
                // A request rejected for a skewed clock corrects the clock of later signatures.
                let mut skew = false;
                if let Failure::Service { meta, .. } = &failure {
                    let offset = self.clock_offset();
                    let correction = clock_skew::detect(
                        meta.code.as_deref(),
                        &response.headers,
                        sent_at,
                        received_at,
                        offset.millis(),
                    );
                    if let Some(correction) = correction {
                        offset.set(correction);
                        skew = true;
                    }
                }
                failure.set_raw_response(Arc::new(response));
                Err(Attempt {
                    op,
                    failure,
                    clock_skew_corrected: skew,
                })
            }
        }
    }
}

/// The failure of one attempt, as the retry loop classifies it.
#[derive(Debug)]
struct Attempt {
    op: &'static Operation,
    failure: Failure,
    clock_skew_corrected: bool,
}

impl Attempt {
    fn new(op: &'static Operation, failure: Failure) -> Self {
        Attempt {
            op,
            failure,
            clock_skew_corrected: false,
        }
    }
}

impl Classify for Attempt {
    fn observed(&self) -> Observed<'_> {
        match &self.failure {
            // A body over the cap would be as large next time.
            Failure::Transport(e) if e.kind() == TransportErrorKind::InvalidResponse => {
                Observed::Final
            }
            Failure::Transport(e) => Observed::Transport(TransportFailure {
                sent: e.request_sent(),
                timeout: e.is_timeout(),
            }),
            Failure::Service { meta, modeled } => {
                let retryable = modeled
                    .as_ref()
                    .and_then(|(index, _)| self.op.errors.get(*index))
                    .and_then(|schema| schema.error)
                    .and_then(|info| info.retryable)
                    .map(|throttling| Retryable { throttling });
                match meta.raw_response() {
                    Some(raw) => Observed::Response(ResponseFailure {
                        status: meta.status,
                        code: meta.code.as_deref(),
                        retryable,
                        headers: &raw.headers,
                        clock_skew_corrected: self.clock_skew_corrected,
                    }),
                    None => Observed::Final,
                }
            }
            Failure::InvalidInput(_)
            | Failure::Config(_)
            | Failure::Credentials(_)
            | Failure::Endpoint(_)
            | Failure::Response(_) => Observed::Final,
        }
    }
}

/// Compresses the body with the first supported `@requestCompression` encoding, when it is
/// at least `min_size` bytes, appending the encoding to `Content-Encoding` (after any encoding
/// the input set, as the body is compressed last).
fn compress(request: &mut crate::http::HttpRequest, encodings: &[&str], min_size: usize) {
    #[cfg(feature = "compression")]
    if request.body.len() >= min_size && encodings.contains(&"gzip") {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        if encoder.write_all(&request.body).is_ok() {
            if let Ok(body) = encoder.finish() {
                request.body = body;
                let encoding = match request.headers.get("Content-Encoding") {
                    Some(existing) if !existing.is_empty() => format!("{existing}, gzip"),
                    _ => "gzip".to_owned(),
                };
                request.headers.insert("Content-Encoding", encoding);
            }
        }
    }
    #[cfg(not(feature = "compression"))]
    let _ = (request, encodings, min_size);
}

/// Sets `Content-MD5` to the base64 MD5 of the body (`@httpChecksumRequired`).
fn content_md5(request: &mut crate::http::HttpRequest) -> Result<(), ConfigError> {
    #[cfg(feature = "checksum")]
    {
        use base64::Engine;
        use md5::Digest;
        let digest = md5::Md5::digest(&request.body);
        request.headers.insert(
            "Content-MD5",
            base64::engine::general_purpose::STANDARD.encode(digest),
        );
        Ok(())
    }
    #[cfg(not(feature = "checksum"))]
    {
        let _ = request;
        Err(ConfigError::new(
            "this operation needs a Content-MD5 checksum: enable the `checksum` feature of skiff-runtime",
        ))
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
/// member path (`path` is the top-level shape's name); it never quotes a value. The path is
/// only written out when a member is missing.
fn check_required(schema: &Schema, value: &Value, path: &str) -> Result<(), InvalidInput> {
    let Some(missing) = find_missing(schema, value) else {
        return Ok(());
    };
    let mut member_path = path.to_owned();
    for step in missing.steps.iter().rev() {
        match step {
            Step::Member(name) => {
                member_path.push('.');
                member_path.push_str(name);
            }
            Step::Index(i) => member_path.push_str(&format!("[{i}]")),
            Step::Key(k) => member_path.push_str(&format!("[{k:?}]")),
        }
    }
    Err(InvalidInput::new(format!(
        "missing required member `{}` of `{}` (at `{member_path}`)",
        missing.member, missing.owner
    )))
}

/// A required member found unset: its name, its structure's, and the steps leading to it
/// from the top (innermost first).
struct Missing<'a> {
    member: &'static str,
    owner: &'static str,
    steps: Vec<Step<'a>>,
}

/// One step of a member path.
enum Step<'a> {
    Member(&'static str),
    Index(usize),
    Key(&'a str),
}

/// The first unset required member (without a default) of `value`, depth first.
fn find_missing<'a>(schema: &Schema, value: &'a Value) -> Option<Missing<'a>> {
    let (mut found, step) = match (schema.kind, value) {
        (Kind::Structure, Value::Struct(slots)) => {
            schema
                .members
                .iter()
                .zip(slots)
                .find_map(|(member, slot)| match slot {
                    None if member.required && member.default.is_none() => Some((
                        Missing {
                            member: member.name,
                            owner: schema.name,
                            steps: Vec::new(),
                        },
                        Step::Member(member.name),
                    )),
                    None => None,
                    Some(v) => {
                        find_missing(member.target, v).map(|m| (m, Step::Member(member.name)))
                    }
                })
        }
        (Kind::Union, Value::Struct(slots)) => {
            schema.members.iter().zip(slots).find_map(|(member, slot)| {
                let m = find_missing(member.target, slot.as_ref()?)?;
                Some((m, Step::Member(member.name)))
            })
        }
        (Kind::List, Value::List(items)) => {
            let m = schema.element()?;
            items
                .iter()
                .enumerate()
                .find_map(|(i, v)| Some((find_missing(m.target, v)?, Step::Index(i))))
        }
        (Kind::Map, Value::Map(entries)) => {
            let m = schema.element()?;
            entries
                .iter()
                .find_map(|(k, v)| Some((find_missing(m.target, v)?, Step::Key(k.as_str()))))
        }
        _ => None,
    }?;
    found.steps.push(step);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Member;

    static STR: Schema = Schema::simple("String", Kind::String);
    static INNER: Schema = Schema::structure(
        "Inner",
        &[Member::new("a", &STR), Member::new("b", &STR).required()],
    );
    static LIST: Schema = Schema::list("List", &[Member::new("member", &INNER)]);
    static MAP: Schema = Schema::map(
        "Map",
        &[Member::new("key", &STR), Member::new("value", &LIST)],
    );
    static OUTER: Schema = Schema::structure(
        "Outer",
        &[
            Member::new("x", &STR),
            Member::new("m", &MAP),
            Member::new("top", &STR).required(),
        ],
    );

    fn inner(b: Option<&str>) -> Value {
        Value::Struct(vec![None, b.map(|b| Value::Str(b.to_owned()))])
    }

    #[test]
    fn missing_members_are_named_with_their_path() {
        let map = |items: Vec<Value>| Value::Map(vec![("k\"1".to_owned(), Value::List(items))]);
        let value = Value::Struct(vec![
            None,
            Some(map(vec![inner(Some("b")), inner(None)])),
            Some(Value::Str("t".to_owned())),
        ]);
        let error = check_required(&OUTER, &value, "Outer").unwrap_err();
        assert_eq!(
            error.to_string(),
            "missing required member `b` of `Inner` (at `Outer.m[\"k\\\"1\"][1].b`)"
        );
        let value = Value::Struct(vec![None, Some(map(vec![inner(Some("b"))])), None]);
        let error = check_required(&OUTER, &value, "Outer").unwrap_err();
        assert_eq!(
            error.to_string(),
            "missing required member `top` of `Outer` (at `Outer.top`)"
        );
        let value = Value::Struct(vec![
            None,
            Some(map(vec![inner(Some("b"))])),
            Some(Value::Str(String::new())),
        ]);
        assert!(check_required(&OUTER, &value, "Outer").is_ok());
    }
}
