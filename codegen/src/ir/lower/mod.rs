//! Lowering: a parsed [`Model`] and a service shape id in, a [`ServiceIr`] out, in passes that
//! each read what the previous ones produced:
//!
//! 1. `validate`: the Smithy version, shape kinds, absolute ids, every target exists;
//! 2. `mixins`: `apply` statements merged, mixins flattened, the service's `rename` map read;
//! 3. `service`: protocol, signing, endpoint, vendor and title from the service's traits;
//! 4. `operations`: the operations (bound directly and through resources), their inputs,
//!    outputs, errors and traits, and the closure of data shapes they reach (`pagination`
//!    resolves `@paginated` for each, `waiters` reads `smithy.waiters#waitable`);
//! 5. `placement`: the module of each type, and Rust names that must not collide;
//! 6. `shapes`: every data shape of the closure, with its members (`recursion` says which
//!    members are boxed).
//!
//! Every model error is an [`Error`] naming the file, the shape id and the member.

mod endpoints;
mod mixins;
mod operations;
mod pagination;
mod placement;
mod recursion;
mod service;
mod shapes;
mod traits;
mod validate;
mod waiters;

use std::collections::BTreeMap;

use super::{shape_name, LowerOptions, ServiceIr};
use crate::error::{Error, Result};
use crate::model::{MemberDef, Model, Shape};

pub use operations::operation_ids;

/// Shape types that carry data and become Rust types or schema entries.
const DATA_KINDS: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
];

/// The shape types that are not data: operations, services, resources, and `member` shapes.
const NON_DATA_KINDS: &[&str] = &["member", "service", "operation", "resource"];

/// The prelude shapes: (shape name, Smithy kind, runtime static).
const PRELUDE: &[(&str, &str, &str)] = &[
    ("String", "string", "STRING"),
    ("Blob", "blob", "BLOB"),
    ("BigInteger", "bigInteger", "BIG_INTEGER"),
    ("BigDecimal", "bigDecimal", "BIG_DECIMAL"),
    ("Timestamp", "timestamp", "TIMESTAMP"),
    ("Document", "document", "DOCUMENT"),
    ("Boolean", "boolean", "BOOLEAN"),
    ("PrimitiveBoolean", "boolean", "BOOLEAN"),
    ("Byte", "byte", "BYTE"),
    ("PrimitiveByte", "byte", "BYTE"),
    ("Short", "short", "SHORT"),
    ("PrimitiveShort", "short", "SHORT"),
    ("Integer", "integer", "INTEGER"),
    ("PrimitiveInteger", "integer", "INTEGER"),
    ("Long", "long", "LONG"),
    ("PrimitiveLong", "long", "LONG"),
    ("Float", "float", "FLOAT"),
    ("PrimitiveFloat", "float", "FLOAT"),
    ("Double", "double", "DOUBLE"),
    ("PrimitiveDouble", "double", "DOUBLE"),
    ("Unit", "structure", "UNIT"),
];

/// The prelude shape `id` names, if it is one.
fn prelude(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let name = id.strip_prefix("smithy.api#")?;
    PRELUDE.iter().find(|(n, _, _)| *n == name)
}

/// The shapes of a model after `mixins`, and the service's renames: what every later pass reads.
pub(super) struct Lowerer<'m> {
    file: &'m str,
    shapes: BTreeMap<&'m str, Shape>,
    /// The service's `rename` map: shape id → the name it takes in this service.
    renames: BTreeMap<String, String>,
}

impl<'m> Lowerer<'m> {
    /// The name of a shape in this service: its `rename`, else the name part of its id.
    pub(super) fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.renames
            .get(id)
            .map_or_else(|| shape_name(id), String::as_str)
    }

    pub(super) fn err(
        &self,
        shape: &str,
        member: Option<&str>,
        message: impl Into<String>,
    ) -> Error {
        Error::model(self.file, shape, member, message)
    }

    pub(super) fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }

    pub(super) fn kind_of(&self, id: &str) -> Option<&str> {
        if let Some((_, kind, _)) = prelude(id) {
            return Some(kind);
        }
        self.shape(id).map(|s| s.kind.as_str())
    }
}

/// Lowers the service `service_id` of `model` (read from `file`) into its IR.
pub fn lower(
    file: &str,
    model: &Model,
    service_id: &str,
    options: &LowerOptions,
) -> Result<ServiceIr> {
    validate::check_version(file, model)?;
    validate::check_shapes(file, model)?;
    let (shapes, warnings) = mixins::resolve(file, model)?;
    let mut lw = Lowerer {
        file,
        shapes,
        renames: BTreeMap::new(),
    };
    let service = lw
        .shape(service_id)
        .filter(|s| s.kind == "service")
        .ok_or_else(|| lw.err(service_id, None, "not a service shape"))?
        .clone();
    lw.renames = mixins::renames(&lw, service_id, &service)?;
    let traits = service::lower_service(&lw, service_id, &service)?;
    let mut ops = operations::lower_operations(&lw, model, service_id, &service, options)?;
    let placement = placement::place(&lw, &mut ops)?;
    let shapes = shapes::lower_shapes(&lw, &ops, &placement)?;
    let name = shape_name(service_id).to_owned();
    Ok(ServiceIr {
        file: file.to_owned(),
        id: service_id.to_owned(),
        crate_name: options
            .config
            .crate_name
            .clone()
            .unwrap_or_else(|| format!("skiff-{}-{}", traits.vendor, options.crate_suffix)),
        version: service.version.clone().unwrap_or_default(),
        docs: traits::docs_of(&service.traits),
        title: traits.title,
        name,
        protocol: traits.protocol,
        signing: traits.signing,
        endpoint: traits.endpoint,
        endpoint_overrides: traits.endpoint_overrides,
        xml_namespace: traits.xml_namespace,
        query_compatible: traits.query_compatible,
        endpoint_rules: endpoints::rule_set(&service),
        env_id: endpoints::env_id(&service),
        client_context_params: endpoints::client_context_params(&service),
        operations: ops.operations,
        skipped: ops.skipped,
        shapes,
        warnings,
    })
}

/// The shapes of `model` (read from `file`) as lowering sees them: validated, mixins
/// flattened, `apply` statements merged. For readers that need traits the IR does not keep
/// (such as [`crate::diff`]).
pub fn resolved_shapes(file: &str, model: &Model) -> Result<BTreeMap<String, Shape>> {
    validate::check_version(file, model)?;
    validate::check_shapes(file, model)?;
    let (shapes, _) = mixins::resolve(file, model)?;
    Ok(shapes
        .into_iter()
        .map(|(id, shape)| (id.to_owned(), shape))
        .collect())
}

/// Every member of a shape, with its name (`member`, `key`, `value` for collections).
pub(super) fn shape_members(shape: &Shape) -> Vec<(String, MemberDef)> {
    let mut out: Vec<(String, MemberDef)> = shape
        .members
        .iter()
        .map(|(n, m)| (n.clone(), m.clone()))
        .collect();
    for (name, m) in [
        ("member", &shape.member),
        ("key", &shape.key),
        ("value", &shape.value),
    ] {
        if let Some(m) = m {
            out.push((name.to_owned(), m.clone()));
        }
    }
    out
}

/// Every shape a shape refers to other than through members (operations, resources, errors,
/// mixins...).
pub(super) fn shape_refs(shape: &Shape) -> Vec<&str> {
    let singles = [
        &shape.input,
        &shape.output,
        &shape.create,
        &shape.put,
        &shape.read,
        &shape.update,
        &shape.delete,
        &shape.list,
    ];
    singles
        .into_iter()
        .flatten()
        .chain(&shape.errors)
        .chain(&shape.operations)
        .chain(&shape.resources)
        .chain(&shape.mixins)
        .map(|t| t.target.as_str())
        .collect()
}
