//! The validated, resolved view of one service that the emitters consume: [`ServiceIr`] and
//! the types it is made of. Rust names are chosen, recursive members boxed, unit inputs and
//! outputs replaced by synthesized empty structures, per-operation errors put together, and
//! protocol, signing and endpoint chosen from the service's traits.
//!
//! [`lower`] (in `lower`, one module per pass) builds it from a parsed
//! [`Model`]; every model error is found there. The emitters read only
//! these types, never the raw model.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::model::Model;

mod lower;

pub use lower::{lower, operation_ids, resolved_shapes};

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
    /// `smithy.rules#endpointRuleSet` as compact JSON, when the model has one.
    pub endpoint_rules: Option<String>,
    /// The id in `AWS_ENDPOINT_URL_<ID>` (from `sdkId`), empty when there is none.
    pub env_id: String,
    /// `smithy.rules#clientContextParams` that no built-in sets: name, type, documentation
    /// (sorted by name).
    pub client_context_params: Vec<(String, String, String)>,
    /// Operations, sorted by name.
    pub operations: Vec<OperationIr>,
    /// Operations left out, with the unsupported feature that made them so (sorted).
    pub skipped: Vec<(String, String)>,
    /// Every data shape of the closure, keyed by shape id (sorted).
    pub shapes: BTreeMap<String, ShapeIr>,
    /// What lowering ignored and the user should hear about: properties of the JSON AST this
    /// generator does not know (sorted).
    pub warnings: Vec<String>,
}

/// An operation.
#[derive(Debug)]
pub struct OperationIr {
    /// Endpoint parameters of the operation (static, `@contextParam`, paths), sorted by name.
    pub endpoint_params: Vec<EndpointParamIr>,
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
    /// `smithy.waiters#waitable`: the operation's waiters, by name.
    pub waiters: Vec<WaiterIr>,
}

/// One waiter of `smithy.waiters#waitable`, checked (paths compile, delays are sane).
#[derive(Debug, Clone)]
pub struct WaiterIr {
    /// The waiter name in the model (`StackCreateComplete`).
    pub name: String,
    /// The client method: `wait_until_<snake name>`.
    pub method: String,
    /// The builder type (`StackCreateCompleteWaiter`).
    pub type_name: String,
    /// The static holding its table (`STACK_CREATE_COMPLETE_WAITER`).
    pub static_name: String,
    /// Documentation (normalized).
    pub docs: String,
    /// `minDelay` in seconds (2 by default).
    pub min_delay: u64,
    /// `maxDelay` in seconds (120 by default).
    pub max_delay: u64,
    /// The acceptors, in order.
    pub acceptors: Vec<AcceptorIr>,
    /// `deprecated`.
    pub deprecated: bool,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptorIr {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// What it matches.
    pub matcher: MatcherIr,
}

/// An acceptor's matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatcherIr {
    /// `output` (`input_output: false`) or `inputOutput`: a JMESPath, the expected value and
    /// the comparator (`stringEquals`, `booleanEquals`, `allStringEquals`, `anyStringEquals`).
    Path {
        /// Whether the path sees `{input, output}`.
        input_output: bool,
        /// The JMESPath.
        path: String,
        /// The expected value.
        expected: String,
        /// The comparator name.
        comparator: String,
    },
    /// `success`.
    Success(bool),
    /// `errorType`.
    ErrorType(String),
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
    /// Whether it is the output of an operation (it then keeps its response's metadata).
    pub output: bool,
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

/// How a member's field (`Option<T>`) is read and written; the runtime's `member!` and
/// `fluent!` macros take one of these kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// A string: read as `Option<&str>`.
    Str,
    /// A structure, union, enum, blob, timestamp or document: read as `Option<&T>`.
    Obj,
    /// A boxed (recursive) structure: read as `Option<&T>`.
    Boxed,
    /// A number, boolean or int enum: read as `Option<T>`.
    Copy,
    /// A number or boolean with a `@default`: read as `T`, the default (this Rust literal) when
    /// unset.
    Val(String),
    /// A list: read as `&[T]`, written an item at a time.
    List,
    /// A map: read as `Option<&BTreeMap<String, V>>`, written an entry at a time.
    Map,
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
    /// The Rust field and getter name (the variant name comes from `name`, for unions).
    pub field: String,
    /// The chainable setter of data types (`with_<field>`).
    pub with: String,
    /// The fluent builder's replacing setter (`set_<field>`).
    pub set: String,
    /// The fluent builder's getter (`get_<field>`).
    pub get: String,
    /// How the field is read and written.
    pub access: Access,
    /// The constraints the model puts on the value (`@length`, `@range`, `@pattern`, enum
    /// values), as short Markdown phrases for the docs.
    pub constraints: Vec<String>,
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
    /// The service's codegen configuration (operation allowlist, crate name).
    pub config: crate::config::CrateConfig,
    /// The configuration's file, named in errors about it.
    pub config_file: String,
}

/// One operation-level endpoint parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointParamIr {
    /// The rule set's parameter name.
    pub name: String,
    /// Where its value comes from.
    pub source: EndpointSourceIr,
}

/// Where an operation-level endpoint parameter comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointSourceIr {
    /// `@staticContextParams` boolean.
    Bool(bool),
    /// `@staticContextParams` string.
    Str(String),
    /// `@staticContextParams` string list.
    StrArray(Vec<String>),
    /// A path into the input (`@contextParam`: one member; `@operationContextParams`: more).
    Input(Vec<PathStepIr>),
}

/// One step of an input path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStepIr {
    /// The member at this position of the structure.
    Member(usize),
    /// Every element of the list.
    Each,
    /// The keys of the map.
    Keys,
}
