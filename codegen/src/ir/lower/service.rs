//! Pass 3: what the service shape's traits say about the whole client. Reads the service
//! shape; produces [`ServiceTraits`]: the protocol (`aws.protocols#…`, `skiff.api#huaweiRestJson`),
//! the signing scheme (`aws.auth#sigv4`, `skiff.api#huaweiSdkHmacSha256`,
//! `smithy.api#httpBearerAuth`), the endpoint (`skiff.api#endpoint`, else `aws.api#service`'s
//! `endpointPrefix`), the vendor of the crate name and a title.

use serde_json::Value as Json;

use super::traits::*;
use super::Lowerer;
use crate::error::Result;
use crate::ir::{shape_name, Protocol, Signing};
use crate::model::Shape;

/// The protocol traits the generator knows, in order of preference.
const PROTOCOL_TRAITS: &[(&str, Protocol)] = &[
    ("aws.protocols#awsJson1_1", Protocol::AwsJson1_1),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson1_0),
    ("aws.protocols#awsQuery", Protocol::AwsQuery),
    ("aws.protocols#ec2Query", Protocol::Ec2Query),
    ("aws.protocols#restJson1", Protocol::RestJson1),
    ("aws.protocols#restXml", Protocol::RestXml),
    (SKIFF_HUAWEI_JSON, Protocol::HuaweiRestJson),
];

/// The service-wide choices lowering makes from the service shape's traits.
#[derive(Debug)]
pub(super) struct ServiceTraits {
    pub(super) protocol: Protocol,
    pub(super) signing: Signing,
    /// The endpoint pattern with `{region}`, empty when the service has no default.
    pub(super) endpoint: String,
    pub(super) endpoint_overrides: Vec<(String, String)>,
    pub(super) vendor: String,
    pub(super) title: String,
    pub(super) xml_namespace: Option<String>,
    pub(super) query_compatible: bool,
}

/// Reads the service shape's traits.
pub(super) fn lower_service(
    lw: &Lowerer<'_>,
    service_id: &str,
    service: &Shape,
) -> Result<ServiceTraits> {
    let err = |message: &str| lw.err(service_id, None, message);
    let (endpoint, endpoint_overrides) = endpoint_of(lw, service_id, service)?;
    Ok(ServiceTraits {
        protocol: protocol_of(lw, service_id, service)?,
        signing: signing_of(service).map_err(err)?,
        endpoint,
        endpoint_overrides,
        vendor: vendor_of(service).map_err(err)?,
        title: title_of(service_id, service),
        xml_namespace: service
            .traits
            .get(XML_NAMESPACE)
            .and_then(|n| n.get("uri"))
            .and_then(Json::as_str)
            .map(str::to_owned),
        query_compatible: service.traits.contains_key(AWS_QUERY_COMPATIBLE),
    })
}

/// The first protocol trait the generator supports, in [`PROTOCOL_TRAITS`] order.
fn protocol_of(lw: &Lowerer<'_>, service_id: &str, service: &Shape) -> Result<Protocol> {
    PROTOCOL_TRAITS
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
        })
}

/// The signing scheme: SigV4, Huawei's, a bearer token, or none.
fn signing_of(service: &Shape) -> std::result::Result<Signing, &'static str> {
    Ok(if let Some(v) = service.traits.get(SIGV4) {
        let name = v
            .get("name")
            .and_then(Json::as_str)
            .ok_or("`aws.auth#sigv4` needs a string `name`")?;
        Signing::SigV4(name.to_owned())
    } else if service.traits.contains_key(SKIFF_HUAWEI_SIGN) {
        Signing::HuaweiHmacSha256
    } else if service.traits.contains_key(HTTP_BEARER_AUTH) {
        Signing::HttpBearer
    } else {
        Signing::Anonymous
    })
}

/// The endpoint pattern and per-region overrides: `skiff.api#endpoint`, else AWS's pattern
/// from `aws.api#service`'s `endpointPrefix`, else none for an AWS service without one.
fn endpoint_of(
    lw: &Lowerer<'_>,
    service_id: &str,
    service: &Shape,
) -> Result<(String, Vec<(String, String)>)> {
    let aws = service.traits.get(AWS_SERVICE);
    Ok(if let Some(e) = service.traits.get(SKIFF_ENDPOINT) {
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
    })
}

/// The vendor part of the crate name: `skiff.api#vendor`, else `aws` for AWS services.
fn vendor_of(service: &Shape) -> std::result::Result<String, &'static str> {
    if let Some(v) = service.traits.get(SKIFF_VENDOR) {
        return Ok(v
            .as_str()
            .ok_or("`skiff.api#vendor` must be a string")?
            .to_owned());
    }
    if service.traits.contains_key(AWS_SERVICE) {
        return Ok("aws".to_owned());
    }
    Err("no vendor: add `aws.api#service` or `skiff.api#vendor`")
}

/// A human title: `@title`, else the `sdkId`, else the shape name.
fn title_of(service_id: &str, service: &Shape) -> String {
    let aws = service.traits.get(AWS_SERVICE);
    service
        .traits
        .get(TITLE)
        .and_then(Json::as_str)
        .map(str::to_owned)
        .or_else(|| {
            aws.and_then(|a| a.get("sdkId"))
                .and_then(Json::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| shape_name(service_id).to_owned())
}
