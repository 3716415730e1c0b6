//! The trait ids lowering reads, and helpers that read trait values with errors naming the
//! shape and member.

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::Lowerer;
use crate::error::Result;

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
pub const WAITABLE: &str = "smithy.waiters#waitable";
pub const TITLE: &str = "smithy.api#title";
pub const AWS_SERVICE: &str = "aws.api#service";
pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
pub const SIGV4: &str = "aws.auth#sigv4";
pub const HTTP_BEARER_AUTH: &str = "smithy.api#httpBearerAuth";
pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
pub const AUTH: &str = "smithy.api#auth";
pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
pub const STREAMING: &str = "smithy.api#streaming";
pub const DEFAULT: &str = "smithy.api#default";
pub const LENGTH: &str = "smithy.api#length";
pub const RANGE: &str = "smithy.api#range";
pub const PATTERN: &str = "smithy.api#pattern";
pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
/// The project's own trait: where a service's endpoint is, when it is not AWS's pattern.
pub const SKIFF_ENDPOINT: &str = "skiff.api#endpoint";
/// The project's own trait: the vendor part of the generated crate name.
pub const SKIFF_VENDOR: &str = "skiff.api#vendor";
/// The project's own protocol trait for Huawei Cloud's REST + JSON APIs.
pub const SKIFF_HUAWEI_JSON: &str = "skiff.api#huaweiRestJson";
/// The project's own auth trait for Huawei Cloud's SDK-HMAC-SHA256.
pub const SKIFF_HUAWEI_SIGN: &str = "skiff.api#huaweiSdkHmacSha256";

/// A string-valued trait, if present; any other value is an error.
pub(super) fn str_trait<'a>(
    lw: &Lowerer<'_>,
    traits: &'a IndexMap<String, Json>,
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

/// `@timestampFormat`, checked against the three formats Smithy defines.
pub(super) fn timestamp_format(
    lw: &Lowerer<'_>,
    traits: &IndexMap<String, Json>,
    shape: &str,
    member: Option<&str>,
) -> Result<Option<String>> {
    match str_trait(lw, traits, TIMESTAMP_FORMAT, shape, member)? {
        None => Ok(None),
        Some(f @ ("date-time" | "http-date" | "epoch-seconds")) => Ok(Some(f.to_owned())),
        Some(f) => Err(lw.err(
            shape,
            member,
            format!("`smithy.api#timestampFormat` must be date-time, http-date or epoch-seconds, not `{f}`"),
        )),
    }
}

/// `@xmlNamespace`: (prefix, uri).
pub(super) fn xml_namespace(
    lw: &Lowerer<'_>,
    traits: &IndexMap<String, Json>,
    shape: &str,
    member: Option<&str>,
) -> Result<Option<(Option<String>, String)>> {
    match traits.get(XML_NAMESPACE) {
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

/// The `@documentation` of a shape or member, normalized for rustdoc (empty when none).
pub(super) fn docs_of(traits: &IndexMap<String, Json>) -> String {
    traits
        .get(DOCUMENTATION)
        .and_then(Json::as_str)
        .map(crate::docs::normalize)
        .unwrap_or_default()
}
