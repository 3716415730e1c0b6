//! `smithy.waiters#waitable` on an operation: each waiter's delays and acceptors, checked.
//!
//! Every JMESPath is compiled here (with the runtime's evaluator), so that a path the runtime
//! could not evaluate is a model error naming the file, the operation and the waiter, and never
//! a waiter that silently never matches. Delays must satisfy `1 <= minDelay <= maxDelay`.

use serde_json::Value as Json;

use super::traits::*;
use super::Lowerer;
use crate::error::Result;
use crate::ir::{AcceptorIr, MatcherIr, WaiterIr};
use crate::model::Shape;
use crate::naming;

/// The waiters of operation `op_id`, in the model's order (none without the trait).
pub(super) fn waiters(lw: &Lowerer<'_>, op_id: &str, op: &Shape) -> Result<Vec<WaiterIr>> {
    let Some(trait_value) = op.traits.get(WAITABLE) else {
        return Ok(Vec::new());
    };
    let Some(table) = trait_value.as_object() else {
        return Err(lw.err(
            op_id,
            None,
            format!("`{WAITABLE}` must be an object of waiters"),
        ));
    };
    let mut out = Vec::new();
    for (name, w) in table {
        let err = |message: String| lw.err(op_id, None, format!("waiter `{name}`: {message}"));
        let valid_name = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_name {
            return Err(err(
                "a waiter name must be an UpperCamelCase identifier (letters and digits)".into(),
            ));
        }
        let delay = |key: &str, default: u64| -> Result<u64> {
            match w.get(key) {
                None => Ok(default),
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| err(format!("`{key}` must be a non-negative integer"))),
            }
        };
        let min_delay = delay("minDelay", 2)?;
        let max_delay = delay("maxDelay", 120)?;
        if min_delay < 1 || max_delay < min_delay {
            return Err(err(format!(
                "delays must satisfy 1 <= minDelay <= maxDelay (minDelay {min_delay}, maxDelay {max_delay})"
            )));
        }
        let acceptors = match w.get("acceptors").and_then(Json::as_array) {
            Some(a) if !a.is_empty() => a,
            _ => return Err(err("`acceptors` must be a non-empty list".into())),
        };
        let acceptors = acceptors
            .iter()
            .enumerate()
            .map(|(i, a)| acceptor(a).map_err(|m| err(format!("acceptor {}: {m}", i + 1))))
            .collect::<Result<Vec<_>>>()?;
        let (method, type_name, static_name) = naming::waiter(name);
        out.push(WaiterIr {
            name: name.clone(),
            method,
            type_name,
            static_name,
            docs: w
                .get("documentation")
                .and_then(Json::as_str)
                .map(crate::docs::normalize)
                .unwrap_or_default(),
            min_delay,
            max_delay,
            acceptors,
            deprecated: w.get("deprecated").and_then(Json::as_bool).unwrap_or(false),
        });
    }
    Ok(out)
}

/// One acceptor, or what is wrong with it.
fn acceptor(a: &Json) -> std::result::Result<AcceptorIr, String> {
    let state = match a.get("state").and_then(Json::as_str) {
        Some(s @ ("success" | "failure" | "retry")) => s.to_owned(),
        _ => return Err("`state` must be `success`, `failure` or `retry`".into()),
    };
    let matcher = match a.get("matcher").and_then(Json::as_object) {
        Some(m) if m.len() == 1 => m,
        _ => return Err("`matcher` must be an object with exactly one member".into()),
    };
    let (kind, body) = matcher.iter().next().ok_or("empty matcher")?;
    let matcher = match kind.as_str() {
        "success" => MatcherIr::Success(body.as_bool().ok_or("`success` must be a boolean")?),
        "errorType" => MatcherIr::ErrorType(
            body.as_str()
                .filter(|s| !s.is_empty())
                .ok_or("`errorType` must be a non-empty string")?
                .to_owned(),
        ),
        "output" | "inputOutput" => {
            let field = |key: &str| {
                body.get(key)
                    .and_then(Json::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{kind}` needs a string `{key}`"))
            };
            let (path, expected, comparator) =
                (field("path")?, field("expected")?, field("comparator")?);
            match comparator.as_str() {
                "stringEquals" | "allStringEquals" | "anyStringEquals" => {}
                "booleanEquals" if expected == "true" || expected == "false" => {}
                "booleanEquals" => {
                    return Err(format!(
                        "`booleanEquals` expects `true` or `false`, not `{expected}`"
                    ))
                }
                other => return Err(format!("unknown comparator `{other}`")),
            }
            if let Err(e) = skiff_runtime::jmespath::compile(&path) {
                return Err(format!("invalid JMESPath `{path}`: {e}"));
            }
            MatcherIr::Path {
                input_output: kind == "inputOutput",
                path,
                expected,
                comparator,
            }
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(AcceptorIr { state, matcher })
}
