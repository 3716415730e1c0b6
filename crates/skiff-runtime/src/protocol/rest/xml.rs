//! The AWS restXml protocol (`aws.protocols#restXml`): the HTTP bindings of
//! [`rest`](super) with XML documents, as the Smithy specification and its protocol tests
//! (`smithy-aws-protocol-tests/model/restXml/*.smithy`, `restXml/services/s3.smithy`) define
//! it. Values are written and read by the rules of [`xml`](crate::codec::xml).
//!
//! # Requests
//!
//! - Labels, query, headers, prefix headers and raw payloads follow [`rest`](super):
//!   labels and query values are `date-time` timestamps and headers `http-date` unless
//!   `@timestampFormat` says otherwise; a header member holding an empty list is sent as an empty
//!   header (the protocol tests tell it from an unset one).
//! - The unbound members form a document whose root element is the input structure's
//!   `@xmlName`, else its shape name (`<OpRequest>`); `@xmlAttribute` members become attributes
//!   of the root. The document is sent, as an empty root element if need be, whenever the input
//!   has an unbound member; an input without unbound members and without payload sends no body.
//! - A structure or union `@httpPayload` is the whole document, its root named by the member's
//!   `@xmlName`, else the target's `@xmlName`, else the target's shape name. A blob payload is
//!   the raw body, a string or enum payload the raw text; an unset payload sends no body.
//! - The root element declares the input's (or payload target's) `@xmlNamespace`, else the
//!   service's (the default namespace of a restXml service's documents).
//! - `Content-Type: application/xml` goes with an XML document only (raw payloads have their own
//!   media type, bodiless requests none), unless a header member already sets it.
//! - `@endpoint(hostPrefix)` is prepended to the endpoint's host, its labels filled from the
//!   `@hostLabel` input members (by the request pipeline, for every protocol alike).
//!
//! # Responses
//!
//! - A 2xx status, or the `@http` trait's own code, is a success; anything else is an error.
//! - A blank body gives an output whose body members are unset; the root element's name is not
//!   checked (services are not consistent about it), except that an `<html>` root (an HTML
//!   page from a proxy, well-formed enough to parse) is an error, not an empty output; the
//!   root's attributes are the output's `@xmlAttribute` members. Output members bound with `@httpQuery` or `@httpLabel` are read
//!   from the body (those bindings mean nothing in a response).
//! - An output whose only body member is a scalar can also be the root element itself when the
//!   root is named after that member and has no child element: S3's `GetBucketLocation` answers
//!   `<LocationConstraint>us-west-2</LocationConstraint>` (the model's `@s3UnwrappedXmlOutput`,
//!   which schemas do not carry).
//!
//! # Errors
//!
//! - The body is `<ErrorResponse><Error><Type/><Code/><Message/>...members...</Error>`
//!   `<RequestId/></ErrorResponse>`, or, with `@restXml(noErrorWrapping: true)` (S3), the
//!   `<Error>` element alone; both forms are accepted, whatever the service's trait says, since
//!   the root's name tells them apart.
//! - The code (namespace and `:suffix` stripped) selects the modeled error whose shape name it is;
//!   its members are read from inside `<Error>`, its header members from the headers, like an
//!   output. The request id is the body's `RequestId` (beside or inside `<Error>`), else the
//!   `x-amzn-requestid` or `x-amz-request-id` header.
//! - A body that is not XML, or has no code, gives an unmodeled error with the status, and the
//!   headers' request id.

use super::{self as rest, BodyCodec};
use crate::codec::xml::{self, Namespace};
use crate::error::Failure;
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::protocol::errors::{error_body, find_error, header_request_id, meta};
use crate::schema::{Binding, Kind, Member, Operation, Schema, Service};
use crate::value::Value;

const CONTENT_TYPE: &str = "application/xml";

/// The response headers that may carry the request id, in order of preference.
/// The XML body codec of restXml.
struct RestXml {
    /// The service's `@xmlNamespace`, declared on root elements that have none of their own.
    namespace: Option<&'static str>,
    /// Whether bodies are error documents, whose members are inside `<Error>`.
    error: bool,
}

/// Whether a member is in the document body: unbound in a request; unbound, or bound to
/// something that means nothing in a response, in a response.
fn in_request_body(member: &Member) -> bool {
    member.binding == Binding::Body
}

fn in_response_body(member: &Member) -> bool {
    member.binding.in_response_body()
}

impl RestXml {
    fn root_namespace(&self, own: Option<Namespace>) -> Option<Namespace> {
        own.or(self.namespace.map(|uri| (None, uri)))
    }

    /// The root element of a body: the document's root, or for errors the `<Error>` element.
    fn root<'a>(&self, root: &'a xml::Element) -> &'a xml::Element {
        if self.error {
            error_body(root).element.unwrap_or(root)
        } else {
            root
        }
    }
}

impl BodyCodec for RestXml {
    fn content_type(&self) -> &'static str {
        CONTENT_TYPE
    }

    fn write_members(&self, schema: &Schema, input: &Value) -> Vec<u8> {
        let slots: &[Option<Value>] = match input {
            Value::Struct(slots) => slots,
            _ => &[],
        };
        xml::write_document(
            schema.xml_name.unwrap_or(schema.name),
            self.root_namespace(schema.xml_namespace),
            schema,
            slots,
            &in_request_body,
        )
    }

    fn write_payload(&self, member: &Member, value: &Value) -> Vec<u8> {
        let target = member.target;
        let Value::Struct(slots) = value else {
            // Documents: no XML protocol supports them, and the model cannot have one here.
            return Vec::new();
        };
        xml::write_document(
            member.xml_name.or(target.xml_name).unwrap_or(target.name),
            self.root_namespace(member.xml_namespace.or(target.xml_namespace)),
            target,
            slots,
            &|_| true,
        )
    }

    fn read_members(&self, schema: &Schema, body: &[u8]) -> Result<Value, String> {
        let document = xml::parse(body)?;
        // An HTML page (a proxy's, a captive portal's) that happens to be well-formed XML is
        // no answer, even with status 200: read as one it would be an empty output. No
        // restXml output is named `html`, while services disagree on every other root name.
        let local = document.name().rsplit(':').next().unwrap_or_default();
        if !self.error && local.eq_ignore_ascii_case("html") {
            return Err(
                "expected an XML document answering the operation, not an HTML page".into(),
            );
        }
        let root = self.root(&document);
        let mut path = schema.name.to_owned();
        let mut value = xml::read_members(schema, root, &mut path, &in_response_body)?;
        if !self.error {
            read_unwrapped(schema, root, &mut value, &mut path)?;
        }
        Ok(value)
    }

    fn read_payload(&self, member: &Member, body: &[u8], path: &str) -> Result<Value, String> {
        let document = xml::parse(body)?;
        xml::read_value(member, &document, &mut path.to_owned())
    }

    fn send_empty_list_headers(&self) -> bool {
        true
    }
}

/// Reads the only body member of `schema`, a scalar, from the root element itself when the
/// root is named after it and holds no element (S3's unwrapped outputs).
fn read_unwrapped(
    schema: &Schema,
    root: &xml::Element,
    value: &mut Value,
    path: &mut String,
) -> Result<(), String> {
    let mut body = schema
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| in_response_body(m));
    let (Some((index, member)), None) = (body.next(), body.next()) else {
        return Ok(());
    };
    let scalar = !matches!(
        member.target.kind,
        Kind::List | Kind::Map | Kind::Structure | Kind::Union | Kind::Document
    );
    let named = root.name() == xml::member_name(member).rsplit(':').next().unwrap_or("");
    if !scalar || !named || member.xml_attribute || root.has_children() {
        return Ok(());
    }
    if let Value::Struct(slots) = value {
        if let Some(slot @ None) = slots.get_mut(index) {
            path.push('.');
            path.push_str(member.name);
            *slot = Some(xml::read_scalar(member, root.text(), path)?);
        }
    }
    Ok(())
}

/// Builds the request of a restXml call.
pub(crate) fn build_request(
    service: &Service,
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> Result<HttpRequest, Failure> {
    let codec = RestXml {
        namespace: service.xml_namespace,
        error: false,
    };
    rest::build_request(op, input, endpoint, &codec)
}

/// Reads the response of a restXml call.
pub(crate) fn parse_response(op: &Operation, response: &HttpResponse) -> Result<Value, Failure> {
    let header_id = header_request_id(&response.headers);
    let success =
        (200..300).contains(&response.status) || op.http.is_some_and(|h| h.code == response.status);
    let codec = RestXml {
        namespace: None,
        error: !success,
    };
    if success {
        return rest::read_response(op.output, response, &codec).map_err(|reason| {
            Failure::Response(ResponseError::new(
                meta(response, None, None, header_id),
                reason,
            ))
        });
    }

    let blank = response.body.iter().all(u8::is_ascii_whitespace);
    let document = if blank {
        None
    } else {
        xml::parse(&response.body).ok()
    };
    let body = document.as_ref().map(error_body).unwrap_or_default();
    let meta = meta(
        response,
        body.code,
        body.message,
        body.request_id.or(header_id),
    );
    let modeled = match meta.code.as_deref().and_then(|c| find_error(op, c)) {
        // The code came from the body, so the body is XML: read the error's members from it,
        // and its header members from the headers.
        Some((index, schema)) => match rest::read_response(schema, response, &codec) {
            Ok(value) => Some((index, value)),
            Err(reason) => return Err(Failure::Response(ResponseError::new(meta, reason))),
        },
        None => None,
    };
    Err(Failure::Service {
        meta: Box::new(meta),
        modeled,
    })
}
