//! Pass: endpoint rules. Reads the service's `smithy.rules#endpointRuleSet` (kept as compact
//! JSON for the runtime's rules engine), `aws.api#service` `sdkId` (for
//! `AWS_ENDPOINT_URL_<ID>`), `smithy.rules#clientContextParams`, and per operation
//! `smithy.rules#staticContextParams`, `@contextParam` members of the input and
//! `smithy.rules#operationContextParams` paths.
//!
//! Supported `operationContextParams` paths: member names separated by `.`, each optionally
//! followed by `[*]` (every element of a list), and `keys(<path>)` (the keys of a map).
//! Any other JMESPath (filters, functions, multi-selects) is a lowering error naming the path.
//!
//! Endpoint-carried labels: when a `@contextParam` member is also an `@httpLabel` (or a label
//! of the `@endpoint` host prefix), and the rule set writes that parameter into endpoint URLs
//! (`{Bucket}` in `https://{Bucket}.s3.{Region}.amazonaws.com`), the endpoint carries the
//! value: the label is removed from the operation's URI pattern (or host prefix), as every AWS
//! SDK does for S3's bucket and S3 Control's account id. Without this, a virtual-hosted request
//! would name its bucket twice (`https://b.s3.amazonaws.com/b/key`).

use std::collections::BTreeSet;

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

/// The client context parameters that no built-in sets: name, type and documentation (a
/// parameter the rule set binds to a built-in, such as S3's `ForcePathStyle` to
/// `AWS::S3::ForcePathStyle`, already has its setter on the runtime's `ConfigBuilder`).
pub(super) fn client_context_params(service: &Shape) -> Vec<(String, String, String)> {
    let Some(Json::Object(params)) = service.traits.get(CLIENT_CONTEXT) else {
        return Vec::new();
    };
    let declared = service
        .traits
        .get(RULE_SET)
        .and_then(|r| r.get("parameters"));
    params
        .iter()
        .filter(|(name, _)| {
            declared
                .and_then(|d| d.get(name.as_str()))
                .and_then(|p| p.get("builtIn"))
                .is_none()
        })
        .map(|(name, p)| {
            let text = |key: &str| p.get(key).and_then(Json::as_str).unwrap_or("").to_owned();
            (name.clone(), text("type"), text("documentation"))
        })
        .collect()
}

/// The parameters the rule set writes into endpoint URLs: every `{Name}` and `{Name#path}`
/// of an endpoint's `url` template, and a `url` given as `{"ref": Name}`.
pub(super) fn url_params(service: &Shape) -> BTreeSet<String> {
    fn walk(node: &Json, out: &mut BTreeSet<String>) {
        match node {
            Json::Object(map) => {
                if let Some(url) = map.get("endpoint").and_then(|e| e.get("url")) {
                    match url {
                        Json::String(template) => template_refs(template, out),
                        Json::Object(r) => {
                            if let Some(name) = r.get("ref").and_then(Json::as_str) {
                                out.insert(name.to_owned());
                            }
                        }
                        _ => {}
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    if let Some(rules) = service.traits.get(RULE_SET).and_then(|r| r.get("rules")) {
        walk(rules, &mut out);
    }
    out
}

/// The names a template string refers to (`{{` is an escaped brace).
fn template_refs(template: &str, out: &mut BTreeSet<String>) {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        if let Some(escaped) = rest.strip_prefix('{') {
            rest = escaped;
            continue;
        }
        let Some(end) = rest.find('}') else { break };
        let name = rest[..end].split('#').next().unwrap_or_default();
        if !name.is_empty() {
            out.insert(name.to_owned());
        }
        rest = &rest[end + 1..];
    }
}

/// The input members of `input_id` whose value the endpoint carries: `@contextParam` members
/// bound to a parameter in `url_params`.
pub(super) fn endpoint_carried_members(
    lw: &Lowerer<'_>,
    input_id: &str,
    url_params: &BTreeSet<String>,
) -> Vec<String> {
    let Some(input) = lw.shape(input_id) else {
        return Vec::new();
    };
    shape_members(input)
        .into_iter()
        .filter(|(_, def)| {
            def.traits
                .get(CONTEXT_PARAM)
                .and_then(|c| c.get("name"))
                .and_then(Json::as_str)
                .is_some_and(|name| url_params.contains(name))
        })
        .map(|(member, _)| member)
        .collect()
}

/// `uri` without the path segment `{member}` (or `{member+}`): `/{Bucket}/{Key+}?x` becomes
/// `/{Key+}?x`, `/{Bucket}` becomes `/`.
pub(super) fn without_label(uri: &str, member: &str) -> String {
    let (path, query) = match uri.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (uri, None),
    };
    let (plain, greedy) = (format!("{{{member}}}"), format!("{{{member}+}}"));
    let kept: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != plain && *s != greedy)
        .collect();
    let mut out = format!("/{}", kept.join("/"));
    if path.len() > 1 && path.ends_with('/') && out.len() > 1 {
        out.push('/');
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// `prefix` without the label `{member}` and the `.` after it: `{AccountId}.` becomes empty
/// (then no prefix).
pub(super) fn without_prefix_label(prefix: &str, member: &str) -> Option<String> {
    let label = format!("{{{member}}}");
    let out = prefix.replace(&format!("{label}."), "").replace(&label, "");
    (!out.is_empty()).then_some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_carried_label_from_uris_and_host_prefixes() {
        assert_eq!(without_label("/{Bucket}", "Bucket"), "/");
        assert_eq!(
            without_label("/{Bucket}?list-type=2", "Bucket"),
            "/?list-type=2"
        );
        assert_eq!(
            without_label("/{Bucket}/{Key+}?x-id=GetObject", "Bucket"),
            "/{Key+}?x-id=GetObject"
        );
        assert_eq!(without_label("/v1/{Bucket}/tags/", "Bucket"), "/v1/tags/");
        assert_eq!(
            without_label("/{Other}/{Key+}", "Bucket"),
            "/{Other}/{Key+}"
        );
        assert_eq!(without_prefix_label("{AccountId}.", "AccountId"), None);
        assert_eq!(
            without_prefix_label("{RequestRoute}.", "AccountId").as_deref(),
            Some("{RequestRoute}.")
        );
    }

    #[test]
    fn finds_the_parameters_of_url_templates() {
        let mut out = BTreeSet::new();
        template_refs(
            "https://{Bucket}.s3.{Region}.{p#dnsSuffix}/{{literal}}",
            &mut out,
        );
        assert_eq!(
            out.into_iter().collect::<Vec<_>>(),
            ["Bucket", "Region", "p"]
        );
    }
}
