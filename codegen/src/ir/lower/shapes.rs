//! Pass 6: the data shapes. Reads the closure, placement and the flattened shapes; produces a
//! [`ShapeIr`] for every data shape the operations reach and for each synthesized unit input
//! or output: Rust names and types, schema references, and every trait the runtime needs
//! (checked, with errors naming the shape and member).

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::operations::Operations;
use super::placement::Placement;
use super::traits::*;
use super::{prelude, recursion, Lowerer};
use crate::error::Result;
use crate::ir::{
    shape_name, Access, Binding, ErrorIr, MemberIr, Module, RustType, SchemaRef, ShapeIr, ShapeKind,
};
use crate::model::{MemberDef, Shape};
use crate::naming;

/// Lowers every data shape of the closure, and the synthesized ones.
pub(super) fn lower_shapes(
    lw: &Lowerer<'_>,
    ops: &Operations,
    placement: &Placement,
) -> Result<BTreeMap<String, ShapeIr>> {
    let module_of = &placement.module_of;
    let boxed = recursion::recursive_members(lw, &ops.closure);
    let is_output = |id: &str| ops.operations.iter().any(|o| o.output == id);
    let rust_name = |id: &str, fallback: &str| {
        placement
            .rust_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(fallback))
    };
    let mut shapes = BTreeMap::new();
    for id in &ops.closure {
        let module = module_of.get(id).cloned().unwrap_or(Module::Types);
        let mut ir = lower_shape(lw, id, module, &boxed, module_of)?;
        ir.rust_name = rust_name(id, &ir.name);
        ir.output = is_output(id);
        shapes.insert(id.clone(), ir);
    }
    for (id, op) in &ops.synthesized {
        let method = naming::snake(op);
        let name = shape_name(id).to_owned();
        shapes.insert(
            id.clone(),
            ShapeIr {
                rust_name: rust_name(id, &name),
                output: is_output(id),
                schema_static: naming::schema_static(&name),
                docs: String::new(),
                id: id.clone(),
                name,
                sensitive: false,
                module: Module::Operation(method),
                xml_name: None,
                xml_namespace: None,
                timestamp_format: None,
                sparse: false,
                media_type: None,
                error: None,
                kind: ShapeKind::Structure(Vec::new()),
            },
        );
    }

    Ok(shapes)
}

/// Lowers one data shape.
fn lower_shape(
    lw: &Lowerer<'_>,
    id: &str,
    module: Module,
    boxed: &BTreeSet<(String, String)>,
    module_of: &BTreeMap<String, Module>,
) -> Result<ShapeIr> {
    let shape = lw
        .shape(id)
        .ok_or_else(|| lw.err(id, None, "does not exist"))?;
    let name = lw.name(id).to_owned();
    let members = || struct_members(lw, id, shape, boxed, module_of);
    let kind = match shape.kind.as_str() {
        "structure" => ShapeKind::Structure(members()?),
        "union" => {
            let members = members()?;
            let mut variants = BTreeSet::new();
            for m in &members {
                let variant = naming::camel(&m.name);
                if variant == "Unknown" || !variants.insert(variant) {
                    return Err(lw.err(
                        id,
                        Some(&m.name),
                        "its Rust variant name collides with another variant (or with `Unknown`)",
                    ));
                }
            }
            ShapeKind::Union(members)
        }
        "enum" => ShapeKind::Enum(enum_values(lw, id, shape, |name, value| match value {
            None => Ok(name.to_owned()),
            Some(Json::String(s)) => Ok(s.clone()),
            Some(_) => Err("`smithy.api#enumValue` of an enum must be a string"),
        })?),
        "intEnum" => ShapeKind::IntEnum(enum_values(lw, id, shape, |_, value| {
            value
                .and_then(Json::as_i64)
                .ok_or("`smithy.api#enumValue` of an intEnum must be an integer")
        })?),
        "list" | "set" => {
            let m = shape
                .member
                .as_ref()
                .ok_or_else(|| lw.err(id, None, "a list needs a `member`"))?;
            ShapeKind::List(Box::new(lower_member(
                lw, id, "member", m, false, module_of,
            )?))
        }
        "map" => {
            let (Some(k), Some(v)) = (&shape.key, &shape.value) else {
                return Err(lw.err(id, None, "a map needs a `key` and a `value`"));
            };
            if !matches!(lw.kind_of(&k.target), Some("string" | "enum")) {
                return Err(lw.err(
                    id,
                    Some("key"),
                    "map keys must target a string or enum shape",
                ));
            }
            ShapeKind::Map(
                Box::new(lower_member(lw, id, "key", k, false, module_of)?),
                Box::new(lower_member(lw, id, "value", v, false, module_of)?),
            )
        }
        other => ShapeKind::Simple(other.to_owned()),
    };
    Ok(ShapeIr {
        id: id.to_owned(),
        rust_name: naming::type_name(&name),
        schema_static: naming::schema_static(&name),
        docs: docs_of(&shape.traits),
        sensitive: shape.traits.contains_key(SENSITIVE),
        module,
        xml_name: str_trait(lw, &shape.traits, XML_NAME, id, None)?.map(str::to_owned),
        xml_namespace: xml_namespace(lw, &shape.traits, id, None)?,
        timestamp_format: timestamp_format(lw, &shape.traits, id, None)?,
        sparse: shape.traits.contains_key(SPARSE),
        media_type: str_trait(lw, &shape.traits, MEDIA_TYPE, id, None)?.map(str::to_owned),
        error: error_info(lw, id, shape, &name)?,
        output: false,
        name,
        kind,
    })
}

/// `@error`, with the code and status of `awsQueryError` and `@httpError`.
fn error_info(lw: &Lowerer<'_>, id: &str, shape: &Shape, name: &str) -> Result<Option<ErrorIr>> {
    let fault = match shape.traits.get(ERROR) {
        None => return Ok(None),
        Some(Json::String(f)) if f == "client" || f == "server" => f,
        Some(_) => {
            return Err(lw.err(
                id,
                None,
                "`smithy.api#error` must be \"client\" or \"server\"",
            ))
        }
    };
    let query = shape.traits.get(AWS_QUERY_ERROR);
    let code = query
        .and_then(|q| q.get("code"))
        .and_then(Json::as_str)
        .unwrap_or(name)
        .to_owned();
    let status = shape
        .traits
        .get(HTTP_ERROR)
        .or_else(|| query.and_then(|q| q.get("httpResponseCode")))
        .and_then(Json::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0);
    Ok(Some(ErrorIr {
        code,
        status,
        server: fault == "server",
    }))
}

/// The members of a structure or union, whose Rust field names must not collide.
fn struct_members(
    lw: &Lowerer<'_>,
    id: &str,
    shape: &Shape,
    boxed: &BTreeSet<(String, String)>,
    module_of: &BTreeMap<String, Module>,
) -> Result<Vec<MemberIr>> {
    let mut out: Vec<MemberIr> = Vec::new();
    // Every method made from a member (getter, `with_`, `set_`, `get_`) must be unique.
    let mut methods: BTreeMap<String, String> = BTreeMap::new();
    for (name, m) in &shape.members {
        let is_boxed = boxed.contains(&(id.to_owned(), name.clone()));
        let ir = lower_member(lw, id, name, m, is_boxed, module_of)?;
        for method in [&ir.field, &ir.with, &ir.set, &ir.get] {
            if let Some(prev) = methods.insert(method.clone(), name.clone()) {
                return Err(lw.err(
                    id,
                    Some(name),
                    format!("its Rust name `{method}` collides with one made for member `{prev}`"),
                ));
            }
        }
        out.push(ir);
    }
    Ok(out)
}

/// The (variant, value, docs) of an enum or intEnum; `value` reads a member's
/// `@enumValue`. Variant names must not collide.
fn enum_values<T>(
    lw: &Lowerer<'_>,
    id: &str,
    shape: &Shape,
    value: impl Fn(&str, Option<&Json>) -> std::result::Result<T, &'static str>,
) -> Result<Vec<(String, T, String)>> {
    let mut values = Vec::new();
    let mut variants = BTreeMap::new();
    for (name, m) in &shape.members {
        let v = value(name, m.traits.get(ENUM_VALUE)).map_err(|e| lw.err(id, Some(name), e))?;
        let variant = naming::variant(name);
        if let Some(prev) = variants.insert(variant.clone(), name.clone()) {
            return Err(lw.err(
                id,
                Some(name),
                format!("its Rust variant `{variant}` collides with member `{prev}`"),
            ));
        }
        values.push((variant, v, docs_of(&m.traits)));
    }
    Ok(values)
}

/// Whether a shape gets its own static schema rather than a prelude one.
fn has_own_schema(lw_shape: &Shape) -> bool {
    match lw_shape.kind.as_str() {
        "structure" | "union" | "list" | "set" | "map" => true,
        "timestamp" => lw_shape.traits.contains_key(TIMESTAMP_FORMAT),
        "string" | "blob" => lw_shape.traits.contains_key(MEDIA_TYPE),
        _ => false,
    }
}

/// The runtime prelude static for a shape kind without a schema of its own.
fn prelude_static(kind: &str) -> &'static str {
    match kind {
        "boolean" => "BOOLEAN",
        "byte" => "BYTE",
        "short" => "SHORT",
        "integer" => "INTEGER",
        "long" => "LONG",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "bigInteger" => "BIG_INTEGER",
        "bigDecimal" => "BIG_DECIMAL",
        "blob" => "BLOB",
        "timestamp" => "TIMESTAMP",
        "document" => "DOCUMENT",
        "enum" => "ENUM",
        "intEnum" => "INT_ENUM",
        _ => "STRING",
    }
}

/// The Rust type of a member targeting `target`.
pub(super) fn rust_type(
    lw: &Lowerer<'_>,
    target: &str,
    module_of: &BTreeMap<String, Module>,
) -> RustType {
    if target == "smithy.api#Unit" {
        return RustType::Unit;
    }
    let kind = lw.kind_of(target).unwrap_or("string");
    match kind {
        "boolean" => RustType::Bool,
        "byte" => RustType::I8,
        "short" => RustType::I16,
        "integer" => RustType::I32,
        "long" => RustType::I64,
        "float" => RustType::F32,
        "double" => RustType::F64,
        "blob" => RustType::Blob,
        "timestamp" => RustType::DateTime,
        "document" => RustType::Document,
        "structure" | "union" | "enum" | "intEnum" => RustType::Named(
            module_of.get(target).cloned().unwrap_or(Module::Types),
            naming::type_name(lw.name(target)),
        ),
        "list" | "set" | "map" => {
            let shape = lw.shape(target);
            let elem = shape.and_then(|s| {
                if kind == "map" {
                    s.value.as_ref()
                } else {
                    s.member.as_ref()
                }
            });
            let inner = elem.map_or(RustType::String, |m| rust_type(lw, &m.target, module_of));
            let sparse = shape.is_some_and(|s| s.traits.contains_key(SPARSE));
            let inner = if sparse {
                RustType::Option(Box::new(inner))
            } else {
                inner
            };
            if kind == "map" {
                RustType::Map(Box::new(inner))
            } else {
                RustType::Vec(Box::new(inner))
            }
        }
        _ => RustType::String,
    }
}

/// Where the schema of `target` is: a prelude static, or a generated one.
fn schema_ref(lw: &Lowerer<'_>, target: &str, module_of: &BTreeMap<String, Module>) -> SchemaRef {
    if let Some((_, kind, stat)) = prelude(target) {
        let _ = kind;
        return SchemaRef::Prelude(stat);
    }
    match lw.shape(target) {
        Some(s) if has_own_schema(s) => SchemaRef::Local(
            module_of.get(target).cloned().unwrap_or(Module::Types),
            naming::schema_static(lw.name(target)),
        ),
        Some(s) => SchemaRef::Prelude(prelude_static(&s.kind)),
        None => SchemaRef::Prelude("STRING"),
    }
}

/// Lowers one member of `shape`; `boxed` when it closes a cycle of structures.
fn lower_member(
    lw: &Lowerer<'_>,
    shape: &str,
    name: &str,
    m: &MemberDef,
    boxed: bool,
    module_of: &BTreeMap<String, Module>,
) -> Result<MemberIr> {
    let t = &m.traits;
    let member = Some(name);
    let target_sensitive = lw
        .shape(&m.target)
        .is_some_and(|s| s.traits.contains_key(SENSITIVE));
    let binding = if t.contains_key(HTTP_LABEL) {
        Binding::Label
    } else if let Some(q) = str_trait(lw, t, HTTP_QUERY, shape, member)? {
        Binding::Query(q.to_owned())
    } else if t.contains_key(HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(h) = str_trait(lw, t, HTTP_HEADER, shape, member)? {
        Binding::Header(h.to_owned())
    } else if let Some(p) = str_trait(lw, t, HTTP_PREFIX_HEADERS, shape, member)? {
        Binding::PrefixHeaders(p.to_owned())
    } else if t.contains_key(HTTP_PAYLOAD) {
        Binding::Payload
    } else if t.contains_key(HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else {
        Binding::Body
    };
    let mut ty = rust_type(lw, &m.target, module_of);
    if boxed {
        ty = RustType::Boxed(Box::new(ty));
    }
    let field = naming::field(name);
    let target_docs = || {
        lw.shape(&m.target)
            .map(|s| docs_of(&s.traits))
            .unwrap_or_default()
    };
    let docs = match docs_of(t) {
        d if !d.is_empty() => d,
        _ => target_docs(),
    };
    let default = match t.get(DEFAULT) {
        None | Some(Json::Null) => None,
        Some(v @ (Json::Bool(_) | Json::Number(_) | Json::String(_))) => Some(v.clone()),
        Some(Json::Array(a)) if a.is_empty() => Some(Json::Array(Vec::new())),
        Some(Json::Object(o)) if o.is_empty() => Some(Json::Object(Default::default())),
        Some(_) => {
            return Err(lw.err(
                shape,
                member,
                "`smithy.api#default` must be a scalar, `[]` or `{}`",
            ))
        }
    };
    let client_optional = t.contains_key(CLIENT_OPTIONAL);
    let int_enum = lw.kind_of(&m.target) == Some("intEnum");
    let access = access(&ty, int_enum, default.as_ref().filter(|_| !client_optional));
    Ok(MemberIr {
        with: naming::prefixed("with", &field),
        set: naming::prefixed("set", &field),
        get: naming::prefixed("get", &field),
        access,
        constraints: constraints(lw, t, &m.target),
        field,
        name: name.to_owned(),
        docs,
        target: m.target.clone(),
        schema: schema_ref(lw, &m.target, module_of),
        ty,
        required: t.contains_key(REQUIRED),
        sensitive: t.contains_key(SENSITIVE) || target_sensitive,
        json_name: str_trait(lw, t, JSON_NAME, shape, member)?.map(str::to_owned),
        xml_name: str_trait(lw, t, XML_NAME, shape, member)?.map(str::to_owned),
        xml_attribute: t.contains_key(XML_ATTRIBUTE),
        xml_flattened: t.contains_key(XML_FLATTENED),
        xml_namespace: xml_namespace(lw, t, shape, member)?,
        timestamp_format: timestamp_format(lw, t, shape, member)?,
        binding,
        idempotency_token: t.contains_key(IDEMPOTENCY_TOKEN),
        host_label: t.contains_key(HOST_LABEL),
        ec2_query_name: str_trait(lw, t, EC2_QUERY_NAME, shape, member)?.map(str::to_owned),
        default,
        client_optional,
    })
}

/// How a member of type `ty` is accessed; `default` is its `@default` when clients apply it.
fn access(ty: &RustType, int_enum: bool, default: Option<&Json>) -> Access {
    match ty {
        RustType::String => Access::Str,
        RustType::Boxed(_) => Access::Boxed,
        RustType::Vec(_) => Access::List,
        RustType::Map(_) => Access::Map,
        RustType::Named(..) if int_enum => Access::Copy,
        RustType::Bool => match default {
            Some(Json::Bool(b)) => Access::Val(b.to_string()),
            _ => Access::Copy,
        },
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => match default {
            Some(Json::Number(n)) if n.is_i64() => Access::Val(n.to_string()),
            _ => Access::Copy,
        },
        RustType::F32 | RustType::F64 => match default.and_then(Json::as_f64) {
            Some(f) if f.is_finite() => Access::Val(format!("{f:?}")),
            _ => Access::Copy,
        },
        _ => Access::Obj,
    }
}

/// `s` as the text of a one-line Markdown code span: backticks become `'`, and control
/// characters (a pattern may hold a literal newline, tab or CR, which rustdoc rejects in a doc
/// comment) are written as escapes (`\n`, `\t`, `\r`, `\u{..}`).
fn code_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '`' => out.push('\''),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// The constraints on a member's value, from the member's traits or else its target's:
/// `@length`, `@range`, `@pattern`, and the values of an enum target (when there are few).
fn constraints(lw: &Lowerer<'_>, traits: &IndexMap<String, Json>, target: &str) -> Vec<String> {
    let target_shape = lw.shape(target);
    let get = |key: &str| {
        traits
            .get(key)
            .or_else(|| target_shape.and_then(|s| s.traits.get(key)))
    };
    let bounds = |v: &Json| {
        let num = |k: &str| v.get(k).filter(|n| n.is_number()).map(Json::to_string);
        match (num("min"), num("max")) {
            (Some(min), Some(max)) if min == max => Some(format!("exactly {min}")),
            (Some(min), Some(max)) => Some(format!("{min} to {max}")),
            (Some(min), None) => Some(format!("at least {min}")),
            (None, Some(max)) => Some(format!("at most {max}")),
            (None, None) => None,
        }
    };
    let mut out = Vec::new();
    if let Some(b) = get(LENGTH).and_then(bounds) {
        out.push(format!("length {b}"));
    }
    if let Some(b) = get(RANGE).and_then(bounds) {
        out.push(format!("value {b}"));
    }
    if let Some(p) = get(PATTERN).and_then(Json::as_str) {
        out.push(format!("pattern `{}`", code_text(p)));
    }
    if let Some(s) = target_shape.filter(|s| s.kind == "enum") {
        const MAX_LISTED: usize = 12;
        if s.members.len() <= MAX_LISTED {
            let values: Vec<String> = s
                .members
                .iter()
                .map(|(name, m)| {
                    let value = m
                        .traits
                        .get(ENUM_VALUE)
                        .and_then(Json::as_str)
                        .unwrap_or(name);
                    format!("`{}`", code_text(value))
                })
                .collect();
            out.push(format!("one of {}", values.join(", ")));
        }
    }
    out
}
