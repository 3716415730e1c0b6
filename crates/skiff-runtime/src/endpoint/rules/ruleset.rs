//! [`RuleSet`]: a parsed endpoint rule set; resolving it yields an [`Endpoint`].

use std::fmt;

use super::error::{ParseError, ResolveError};
use super::eval;
use super::ir::Rule;
use super::parse;
use super::partitions::Partitions;
use crate::endpoint::params::{Parameter, Params};
pub use crate::endpoint::Endpoint;

/// A parsed `smithy.rules#endpointRuleSet`, ready to resolve endpoints.
///
/// Parse once (for example into a `static` `OnceLock`), resolve per request: resolution only
/// walks the pre-resolved rules. A `RuleSet` is immutable, `Send` and `Sync`.
#[derive(Clone)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
    slot_count: usize,
}

impl RuleSet {
    /// Parses the JSON value of an `endpointRuleSet` trait:
    /// `{"version": "1.0", "parameters": {...}, "rules": [...]}`.
    ///
    /// Every problem that can be found without evaluating is an error here, naming where it
    /// is: unknown functions, wrong argument counts, references to undeclared names, malformed
    /// templates or `getAttr` paths, parameter defaults of the wrong type, and so on.
    pub fn parse(json: &str) -> Result<RuleSet, ParseError> {
        let parsed = parse::parse_rule_set(json)?;
        Ok(RuleSet {
            version: parsed.version,
            parameters: parsed.parameters,
            rules: parsed.rules,
            slot_count: parsed.slot_count,
        })
    }

    /// The rules engine version the rule set declares, such as `1.0`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, sorted by name.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The declared parameter called `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Resolves the endpoint for `params`, with the embedded partitions table
    /// ([`Partitions::embedded`]).
    ///
    /// Parameters not in `params` take their default, if they have one; a required parameter
    /// with neither is [`ResolveError::MissingParameter`]. A matching error rule is
    /// [`ResolveError::Rule`] with the rule's message.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, ResolveError> {
        self.resolve_with(params, Partitions::embedded())
    }

    /// [`resolve`](RuleSet::resolve) with another partitions table.
    pub fn resolve_with(
        &self,
        params: &Params,
        partitions: &Partitions,
    ) -> Result<Endpoint, ResolveError> {
        eval::resolve(
            &self.parameters,
            &self.rules,
            self.slot_count,
            params,
            partitions,
        )
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleSet")
            .field("version", &self.version)
            .field(
                "parameters",
                &self.parameters.iter().map(|p| &p.name).collect::<Vec<_>>(),
            )
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}
