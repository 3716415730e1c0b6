//! Where a request goes: the [`Endpoint`] of one operation call, and who resolves it.
//!
//! Owns endpoint selection only; it builds no request, signs nothing and knows no protocol or
//! service. Three ways to an endpoint, one interface ([`ResolveEndpoint`]):
//!
//! - services with a `smithy.rules#endpointRuleSet`: the [`rules`] engine (feature
//!   `endpoint-rules`) evaluates the rule set the generated crate ships ([`RuleSetSource`]) with
//!   [`Params`] made from the configuration (built-ins such as `AWS::Region`, client context
//!   parameters) and the operation (static context parameters, `@contextParam` members,
//!   `@operationContextParams` paths);
//! - services without one (`skiff.api#endpoint`, or the `aws.api#service` pattern): `client::endpoint_pattern`,
//!   the service's URL pattern for the region;
//! - a resolver of the user's own, set with
//!   [`ConfigBuilder::endpoint_resolver`](crate::ConfigBuilder::endpoint_resolver), which is given
//!   the same [`Params`] and replaces both.
//!
//! The operation's `@endpoint` host prefix is applied to whatever endpoint was chosen.

mod params;
pub(crate) mod resolve;
#[cfg(feature = "endpoint-rules")]
pub mod rules;

use std::collections::BTreeMap;
use std::fmt;

pub use params::{Deprecated, ParamType, ParamValue, Parameter, Params};
#[cfg(feature = "endpoint-rules")]
pub(crate) use resolve::param_value;
pub use resolve::{EndpointParam, ParamSource, PathStep, RuleSetSource};

pub use crate::error::EndpointError;
use crate::value::Document;

/// A resolved endpoint: where to send the request, extra headers, and properties such as
/// `authSchemes` (what to sign with).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL, such as `https://s3.us-east-1.amazonaws.com`; a path in it prefixes
    /// the operation's path.
    pub url: String,
    /// Headers to send with the request, by name (in name order), each with its values.
    pub headers: Vec<(String, Vec<String>)>,
    /// Endpoint properties, such as `authSchemes`.
    pub properties: BTreeMap<String, Document>,
}

impl Endpoint {
    /// An endpoint with only a URL.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            headers: Vec::new(),
            properties: BTreeMap::new(),
        }
    }
}

/// Chooses the endpoint of a call. Set one with
/// [`ConfigBuilder::endpoint_resolver`](crate::ConfigBuilder::endpoint_resolver) to replace the
/// service's rules.
///
/// `params` are the endpoint parameters the service's rule set declares, filled from the
/// configuration and the operation input (for a service without a rule set: `Region` and
/// `Endpoint`, when configured). `operation` is the operation's name.
pub trait ResolveEndpoint: Send + Sync + fmt::Debug {
    /// The endpoint for one call, or why there is none.
    fn resolve_endpoint(&self, operation: &str, params: &Params)
        -> Result<Endpoint, EndpointError>;
}

/// A resolver that always answers with the same URL (what
/// [`ConfigBuilder::endpoint_url`](crate::ConfigBuilder::endpoint_url) does for services without
/// a rule set; for services with one, the URL is passed to the rules as `SDK::Endpoint`).
#[derive(Clone, Debug)]
pub struct StaticEndpoint(pub String);

impl ResolveEndpoint for StaticEndpoint {
    fn resolve_endpoint(&self, _: &str, _: &Params) -> Result<Endpoint, EndpointError> {
        Ok(Endpoint::new(self.0.clone()))
    }
}
