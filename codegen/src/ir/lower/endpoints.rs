//! Pass: endpoint rules. Reads the service's `smithy.rules#endpointRuleSet` (kept as compact
//! JSON for the runtime's rules engine), `aws.api#service` `sdkId` (for
//! `AWS_ENDPOINT_URL_<ID>`), `smithy.rules#clientContextParams`, and per operation
//! `smithy.rules#staticContextParams`, `@contextParam` members of the input and
//! `smithy.rules#operationContextParams` paths.
//!
//! Supported `operationContextParams` paths: member names separated by `.`, each optionally
//! followed by `[*]` (every element of a list), and `keys(<path>)` (the keys of a map).
//! Any other JMESPath (filters, functions, multi-selects) is a lowering error naming the path.

use serde_json::Value as Json;

use super::{shape_members, Lowerer};
use crate::error::Result;
use crate::ir::{EndpointParamIr, EndpointSourceIr, PathStepIr};
use crate::model::Shape;

const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const CLIENT_CONTEXT: &str = "smithy.rules#clientContextParams";
const STATIC_CONTEXT: &str = "smithy.rules#staticContextParams";
const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
const OPERATION_CONTEXT: &str = "smithy.rules#operationContextParams";

/// The rule set as compact JSON, when the service has one.
pub(super) fn rule_set(service: &Shape) -> Option<String> {
    service.traits.get(RULE_SET).map(Json::to_string)
}

/// `AWS_ENDPOINT_URL_<ID>`'s id: the `sdkId`, upper-cased, spaces as `_`.
pub(super) fn env_id(service: &Shape) -> String {
    service
        .traits
        .get("aws.api#service")
        .and_then(|s| s.get("sdkId"))
        .and_then(Json::as_str)
        .map(|id| id.to_uppercase().replace([' ', '-'], "_"))
        .unwrap_or_default()
}

/// The client context parameters: name, type and documentation.
pub(super) fn client_context_params(service: &Shape) -> Vec<(String, String, String)> {
    let Some(Json::Object(params)) = service.traits.get(CLIENT_CONTEXT) else {
        return Vec::new();
    };
    params
        .iter()
        .map(|(name, p)| {
            let text = |key: &str| p.get(key).and_then(Json::as_str).unwrap_or("").to_owned();
            (name.clone(), text("type"), text("documentation"))
        })
        .collect()
}

/// The endpoint parameters of the operation `op_id` with input structure `input_id`, sorted
/// by name.
pub(super) fn operation_params(
    lw: &Lowerer<'_>,
    op_id: &str,
    op: &Shape,
    input_id: &str,
) -> Result<Vec<EndpointParamIr>> {
    let mut out = Vec::new();
    if let Some(input) = lw.shape(input_id) {
        for (index, (member, def)) in shape_members(input).iter().enumerate() {
            if let Some(name) = def
                .traits
                .get(CONTEXT_PARAM)
                .and_then(|c| c.get("name"))
                .and_then(Json::as_str)
            {
                let _ = member;
                out.push(EndpointParamIr {
                    name: name.to_owned(),
                    source: EndpointSourceIr::Input(vec![PathStepIr::Member(index)]),
                });
            }
        }
    }
    if let Some(Json::Object(params)) = op.traits.get(OPERATION_CONTEXT) {
        for (name, p) in params {
            let path = p.get("path").and_then(Json::as_str).unwrap_or_default();
            let steps = parse_path(lw, input_id, path).ok_or_else(|| {
                lw.err(
                    op_id,
                    None,
                    format!(
                        "`{OPERATION_CONTEXT}` `{name}`: the path `{path}` is not supported \
                         (only `a.b`, `a[*].b` and `keys(a)`)"
                    ),
                )
            })?;
            out.push(EndpointParamIr {
                name: name.clone(),
                source: EndpointSourceIr::Input(steps),
            });
        }
    }
    if let Some(Json::Object(params)) = op.traits.get(STATIC_CONTEXT) {
        for (name, p) in params {
            let source = match p.get("value") {
                Some(Json::Bool(b)) => EndpointSourceIr::Bool(*b),
                Some(Json::String(s)) => EndpointSourceIr::Str(s.clone()),
                Some(Json::Array(items)) if items.iter().all(Json::is_string) => {
                    EndpointSourceIr::StrArray(
                        items
                            .iter()
                            .filter_map(Json::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )
                }
                _ => {
                    return Err(lw.err(
                        op_id,
                        None,
                        format!(
                            "`{STATIC_CONTEXT}` `{name}`: expected a boolean, string or string \
                             list `value`"
                        ),
                    ))
                }
            };
            out.push(EndpointParamIr {
                name: name.clone(),
                source,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The steps of a supported JMESPath over the input structure `input_id`.
fn parse_path(lw: &Lowerer<'_>, input_id: &str, path: &str) -> Option<Vec<PathStepIr>> {
    let (inner, keys) = match path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (path, false),
    };
    let mut steps = Vec::new();
    let mut current = input_id.to_owned();
    for segment in inner.split('.') {
        let (name, each) = match segment.strip_suffix("[*]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let shape = lw.shape(&current)?;
        if shape.kind != "structure" {
            return None;
        }
        let members = shape_members(shape);
        let index = members.iter().position(|(n, _)| n == name)?;
        steps.push(PathStepIr::Member(index));
        current = members[index].1.target.clone();
        if each {
            let list = lw.shape(&current)?;
            if list.kind != "list" {
                return None;
            }
            steps.push(PathStepIr::Each);
            current = list.member.as_ref()?.target.clone();
        }
    }
    if keys {
        if lw.shape(&current)?.kind != "map" {
            return None;
        }
        steps.push(PathStepIr::Keys);
    }
    Some(steps)
}
