//! The query protocols: awsQuery (`aws.protocols#awsQuery`) and its EC2 variant, ec2Query
//! (`aws.protocols#ec2Query`). Both send form-encoded requests and read XML responses; they
//! differ in how keys are named, how lists are written and how responses are wrapped. Rules are
//! those of the Smithy specifications and their protocol tests
//! (`smithy-aws-protocol-tests/model/{awsQuery,ec2Query}/*.smithy`).
//!
//! # Requests
//!
//! `POST {endpoint}/` (an endpoint path is kept: `https://host/custom` posts to `/custom/`) with
//! `Content-Type: application/x-www-form-urlencoded` and the body
//! `Action=<OperationName>&Version=<service version>` followed by the input's members, in schema
//! order, as `key=value` pairs joined by `&`. The operation's `@endpoint` host prefix is
//! prepended to the host, its labels filled from the `@hostLabel` input members (by the request
//! pipeline, for every protocol alike).
//!
//! - The key segment of a structure member is, in awsQuery, its `@xmlName`, else its member
//!   name. In ec2Query it is its `@ec2QueryName` as written, else its `@xmlName` with the first
//!   letter upper-cased, else its member name with the first letter upper-cased (`hi` → `Hi`).
//!   HTTP binding traits are ignored (the protocols do not support them), so every member goes
//!   in the body.
//! - Nested structures join segments with dots: `Outer.Inner=v`.
//! - awsQuery lists: `List.member.N=v` with `N` counting from 1; `member` is the list member's
//!   `@xmlName` when it has one. An `@xmlFlattened` member drops that segment: `List.N=v` (and
//!   the list member's `@xmlName` is then ignored, as the protocol tests require). An empty list
//!   is sent as `List=`, so that the service can tell "empty" from "unset".
//! - ec2Query lists are always flattened, `List.N=v`, whatever the traits (the list member's
//!   name plays no part); an empty list sends nothing, as the ec2Query tests require.
//! - Maps: `Map.entry.N.key=k&Map.entry.N.value=v`, `key` / `value` renamed by the `@xmlName`
//!   of the map's key / value members; `@xmlFlattened` drops `entry`: `Map.N.key=k`. An empty
//!   map sends nothing (unlike awsQuery lists: the protocol tests expect no key at all). EC2 has
//!   no input maps; an ec2Query client writes them the awsQuery way.
//! - Scalars: booleans `true` / `false`; integers in decimal; floats in the shortest decimal
//!   form that reads back to the same value (a `float` shape as 32-bit, so `10.8f32` is `10.8`,
//!   not its widened `f64` digits), and `NaN`, `Infinity`, `-Infinity`; timestamps in
//!   `date-time` (RFC 3339) unless `@timestampFormat` says otherwise; blobs in base64; enums
//!   and big numbers as their text.
//! - Unset members and null entries of sparse lists and maps are left out (the wire has no
//!   null); document members too (the protocols do not support documents).
//! - Keys and values are form-encoded as botocore does it: RFC 3986 unreserved characters
//!   (`A-Z a-z 0-9 - . _ ~`) are kept, a space is `+`, every other byte of the UTF-8 text
//!   becomes `%XX` in upper case (a literal plus is `%2B`); see [`form`](crate::codec::form).
//!
//! # Responses
//!
//! An awsQuery 2xx body is `<OpResponse><OpResult>...</OpResult><ResponseMetadata><RequestId>`
//! `...</RequestId></ResponseMetadata></OpResponse>`; the output's members are read from inside
//! `<OpResult>`, and a missing `<OpResult>` is an empty output (some services omit the result
//! element when it would be empty). An ec2Query body is `<OpResponse>...<requestId>...`
//! `</requestId></OpResponse>`: the members are the root's children, with no result wrapper, and
//! the root's name is not checked (`@xmlName` on the output is ignored by the protocol). An
//! output without members or an empty body is an empty output.
//!
//! Members are read by the rules of [`xml`](crate::codec::xml) (names from `@xmlName`, flattened and
//! wrapped lists and maps, attributes, unknown elements ignored; `@ec2QueryName` plays no part
//! in responses). The request id (`ResponseMetadata/RequestId`, or the ec2Query `requestId`)
//! is read only to fill the metadata of an error about an undecodable output; the output value
//! does not carry it.
//!
//! # Errors
//!
//! A non-2xx body is, in awsQuery, `<ErrorResponse><Error><Type>Sender</Type><Code>Code</Code>`
//! `<Message>...</Message>...members...</Error><RequestId>id</RequestId></ErrorResponse>`, and
//! in ec2Query `<Response><Errors><Error><Code/><Message/>...members...</Error></Errors>`
//! `<RequestID>id</RequestID></Response>`; either protocol accepts either form (some query
//! services answer the EC2 way), and a bare `<Error>` root. The code (namespace and `:suffix`
//! stripped) selects the modeled error whose code it is: its `awsQueryError` code where it
//! declares one (then its shape name is no match: the service never sends it), else its shape
//! name. That error's members are read from inside `<Error>`. The request id is the body's, else the
//! `x-amzn-RequestId` header. A body that is not XML (a proxy's HTML page, an empty 503) gives
//! an unmodeled error with the status and the headers' request id: the status is the most
//! useful thing left to report.

use super::errors::{error_body, find_coded_error, header_request_id, meta};
use crate::codec::form::push_pair;
use crate::codec::xml;
use crate::error::Failure;
use crate::error::ResponseError;
use crate::http::{HttpRequest, HttpResponse};
use crate::schema::{Member, Operation, Protocol, Schema, Service};
use crate::value::Value;

/// Which of the two query protocols is spoken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    /// awsQuery.
    Query,
    /// ec2Query.
    Ec2,
}

impl Flavor {
    fn of(service: &Service) -> Flavor {
        if service.protocol == Protocol::Ec2Query {
            Flavor::Ec2
        } else {
            Flavor::Query
        }
    }
}

/// Builds the request of an awsQuery or ec2Query call.
pub(crate) fn build_request(
    service: &Service,
    op: &Operation,
    input: &Value,
    endpoint: &str,
) -> Result<HttpRequest, Failure> {
    let flavor = Flavor::of(service);
    let mut request = HttpRequest::new("POST", format!("{endpoint}/"));
    request
        .headers
        .insert("Content-Type", "application/x-www-form-urlencoded");
    let mut body = String::new();
    push_pair(&mut body, "Action", op.name);
    push_pair(&mut body, "Version", service.version);
    if let Value::Struct(slots) = input {
        write_members(&mut body, flavor, "", op.input, slots);
    }
    request.body = body.into_bytes();
    Ok(request)
}

/// The key segment of a structure member.
fn member_key(flavor: Flavor, member: &Member) -> String {
    match flavor {
        Flavor::Query => xml::member_name(member).to_owned(),
        Flavor::Ec2 => match member.ec2_query_name {
            Some(name) => name.to_owned(),
            None => capitalize(xml::member_name(member)),
        },
    }
}

/// `name` with its first letter upper-cased.
fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `prefix.segment`, or `segment` at the top level.
fn join(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_owned()
    } else {
        format!("{prefix}.{segment}")
    }
}

fn write_members(
    out: &mut String,
    flavor: Flavor,
    prefix: &str,
    schema: &Schema,
    slots: &[Option<Value>],
) {
    for (member, slot) in schema.members.iter().zip(slots) {
        if let Some(value) = slot {
            let key = join(prefix, &member_key(flavor, member));
            write_value(out, flavor, &key, member, value);
        }
    }
}

/// Writes `value`, the value of `member` (a structure member, or the member of a list or map),
/// under `key`.
fn write_value(out: &mut String, flavor: Flavor, key: &str, member: &Member, value: &Value) {
    let schema = member.target;
    match value {
        Value::List(items) => {
            if items.is_empty() {
                if flavor == Flavor::Query {
                    push_pair(out, key, "");
                }
                return;
            }
            let Some(element) = schema.element() else {
                return;
            };
            let base = if member.xml_flattened || flavor == Flavor::Ec2 {
                key.to_owned()
            } else {
                join(key, element.xml_name.unwrap_or("member"))
            };
            let items = items.iter().filter(|v| !matches!(v, Value::Null));
            for (i, item) in items.enumerate() {
                write_value(out, flavor, &format!("{base}.{}", i + 1), element, item);
            }
        }
        Value::Map(entries) => {
            let (Some(key_member), Some(value_member)) =
                (schema.members.first(), schema.members.get(1))
            else {
                return;
            };
            let base = if member.xml_flattened {
                key.to_owned()
            } else {
                join(key, "entry")
            };
            let key_name = key_member.xml_name.unwrap_or("key");
            let value_name = value_member.xml_name.unwrap_or("value");
            let entries = entries.iter().filter(|(_, v)| !matches!(v, Value::Null));
            for (i, (k, v)) in entries.enumerate() {
                let entry = format!("{base}.{}", i + 1);
                push_pair(out, &join(&entry, key_name), k);
                write_value(out, flavor, &join(&entry, value_name), value_member, v);
            }
        }
        Value::Struct(slots) => write_members(out, flavor, key, schema, slots),
        scalar => {
            if let Some(text) = xml::scalar_text(member, scalar) {
                push_pair(out, key, &text);
            }
        }
    }
}

/// Reads an awsQuery or ec2Query response: the output of a 2xx, else the error.
pub(crate) fn parse_response(
    service: &Service,
    op: &Operation,
    response: &HttpResponse,
) -> Result<Value, Failure> {
    let header_id = header_request_id(&response.headers);
    if (200..300).contains(&response.status) {
        read_output(Flavor::of(service), op, response, header_id)
    } else {
        Err(read_error(op, response, header_id))
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

fn empty(schema: &Schema) -> Value {
    Value::Struct(vec![None; schema.members.len()])
}

fn read_output(
    flavor: Flavor,
    op: &Operation,
    response: &HttpResponse,
    header_id: Option<String>,
) -> Result<Value, Failure> {
    // Nothing at all: an empty output.
    if is_blank(&response.body) {
        return Ok(empty(op.output));
    }
    let fail = |reason: String, request_id: Option<String>| {
        Failure::Response(ResponseError::new(
            meta(response, None, None, request_id),
            reason,
        ))
    };
    let root = xml::parse(&response.body).map_err(|reason| fail(reason, header_id.clone()))?;
    // The answer of an operation is its `<{Operation}Response>` element: anything else (a
    // proxy's or a login page's HTML, say) is not an answer, even with status 200.
    let expected = format!("{}Response", op.name);
    if root.name() != expected {
        return Err(fail(
            format!("expected a `<{expected}>` element at the root of the response"),
            header_id,
        ));
    }
    // No members: the body (often just the request id) does not matter.
    if op.output.members.is_empty() {
        return Ok(empty(op.output));
    }
    let (members, body_id) = match flavor {
        Flavor::Query => {
            let result_name = format!("{}Result", op.name);
            let Some(result) = root.child(&result_name) else {
                return Ok(empty(op.output));
            };
            let id = root
                .child("ResponseMetadata")
                .and_then(|m| m.child("RequestId"));
            (result, id)
        }
        Flavor::Ec2 => (&root, root.child("requestId")),
    };
    let mut path = op.output.name.to_owned();
    xml::read_struct(op.output, members, &mut path).map_err(|reason| {
        let body_id = body_id.and_then(|e| xml::non_empty(e.text()));
        fail(reason, body_id.or(header_id))
    })
}

fn read_error(op: &Operation, response: &HttpResponse, header_id: Option<String>) -> Failure {
    let root = if is_blank(&response.body) {
        None
    } else {
        xml::parse(&response.body).ok()
    };
    let Some(root) = root else {
        return Failure::Service {
            meta: Box::new(meta(response, None, None, header_id)),
            modeled: None,
        };
    };
    let body = error_body(&root);
    let meta = meta(
        response,
        body.code,
        body.message,
        body.request_id.or(header_id),
    );
    let modeled = match (
        meta.code.as_deref().and_then(|c| find_coded_error(op, c)),
        body.element,
    ) {
        (Some((index, schema)), Some(error)) => {
            let mut path = schema.name.to_owned();
            match xml::read_struct(schema, error, &mut path) {
                Ok(value) => Some((index, value)),
                Err(reason) => return Failure::Response(ResponseError::new(meta, reason)),
            }
        }
        (Some((index, schema)), None) => Some((index, empty(schema))),
        (None, _) => None,
    };
    Failure::Service {
        meta: Box::new(meta),
        modeled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalizes_first_letter_only() {
        assert_eq!(capitalize("hi"), "Hi");
        assert_eq!(capitalize("xmlNameOnly"), "XmlNameOnly");
        assert_eq!(capitalize("Already"), "Already");
        assert_eq!(capitalize("éa"), "Éa");
        assert_eq!(capitalize(""), "");
    }
}
