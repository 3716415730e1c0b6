//! The Smithy endpoint rules engine (rules language 1.0, plus `split`, `coalesce`, `ite` and
//! negative `getAttr` indexes from 1.1).
//!
//! Role: turn a service's `smithy.rules#endpointRuleSet` and the endpoint parameters of one
//! request (region, FIPS and dual-stack flags, a custom endpoint, a bucket name, ...) into the
//! endpoint to call.
//!
//! * Input: the rule set's JSON, parsed once with [`RuleSet::parse`]; per request, the
//!   parameter values as [`Params`].
//! * Output: [`RuleSet::resolve`] gives an [`Endpoint`] (URL, headers and properties such as
//!   `authSchemes`, as [`Document`]s), or a [`ResolveError`]: the rule set's own error message,
//!   a missing required parameter, or a type error in a rule set that static checking would
//!   have rejected.
//!
//! Supported functions: `isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`,
//! `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`, `split`, `coalesce`, `ite`, and
//! the AWS extension's `aws.partition` (with the embedded [`Partitions`] table),
//! `aws.parseArn` and `aws.isVirtualHostableS3Bucket`. Any other function name is a parse
//! error.
//!
//! Nothing here panics on any input, and no error message includes a parameter's value (error
//! rules' own messages aside, which the rule set's author writes).

mod error;
mod eval;
mod ir;
mod json;
mod parse;
mod partitions;
mod regex;
mod ruleset;
mod stdlib;

pub use super::params::{Deprecated, ParamType, ParamValue, Parameter, Params};
pub use super::Endpoint;
pub use crate::value::{Document, Number};
pub use error::{ParseError, ResolveError};
pub use partitions::{Partition, Partitions};
pub use ruleset::RuleSet;
