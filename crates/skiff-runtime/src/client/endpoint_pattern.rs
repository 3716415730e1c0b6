//! Endpoints of services without a rule set: the `skiff.api#endpoint` pattern (or the
//! `aws.api#service` default) for the region, and the operation's `@endpoint` host prefix.

use std::borrow::Cow;

use crate::error::{ConfigError, Failure, InvalidInput};
use crate::schema::{Operation, Service};
use crate::value::Value;

/// The endpoint requests go to: `endpoint_url` when configured, else the service's pattern for
/// the region.
pub(crate) fn resolve(
    service: &Service,
    endpoint_url: Option<&str>,
    region: Option<&str>,
) -> Result<String, ConfigError> {
    if let Some(url) = endpoint_url {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    if service.endpoint.is_empty() {
        return Err(ConfigError::new(
            "this service has no default endpoint: configure an endpoint URL",
        ));
    }
    let region = region.ok_or_else(|| {
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

/// The endpoint with the operation's `@endpoint` host prefix prepended to its host, the prefix's
/// `{label}`s replaced by the `@hostLabel` members of the input. A label must be set, non-empty,
/// and made of letters, digits, `-` and `.`: anything else would change the host's meaning.
pub(crate) fn host_prefixed<'a>(
    op: &Operation,
    input: &Value,
    endpoint: &'a str,
) -> Result<std::borrow::Cow<'a, str>, Failure> {
    let invalid = |message: String| Failure::InvalidInput(InvalidInput::new(message));
    let Some(pattern) = op.host_prefix else {
        return Ok(Cow::Borrowed(endpoint));
    };
    let schema = op.input;
    let slots: &[Option<Value>] = match input {
        Value::Struct(slots) => slots,
        _ => &[],
    };
    let mut prefix = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        prefix.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| {
            invalid(format!(
                "the host prefix of `{}` has an unclosed `{{`",
                op.name
            ))
        })?;
        let label = &rest[start + 1..end];
        let index = schema
            .members
            .iter()
            .position(|m| m.name == label && m.host_label)
            .ok_or_else(|| {
                invalid(format!(
                    "the host label `{{{label}}}` of `{}` names no `@hostLabel` member of `{}`",
                    op.name, schema.name
                ))
            })?;
        let what = || format!("member `{}.{label}` (host label)", schema.name);
        match slots.get(index).and_then(Option::as_ref) {
            Some(Value::Str(s)) if !s.is_empty() => {
                let valid = s
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
                if !valid {
                    return Err(invalid(format!(
                        "{} may hold only letters, digits, `-` and `.`",
                        what()
                    )));
                }
                prefix.push_str(s);
            }
            Some(Value::Str(_)) | None => {
                return Err(invalid(format!(
                    "{} must be set to a non-empty value",
                    what()
                )))
            }
            Some(other) => {
                return Err(invalid(format!(
                    "{} cannot carry a value of kind `{}`",
                    what(),
                    other.kind_name()
                )))
            }
        }
        rest = &rest[end + 1..];
    }
    prefix.push_str(rest);
    Ok(Cow::Owned(match endpoint.split_once("://") {
        Some((scheme, host)) => format!("{scheme}://{prefix}{host}"),
        None => format!("{prefix}{endpoint}"),
    }))
}
