//! Static descriptions of shapes, members, operations and services.
//!
//! Generated crates describe every shape of their model as a `static` [`Schema`]; the protocol
//! codecs in this crate walk those schemas to turn [`Value`](crate::value::Value) trees into wire
//! bytes and back. This keeps generated code down to types and tables: the wire rules live here,
//! once, instead of being expanded into every operation of every crate.

use crate::datetime::TimestampFormat;

/// The kind of a shape, as Smithy defines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // Each variant is the Smithy shape type of the same name.
pub enum Kind {
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    String,
    Enum,
    IntEnum,
    Blob,
    Timestamp,
    Document,
    List,
    Map,
    Structure,
    Union,
}

/// What an `@error` structure says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The error code a service sends for it: the shape name, or the code of an
    /// `awsQueryError` trait.
    pub code: &'static str,
    /// The HTTP status from `@httpError` (or `awsQueryError`), or 0 when the model gives none.
    pub status: u16,
    /// Whether the fault is the server's (`@error("server")`).
    pub server_fault: bool,
    /// `@retryable`: `Some(throttling)` when the error is retryable.
    pub retryable: Option<bool>,
}

/// A shape's description: its kind, its members and the traits the protocols need.
///
/// Built in `const` context with the constructor and modifier methods, e.g.
/// `Schema::structure("Foo", &[Member::new("bar", &prelude::STRING)])`.
#[derive(Debug)]
pub struct Schema {
    /// The shape name, without namespace.
    pub name: &'static str,
    /// The shape kind.
    pub kind: Kind,
    /// Structure and union members; the single `member` of a list; `key` and `value` of a map.
    pub members: &'static [Member],
    /// `@xmlName` on the shape.
    pub xml_name: Option<&'static str>,
    /// `@xmlNamespace` on the shape: `(prefix, uri)`.
    pub xml_namespace: Option<(Option<&'static str>, &'static str)>,
    /// `@timestampFormat` on a timestamp shape.
    pub timestamp_format: Option<TimestampFormat>,
    /// `@sparse` on a list or map: null entries are kept.
    pub sparse: bool,
    /// `@error` (and related traits) on a structure.
    pub error: Option<ErrorInfo>,
    /// `@mediaType` on a string or blob shape.
    pub media_type: Option<&'static str>,
}

impl Schema {
    /// A shape with no members and no traits.
    pub const fn simple(name: &'static str, kind: Kind) -> Schema {
        Schema {
            name,
            kind,
            members: &[],
            xml_name: None,
            xml_namespace: None,
            timestamp_format: None,
            sparse: false,
            error: None,
            media_type: None,
        }
    }

    /// A structure shape.
    pub const fn structure(name: &'static str, members: &'static [Member]) -> Schema {
        Schema {
            members,
            ..Schema::simple(name, Kind::Structure)
        }
    }

    /// A union shape.
    pub const fn union(name: &'static str, members: &'static [Member]) -> Schema {
        Schema {
            members,
            ..Schema::simple(name, Kind::Union)
        }
    }

    /// A list shape; `member` is its only member.
    pub const fn list(name: &'static str, member: &'static [Member; 1]) -> Schema {
        Schema {
            members: member,
            ..Schema::simple(name, Kind::List)
        }
    }

    /// A map shape; `members` are its `key` and `value`.
    pub const fn map(name: &'static str, members: &'static [Member; 2]) -> Schema {
        Schema {
            members,
            ..Schema::simple(name, Kind::Map)
        }
    }

    /// Sets `@xmlName`.
    pub const fn xml_name(mut self, name: &'static str) -> Schema {
        self.xml_name = Some(name);
        self
    }

    /// Sets `@xmlNamespace`.
    pub const fn xml_namespace(
        mut self,
        prefix: Option<&'static str>,
        uri: &'static str,
    ) -> Schema {
        self.xml_namespace = Some((prefix, uri));
        self
    }

    /// Sets `@timestampFormat`.
    pub const fn timestamp_format(mut self, format: TimestampFormat) -> Schema {
        self.timestamp_format = Some(format);
        self
    }

    /// Marks a list or map `@sparse`.
    pub const fn sparse(mut self) -> Schema {
        self.sparse = true;
        self
    }

    /// Marks a structure as an error.
    pub const fn error(mut self, code: &'static str, status: u16, server_fault: bool) -> Schema {
        self.error = Some(ErrorInfo {
            code,
            status,
            server_fault,
            retryable: None,
        });
        self
    }

    /// Marks an error `@retryable` (`throttling`: `@retryable(throttling: true)`); call it
    /// after [`Schema::error`].
    pub const fn retryable(mut self, throttling: bool) -> Schema {
        if let Some(info) = &mut self.error {
            info.retryable = Some(throttling);
        }
        self
    }

    /// Sets `@mediaType`.
    pub const fn media_type(mut self, media_type: &'static str) -> Schema {
        self.media_type = Some(media_type);
        self
    }

    /// The element member of a list, or the value member of a map.
    pub fn element(&self) -> Option<&'static Member> {
        match self.kind {
            Kind::List => self.members.first(),
            Kind::Map => self.members.get(1),
            _ => None,
        }
    }

    /// The index of the member named `name`.
    pub fn member_index(&self, name: &str) -> Option<usize> {
        self.members.iter().position(|m| m.name == name)
    }
}

/// Where an HTTP binding trait puts a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// In the protocol's document body (no binding trait).
    Body,
    /// `@httpLabel`: a `{name}` segment of the URI pattern.
    Label,
    /// `@httpQuery("name")`.
    Query(&'static str),
    /// `@httpQueryParams`: a map spread into the query string.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(&'static str),
    /// `@httpPrefixHeaders("prefix")`: a map spread into headers.
    PrefixHeaders(&'static str),
    /// `@httpPayload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode`: the status code of the response.
    ResponseCode,
}

impl Binding {
    /// Whether a member with this binding is read from the document body of a response.
    /// `@httpQuery` and `@httpLabel` mean nothing in a response, so such output members are body
    /// members there.
    #[cfg_attr(
        not(any(feature = "aws-json", feature = "rest-json", feature = "rest-xml")),
        allow(dead_code)
    )]
    pub(crate) fn in_response_body(self) -> bool {
        matches!(
            self,
            Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams
        )
    }
}

/// A member of a structure, union, list or map, with the traits the protocols need.
#[derive(Debug)]
pub struct Member {
    /// The member name in the model (the default wire name).
    pub name: &'static str,
    /// The target shape.
    pub target: &'static Schema,
    /// `@required`.
    pub required: bool,
    /// `@jsonName`.
    pub json_name: Option<&'static str>,
    /// `@xmlName`.
    pub xml_name: Option<&'static str>,
    /// `@xmlAttribute`.
    pub xml_attribute: bool,
    /// `@xmlFlattened`.
    pub xml_flattened: bool,
    /// `@xmlNamespace` on the member: `(prefix, uri)`.
    pub xml_namespace: Option<(Option<&'static str>, &'static str)>,
    /// `@timestampFormat` on the member (it wins over the target's).
    pub timestamp_format: Option<TimestampFormat>,
    /// The HTTP binding.
    pub binding: Binding,
    /// `@idempotencyToken`: filled with a fresh token when unset.
    pub idempotency_token: bool,
    /// `@hostLabel`.
    pub host_label: bool,
    /// `@ec2QueryName`.
    pub ec2_query_name: Option<&'static str>,
    /// `@sensitive` (on the member or its target): the value never appears in errors.
    pub sensitive: bool,
    /// `@default`: the value a client assumes when the member is absent.
    pub default: Option<DefaultValue>,
    /// `@clientOptional`: the default is not filled in by clients.
    pub client_optional: bool,
}

/// A `@default` value, in a form that can live in a `static`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    /// `null` (documents only).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (also intEnums and epoch-second timestamps).
    Int(i64),
    /// A float.
    Float(f64),
    /// A string, enum value, or base64 blob text.
    Str(&'static str),
    /// `[]`.
    EmptyList,
    /// `{}`.
    EmptyMap,
}

impl Member {
    /// A member with no traits.
    pub const fn new(name: &'static str, target: &'static Schema) -> Member {
        Member {
            name,
            target,
            required: false,
            json_name: None,
            xml_name: None,
            xml_attribute: false,
            xml_flattened: false,
            xml_namespace: None,
            timestamp_format: None,
            binding: Binding::Body,
            idempotency_token: false,
            host_label: false,
            ec2_query_name: None,
            sensitive: false,
            default: None,
            client_optional: false,
        }
    }

    /// Marks the member `@required`.
    pub const fn required(mut self) -> Member {
        self.required = true;
        self
    }

    /// Sets `@jsonName`.
    pub const fn json_name(mut self, name: &'static str) -> Member {
        self.json_name = Some(name);
        self
    }

    /// Sets `@xmlName`.
    pub const fn xml_name(mut self, name: &'static str) -> Member {
        self.xml_name = Some(name);
        self
    }

    /// Marks the member `@xmlAttribute`.
    pub const fn xml_attribute(mut self) -> Member {
        self.xml_attribute = true;
        self
    }

    /// Marks the member `@xmlFlattened`.
    pub const fn xml_flattened(mut self) -> Member {
        self.xml_flattened = true;
        self
    }

    /// Sets `@xmlNamespace`.
    pub const fn xml_namespace(
        mut self,
        prefix: Option<&'static str>,
        uri: &'static str,
    ) -> Member {
        self.xml_namespace = Some((prefix, uri));
        self
    }

    /// Sets `@timestampFormat`.
    pub const fn timestamp_format(mut self, format: TimestampFormat) -> Member {
        self.timestamp_format = Some(format);
        self
    }

    /// Sets the HTTP binding.
    pub const fn binding(mut self, binding: Binding) -> Member {
        self.binding = binding;
        self
    }

    /// Marks the member `@idempotencyToken`.
    pub const fn idempotency_token(mut self) -> Member {
        self.idempotency_token = true;
        self
    }

    /// Marks the member `@hostLabel`.
    pub const fn host_label(mut self) -> Member {
        self.host_label = true;
        self
    }

    /// Sets `@default`.
    pub const fn default_value(mut self, value: DefaultValue) -> Member {
        self.default = Some(value);
        self
    }

    /// Marks the member `@clientOptional`.
    pub const fn client_optional(mut self) -> Member {
        self.client_optional = true;
        self
    }

    /// Marks the member `@sensitive`.
    pub const fn sensitive(mut self) -> Member {
        self.sensitive = true;
        self
    }

    /// Sets `@ec2QueryName`.
    pub const fn ec2_query_name(mut self, name: &'static str) -> Member {
        self.ec2_query_name = Some(name);
        self
    }

    /// The timestamp format of this member: its own trait, else its target's, else `default`.
    pub fn timestamp_format_or(&self, default: TimestampFormat) -> TimestampFormat {
        self.timestamp_format
            .or(self.target.timestamp_format)
            .unwrap_or(default)
    }
}

/// The `@http` trait of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpTrait {
    /// The method.
    pub method: &'static str,
    /// The URI pattern, e.g. `/v1/hooks/{hook_name}?x=y`.
    pub uri: &'static str,
    /// The success status code.
    pub code: u16,
}

/// An operation: its name, shapes and HTTP trait.
#[derive(Debug)]
pub struct Operation {
    /// The operation name (shape name).
    pub name: &'static str,
    /// The input structure.
    pub input: &'static Schema,
    /// The output structure.
    pub output: &'static Schema,
    /// The modeled errors (operation errors first, then service errors).
    pub errors: &'static [&'static Schema],
    /// The `@http` trait, for REST protocols.
    pub http: Option<HttpTrait>,
    /// The host prefix pattern of `@endpoint`, e.g. `{Bucket}.data.`.
    pub host_prefix: Option<&'static str>,
    /// `@paginated`, resolved to member positions.
    pub paginated: Option<Paginated>,
    /// `@httpChecksumRequired`: send a `Content-MD5` of the body.
    pub checksum_required: bool,
    /// `@requestCompression` encodings, in order of preference.
    pub request_compression: &'static [&'static str],
    /// How the operation is signed.
    pub auth: OpAuth,
    /// Endpoint parameters of the operation (`@staticContextParams`, `@contextParam`,
    /// `@operationContextParams`), for services with an endpoint rule set.
    pub endpoint_params: &'static [crate::endpoint::EndpointParam],
}

/// How one operation is signed, relative to its service's scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpAuth {
    /// With the service's scheme.
    Service,
    /// With the service's scheme when credentials are configured, else unsigned
    /// (`@optionalAuth`).
    Optional,
    /// Never signed (`smithy.api#auth: []`).
    None,
}

impl Operation {
    /// An operation with no HTTP trait, host prefix, pagination, checksum or compression,
    /// signed with the service's scheme; the other fields are set with struct update syntax
    /// or by the generator.
    pub const fn new(name: &'static str, input: &'static Schema, output: &'static Schema) -> Self {
        Operation {
            name,
            input,
            output,
            errors: &[],
            http: None,
            host_prefix: None,
            paginated: None,
            checksum_required: false,
            request_compression: &[],
            auth: OpAuth::Service,
            endpoint_params: &[],
        }
    }
}

/// The `@paginated` trait of an operation, as member positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paginated {
    /// The position of the input token member in the input structure.
    pub input_token: usize,
    /// The path of the output token: member positions through nested output structures.
    pub output_token: &'static [usize],
}

/// A wire protocol, chosen by the generator from the service's protocol trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// JSON over REST with HTTP bindings and Huawei Cloud's API Gateway error format.
    HuaweiRestJson,
}

/// A request-signing scheme, chosen by the generator from the service's auth traits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signing {
    /// No signing.
    Anonymous,
    /// AWS Signature Version 4 with this signing name.
    SigV4 {
        /// The signing name (`aws.auth#sigv4` `name`).
        name: &'static str,
    },
    /// Huawei Cloud SDK-HMAC-SHA256.
    HuaweiHmacSha256,
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer <token>`.
    HttpBearer,
}

impl Signing {
    /// Whether the scheme signs with an access key pair ([`Credentials`](crate::auth::Credentials)).
    pub fn uses_credentials(self) -> bool {
        matches!(self, Signing::SigV4 { .. } | Signing::HuaweiHmacSha256)
    }
}

/// A service: the protocol, signing and endpoint rules of a generated client.
#[derive(Debug)]
pub struct Service {
    /// The service shape name, e.g. `CodePipeline_20150709`.
    pub name: &'static str,
    /// The service `version`.
    pub version: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// The signing scheme.
    pub signing: Signing,
    /// The endpoint pattern; `{region}` is replaced by the configured region.
    pub endpoint: &'static str,
    /// Regions whose endpoint does not follow the pattern.
    pub endpoint_overrides: &'static [(&'static str, &'static str)],
    /// `@xmlNamespace` of the service, for XML protocols.
    pub xml_namespace: Option<&'static str>,
    /// `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// The generated crate's name and version (its `User-Agent` names them).
    pub crate_name: &'static str,
    /// See `crate_name`.
    pub crate_version: &'static str,
    /// The `smithy.rules#endpointRuleSet`, when the model has one: it then decides the
    /// endpoint, and `endpoint`/`endpoint_overrides` are unused.
    pub endpoint_rules: Option<&'static crate::endpoint::RuleSetSource>,
    /// The service id for environment variables (`AWS_ENDPOINT_URL_<ENV_ID>`): the
    /// `aws.api#service` `sdkId`, upper-cased, spaces as `_`; empty when there is none.
    pub env_id: &'static str,
}

/// Schemas of the Smithy prelude's simple shapes.
pub mod prelude {
    use super::{Kind, Schema};

    /// `smithy.api#Boolean`.
    pub static BOOLEAN: Schema = Schema::simple("Boolean", Kind::Boolean);
    /// `smithy.api#Byte`.
    pub static BYTE: Schema = Schema::simple("Byte", Kind::Byte);
    /// `smithy.api#Short`.
    pub static SHORT: Schema = Schema::simple("Short", Kind::Short);
    /// `smithy.api#Integer`.
    pub static INTEGER: Schema = Schema::simple("Integer", Kind::Integer);
    /// `smithy.api#Long`.
    pub static LONG: Schema = Schema::simple("Long", Kind::Long);
    /// `smithy.api#Float`.
    pub static FLOAT: Schema = Schema::simple("Float", Kind::Float);
    /// `smithy.api#Double`.
    pub static DOUBLE: Schema = Schema::simple("Double", Kind::Double);
    /// `smithy.api#BigInteger`.
    pub static BIG_INTEGER: Schema = Schema::simple("BigInteger", Kind::BigInteger);
    /// `smithy.api#BigDecimal`.
    pub static BIG_DECIMAL: Schema = Schema::simple("BigDecimal", Kind::BigDecimal);
    /// `smithy.api#String`.
    pub static STRING: Schema = Schema::simple("String", Kind::String);
    /// `smithy.api#Blob`.
    pub static BLOB: Schema = Schema::simple("Blob", Kind::Blob);
    /// `smithy.api#Timestamp`.
    pub static TIMESTAMP: Schema = Schema::simple("Timestamp", Kind::Timestamp);
    /// `smithy.api#Document`.
    pub static DOCUMENT: Schema = Schema::simple("Document", Kind::Document);
    /// Any enum shape without wire-relevant traits (enum values are checked by the Rust type).
    pub static ENUM: Schema = Schema::simple("Enum", Kind::Enum);
    /// Any intEnum shape.
    pub static INT_ENUM: Schema = Schema::simple("IntEnum", Kind::IntEnum);
    /// `smithy.api#Unit`, as an empty structure.
    pub static UNIT: Schema = Schema::structure("Unit", &[]);
}
