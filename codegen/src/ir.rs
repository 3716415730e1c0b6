//! The validated, resolved view of one service that the emitters consume.
//!
//! [`lower`] walks the service closure of a parsed [`Model`], checks it (dangling targets,
//! unsupported kinds, bad trait values, names that collide once made Rust identifiers), and
//! produces a [`ServiceIr`]: Rust names chosen, recursive members boxed, unit inputs and
//! outputs replaced by synthesized empty structures, per-operation errors put together, and
//! protocol, signing and endpoint chosen from the service's traits. Every model error is found
//! here; the emitters never look at the raw model.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::model::{MemberDef, Model, Shape};
use crate::naming;

/// Trait ids the generator reads.
mod traits {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const TITLE: &str = "smithy.api#title";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const SIGV4: &str = "aws.auth#sigv4";
    /// The project's own trait: where a service's endpoint is, when it is not AWS's pattern.
    pub const SKIFF_ENDPOINT: &str = "skiff.api#endpoint";
    /// The project's own trait: the vendor part of the generated crate name.
    pub const SKIFF_VENDOR: &str = "skiff.api#vendor";
    /// The project's own protocol trait for Huawei Cloud's REST + JSON APIs.
    pub const SKIFF_HUAWEI_JSON: &str = "skiff.api#huaweiRestJson";
    /// The project's own auth trait for Huawei Cloud's SDK-HMAC-SHA256.
    pub const SKIFF_HUAWEI_SIGN: &str = "skiff.api#huaweiSdkHmacSha256";
}

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

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#restXml`.
    RestXml,
    /// `skiff.api#huaweiRestJson`.
    HuaweiRestJson,
}

impl Protocol {
    /// The runtime cargo feature implementing it.
    pub fn feature(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => "aws-json",
            Protocol::AwsQuery | Protocol::Ec2Query => "aws-query",
            Protocol::RestJson1 | Protocol::HuaweiRestJson => "rest-json",
            Protocol::RestXml => "rest-xml",
        }
    }
}

/// The protocol traits the generator knows, in order of preference.
const PROTOCOL_TRAITS: &[(&str, Protocol)] = &[
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsQuery", Protocol::AwsQuery),
    ("aws.protocols#ec2Query", Protocol::Ec2Query),
    ("aws.protocols#restJson1", Protocol::RestJson1),
    ("aws.protocols#restXml", Protocol::RestXml),
    (traits::SKIFF_HUAWEI_JSON, Protocol::HuaweiRestJson),
];

/// The request-signing scheme of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signing {
    /// No signing.
    Anonymous,
    /// AWS SigV4 with this signing name.
    SigV4(String),
    /// Huawei SDK-HMAC-SHA256.
    HuaweiHmacSha256,
    /// `smithy.api#httpBearerAuth`.
    HttpBearer,
}

impl Signing {
    /// The runtime cargo feature implementing it.
    pub fn feature(&self) -> Option<&'static str> {
        match self {
            Signing::Anonymous | Signing::HttpBearer => None,
            Signing::SigV4(_) => Some("sigv4"),
            Signing::HuaweiHmacSha256 => Some("huawei-sign"),
        }
    }
}

/// One service, ready to emit.
#[derive(Debug)]
pub struct ServiceIr {
    /// The model file, as shown in headers and errors (e.g. `models/codepipeline.json`).
    pub file: String,
    /// The service shape id.
    pub id: String,
    /// The service shape name.
    pub name: String,
    /// The cargo package name of the generated crate.
    pub crate_name: String,
    /// The service version.
    pub version: String,
    /// A human title.
    pub title: String,
    /// Service documentation (normalized).
    pub docs: String,
    /// The protocol.
    pub protocol: Protocol,
    /// The signing scheme.
    pub signing: Signing,
    /// The endpoint pattern with `{region}`.
    pub endpoint: String,
    /// Regions with their own endpoint.
    pub endpoint_overrides: Vec<(String, String)>,
    /// The service's XML namespace.
    pub xml_namespace: Option<String>,
    /// `aws.protocols#awsQueryCompatible`: a JSON service that also speaks awsQuery error codes.
    pub query_compatible: bool,
    /// Operations, sorted by name.
    pub operations: Vec<OperationIr>,
    /// Operations left out, with the unsupported feature that made them so (sorted).
    pub skipped: Vec<(String, String)>,
    /// Every data shape of the closure, keyed by shape id (sorted).
    pub shapes: BTreeMap<String, ShapeIr>,
}

/// An operation.
#[derive(Debug)]
pub struct OperationIr {
    /// The operation shape id.
    pub id: String,
    /// The operation shape name.
    pub name: String,
    /// The module and client method name (`snake_case`).
    pub method: String,
    /// Documentation.
    pub docs: String,
    /// The input structure's shape id.
    pub input: String,
    /// The output structure's shape id.
    pub output: String,
    /// Error structures' shape ids: the operation's, then the service's.
    pub errors: Vec<String>,
    /// The per-operation error enum name.
    pub error_type: String,
    /// The fluent builder name.
    pub builder_type: String,
    /// `@http`.
    pub http: Option<HttpIr>,
    /// The `@endpoint` host prefix.
    pub host_prefix: Option<String>,
    /// `@paginated`, merged with the service's defaults.
    pub paginated: Option<PaginatedIr>,
    /// `@httpChecksumRequired`: send a `Content-MD5` of the body.
    pub checksum_required: bool,
    /// `@requestCompression` encodings, in order of preference.
    pub request_compression: Vec<String>,
    /// `smithy.api#auth: []` or `@optionalAuth`: how the operation is signed.
    pub auth: OpAuth,
}

/// How one operation is signed, relative to the service's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpAuth {
    /// With the service's scheme.
    Service,
    /// With the service's scheme when credentials are configured, else unsigned
    /// (`@optionalAuth`).
    Optional,
    /// Never signed (`smithy.api#auth: []`).
    None,
}

/// The `@http` trait.
#[derive(Debug, Clone)]
pub struct HttpIr {
    /// Method.
    pub method: String,
    /// URI pattern.
    pub uri: String,
    /// Success code.
    pub code: u16,
}

/// The `@paginated` trait, resolved against the input and output structures.
#[derive(Debug, Clone)]
pub struct PaginatedIr {
    /// Input token member name.
    pub input_token: String,
    /// Its position among the input's members.
    pub input_token_index: usize,
    /// Output token path (member names separated by `.`).
    pub output_token: String,
    /// Its member positions through nested output structures.
    pub output_token_path: Vec<usize>,
    /// The items, if the trait names them.
    pub items: Option<ItemsIr>,
    /// Page size member name, if any.
    pub page_size: Option<String>,
}

/// Where a page's items are and what they are.
#[derive(Debug, Clone)]
pub struct ItemsIr {
    /// The Rust field names from the output down to the collection.
    pub fields: Vec<String>,
    /// The item type: the list element, or `(String, V)` for a map.
    pub item: RustType,
    /// Whether the collection is a map.
    pub map: bool,
}

/// Where a generated type lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Module {
    /// `crate::types`.
    Types,
    /// `crate::operation::<name>`.
    Operation(String),
}

/// A data shape.
#[derive(Debug)]
pub struct ShapeIr {
    /// The shape id.
    pub id: String,
    /// The shape name.
    pub name: String,
    /// The Rust type name (structures, unions, enums).
    pub rust_name: String,
    /// The name of its static schema, when it has one.
    pub schema_static: String,
    /// Documentation (normalized).
    pub docs: String,
    /// `@sensitive`.
    pub sensitive: bool,
    /// Where its type and schema live.
    pub module: Module,
    /// `@xmlName`.
    pub xml_name: Option<String>,
    /// `@xmlNamespace` (prefix, uri).
    pub xml_namespace: Option<(Option<String>, String)>,
    /// `@timestampFormat`.
    pub timestamp_format: Option<String>,
    /// `@sparse`.
    pub sparse: bool,
    /// `@mediaType`.
    pub media_type: Option<String>,
    /// `@error` and friends.
    pub error: Option<ErrorIr>,
    /// What kind of shape, with its members.
    pub kind: ShapeKind,
}

/// `@error` information.
#[derive(Debug, Clone)]
pub struct ErrorIr {
    /// The code: `awsQueryError` code or the shape name.
    pub code: String,
    /// HTTP status, 0 when unknown.
    pub status: u16,
    /// `@error("server")`.
    pub server: bool,
}

/// The kind of a data shape.
#[derive(Debug)]
pub enum ShapeKind {
    /// A structure.
    Structure(Vec<MemberIr>),
    /// A union.
    Union(Vec<MemberIr>),
    /// A string enum: (variant, wire value, docs).
    Enum(Vec<(String, String, String)>),
    /// An int enum: (variant, value, docs).
    IntEnum(Vec<(String, i64, String)>),
    /// A list (or 1.0 set).
    List(Box<MemberIr>),
    /// A map.
    Map(Box<MemberIr>, Box<MemberIr>),
    /// A simple shape: its Smithy kind (`string`, `timestamp`...).
    Simple(String),
}

/// An HTTP binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// Document body.
    Body,
    /// `@httpLabel`.
    Label,
    /// `@httpQuery`.
    Query(String),
    /// `@httpQueryParams`.
    QueryParams,
    /// `@httpHeader`.
    Header(String),
    /// `@httpPrefixHeaders`.
    PrefixHeaders(String),
    /// `@httpPayload`.
    Payload,
    /// `@httpResponseCode`.
    ResponseCode,
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String` (also big numbers, as decimal text).
    String,
    /// The runtime's `Blob`.
    Blob,
    /// The runtime's `DateTime`.
    DateTime,
    /// The runtime's `Document`.
    Document,
    /// The runtime's `Unit` (`smithy.api#Unit`, e.g. a union variant without data).
    Unit,
    /// A generated type.
    Named(Module, String),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `Option<T>` (elements of sparse collections).
    Option(Box<RustType>),
    /// `Box<T>` (recursive members).
    Boxed(Box<RustType>),
}

/// Where a member's target schema is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaRef {
    /// A static of the runtime's `schema::prelude` module.
    Prelude(&'static str),
    /// A generated static.
    Local(Module, String),
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub struct MemberIr {
    /// The member name in the model.
    pub name: String,
    /// The Rust field (or variant, for unions) name.
    pub field: String,
    /// The setter method name.
    pub setter: String,
    /// Documentation.
    pub docs: String,
    /// The target shape id.
    pub target: String,
    /// The target's schema.
    pub schema: SchemaRef,
    /// The Rust type (not wrapped in the member's `Option`).
    pub ty: RustType,
    /// `@required`.
    pub required: bool,
    /// `@sensitive` on the member or its target.
    pub sensitive: bool,
    /// `@jsonName`.
    pub json_name: Option<String>,
    /// `@xmlName`.
    pub xml_name: Option<String>,
    /// `@xmlAttribute`.
    pub xml_attribute: bool,
    /// `@xmlFlattened`.
    pub xml_flattened: bool,
    /// `@xmlNamespace`.
    pub xml_namespace: Option<(Option<String>, String)>,
    /// `@timestampFormat`.
    pub timestamp_format: Option<String>,
    /// HTTP binding.
    pub binding: Binding,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@hostLabel`.
    pub host_label: bool,
    /// `@ec2QueryName`.
    pub ec2_query_name: Option<String>,
    /// `@default` (absent when the trait's value is `null`).
    pub default: Option<Json>,
    /// `@clientOptional`.
    pub client_optional: bool,
}

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

fn prelude(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let name = id.strip_prefix("smithy.api#")?;
    PRELUDE.iter().find(|(n, _, _)| *n == name)
}

/// The shape name part of a shape id.
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, n)| n)
}

/// The service shape ids defined in a model, sorted.
pub fn services(model: &Model) -> Vec<String> {
    let mut ids: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "service")
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    ids
}

/// Options of the lowering that do not come from the model.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// The crate name's suffix (usually the model file stem).
    pub crate_suffix: String,
}

struct Lowerer<'m> {
    file: &'m str,
    shapes: BTreeMap<&'m str, Shape>,
    /// The service's `rename` map: shape id → the name it takes in this service.
    renames: BTreeMap<String, String>,
}

impl<'m> Lowerer<'m> {
    /// The name of a shape in this service: its `rename`, else the name part of its id.
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.renames
            .get(id)
            .map_or_else(|| shape_name(id), String::as_str)
    }

    fn err(&self, shape: &str, member: Option<&str>, message: impl Into<String>) -> Error {
        Error::model(self.file, shape, member, message)
    }

    fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }

    fn kind_of(&self, id: &str) -> Option<&str> {
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
    if !(model.smithy.starts_with("2") || model.smithy.starts_with("1")) {
        return Err(Error::Model {
            file: file.to_owned(),
            shape: None,
            member: None,
            message: format!(
                "unsupported Smithy version `{}` (expected 1.x or 2.x)",
                model.smithy
            ),
        });
    }
    let mut lw = Lowerer {
        file,
        shapes: BTreeMap::new(),
        renames: BTreeMap::new(),
    };
    // Check every shape's kind and every target, then flatten mixins.
    for (id, shape) in &model.shapes {
        if !DATA_KINDS.contains(&shape.kind.as_str())
            && !NON_DATA_KINDS.contains(&shape.kind.as_str())
        {
            return Err(Error::model(
                file,
                id,
                None,
                format!("unsupported shape kind `{}`", shape.kind),
            ));
        }
        if !id.contains('#') {
            return Err(Error::model(
                file,
                id,
                None,
                "shape ids must be absolute (`namespace#Name`)",
            ));
        }
        for (name, member) in shape_members(shape) {
            if prelude(&member.target).is_none() && !model.shapes.contains_key(&member.target) {
                return Err(Error::model(
                    file,
                    id,
                    Some(&name),
                    format!("target `{}` does not exist", member.target),
                ));
            }
        }
        for t in shape_refs(shape) {
            if prelude(t).is_none() && !model.shapes.contains_key(t) {
                return Err(Error::model(
                    file,
                    id,
                    None,
                    format!("reference to `{t}`, which does not exist"),
                ));
            }
        }
    }
    for (id, shape) in &model.shapes {
        let flat = flatten_mixins(file, model, id, shape, 0)?;
        lw.shapes.insert(id.as_str(), flat);
    }

    let service = lw
        .shape(service_id)
        .filter(|s| s.kind == "service")
        .ok_or_else(|| lw.err(service_id, None, "not a service shape"))?
        .clone();

    // The service's `rename` map gives shapes their names in this service (to resolve
    // conflicts between namespaces).
    for (id, name) in &service.rename {
        if lw.shape(id).is_none() {
            return Err(lw.err(
                service_id,
                None,
                format!("`rename` of `{id}`, which does not exist"),
            ));
        }
        lw.renames.insert(id.clone(), name.clone());
    }

    // Operations: bound directly and through resources.
    let op_ids = operation_ids(file, model, service_id)?;

    let protocol = PROTOCOL_TRAITS
        .iter()
        .find(|(t, _)| service.traits.contains_key(*t))
        .map(|(_, p)| *p)
        .ok_or_else(|| {
            let found: Vec<&str> = service.traits.keys().map(String::as_str).collect();
            lw.err(
                service_id,
                None,
                format!(
                    "no supported protocol trait (traits present: {})",
                    found.join(", ")
                ),
            )
        })?;
    let signing = if let Some(v) = service.traits.get(traits::SIGV4) {
        let name = v
            .get("name")
            .and_then(Json::as_str)
            .ok_or_else(|| lw.err(service_id, None, "`aws.auth#sigv4` needs a string `name`"))?;
        Signing::SigV4(name.to_owned())
    } else if service.traits.contains_key(traits::SKIFF_HUAWEI_SIGN) {
        Signing::HuaweiHmacSha256
    } else if service.traits.contains_key("smithy.api#httpBearerAuth") {
        Signing::HttpBearer
    } else {
        Signing::Anonymous
    };
    let aws = service.traits.get(traits::AWS_SERVICE);
    let (endpoint, endpoint_overrides) = if let Some(e) = service.traits.get(traits::SKIFF_ENDPOINT)
    {
        let url = e.get("url").and_then(Json::as_str).ok_or_else(|| {
            lw.err(
                service_id,
                None,
                "`skiff.api#endpoint` needs a string `url`",
            )
        })?;
        let mut overrides = Vec::new();
        if let Some(map) = e.get("regions").and_then(Json::as_object) {
            for (region, url) in map {
                let url = url.as_str().ok_or_else(|| {
                    lw.err(
                        service_id,
                        None,
                        format!("`skiff.api#endpoint` region `{region}` needs a string URL"),
                    )
                })?;
                overrides.push((region.clone(), url.to_owned()));
            }
        }
        overrides.sort();
        (url.to_owned(), overrides)
    } else if let Some(prefix) = aws
        .and_then(|a| a.get("endpointPrefix"))
        .and_then(Json::as_str)
    {
        (
            format!("https://{prefix}.{{region}}.amazonaws.com"),
            Vec::new(),
        )
    } else if aws.is_some() {
        // An AWS service without an endpoint prefix: no default endpoint, so callers must
        // configure one (the runtime says so if they don't).
        (String::new(), Vec::new())
    } else {
        return Err(lw.err(
            service_id,
            None,
            "no endpoint: add `aws.api#service` with `endpointPrefix`, or `skiff.api#endpoint`",
        ));
    };
    let vendor = if let Some(v) = service.traits.get(traits::SKIFF_VENDOR) {
        v.as_str()
            .ok_or_else(|| lw.err(service_id, None, "`skiff.api#vendor` must be a string"))?
            .to_owned()
    } else if aws.is_some() {
        "aws".to_owned()
    } else {
        return Err(lw.err(
            service_id,
            None,
            "no vendor: add `aws.api#service` or `skiff.api#vendor`",
        ));
    };
    let name = shape_name(service_id).to_owned();
    let title = service
        .traits
        .get(traits::TITLE)
        .and_then(Json::as_str)
        .map(str::to_owned)
        .or_else(|| {
            aws.and_then(|a| a.get("sdkId"))
                .and_then(Json::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| name.clone());

    // The closure of data shapes, and which operation modules use each shape.
    let mut closure: BTreeSet<String> = BTreeSet::new();
    let mut operations = Vec::new();
    let mut io_uses: BTreeMap<String, usize> = BTreeMap::new();
    let mut synthesized: Vec<(String, String)> = Vec::new(); // (id, op name)
    let service_errors: Vec<String> = service.errors.iter().map(|t| t.target.clone()).collect();
    let mut skipped = Vec::new();
    for op_id in &op_ids {
        let op = lw
            .shape(op_id)
            .cloned()
            .ok_or_else(|| lw.err(op_id, None, "missing operation"))?;
        let op_name = shape_name(op_id).to_owned();
        if let Some(reason) = unsupported_feature(&lw, &op) {
            skipped.push((op_name, reason));
            continue;
        }
        let mut io = |t: &Option<crate::model::Target>, suffix: &str| -> Result<String> {
            match t {
                Some(t) if t.target != "smithy.api#Unit" => {
                    if lw.kind_of(&t.target) != Some("structure") {
                        return Err(lw.err(
                            op_id,
                            None,
                            format!("{suffix} `{}` is not a structure", t.target),
                        ));
                    }
                    *io_uses.entry(t.target.clone()).or_default() += 1;
                    walk(&lw, &t.target, &mut closure)?;
                    Ok(t.target.clone())
                }
                _ => {
                    let ns = op_id.split('#').next().unwrap_or_default();
                    let id = format!("{ns}#{op_name}{suffix}");
                    if lw.shape(&id).is_some() {
                        return Err(lw.err(
                            op_id,
                            None,
                            format!(
                                "cannot synthesize the unit {suffix} `{id}`: a shape has that id"
                            ),
                        ));
                    }
                    synthesized.push((id.clone(), op_name.clone()));
                    Ok(id)
                }
            }
        };
        let input = io(&op.input, "Input")?;
        let output = io(&op.output, "Output")?;
        let mut errors = Vec::new();
        for e in op.errors.iter().map(|t| &t.target).chain(&service_errors) {
            if errors.contains(e) {
                continue;
            }
            let shape = lw
                .shape(e)
                .filter(|s| s.kind == "structure" && s.traits.contains_key(traits::ERROR));
            if shape.is_none() {
                return Err(lw.err(
                    op_id,
                    None,
                    format!("error `{e}` is not a structure with `@error`"),
                ));
            }
            walk(&lw, e, &mut closure)?;
            errors.push(e.clone());
        }
        let http = match op.traits.get(traits::HTTP) {
            None => None,
            Some(h) => {
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
                        .ok_or_else(|| {
                            lw.err(op_id, None, "`smithy.api#http` `code` must be an integer")
                        })?,
                };
                Some(HttpIr {
                    method: method.to_owned(),
                    uri: uri.to_owned(),
                    code,
                })
            }
        };
        let host_prefix = op
            .traits
            .get(traits::ENDPOINT)
            .and_then(|e| e.get("hostPrefix"))
            .and_then(Json::as_str)
            .map(str::to_owned);
        let paginated = paginated(&lw, op_id, &op, &service)?;
        let method = naming::snake(&op_name);
        let request_compression = match op.traits.get("smithy.api#requestCompression") {
            None => Vec::new(),
            Some(v) => v
                .get("encodings")
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
                })?,
        };
        let auth = match op.traits.get("smithy.api#auth") {
            Some(Json::Array(a)) if a.is_empty() => OpAuth::None,
            _ if op.traits.contains_key("smithy.api#optionalAuth") => OpAuth::Optional,
            _ => OpAuth::Service,
        };
        operations.push(OperationIr {
            id: op_id.clone(),
            checksum_required: op.traits.contains_key("smithy.api#httpChecksumRequired"),
            request_compression,
            auth,
            docs: docs_of(&op.traits),
            error_type: format!("{}Error", naming::stem(&op_name)),
            builder_type: format!("{}FluentBuilder", naming::stem(&op_name)),
            name: op_name,
            method,
            input,
            output,
            errors,
            http,
            host_prefix,
            paginated,
        });
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    // Check that operation names stay distinct as Rust identifiers.
    let mut seen = BTreeMap::new();
    for op in &operations {
        if let Some(prev) = seen.insert(op.method.clone(), op.name.clone()) {
            return Err(lw.err(
                service_id,
                None,
                format!(
                    "operations `{prev}` and `{}` both become `{}`",
                    op.name, op.method
                ),
            ));
        }
    }

    // Which module each structure lives in: an input/output used by one operation only, and
    // not as a member anywhere, lives in that operation's module.
    let member_targets: BTreeSet<String> = closure
        .iter()
        .filter_map(|id| lw.shape(id))
        .flat_map(|s| shape_members(s).into_iter().map(|(_, m)| m.target))
        .collect();
    let mut module_of: BTreeMap<String, Module> = BTreeMap::new();
    for op in &operations {
        for id in [&op.input, &op.output] {
            let single = io_uses.get(id).copied().unwrap_or(1) == 1
                && !member_targets.contains(id)
                && !op_errors_contain(&operations, id);
            if single {
                module_of.insert(id.clone(), Module::Operation(op.method.clone()));
            }
        }
    }

    // Names: type names must be unique in the crate.
    let mut type_names: BTreeMap<String, String> = BTreeMap::new();
    let mut check_type_name = |id: &str, rust: &str| -> Result<()> {
        if let Some(prev) = type_names.insert(rust.to_owned(), id.to_owned()) {
            return Err(Error::model(
                file,
                id,
                None,
                format!("its Rust name `{rust}` collides with that of `{prev}`"),
            ));
        }
        Ok(())
    };
    for id in closure.iter() {
        if matches!(
            lw.kind_of(id),
            Some("structure" | "union" | "enum" | "intEnum")
        ) {
            check_type_name(id, &naming::type_name(lw.name(id)))?;
        }
    }
    for (id, _) in &synthesized {
        check_type_name(id, &naming::type_name(lw.name(id)))?;
    }

    // The error enum and fluent builder live in the operation's module, beside its input and
    // output: on a clash with those, take the longer name.
    for op in &mut operations {
        let local: Vec<String> = [&op.input, &op.output]
            .into_iter()
            .filter(|id| module_of.get(*id) == Some(&Module::Operation(op.method.clone())))
            .map(|id| naming::type_name(lw.name(id)))
            .collect();
        let stem = naming::stem(&op.name);
        if local.contains(&op.error_type) {
            op.error_type = format!("{stem}OperationError");
        }
        if local.contains(&op.builder_type) {
            op.builder_type = format!("{stem}OperationFluentBuilder");
        }
    }

    let boxed = recursive_members(&lw, &closure);
    let mut shapes = BTreeMap::new();
    for id in &closure {
        let module = module_of.get(id).cloned().unwrap_or(Module::Types);
        let ir = lower_shape(&lw, id, module, &boxed, &module_of)?;
        shapes.insert(id.clone(), ir);
    }
    for (id, op) in synthesized {
        let method = naming::snake(&op);
        let name = shape_name(&id).to_owned();
        shapes.insert(
            id.clone(),
            ShapeIr {
                rust_name: naming::type_name(&name),
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

    Ok(ServiceIr {
        file: file.to_owned(),
        id: service_id.to_owned(),
        crate_name: format!("skiff-{vendor}-{}", options.crate_suffix),
        version: service.version.clone().unwrap_or_default(),
        docs: docs_of(&service.traits),
        title,
        name,
        protocol,
        signing,
        endpoint,
        endpoint_overrides,
        xml_namespace: service
            .traits
            .get(traits::XML_NAMESPACE)
            .and_then(|n| n.get("uri"))
            .and_then(Json::as_str)
            .map(str::to_owned),
        query_compatible: service
            .traits
            .contains_key("aws.protocols#awsQueryCompatible"),
        operations,
        skipped,
        shapes,
    })
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
            if target
                .is_some_and(|t| t.kind == "union" && t.traits.contains_key("smithy.api#streaming"))
            {
                return Some(format!("event stream (member `{name}`)"));
            }
        }
    }
    None
}

fn op_errors_contain(operations: &[OperationIr], id: &str) -> bool {
    operations.iter().any(|o| o.errors.iter().any(|e| e == id))
}

fn paginated(
    lw: &Lowerer<'_>,
    op_id: &str,
    op: &Shape,
    service: &Shape,
) -> Result<Option<PaginatedIr>> {
    let Some(p) = op.traits.get(traits::PAGINATED) else {
        return Ok(None);
    };
    let defaults = service.traits.get(traits::PAGINATED);
    let get = |key: &str| -> Result<Option<String>> {
        match p.get(key).or_else(|| defaults.and_then(|d| d.get(key))) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(lw.err(
                op_id,
                None,
                format!("`smithy.api#paginated` `{key}` must be a string"),
            )),
        }
    };
    let (Some(input_token), Some(output_token)) = (get("inputToken")?, get("outputToken")?) else {
        // Paginated with only `items`/`pageSize`: no tokens to follow.
        return Ok(None);
    };
    let structure_of = |id: Option<&crate::model::Target>, what: &str| -> Result<Shape> {
        id.and_then(|t| lw.shape(&t.target))
            .filter(|s| s.kind == "structure")
            .cloned()
            .ok_or_else(|| {
                lw.err(
                    op_id,
                    None,
                    format!("`smithy.api#paginated` needs an {what} structure"),
                )
            })
    };
    let input = structure_of(op.input.as_ref(), "input")?;
    let output = structure_of(op.output.as_ref(), "output")?;
    let input_token_index = input.members.get_index_of(&input_token).ok_or_else(|| {
        lw.err(
            op_id,
            None,
            format!("`smithy.api#paginated` inputToken `{input_token}` is not an input member"),
        )
    })?;
    // Walks a dotted path through nested output structures: (positions, last member target).
    let walk_path = |path: &str, what: &str| -> Result<(Vec<usize>, Vec<String>, String)> {
        let mut shape = output.clone();
        let mut positions = Vec::new();
        let mut fields = Vec::new();
        let mut target = String::new();
        for (i, name) in path.split('.').enumerate() {
            if i > 0 {
                shape = lw
                    .shape(&target)
                    .filter(|s| s.kind == "structure")
                    .cloned()
                    .ok_or_else(|| lw.err(op_id, None, format!("`smithy.api#paginated` {what} `{path}` goes through a non-structure")))?;
            }
            let (index, _, member) = shape.members.get_full(name).ok_or_else(|| {
                lw.err(
                    op_id,
                    None,
                    format!("`smithy.api#paginated` {what} `{path}`: no member `{name}`"),
                )
            })?;
            positions.push(index);
            fields.push(naming::snake(name));
            target = member.target.clone();
        }
        Ok((positions, fields, target))
    };
    let (output_token_path, _, _) = walk_path(&output_token, "outputToken")?;
    let items = match get("items")? {
        None => None,
        Some(path) => {
            let (_, fields, target) = walk_path(&path, "items")?;
            let module_of = BTreeMap::new();
            let (item, map) = match rust_type(lw, &target, &module_of) {
                RustType::Vec(inner) => (*inner, false),
                RustType::Map(inner) => (*inner, true),
                _ => {
                    return Err(lw.err(
                        op_id,
                        None,
                        format!("`smithy.api#paginated` items `{path}` must be a list or map"),
                    ))
                }
            };
            Some(ItemsIr { fields, item, map })
        }
    };
    Ok(Some(PaginatedIr {
        input_token,
        input_token_index,
        output_token,
        output_token_path,
        items,
        page_size: get("pageSize")?,
    }))
}

/// Every operation shape id of a service: bound directly, as resource lifecycle operations,
/// or through (nested) resources. Sorted. Errors name what is bound but is not an operation
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

/// Every member of a shape, with its name (`member`, `key`, `value` for collections).
fn shape_members(shape: &Shape) -> Vec<(String, MemberDef)> {
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

fn shape_refs(shape: &Shape) -> Vec<&str> {
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

fn flatten_mixins(
    file: &str,
    model: &Model,
    id: &str,
    shape: &Shape,
    depth: usize,
) -> Result<Shape> {
    if shape.mixins.is_empty() {
        return Ok(shape.clone());
    }
    if depth > 32 {
        return Err(Error::model(file, id, None, "mixins form a cycle"));
    }
    let mut members = indexmap::IndexMap::new();
    let mut inherited_traits = indexmap::IndexMap::new();
    for m in &shape.mixins {
        let mixin = model.shapes.get(&m.target).ok_or_else(|| {
            Error::model(
                file,
                id,
                None,
                format!("mixin `{}` does not exist", m.target),
            )
        })?;
        let flat = flatten_mixins(file, model, &m.target, mixin, depth + 1)?;
        members.extend(flat.members);
        for (k, v) in flat.traits {
            if k != "smithy.api#mixin" {
                inherited_traits.insert(k, v);
            }
        }
    }
    let mut out = shape.clone();
    for (name, own) in &shape.members {
        match members.get_mut(name) {
            Some(m) => {
                m.traits.extend(own.traits.clone());
            }
            None => {
                members.insert(name.clone(), own.clone());
            }
        }
    }
    inherited_traits.extend(shape.traits.clone());
    out.members = members;
    out.traits = inherited_traits;
    out.mixins.clear();
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

/// The (structure id, member name) pairs that must be boxed: members whose target is a
/// structure or union in the same strongly connected component of the "contains directly"
/// graph (lists and maps already add indirection).
fn recursive_members(lw: &Lowerer<'_>, closure: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    let direct = |id: &str| -> Vec<(String, String)> {
        let Some(s) = lw.shape(id) else {
            return Vec::new();
        };
        if !matches!(s.kind.as_str(), "structure" | "union") {
            return Vec::new();
        }
        s.members
            .iter()
            .filter(|(_, m)| matches!(lw.kind_of(&m.target), Some("structure" | "union")))
            .map(|(n, m)| (n.clone(), m.target.clone()))
            .collect()
    };
    // Reachability by DFS per node: model sizes (hundreds of shapes) make this cheap enough
    // and simpler than Tarjan.
    let mut boxed = BTreeSet::new();
    for id in closure {
        for (member, target) in direct(id) {
            let mut seen = BTreeSet::new();
            let mut stack = vec![target.clone()];
            let mut cycle = false;
            while let Some(n) = stack.pop() {
                if n == *id {
                    cycle = true;
                    break;
                }
                if !seen.insert(n.clone()) {
                    continue;
                }
                stack.extend(direct(&n).into_iter().map(|(_, t)| t));
            }
            if cycle {
                boxed.insert((id.clone(), member));
            }
        }
    }
    boxed
}

fn str_trait<'a>(
    lw: &Lowerer<'_>,
    traits: &'a indexmap::IndexMap<String, Json>,
    key: &str,
    shape: &str,
    member: Option<&str>,
) -> Result<Option<&'a str>> {
    match traits.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(_) => Err(lw.err(shape, member, format!("trait `{key}` must be a string"))),
    }
}

fn timestamp_format(
    lw: &Lowerer<'_>,
    traits: &indexmap::IndexMap<String, Json>,
    shape: &str,
    member: Option<&str>,
) -> Result<Option<String>> {
    match str_trait(lw, traits, traits::TIMESTAMP_FORMAT, shape, member)? {
        None => Ok(None),
        Some(f @ ("date-time" | "http-date" | "epoch-seconds")) => Ok(Some(f.to_owned())),
        Some(f) => Err(lw.err(
            shape,
            member,
            format!("`smithy.api#timestampFormat` must be date-time, http-date or epoch-seconds, not `{f}`"),
        )),
    }
}

fn xml_namespace(
    lw: &Lowerer<'_>,
    traits: &indexmap::IndexMap<String, Json>,
    shape: &str,
    member: Option<&str>,
) -> Result<Option<(Option<String>, String)>> {
    match traits.get(traits::XML_NAMESPACE) {
        None => Ok(None),
        Some(v) => {
            let uri = v.get("uri").and_then(Json::as_str).ok_or_else(|| {
                lw.err(
                    shape,
                    member,
                    "`smithy.api#xmlNamespace` needs a string `uri`",
                )
            })?;
            let prefix = v.get("prefix").and_then(Json::as_str).map(str::to_owned);
            Ok(Some((prefix, uri.to_owned())))
        }
    }
}

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
    let error = match shape.traits.get(traits::ERROR) {
        None => None,
        Some(Json::String(f)) if f == "client" || f == "server" => {
            let query = shape.traits.get(traits::AWS_QUERY_ERROR);
            let code = query
                .and_then(|q| q.get("code"))
                .and_then(Json::as_str)
                .unwrap_or(&name)
                .to_owned();
            let status = shape
                .traits
                .get(traits::HTTP_ERROR)
                .or_else(|| query.and_then(|q| q.get("httpResponseCode")))
                .and_then(Json::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0);
            Some(ErrorIr {
                code,
                status,
                server: f == "server",
            })
        }
        Some(_) => {
            return Err(lw.err(
                id,
                None,
                "`smithy.api#error` must be \"client\" or \"server\"",
            ))
        }
    };
    let members = |lw: &Lowerer<'_>| -> Result<Vec<MemberIr>> {
        let mut out: Vec<MemberIr> = Vec::new();
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for (mname, m) in &shape.members {
            let ir = lower_member(
                lw,
                id,
                mname,
                m,
                boxed.contains(&(id.to_owned(), mname.clone())),
                module_of,
            )?;
            if let Some(prev) = fields.insert(ir.field.clone(), mname.clone()) {
                return Err(lw.err(
                    id,
                    Some(mname),
                    format!("its Rust name `{}` collides with member `{prev}`", ir.field),
                ));
            }
            out.push(ir);
        }
        Ok(out)
    };
    let kind = match shape.kind.as_str() {
        "structure" => ShapeKind::Structure(members(lw)?),
        "union" => {
            let ms = members(lw)?;
            let mut variants = BTreeSet::new();
            for m in &ms {
                if !variants.insert(naming::camel(&m.name)) || naming::camel(&m.name) == "Unknown" {
                    return Err(lw.err(
                        id,
                        Some(&m.name),
                        "its Rust variant name collides with another variant (or with `Unknown`)",
                    ));
                }
            }
            ShapeKind::Union(ms)
        }
        "enum" => {
            let mut values = Vec::new();
            let mut variants = BTreeMap::new();
            for (mname, m) in &shape.members {
                let value = match m.traits.get(traits::ENUM_VALUE) {
                    None => mname.clone(),
                    Some(Json::String(s)) => s.clone(),
                    Some(_) => {
                        return Err(lw.err(
                            id,
                            Some(mname),
                            "`smithy.api#enumValue` of an enum must be a string",
                        ))
                    }
                };
                let variant = naming::variant(mname);
                if let Some(prev) = variants.insert(variant.clone(), mname.clone()) {
                    return Err(lw.err(
                        id,
                        Some(mname),
                        format!("its Rust variant `{variant}` collides with member `{prev}`"),
                    ));
                }
                values.push((variant, value, docs_of(&m.traits)));
            }
            ShapeKind::Enum(values)
        }
        "intEnum" => {
            let mut values = Vec::new();
            let mut variants = BTreeMap::new();
            for (mname, m) in &shape.members {
                let value = m
                    .traits
                    .get(traits::ENUM_VALUE)
                    .and_then(Json::as_i64)
                    .ok_or_else(|| {
                        lw.err(
                            id,
                            Some(mname),
                            "`smithy.api#enumValue` of an intEnum must be an integer",
                        )
                    })?;
                let variant = naming::variant(mname);
                if let Some(prev) = variants.insert(variant.clone(), mname.clone()) {
                    return Err(lw.err(
                        id,
                        Some(mname),
                        format!("its Rust variant `{variant}` collides with member `{prev}`"),
                    ));
                }
                values.push((variant, value, docs_of(&m.traits)));
            }
            ShapeKind::IntEnum(values)
        }
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
        sensitive: shape.traits.contains_key(traits::SENSITIVE),
        module,
        xml_name: str_trait(lw, &shape.traits, traits::XML_NAME, id, None)?.map(str::to_owned),
        xml_namespace: xml_namespace(lw, &shape.traits, id, None)?,
        timestamp_format: timestamp_format(lw, &shape.traits, id, None)?,
        sparse: shape.traits.contains_key(traits::SPARSE),
        media_type: str_trait(lw, &shape.traits, traits::MEDIA_TYPE, id, None)?.map(str::to_owned),
        error,
        name,
        kind,
    })
}

/// Whether a shape gets its own static schema rather than a prelude one.
fn has_own_schema(lw_shape: &Shape) -> bool {
    match lw_shape.kind.as_str() {
        "structure" | "union" | "list" | "set" | "map" => true,
        "timestamp" => lw_shape.traits.contains_key(traits::TIMESTAMP_FORMAT),
        "string" | "blob" => lw_shape.traits.contains_key(traits::MEDIA_TYPE),
        _ => false,
    }
}

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

fn rust_type(lw: &Lowerer<'_>, target: &str, module_of: &BTreeMap<String, Module>) -> RustType {
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
            let sparse = shape.is_some_and(|s| s.traits.contains_key(traits::SPARSE));
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
        .is_some_and(|s| s.traits.contains_key(traits::SENSITIVE));
    let binding = if t.contains_key(traits::HTTP_LABEL) {
        Binding::Label
    } else if let Some(q) = str_trait(lw, t, traits::HTTP_QUERY, shape, member)? {
        Binding::Query(q.to_owned())
    } else if t.contains_key(traits::HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(h) = str_trait(lw, t, traits::HTTP_HEADER, shape, member)? {
        Binding::Header(h.to_owned())
    } else if let Some(p) = str_trait(lw, t, traits::HTTP_PREFIX_HEADERS, shape, member)? {
        Binding::PrefixHeaders(p.to_owned())
    } else if t.contains_key(traits::HTTP_PAYLOAD) {
        Binding::Payload
    } else if t.contains_key(traits::HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else {
        Binding::Body
    };
    let mut ty = rust_type(lw, &m.target, module_of);
    if boxed {
        ty = RustType::Boxed(Box::new(ty));
    }
    let field = naming::snake(name);
    let target_docs = || {
        lw.shape(&m.target)
            .map(|s| docs_of(&s.traits))
            .unwrap_or_default()
    };
    let docs = match docs_of(t) {
        d if !d.is_empty() => d,
        _ => target_docs(),
    };
    Ok(MemberIr {
        setter: naming::setter(&field),
        field,
        name: name.to_owned(),
        docs,
        target: m.target.clone(),
        schema: schema_ref(lw, &m.target, module_of),
        ty,
        required: t.contains_key(traits::REQUIRED),
        sensitive: t.contains_key(traits::SENSITIVE) || target_sensitive,
        json_name: str_trait(lw, t, traits::JSON_NAME, shape, member)?.map(str::to_owned),
        xml_name: str_trait(lw, t, traits::XML_NAME, shape, member)?.map(str::to_owned),
        xml_attribute: t.contains_key(traits::XML_ATTRIBUTE),
        xml_flattened: t.contains_key(traits::XML_FLATTENED),
        xml_namespace: xml_namespace(lw, t, shape, member)?,
        timestamp_format: timestamp_format(lw, t, shape, member)?,
        binding,
        idempotency_token: t.contains_key(traits::IDEMPOTENCY_TOKEN),
        host_label: t.contains_key(traits::HOST_LABEL),
        ec2_query_name: str_trait(lw, t, traits::EC2_QUERY_NAME, shape, member)?.map(str::to_owned),
        default: match t.get("smithy.api#default") {
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
        },
        client_optional: t.contains_key("smithy.api#clientOptional"),
    })
}

fn docs_of(traits: &indexmap::IndexMap<String, Json>) -> String {
    traits
        .get(traits::DOCUMENTATION)
        .and_then(Json::as_str)
        .map(crate::docs::normalize)
        .unwrap_or_default()
}
