//! Pass 4: the operations. Reads the flattened shapes and the service shape; produces
//! [`Operations`]: one [`OperationIr`] per operation bound to the service (directly, as a
//! resource's lifecycle or collection operation, or through nested resources), sorted by name,
//! with its input, output and errors checked; the operations left out (event streams) with
//! their reason; the closure of data shapes they reach; and the unit inputs and outputs that
//! must be synthesized.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::traits::*;
use super::{pagination, prelude, shape_members, waiters, Lowerer, DATA_KINDS};
use crate::error::{Error, Result};
use crate::ir::{shape_name, HttpIr, LowerOptions, OpAuth, OperationIr};
use crate::model::{Model, Shape, Target};
use crate::naming;

/// What the operations pass produces.
#[derive(Debug)]
pub(super) struct Operations {
    /// The operations, sorted by name.
    pub(super) operations: Vec<OperationIr>,
    /// Operations left out, with the reason (sorted by name).
    pub(super) skipped: Vec<(String, String)>,
    /// Every data shape the operations reach.
    pub(super) closure: BTreeSet<String>,
    /// How many operations use each structure as input or output.
    pub(super) io_uses: BTreeMap<String, usize>,
    /// Synthesized unit inputs and outputs: (shape id, operation name).
    pub(super) synthesized: Vec<(String, String)>,
}

/// Lowers every operation of the service, or those of the configuration's allowlist.
pub(super) fn lower_operations(
    lw: &Lowerer<'_>,
    model: &Model,
    service_id: &str,
    service: &Shape,
    options: &LowerOptions,
) -> Result<Operations> {
    let mut out = Operations {
        operations: Vec::new(),
        skipped: Vec::new(),
        closure: BTreeSet::new(),
        io_uses: BTreeMap::new(),
        synthesized: Vec::new(),
    };
    let mut ids = operation_ids(lw.file, model, service_id)?;
    if let Some(allow) = &options.config.operations {
        ids = allowed(lw.file, &options.config_file, service_id, ids, allow)?;
    }
    let url_params = super::endpoints::url_params(service);
    for op_id in ids {
        let op = lw
            .shape(&op_id)
            .ok_or_else(|| lw.err(&op_id, None, "missing operation"))?;
        if let Some(reason) = unsupported_feature(lw, op) {
            out.skipped.push((shape_name(&op_id).to_owned(), reason));
            continue;
        }
        let ir = lower_operation(lw, &op_id, op, service, &url_params, &mut out)?;
        out.operations.push(ir);
    }
    out.operations.sort_by(|a, b| a.name.cmp(&b.name));
    check_method_names(lw, service_id, &out.operations)?;
    Ok(out)
}

/// The operations of `ids` named in the allowlist `allow` (of `config_file`); an error names
/// the first allowlisted name that is not an operation of the service.
fn allowed(
    file: &str,
    config_file: &str,
    service_id: &str,
    ids: BTreeSet<String>,
    allow: &[String],
) -> Result<BTreeSet<String>> {
    let by_name: BTreeMap<&str, &String> = ids.iter().map(|id| (shape_name(id), id)).collect();
    allow
        .iter()
        .map(|name| {
            by_name
                .get(name.as_str())
                .map(|id| (*id).clone())
                .ok_or_else(|| {
                    let close: Vec<&str> = by_name
                        .keys()
                        .filter(|k| k.eq_ignore_ascii_case(name))
                        .copied()
                        .collect();
                    let hint = match close.first() {
                        Some(c) => format!(" (did you mean `{c}`?)"),
                        None => String::new(),
                    };
                    Error::Config {
                        file: config_file.to_owned(),
                        message: format!(
                        "`{name}` is not an operation of service `{service_id}` in {file}{hint}"
                    ),
                    }
                })
        })
        .collect()
}

/// Lowers one operation, adding the shapes it reaches to `out`'s closure.
fn lower_operation(
    lw: &Lowerer<'_>,
    op_id: &str,
    op: &Shape,
    service: &Shape,
    url_params: &BTreeSet<String>,
    out: &mut Operations,
) -> Result<OperationIr> {
    let name = shape_name(op_id).to_owned();
    let input = io_structure(lw, op_id, op.input.as_ref(), "Input", out)?;
    let output = io_structure(lw, op_id, op.output.as_ref(), "Output", out)?;
    let mut errors: Vec<String> = Vec::new();
    for e in op.errors.iter().chain(&service.errors).map(|t| &t.target) {
        if errors.contains(e) {
            continue;
        }
        let shape = lw
            .shape(e)
            .filter(|s| s.kind == "structure" && s.traits.contains_key(ERROR));
        if shape.is_none() {
            return Err(lw.err(
                op_id,
                None,
                format!("error `{e}` is not a structure with `@error`"),
            ));
        }
        walk(lw, e, &mut out.closure)?;
        errors.push(e.clone());
    }
    let auth = match op.traits.get(AUTH) {
        Some(Json::Array(a)) if a.is_empty() => OpAuth::None,
        _ if op.traits.contains_key(OPTIONAL_AUTH) => OpAuth::Optional,
        _ => OpAuth::Service,
    };
    let endpoint_params = super::endpoints::operation_params(lw, op_id, op, &input)?;
    let mut http = http_trait(lw, op_id, op)?;
    let mut host_prefix = op
        .traits
        .get(ENDPOINT)
        .and_then(|e| e.get("hostPrefix"))
        .and_then(Json::as_str)
        .map(str::to_owned);
    for member in super::endpoints::endpoint_carried_members(lw, &input, url_params) {
        if let Some(http) = &mut http {
            http.uri = super::endpoints::without_label(&http.uri, &member);
        }
        host_prefix = host_prefix.and_then(|p| super::endpoints::without_prefix_label(&p, &member));
    }
    Ok(OperationIr {
        endpoint_params,
        id: op_id.to_owned(),
        checksum_required: op.traits.contains_key(HTTP_CHECKSUM_REQUIRED),
        request_compression: request_compression(lw, op_id, op)?,
        auth,
        docs: docs_of(&op.traits),
        error_type: format!("{}Error", naming::stem(&name)),
        builder_type: format!("{}FluentBuilder", naming::stem(&name)),
        method: naming::snake(&name),
        name,
        input,
        output,
        errors,
        http,
        host_prefix,
        paginated: pagination::paginated(lw, op_id, op, service)?,
        waiters: waiters::waiters(lw, op_id, op)?,
    })
}

/// The shape id of an operation's input or output (`suffix` says which): its structure, or a
/// synthesized empty `<Op><suffix>` for `Unit` or none.
fn io_structure(
    lw: &Lowerer<'_>,
    op_id: &str,
    target: Option<&Target>,
    suffix: &str,
    out: &mut Operations,
) -> Result<String> {
    match target {
        Some(t) if t.target != "smithy.api#Unit" => {
            if lw.kind_of(&t.target) != Some("structure") {
                return Err(lw.err(
                    op_id,
                    None,
                    format!("{suffix} `{}` is not a structure", t.target),
                ));
            }
            *out.io_uses.entry(t.target.clone()).or_default() += 1;
            walk(lw, &t.target, &mut out.closure)?;
            Ok(t.target.clone())
        }
        _ => {
            let ns = op_id.split('#').next().unwrap_or_default();
            let name = shape_name(op_id);
            let id = format!("{ns}#{name}{suffix}");
            if lw.shape(&id).is_some() {
                return Err(lw.err(
                    op_id,
                    None,
                    format!("cannot synthesize the unit {suffix} `{id}`: a shape has that id"),
                ));
            }
            out.synthesized.push((id.clone(), name.to_owned()));
            Ok(id)
        }
    }
}

/// `@http`: method, URI pattern and success code (200 by default).
fn http_trait(lw: &Lowerer<'_>, op_id: &str, op: &Shape) -> Result<Option<HttpIr>> {
    let Some(h) = op.traits.get(HTTP) else {
        return Ok(None);
    };
    let method = h.get("method").and_then(Json::as_str);
    let uri = h.get("uri").and_then(Json::as_str);
    let (Some(method), Some(uri)) = (method, uri) else {
        return Err(lw.err(
            op_id,
            None,
            "`smithy.api#http` needs string `method` and `uri`",
        ));
    };
    let code = match h.get("code") {
        None => 200,
        Some(c) => c
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .ok_or_else(|| lw.err(op_id, None, "`smithy.api#http` `code` must be an integer"))?,
    };
    Ok(Some(HttpIr {
        method: method.to_owned(),
        uri: uri.to_owned(),
        code,
    }))
}

/// `@requestCompression` encodings, in order of preference.
fn request_compression(lw: &Lowerer<'_>, op_id: &str, op: &Shape) -> Result<Vec<String>> {
    let Some(v) = op.traits.get(REQUEST_COMPRESSION) else {
        return Ok(Vec::new());
    };
    v.get("encodings")
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .ok_or_else(|| {
            lw.err(
                op_id,
                None,
                "`smithy.api#requestCompression` needs an `encodings` list",
            )
        })
}

/// Operation names must stay distinct once made Rust identifiers.
fn check_method_names(
    lw: &Lowerer<'_>,
    service_id: &str,
    operations: &[OperationIr],
) -> Result<()> {
    let mut seen = BTreeMap::new();
    let methods = operations.iter().flat_map(|op| {
        std::iter::once((op.method.clone(), op.name.clone())).chain(
            op.waiters
                .iter()
                .map(|w| (w.method.clone(), format!("waiter {}", w.name))),
        )
    });
    for (method, name) in methods {
        if let Some(prev) = seen.insert(method.clone(), name.clone()) {
            return Err(lw.err(
                service_id,
                None,
                format!("operations `{prev}` and `{name}` both become `{method}`"),
            ));
        }
    }
    Ok(())
}

/// Why an operation cannot be generated yet, if it cannot: event streams (a member targeting
/// a `@streaming` union) need a streaming transport the runtime does not have.
fn unsupported_feature(lw: &Lowerer<'_>, op: &Shape) -> Option<String> {
    for io in [&op.input, &op.output].into_iter().flatten() {
        let Some(shape) = lw.shape(&io.target) else {
            continue;
        };
        for (name, member) in &shape.members {
            let target = lw.shape(&member.target);
            if target.is_some_and(|t| t.kind == "union" && t.traits.contains_key(STREAMING)) {
                return Some(format!("event stream (member `{name}`)"));
            }
        }
    }
    None
}

/// Every operation shape id of a service: bound directly, as resource lifecycle or collection
/// operations, or through (nested) resources. Sorted. Errors name what is bound but is not an operation
/// or a resource.
pub fn operation_ids(file: &str, model: &Model, service_id: &str) -> Result<BTreeSet<String>> {
    let service = model
        .shapes
        .get(service_id)
        .filter(|s| s.kind == "service")
        .ok_or_else(|| Error::model(file, service_id, None, "not a service shape"))?;
    let mut out = BTreeSet::new();
    let mut stack = vec![service];
    let mut seen = BTreeSet::new();
    while let Some(shape) = stack.pop() {
        let lifecycle = [
            &shape.create,
            &shape.put,
            &shape.read,
            &shape.update,
            &shape.delete,
            &shape.list,
        ];
        for t in shape
            .operations
            .iter()
            .chain(&shape.collection_operations)
            .chain(lifecycle.into_iter().flatten())
        {
            if model.shapes.get(&t.target).map(|s| s.kind.as_str()) != Some("operation") {
                return Err(Error::model(
                    file,
                    &t.target,
                    None,
                    "bound as an operation but is not one",
                ));
            }
            out.insert(t.target.clone());
        }
        for r in &shape.resources {
            let resource = model
                .shapes
                .get(&r.target)
                .filter(|s| s.kind == "resource")
                .ok_or_else(|| {
                    Error::model(file, &r.target, None, "bound as a resource but is not one")
                })?;
            if seen.insert(r.target.clone()) {
                stack.push(resource);
            }
        }
    }
    Ok(out)
}

/// Adds `id` and every data shape reachable from it to `closure`, checking kinds.
fn walk(lw: &Lowerer<'_>, id: &str, closure: &mut BTreeSet<String>) -> Result<()> {
    let mut stack = vec![id.to_owned()];
    while let Some(id) = stack.pop() {
        if prelude(&id).is_some() || closure.contains(&id) {
            continue;
        }
        let shape = lw
            .shape(&id)
            .ok_or_else(|| lw.err(&id, None, "does not exist"))?;
        if !DATA_KINDS.contains(&shape.kind.as_str()) {
            return Err(lw.err(
                &id,
                None,
                format!("a `{}` shape cannot be used as data", shape.kind),
            ));
        }
        closure.insert(id.clone());
        if matches!(shape.kind.as_str(), "enum" | "intEnum") {
            continue;
        }
        for (name, m) in shape_members(shape) {
            match lw.kind_of(&m.target) {
                Some(k) if DATA_KINDS.contains(&k) => stack.push(m.target.clone()),
                Some(k) => {
                    return Err(lw.err(
                        &id,
                        Some(&name),
                        format!(
                            "targets `{}`, a `{k}` shape, which cannot be used as data",
                            m.target
                        ),
                    ))
                }
                None => {
                    return Err(lw.err(
                        &id,
                        Some(&name),
                        format!("target `{}` does not exist", m.target),
                    ))
                }
            }
        }
    }
    Ok(())
}
