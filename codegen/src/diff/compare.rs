//! The comparison itself: service, operations (with their errors, HTTP bindings and
//! paginators), types, members and enum values, each change classified by the rules of the
//! [module docs](super).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::render::code;
use super::{Change, ChangeKind, Impact, Section, Version};
use crate::ir::{
    Binding, MemberIr, Module, OpAuth, OperationIr, PaginatedIr, Protocol, RustType, ServiceIr,
    ShapeIr, ShapeKind, Signing,
};
use crate::model::MemberDef;
use crate::naming;

const LENGTH: &str = "smithy.api#length";
const RANGE: &str = "smithy.api#range";
const PATTERN: &str = "smithy.api#pattern";

/// Whether operation inputs reach a type, and whether outputs or errors do.
#[derive(Clone, Copy, Debug, Default)]
struct Usage {
    input: bool,
    output: bool,
}

impl Usage {
    /// The impact of a change that is `input` for input types and `output` for output types:
    /// the worse of those that apply.
    fn impact(self, input: Impact, output: Impact) -> Impact {
        match (self.input, self.output) {
            (true, true) => input.max(output),
            (true, false) => input,
            (false, true) => output,
            (false, false) => Impact::Documentation,
        }
    }
}

struct Cx<'a> {
    old: &'a ServiceIr,
    new: &'a ServiceIr,
    old_version: &'a Version,
    new_version: &'a Version,
    /// By shape id, over both versions.
    usage: BTreeMap<String, Usage>,
    out: Vec<Change>,
}

impl Cx<'_> {
    fn push(
        &mut self,
        section: Section,
        kind: ChangeKind,
        impact: Impact,
        item: &str,
        detail: String,
    ) {
        self.out.push(Change {
            section,
            kind,
            impact,
            item: item.to_owned(),
            detail,
        });
    }

    /// Whether the old or the new protocol satisfies `f`.
    fn protocol(&self, f: fn(Protocol) -> bool) -> bool {
        f(self.old.protocol) || f(self.new.protocol)
    }

    fn usage(&self, ids: &[&str]) -> Usage {
        let mut u = Usage::default();
        for id in ids {
            if let Some(x) = self.usage.get(*id) {
                u.input |= x.input;
                u.output |= x.output;
            }
        }
        u
    }
}

pub(super) fn compare(old: &Version, new: &Version) -> Vec<Change> {
    let mut usage = BTreeMap::new();
    for ir in [&old.ir, &new.ir] {
        collect_usage(ir, &mut usage);
    }
    let mut cx = Cx {
        old: &old.ir,
        new: &new.ir,
        old_version: old,
        new_version: new,
        usage,
        out: Vec::new(),
    };
    service(&mut cx);
    operations(&mut cx);
    types(&mut cx);
    cx.out
}

/// Marks every shape reachable from an operation's input as input, from its output or errors
/// as output.
fn collect_usage(ir: &ServiceIr, usage: &mut BTreeMap<String, Usage>) {
    for op in &ir.operations {
        let roots = std::iter::once((&op.input, true))
            .chain(std::iter::once((&op.output, false)))
            .chain(op.errors.iter().map(|e| (e, false)));
        for (root, input) in roots {
            let mut stack = vec![root.clone()];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                let Some(shape) = ir.shapes.get(&id) else {
                    continue;
                };
                if !seen.insert(id.clone()) {
                    continue;
                }
                let u = usage.entry(id).or_default();
                if input {
                    u.input = true;
                } else {
                    u.output = true;
                }
                match &shape.kind {
                    ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                        stack.extend(ms.iter().map(|m| m.target.clone()));
                    }
                    ShapeKind::List(m) => stack.push(m.target.clone()),
                    ShapeKind::Map(k, v) => {
                        stack.push(k.target.clone());
                        stack.push(v.target.clone());
                    }
                    _ => {}
                }
            }
        }
    }
}

fn protocol_name(p: Protocol) -> &'static str {
    match p {
        Protocol::AwsJson1_0 => "awsJson1_0",
        Protocol::AwsJson1_1 => "awsJson1_1",
        Protocol::AwsQuery => "awsQuery",
        Protocol::Ec2Query => "ec2Query",
        Protocol::RestJson1 => "restJson1",
        Protocol::RestXml => "restXml",
        Protocol::HuaweiRestJson => "huaweiRestJson",
    }
}

fn is_rest(p: Protocol) -> bool {
    matches!(
        p,
        Protocol::RestJson1 | Protocol::RestXml | Protocol::HuaweiRestJson
    )
}

fn uses_json_name(p: Protocol) -> bool {
    matches!(p, Protocol::RestJson1 | Protocol::HuaweiRestJson)
}

fn uses_xml(p: Protocol) -> bool {
    matches!(
        p,
        Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query
    )
}

fn is_ec2(p: Protocol) -> bool {
    p == Protocol::Ec2Query
}

fn is_query(p: Protocol) -> bool {
    matches!(p, Protocol::AwsQuery | Protocol::Ec2Query)
}

fn signing_text(s: &Signing) -> String {
    match s {
        Signing::Anonymous => "anonymous".to_owned(),
        Signing::SigV4(name) => format!("SigV4 {}", code(name)),
        Signing::HuaweiHmacSha256 => "SDK-HMAC-SHA256".to_owned(),
        Signing::HttpBearer => "bearer token".to_owned(),
    }
}

/// An optional value as shown in a detail: in backticks, or `none`.
fn opt(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), code)
}

/// `what a → b` for two optional values.
fn from_to(what: &str, old: Option<&str>, new: Option<&str>) -> String {
    format!("{what} {} → {}", opt(old), opt(new))
}

fn service(cx: &mut Cx<'_>) {
    let (o, n) = (cx.old, cx.new);
    let item = n.name.clone();
    let changed = |cx: &mut Cx<'_>, impact, detail| {
        cx.push(Section::Service, ChangeKind::Changed, impact, &item, detail)
    };
    if o.id != n.id {
        changed(
            cx,
            Impact::Documentation,
            from_to("service shape", Some(&o.id), Some(&n.id)),
        );
    }
    if o.protocol != n.protocol {
        let detail = from_to(
            "protocol",
            Some(protocol_name(o.protocol)),
            Some(protocol_name(n.protocol)),
        );
        changed(cx, Impact::Breaking, detail);
    }
    if o.signing != n.signing {
        let detail = format!(
            "signing {} → {}",
            signing_text(&o.signing),
            signing_text(&n.signing)
        );
        changed(cx, Impact::Breaking, detail);
    }
    if o.endpoint != n.endpoint {
        let detail = from_to("endpoint", Some(&o.endpoint), Some(&n.endpoint));
        changed(cx, Impact::Breaking, detail);
    }
    if o.endpoint_overrides != n.endpoint_overrides {
        changed(
            cx,
            Impact::Breaking,
            "regional endpoints changed".to_owned(),
        );
    }
    if o.xml_namespace != n.xml_namespace && cx.protocol(uses_xml) {
        let detail = from_to(
            "XML namespace",
            o.xml_namespace.as_deref(),
            n.xml_namespace.as_deref(),
        );
        changed(cx, Impact::Breaking, detail);
    }
    if o.query_compatible != n.query_compatible {
        let detail = if n.query_compatible {
            "now `@awsQueryCompatible`"
        } else {
            "no longer `@awsQueryCompatible`"
        };
        changed(cx, Impact::Breaking, detail.to_owned());
    }
    if o.version != n.version {
        let impact = if cx.protocol(is_query) {
            Impact::Breaking
        } else {
            Impact::Documentation
        };
        let detail = from_to("version", Some(&o.version), Some(&n.version));
        changed(cx, impact, detail);
    }
    if o.title != n.title {
        let detail = from_to("title", Some(&o.title), Some(&n.title));
        changed(cx, Impact::Documentation, detail);
    }
    if o.docs != n.docs {
        changed(
            cx,
            Impact::Documentation,
            "documentation changed".to_owned(),
        );
    }
}

fn module_path(module: &Module) -> String {
    match module {
        Module::Types => "types".to_owned(),
        Module::Operation(m) => format!("operation::{m}"),
    }
}

/// The Rust path of a generated type, as users write it after the crate name.
fn path_of(s: &ShapeIr) -> String {
    format!("{}::{}", module_path(&s.module), s.rust_name)
}

fn type_path(ir: &ServiceIr, id: &str) -> String {
    ir.shapes.get(id).map_or_else(|| id.to_owned(), path_of)
}

/// A Rust type as users write it after the crate name.
fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::Bool => "bool".to_owned(),
        RustType::I8 => "i8".to_owned(),
        RustType::I16 => "i16".to_owned(),
        RustType::I32 => "i32".to_owned(),
        RustType::I64 => "i64".to_owned(),
        RustType::F32 => "f32".to_owned(),
        RustType::F64 => "f64".to_owned(),
        RustType::String => "String".to_owned(),
        RustType::Blob => "Blob".to_owned(),
        RustType::DateTime => "DateTime".to_owned(),
        RustType::Document => "Document".to_owned(),
        RustType::Unit => "Unit".to_owned(),
        RustType::Named(module, name) => format!("{}::{name}", module_path(module)),
        RustType::Vec(t) => format!("Vec<{}>", type_text(t)),
        RustType::Map(t) => format!("BTreeMap<String, {}>", type_text(t)),
        RustType::Option(t) => format!("Option<{}>", type_text(t)),
        RustType::Boxed(t) => format!("Box<{}>", type_text(t)),
    }
}

fn client_item(op: &OperationIr) -> String {
    format!("Client::{}", op.method)
}

fn operations(cx: &mut Cx<'_>) {
    let old: BTreeMap<&str, &OperationIr> = cx
        .old
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let new: BTreeMap<&str, &OperationIr> = cx
        .new
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for name in names {
        match (old.get(name), new.get(name)) {
            (None, Some(n)) => cx.push(
                Section::Operations,
                ChangeKind::Added,
                Impact::Additive,
                &client_item(n),
                format!("operation {}", code(name)),
            ),
            (Some(o), None) => {
                let skipped = cx.new.skipped.iter().find(|(s, _)| s == name);
                let detail = match skipped {
                    Some((_, reason)) => format!(
                        "operation {} (now left out of the crate: {reason})",
                        code(name)
                    ),
                    None => format!("operation {}", code(name)),
                };
                cx.push(
                    Section::Operations,
                    ChangeKind::Removed,
                    Impact::Breaking,
                    &client_item(o),
                    detail,
                );
            }
            (Some(o), Some(n)) => operation(cx, o, n),
            (None, None) => {}
        }
    }
}

fn operation(cx: &mut Cx<'_>, o: &OperationIr, n: &OperationIr) {
    let item = client_item(n);
    let changed = |cx: &mut Cx<'_>, impact, detail| {
        cx.push(
            Section::Operations,
            ChangeKind::Changed,
            impact,
            &item,
            detail,
        )
    };
    if o.method != n.method {
        let detail = from_to("method", Some(&o.method), Some(&n.method));
        changed(cx, Impact::Breaking, detail);
    }
    for (what, a, b) in [
        ("input type", &o.input, &n.input),
        ("output type", &o.output, &n.output),
    ] {
        let (a, b) = (type_path(cx.old, a), type_path(cx.new, b));
        if a != b {
            changed(cx, Impact::Breaking, from_to(what, Some(&a), Some(&b)));
        }
    }
    for (what, a, b) in [
        ("error enum", &o.error_type, &n.error_type),
        ("fluent builder", &o.builder_type, &n.builder_type),
    ] {
        if a != b {
            changed(cx, Impact::Breaking, from_to(what, Some(a), Some(b)));
        }
    }
    if cx.protocol(is_rest) {
        let http = |op: &OperationIr| {
            op.http
                .as_ref()
                .map(|h| format!("{} {} ({})", h.method, h.uri, h.code))
        };
        let (a, b) = (http(o), http(n));
        if a != b {
            changed(
                cx,
                Impact::Breaking,
                from_to("HTTP binding", a.as_deref(), b.as_deref()),
            );
        }
    }
    if o.host_prefix != n.host_prefix {
        let detail = from_to(
            "endpoint host prefix",
            o.host_prefix.as_deref(),
            n.host_prefix.as_deref(),
        );
        changed(cx, Impact::Breaking, detail);
    }
    if o.auth != n.auth {
        let auth = |a: OpAuth| match a {
            OpAuth::Service => "the service's",
            OpAuth::Optional => "optional",
            OpAuth::None => "none",
        };
        let detail = format!("auth {} → {}", auth(o.auth), auth(n.auth));
        changed(cx, Impact::Breaking, detail);
    }
    if o.checksum_required != n.checksum_required {
        let detail = if n.checksum_required {
            "now sends `Content-MD5` (`@httpChecksumRequired`)"
        } else {
            "no longer sends `Content-MD5` (`@httpChecksumRequired`)"
        };
        changed(cx, Impact::Additive, detail.to_owned());
    }
    if o.request_compression != n.request_compression {
        let list = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
        let detail = from_to(
            "request compression",
            list(&o.request_compression).as_deref(),
            list(&n.request_compression).as_deref(),
        );
        changed(cx, Impact::Additive, detail);
    }
    paginator(cx, &item, o.paginated.as_ref(), n.paginated.as_ref());
    if o.docs != n.docs {
        changed(
            cx,
            Impact::Documentation,
            "documentation changed".to_owned(),
        );
    }
    operation_errors(cx, o, n);
}

fn paginator(cx: &mut Cx<'_>, item: &str, o: Option<&PaginatedIr>, n: Option<&PaginatedIr>) {
    let tokens = |p: &PaginatedIr| code(&format!("{} → {}", p.output_token, p.input_token));
    let items = |p: &PaginatedIr| {
        p.items.as_ref().map(|i| {
            let item = type_text(&i.item);
            let item = if i.map {
                format!("(String, {item})")
            } else {
                item
            };
            format!("{} of {}", code(&i.fields.join(".")), code(&item))
        })
    };
    let items_text = |p: &PaginatedIr| items(p).unwrap_or_else(|| "none".to_owned());
    let (o, n) = match (o, n) {
        (None, None) => return,
        (None, Some(n)) => {
            let detail = format!(
                "paginator added (`into_paginator()`), following {}, items {}",
                tokens(n),
                items_text(n)
            );
            return cx.push(
                Section::Operations,
                ChangeKind::Changed,
                Impact::Additive,
                item,
                detail,
            );
        }
        (Some(_), None) => {
            return cx.push(
                Section::Operations,
                ChangeKind::Changed,
                Impact::Breaking,
                item,
                "paginator removed (`into_paginator()`)".to_owned(),
            )
        }
        (Some(o), Some(n)) => (o, n),
    };
    let mut changed = |impact, detail| {
        cx.push(
            Section::Operations,
            ChangeKind::Changed,
            impact,
            item,
            detail,
        )
    };
    if (&o.input_token, &o.output_token) != (&n.input_token, &n.output_token) {
        changed(
            Impact::Breaking,
            format!("paginator tokens {} → {}", tokens(o), tokens(n)),
        );
    }
    let (a, b) = (items(o), items(n));
    if a != b {
        let impact = if a.is_none() {
            Impact::Additive
        } else {
            Impact::Breaking
        };
        changed(
            impact,
            format!("paginator items {} → {}", items_text(o), items_text(n)),
        );
    }
    if o.page_size != n.page_size {
        changed(
            Impact::Documentation,
            from_to(
                "paginator page size",
                o.page_size.as_deref(),
                n.page_size.as_deref(),
            ),
        );
    }
}

/// The variant of an operation's error enum for an error shape (as `emit::operation` names it).
fn error_variant(e: &ShapeIr) -> String {
    match naming::camel(&e.name) {
        v if v == "Unhandled" => "UnhandledValue".to_owned(),
        v => v,
    }
}

fn operation_errors(cx: &mut Cx<'_>, o: &OperationIr, n: &OperationIr) {
    let variants = |ir: &ServiceIr, op: &OperationIr| -> BTreeMap<String, String> {
        op.errors
            .iter()
            .filter_map(|e| ir.shapes.get(e))
            .map(|s| (error_variant(s), path_of(s)))
            .collect()
    };
    let old = variants(cx.old, o);
    let new = variants(cx.new, n);
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for v in names {
        let item = format!("{}::{v}", n.error_type);
        match (old.get(v), new.get(v)) {
            (None, Some(t)) => cx.push(
                Section::OperationErrors,
                ChangeKind::Added,
                Impact::Additive,
                &item,
                format!("error {}", code(t)),
            ),
            (Some(t), None) => cx.push(
                Section::OperationErrors,
                ChangeKind::Removed,
                Impact::Breaking,
                &item,
                format!("error {}", code(t)),
            ),
            (Some(a), Some(b)) if a != b => cx.push(
                Section::OperationErrors,
                ChangeKind::Changed,
                Impact::Breaking,
                &item,
                from_to("type", Some(a), Some(b)),
            ),
            _ => {}
        }
    }
}

/// The kind of a generated type, as shown in details; `None` for shapes without a Rust type.
fn type_kind(s: &ShapeIr) -> Option<&'static str> {
    Some(match s.kind {
        ShapeKind::Structure(_) if s.error.is_some() => "error structure",
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::Enum(_) => "enum",
        ShapeKind::IntEnum(_) => "int enum",
        _ => return None,
    })
}

fn types_by_path(ir: &ServiceIr) -> BTreeMap<String, &ShapeIr> {
    ir.shapes
        .values()
        .filter(|s| type_kind(s).is_some())
        .map(|s| (path_of(s), s))
        .collect()
}

fn types(cx: &mut Cx<'_>) {
    let (old_ir, new_ir) = (cx.old, cx.new);
    let old = types_by_path(old_ir);
    let new = types_by_path(new_ir);
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        match (old.get(path), new.get(path)) {
            (None, Some(n)) => {
                let moved = old_ir
                    .shapes
                    .get(&n.id)
                    .filter(|s| type_kind(s).is_some())
                    .map(|s| format!(", moved from {}", code(&path_of(s))))
                    .unwrap_or_default();
                let detail = format!("{}{moved}", type_kind(n).unwrap_or_default());
                cx.push(
                    Section::Types,
                    ChangeKind::Added,
                    Impact::Additive,
                    path,
                    detail,
                );
            }
            (Some(o), None) => {
                let moved = new_ir
                    .shapes
                    .get(&o.id)
                    .filter(|s| type_kind(s).is_some())
                    .map(|s| format!(", moved to {}", code(&path_of(s))))
                    .unwrap_or_default();
                let detail = format!("{}{moved}", type_kind(o).unwrap_or_default());
                cx.push(
                    Section::Types,
                    ChangeKind::Removed,
                    Impact::Breaking,
                    path,
                    detail,
                );
            }
            (Some(o), Some(n)) => shape(cx, path, o, n),
            (None, None) => {}
        }
    }
    // Lists and maps have no Rust type, but their elements have constraints and wire names.
    for (id, n) in &new_ir.shapes {
        let Some(o) = old_ir.shapes.get(id) else {
            continue;
        };
        let pairs: Vec<(&str, &MemberIr, &MemberIr)> = match (&o.kind, &n.kind) {
            (ShapeKind::List(a), ShapeKind::List(b)) => vec![("member", a, b)],
            (ShapeKind::Map(ak, av), ShapeKind::Map(bk, bv)) => {
                vec![("key", ak, bk), ("value", av, bv)]
            }
            _ => continue,
        };
        let usage = cx.usage(&[id]);
        for (label, a, b) in pairs {
            let item = format!("{}.{label}", n.name);
            let at = Place {
                item: &item,
                old_shape: id,
                new_shape: id,
                usage,
                union: false,
                element: true,
            };
            member(cx, &at, a, b);
        }
    }
}

fn shape(cx: &mut Cx<'_>, path: &str, o: &ShapeIr, n: &ShapeIr) {
    let changed = |cx: &mut Cx<'_>, impact, detail| {
        cx.push(Section::Types, ChangeKind::Changed, impact, path, detail)
    };
    let kind = |s: &ShapeIr| match s.kind {
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::Enum(_) => "enum",
        _ => "int enum",
    };
    if kind(o) != kind(n) {
        let detail = format!("kind {} → {}", kind(o), kind(n));
        return changed(cx, Impact::Breaking, detail);
    }
    if o.sensitive != n.sensitive {
        changed(cx, Impact::Additive, sensitivity(n.sensitive));
    }
    match (&o.error, &n.error) {
        (None, Some(e)) => {
            let detail = format!("now an error (code {})", code(&e.code));
            changed(cx, Impact::Additive, detail);
        }
        (Some(_), None) => changed(cx, Impact::Breaking, "no longer an error".to_owned()),
        (Some(a), Some(b)) => {
            if a.code != b.code {
                let detail = from_to("error code", Some(&a.code), Some(&b.code));
                changed(cx, Impact::Breaking, detail);
            }
            if a.status != b.status {
                let status = |s: u16| (s != 0).then(|| s.to_string());
                let detail = from_to(
                    "HTTP status",
                    status(a.status).as_deref(),
                    status(b.status).as_deref(),
                );
                changed(cx, Impact::Additive, detail);
            }
            if a.server != b.server {
                let fault = |server| if server { "server" } else { "client" };
                let detail = format!("fault {} → {}", fault(a.server), fault(b.server));
                changed(cx, Impact::Additive, detail);
            }
        }
        (None, None) => {}
    }
    if o.docs != n.docs {
        changed(
            cx,
            Impact::Documentation,
            "documentation changed".to_owned(),
        );
    }
    let usage = cx.usage(&[&o.id, &n.id]);
    match (&o.kind, &n.kind) {
        (ShapeKind::Structure(a), ShapeKind::Structure(b)) => {
            members(cx, path, o, n, a, b, usage, false)
        }
        (ShapeKind::Union(a), ShapeKind::Union(b)) => members(cx, path, o, n, a, b, usage, true),
        (ShapeKind::Enum(a), ShapeKind::Enum(b)) => enum_values(cx, path, a, b),
        (ShapeKind::IntEnum(a), ShapeKind::IntEnum(b)) => enum_values(cx, path, a, b),
        _ => {}
    }
}

fn sensitivity(now: bool) -> String {
    if now {
        "now `@sensitive`: redacted in `Debug`, left out of serde output".to_owned()
    } else {
        "no longer `@sensitive`: shown in `Debug` and serde output".to_owned()
    }
}

/// Where a member is, for its changes.
struct Place<'a> {
    /// The item as shown: `types::Foo.bar`, `types::Union::Variant`, `FooList.member`.
    item: &'a str,
    old_shape: &'a str,
    new_shape: &'a str,
    usage: Usage,
    /// A union variant (never required).
    union: bool,
    /// The element of a list or map: its type and docs are those of the members that target
    /// the collection, reported there.
    element: bool,
}

#[allow(clippy::too_many_arguments)]
fn members(
    cx: &mut Cx<'_>,
    path: &str,
    o_shape: &ShapeIr,
    n_shape: &ShapeIr,
    a: &[MemberIr],
    b: &[MemberIr],
    usage: Usage,
    union: bool,
) {
    let key = |m: &MemberIr| {
        if union {
            naming::camel(&m.name)
        } else {
            m.field.clone()
        }
    };
    let old: BTreeMap<String, &MemberIr> = a.iter().map(|m| (key(m), m)).collect();
    let new: BTreeMap<String, &MemberIr> = b.iter().map(|m| (key(m), m)).collect();
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for k in keys {
        let item = if union {
            format!("{path}::{k}")
        } else {
            format!("{path}.{k}")
        };
        match (old.get(k), new.get(k)) {
            (None, Some(m)) => {
                let ty = code(&type_text(&m.ty));
                let (impact, detail) = if union {
                    (Impact::Additive, format!("variant, {ty}"))
                } else if m.required && m.default.is_none() {
                    (
                        usage.impact(Impact::Breaking, Impact::Additive),
                        format!("required member, {ty}"),
                    )
                } else if m.required {
                    (
                        Impact::Additive,
                        format!("required member with a default, {ty}"),
                    )
                } else {
                    (Impact::Additive, format!("optional member, {ty}"))
                };
                cx.push(Section::Members, ChangeKind::Added, impact, &item, detail);
            }
            (Some(m), None) => {
                let what = if union { "variant" } else { "member" };
                let detail = format!("{what}, {}", code(&type_text(&m.ty)));
                cx.push(
                    Section::Members,
                    ChangeKind::Removed,
                    Impact::Breaking,
                    &item,
                    detail,
                );
            }
            (Some(a), Some(b)) => {
                let at = Place {
                    item: &item,
                    old_shape: &o_shape.id,
                    new_shape: &n_shape.id,
                    usage,
                    union,
                    element: false,
                };
                member(cx, &at, a, b);
            }
            (None, None) => {}
        }
    }
}

fn binding_text(b: &Binding) -> String {
    match b {
        Binding::Body => "body".to_owned(),
        Binding::Label => "URI label".to_owned(),
        Binding::Query(q) => format!("query {}", code(q)),
        Binding::QueryParams => "query parameters".to_owned(),
        Binding::Header(h) => format!("header {}", code(h)),
        Binding::PrefixHeaders(p) => format!("headers prefixed {}", code(p)),
        Binding::Payload => "payload".to_owned(),
        Binding::ResponseCode => "status code".to_owned(),
    }
}

fn member(cx: &mut Cx<'_>, at: &Place<'_>, o: &MemberIr, n: &MemberIr) {
    let item = at.item;
    let changed = |cx: &mut Cx<'_>, impact, detail| {
        cx.push(Section::Members, ChangeKind::Changed, impact, item, detail)
    };
    if !at.element {
        if o.ty != n.ty {
            let detail = from_to("type", Some(&type_text(&o.ty)), Some(&type_text(&n.ty)));
            changed(cx, Impact::Breaking, detail);
        } else if o.target != n.target {
            let detail = format!(
                "{}, same Rust type",
                from_to("target", Some(&o.target), Some(&n.target))
            );
            changed(cx, Impact::Documentation, detail);
        }
    }
    if !at.union && !at.element && o.required != n.required {
        let (impact, detail) = if n.required {
            let input = if n.default.is_none() {
                Impact::Breaking
            } else {
                Impact::Additive
            };
            (at.usage.impact(input, Impact::Additive), "now required")
        } else {
            (
                at.usage.impact(Impact::Additive, Impact::Breaking),
                "no longer required",
            )
        };
        changed(cx, impact, detail.to_owned());
    }
    if o.default != n.default {
        let text = |d: &Option<Json>| d.as_ref().map(Json::to_string);
        let detail = from_to(
            "default",
            text(&o.default).as_deref(),
            text(&n.default).as_deref(),
        );
        changed(cx, Impact::Breaking, detail);
    }
    if o.client_optional != n.client_optional {
        let detail = if n.client_optional {
            "now `@clientOptional`"
        } else {
            "no longer `@clientOptional`"
        };
        changed(cx, Impact::Breaking, detail.to_owned());
    }
    constraints(cx, at, &o.name, &n.name);
    if o.sensitive != n.sensitive {
        changed(cx, Impact::Additive, sensitivity(n.sensitive));
    }
    if cx.protocol(is_rest) && o.binding != n.binding {
        let detail = format!(
            "HTTP binding {} → {}",
            binding_text(&o.binding),
            binding_text(&n.binding)
        );
        changed(cx, Impact::Breaking, detail);
    }
    let mut wire: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
    if cx.protocol(uses_json_name) {
        wire.push(("`@jsonName`", o.json_name.clone(), n.json_name.clone()));
    }
    if cx.protocol(uses_xml) {
        let ns = |m: &MemberIr| {
            m.xml_namespace.as_ref().map(|(prefix, uri)| match prefix {
                Some(p) => format!("{p}: {uri}"),
                None => uri.clone(),
            })
        };
        let flag = |b: bool| b.then(|| "yes".to_owned());
        wire.push(("`@xmlName`", o.xml_name.clone(), n.xml_name.clone()));
        wire.push((
            "`@xmlAttribute`",
            flag(o.xml_attribute),
            flag(n.xml_attribute),
        ));
        wire.push((
            "`@xmlFlattened`",
            flag(o.xml_flattened),
            flag(n.xml_flattened),
        ));
        wire.push(("`@xmlNamespace`", ns(o), ns(n)));
    }
    if cx.protocol(is_ec2) {
        wire.push((
            "`@ec2QueryName`",
            o.ec2_query_name.clone(),
            n.ec2_query_name.clone(),
        ));
    }
    wire.push((
        "`@timestampFormat`",
        o.timestamp_format.clone(),
        n.timestamp_format.clone(),
    ));
    let flag = |b: bool| b.then(|| "yes".to_owned());
    wire.push(("`@hostLabel`", flag(o.host_label), flag(n.host_label)));
    for (what, a, b) in wire {
        if a != b {
            changed(
                cx,
                Impact::Breaking,
                from_to(what, a.as_deref(), b.as_deref()),
            );
        }
    }
    if o.idempotency_token != n.idempotency_token {
        let (impact, detail) = if n.idempotency_token {
            (
                Impact::Additive,
                "now `@idempotencyToken` (filled in when unset)",
            )
        } else {
            (
                Impact::Breaking,
                "no longer `@idempotencyToken` (not filled in)",
            )
        };
        changed(cx, impact, detail.to_owned());
    }
    if !at.element && o.docs != n.docs {
        changed(
            cx,
            Impact::Documentation,
            "documentation changed".to_owned(),
        );
    }
}

/// The model definition of member `name` of shape `shape` (`member`, `key` and `value` for
/// collections).
fn raw_member<'a>(v: &'a Version, shape: &str, name: &str) -> Option<&'a MemberDef> {
    let s = v.shapes.get(shape)?;
    match (s.kind.as_str(), name) {
        ("list" | "set", "member") => s.member.as_ref(),
        ("map", "key") => s.key.as_ref(),
        ("map", "value") => s.value.as_ref(),
        _ => s.members.get(name),
    }
}

/// `@length` or `@range` bounds.
#[derive(Debug, Clone, PartialEq)]
struct Bounds {
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
}

impl Bounds {
    fn read(v: &Json) -> Option<Bounds> {
        let num = |k: &str| match v.get(k) {
            Some(Json::Number(n)) => Some(n.clone()),
            _ => None,
        };
        let b = Bounds {
            min: num("min"),
            max: num("max"),
        };
        (b.min.is_some() || b.max.is_some()).then_some(b)
    }

    /// As the generated docs phrase it: `1 to 100`, `at least 1`, `at most 5`, `exactly 3`.
    fn text(&self) -> String {
        match (&self.min, &self.max) {
            (Some(a), Some(b)) if a == b => format!("exactly {a}"),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => "none".to_owned(),
        }
    }
}

/// How a constraint changed: whether some value valid before is not any more (`narrower`),
/// whether some value invalid before is now valid (`wider`).
#[derive(Default)]
struct Tightness {
    narrower: bool,
    wider: bool,
}

fn compare_bounds(old: Option<&Bounds>, new: Option<&Bounds>) -> Tightness {
    let f = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
    let none = Bounds {
        min: None,
        max: None,
    };
    let (o, n) = (old.unwrap_or(&none), new.unwrap_or(&none));
    let mut t = Tightness::default();
    // (old, new, whether a larger bound admits more values)
    for (a, b, larger_wider) in [(f(&o.min), f(&n.min), false), (f(&o.max), f(&n.max), true)] {
        match (a, b) {
            (None, Some(_)) => t.narrower = true,
            (Some(_), None) => t.wider = true,
            (Some(a), Some(b)) if a != b => {
                if (b > a) == larger_wider {
                    t.wider = true;
                } else {
                    t.narrower = true;
                }
            }
            _ => {}
        }
    }
    t
}

fn constraints(cx: &mut Cx<'_>, at: &Place<'_>, old_name: &str, new_name: &str) {
    let read = |v: &Version, shape: &str, name: &str| {
        let Some(m) = raw_member(v, shape, name) else {
            return (None, None, None);
        };
        let target = v.shapes.get(&m.target);
        let get = |key: &str| {
            m.traits
                .get(key)
                .or_else(|| target.and_then(|t| t.traits.get(key)))
        };
        (
            get(LENGTH).and_then(Bounds::read),
            get(RANGE).and_then(Bounds::read),
            get(PATTERN).and_then(Json::as_str).map(str::to_owned),
        )
    };
    let (ol, or, op) = read(cx.old_version, at.old_shape, old_name);
    let (nl, nr, np) = read(cx.new_version, at.new_shape, new_name);
    let mut found: Vec<(String, Tightness)> = Vec::new();
    for (what, a, b) in [("length", ol, nl), ("range", or, nr)] {
        let t = compare_bounds(a.as_ref(), b.as_ref());
        if t.narrower || t.wider {
            let text = |b: &Option<Bounds>| b.as_ref().map(Bounds::text);
            found.push((from_to(what, text(&a).as_deref(), text(&b).as_deref()), t));
        }
    }
    if op != np {
        let t = Tightness {
            narrower: np.is_some(),
            wider: op.is_some(),
        };
        found.push((from_to("pattern", op.as_deref(), np.as_deref()), t));
    }
    for (detail, t) in found {
        let (input, how) = match (t.narrower, t.wider) {
            (true, true) => (Impact::Breaking, "different"),
            (true, false) => (Impact::Breaking, "narrower"),
            _ => (Impact::Additive, "wider"),
        };
        let impact = at.usage.impact(input, Impact::Documentation);
        cx.push(
            Section::Members,
            ChangeKind::Changed,
            impact,
            at.item,
            format!("{detail} ({how})"),
        );
    }
}

fn enum_values<T: PartialEq + std::fmt::Display>(
    cx: &mut Cx<'_>,
    path: &str,
    a: &[(String, T, String)],
    b: &[(String, T, String)],
) {
    let old: BTreeMap<&str, (&T, &str)> = a
        .iter()
        .map(|(v, value, docs)| (v.as_str(), (value, docs.as_str())))
        .collect();
    let new: BTreeMap<&str, (&T, &str)> = b
        .iter()
        .map(|(v, value, docs)| (v.as_str(), (value, docs.as_str())))
        .collect();
    let variants: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for v in variants {
        let item = format!("{path}::{v}");
        let value = |x: &T| code(&x.to_string());
        match (old.get(v), new.get(v)) {
            (None, Some((x, _))) => cx.push(
                Section::EnumValues,
                ChangeKind::Added,
                Impact::Additive,
                &item,
                format!("value {}", value(x)),
            ),
            (Some((x, _)), None) => cx.push(
                Section::EnumValues,
                ChangeKind::Removed,
                Impact::Breaking,
                &item,
                format!("value {}", value(x)),
            ),
            (Some((x, xd)), Some((y, yd))) => {
                if x != y {
                    cx.push(
                        Section::EnumValues,
                        ChangeKind::Changed,
                        Impact::Breaking,
                        &item,
                        format!("wire value {} → {}", value(x), value(y)),
                    );
                }
                if xd != yd {
                    cx.push(
                        Section::EnumValues,
                        ChangeKind::Changed,
                        Impact::Documentation,
                        &item,
                        "documentation changed".to_owned(),
                    );
                }
            }
            (None, None) => {}
        }
    }
}
