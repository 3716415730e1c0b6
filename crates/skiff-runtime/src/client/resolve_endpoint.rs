//! The endpoint of one call: parameters from the configuration and the operation input, then
//! the user's resolver, the service's rule set, or its URL pattern.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::endpoint_pattern as pattern;
use crate::config::Config;
#[cfg(feature = "endpoint-rules")]
use crate::endpoint::{param_value, EndpointParam, ParamSource, ParamValue};
use crate::endpoint::{Endpoint, EndpointError, Params};
#[cfg(not(feature = "endpoint-rules"))]
use crate::error::ConfigError;
use crate::error::Failure;
use crate::schema::{Operation, Service};
use crate::value::Value;

/// Endpoints the service's rule set resolved, by their parameters: a rule set is a function
/// of its parameters alone, so a call with the parameters of a recent one reuses its endpoint
/// instead of evaluating the rules again (botocore's resolver caches the same way). Bounded:
/// the [`EndpointCache::ENTRIES`] most recently used parameter sets. Failures are not kept,
/// nor the answers of a resolver of the user's own (it may answer differently each time).
#[derive(Debug, Default)]
pub(crate) struct EndpointCache {
    /// Most recently used first.
    entries: Mutex<VecDeque<(Params, Arc<Endpoint>)>>,
}

impl EndpointCache {
    /// How many parameter sets are kept (several buckets of one S3 client, say).
    pub(crate) const ENTRIES: usize = 8;

    #[cfg_attr(not(feature = "endpoint-rules"), allow(dead_code))]
    fn get_or_resolve(
        &self,
        params: &Params,
        resolve: impl FnOnce() -> Result<Endpoint, EndpointError>,
    ) -> Result<Arc<Endpoint>, EndpointError> {
        // A poisoned lock only means another call panicked mid-update; the entries are whole.
        let hit = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            let found = entries.iter().position(|(p, _)| p == params);
            found.and_then(|i| {
                let entry = entries.remove(i)?;
                let endpoint = Arc::clone(&entry.1);
                entries.push_front(entry);
                Some(endpoint)
            })
        };
        if let Some(endpoint) = hit {
            return Ok(endpoint);
        }
        // Resolved outside the lock: concurrent first calls may both evaluate the rules.
        let endpoint = Arc::new(resolve()?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if !entries.iter().any(|(p, _)| p == params) {
            entries.truncate(Self::ENTRIES - 1);
            entries.push_front((params.clone(), Arc::clone(&endpoint)));
        }
        Ok(endpoint)
    }

    /// How many parameter sets are kept now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }
}

/// The endpoint of `op` for `input` under `config`.
pub(crate) fn resolve(
    config: &Config,
    service: &Service,
    op: &Operation,
    input: &Value,
    cache: &EndpointCache,
) -> Result<Arc<Endpoint>, Failure> {
    let resolver = config.endpoint.resolver.as_deref();
    match service.endpoint_rules {
        #[cfg(feature = "endpoint-rules")]
        Some(source) => {
            let rule_set = source.rule_set().map_err(Failure::Config)?;
            let params = rule_set_params(config, rule_set, op, input);
            let result = match resolver {
                Some(resolver) => resolver.resolve_endpoint(op.name, &params).map(Arc::new),
                None => cache.get_or_resolve(&params, || {
                    rule_set.resolve(&params).map_err(|e| match e {
                        crate::endpoint::rules::ResolveError::Rule(message) => {
                            EndpointError::rule(message)
                        }
                        other => EndpointError::new(format!("endpoint resolution failed: {other}")),
                    })
                }),
            };
            result.map_err(Failure::Endpoint)
        }
        #[cfg(not(feature = "endpoint-rules"))]
        Some(_) => Err({
            let _ = (input, cache);
            Failure::Config(ConfigError::new(
                "this service resolves endpoints with a rule set: enable the `endpoint-rules` \
             feature of skiff-runtime",
            ))
        }),
        None => match resolver {
            Some(resolver) => {
                let mut params = Params::new();
                if let Some(region) = &config.region {
                    params.insert("Region", region.clone());
                }
                if let Some(url) = &config.endpoint_url {
                    params.insert("Endpoint", url.clone());
                }
                resolver
                    .resolve_endpoint(op.name, &params)
                    .map(Arc::new)
                    .map_err(Failure::Endpoint)
            }
            None => pattern::resolve(
                service,
                config.endpoint_url.as_deref(),
                config.region.as_deref(),
            )
            .map(|url| Arc::new(Endpoint::new(url)))
            .map_err(Failure::Config),
        },
    }
}

/// The parameters for `rule_set`, in increasing precedence: built-ins from the configuration,
/// parameters set by name on the configuration (client context parameters), then the
/// operation's (context parameters and paths, then static ones). Only parameters the rule set
/// declares are set.
#[cfg(feature = "endpoint-rules")]
pub(crate) fn rule_set_params(
    config: &Config,
    rule_set: &crate::endpoint::rules::RuleSet,
    op: &Operation,
    input: &Value,
) -> Params {
    let mut params = Params::with_capacity(rule_set.parameters().len());
    for declared in rule_set.parameters() {
        let Some(built_in) = declared.built_in.as_deref() else {
            continue;
        };
        if let Some(value) = built_in_value(config, built_in) {
            params.insert(declared.name.clone(), value);
        }
    }
    for (name, value) in &config.endpoint.params {
        if rule_set.parameter(name).is_some() {
            params.insert(name.clone(), value.clone());
        }
    }
    // Static values win over input values (the specification's order).
    let (statics, from_input): (Vec<&EndpointParam>, Vec<&EndpointParam>) = op
        .endpoint_params
        .iter()
        .partition(|p| !matches!(p.source, ParamSource::Input(_)));
    for param in from_input.into_iter().chain(statics) {
        if rule_set.parameter(param.name).is_none() {
            continue;
        }
        if let Some(value) = param_value(&param.source, input) {
            params.insert(param.name, value);
        }
    }
    params
}

/// The configuration's value of a built-in, if set.
#[cfg(feature = "endpoint-rules")]
fn built_in_value(config: &Config, built_in: &str) -> Option<ParamValue> {
    let endpoint = &config.endpoint;
    match built_in {
        "AWS::Region" => config.region.clone().map(ParamValue::String),
        "SDK::Endpoint" => config.endpoint_url.clone().map(ParamValue::String),
        "AWS::UseFIPS" => endpoint.use_fips.map(ParamValue::Bool),
        "AWS::UseDualStack" => endpoint.use_dual_stack.map(ParamValue::Bool),
        "AWS::Auth::AccountId" => endpoint.account_id.clone().map(ParamValue::String),
        "AWS::Auth::AccountIdEndpointMode" => endpoint
            .account_id_endpoint_mode
            .clone()
            .map(ParamValue::String),
        other => endpoint
            .built_ins
            .iter()
            .find(|(name, _)| *name == other)
            .map(|(_, value)| value.clone()),
    }
}

/// What the endpoint says the request must be signed with (its `authSchemes` property).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct SigningOverride {
    /// The SigV4 signing name.
    pub(crate) name: Option<String>,
    /// The SigV4 signing region.
    pub(crate) region: Option<String>,
    /// `disableDoubleEncoding`: sign the path encoded once.
    pub(crate) disable_double_encoding: Option<bool>,
    /// `disableNormalizePath`: sign the path as it is.
    pub(crate) disable_normalize_path: Option<bool>,
}

/// Reads the endpoint's `authSchemes`: `sigv4` gives the signing name and region, and
/// `disableDoubleEncoding` / `disableNormalizePath` when it has them (they override the
/// signing name's defaults, see `sigv4::SigningSettings`). Schemes this runtime cannot sign with (`sigv4a`, `sigv4-s3express`) are
/// skipped when `sigv4` is listed too; an endpoint listing only such schemes is an error. No
/// `authSchemes`: no override.
pub(crate) fn signing_override(endpoint: &Endpoint) -> Result<SigningOverride, EndpointError> {
    use crate::value::Document;
    let Some(Document::Array(schemes)) = endpoint.properties.get("authSchemes") else {
        return Ok(SigningOverride::default());
    };
    let mut names = Vec::new();
    for scheme in schemes {
        let Document::Object(scheme) = scheme else {
            continue;
        };
        let text = |key: &str| match scheme.get(key) {
            Some(Document::String(s)) => Some(s.clone()),
            _ => None,
        };
        let flag = |key: &str| match scheme.get(key) {
            Some(Document::Bool(b)) => Some(*b),
            _ => None,
        };
        let Some(name) = text("name") else {
            continue;
        };
        if name == "sigv4" {
            return Ok(SigningOverride {
                name: text("signingName"),
                region: text("signingRegion"),
                disable_double_encoding: flag("disableDoubleEncoding"),
                disable_normalize_path: flag("disableNormalizePath"),
            });
        }
        names.push(name);
    }
    if names.is_empty() {
        return Ok(SigningOverride::default());
    }
    Err(EndpointError::new(format!(
        "the endpoint requires an authentication scheme this client cannot sign with ({}); \
         only `sigv4` is supported",
        names.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn params(region: &str) -> Params {
        let mut params = Params::new();
        params.insert("Region", region.to_owned());
        params
    }

    #[test]
    fn the_cache_resolves_each_parameter_set_once_and_keeps_the_most_recent() {
        let cache = EndpointCache::default();
        let resolved = Cell::new(0);
        let resolve = |region: &str| {
            cache
                .get_or_resolve(&params(region), || {
                    resolved.set(resolved.get() + 1);
                    Ok(Endpoint::new(format!("https://svc.{region}.example")))
                })
                .expect("resolves")
        };
        let first = resolve("us-east-1");
        assert_eq!(first.url, "https://svc.us-east-1.example");
        let again = resolve("us-east-1");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same parameters reuse the endpoint"
        );
        assert_eq!(resolved.get(), 1);
        assert_eq!(resolve("eu-west-1").url, "https://svc.eu-west-1.example");
        assert_eq!(resolved.get(), 2);

        // Bounded: ENTRIES distinct sets more evict the least recently used ones.
        for i in 0..EndpointCache::ENTRIES {
            resolve(&format!("region-{i}"));
        }
        assert_eq!(cache.len(), EndpointCache::ENTRIES);
        let before = resolved.get();
        resolve("us-east-1");
        assert_eq!(
            resolved.get(),
            before + 1,
            "us-east-1 was evicted, so resolved again"
        );
        // The most recent are still there.
        let last = format!("region-{}", EndpointCache::ENTRIES - 1);
        resolve(&last);
        assert_eq!(resolved.get(), before + 1);
    }

    #[test]
    fn failures_are_not_cached() {
        let cache = EndpointCache::default();
        let calls = Cell::new(0);
        for _ in 0..2 {
            let result = cache.get_or_resolve(&params("us-east-1"), || {
                calls.set(calls.get() + 1);
                Err(EndpointError::new("no endpoint"))
            });
            assert_eq!(result.expect_err("fails").to_string(), "no endpoint");
        }
        assert_eq!(calls.get(), 2);
        assert_eq!(cache.len(), 0);
    }
}
