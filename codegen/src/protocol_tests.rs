//! Smithy protocol compliance tests: turns the `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` cases of a test service into one Rust test file for its
//! generated client crate (`tests/protocol.rs`), plus the list of every case with what became
//! of it (a generated `#[test]`, or the reason it was skipped).
//!
//! The raw test traits are read from the model text (the IR does not carry them); everything
//! about types, names and modules comes from the [`ServiceIr`], read-only. A generated test
//! looks like this (the helpers are in the hand-written `skiff-protocol-test-support` crate):
//!
//! ```text
//! #[test]
//! fn aws_json11_enums_request() {
//!     let transport = support::CapturingTransport::new();
//!     let client = sdk::Client::new(support::config(&transport, "https://example.com", "us-west-2"));
//!     let input = { let mut v = sdk::operation::json_enums::JsonEnumsInput::default();
//!                   v.foo_enum1 = Some(sdk::types::FooEnum::from("Foo")); v };
//!     let result = support::block_on(client.json_enums().set_input(input).send());
//!     let request = support::sent_request(&transport, result);
//!     support::assert_request(&request, &support::ExpectedRequest { method: "POST", uri: "/", .. });
//! }
//! ```
//!
//! Response tests answer with the case's status, headers and body, send an input holding only
//! placeholder values for `@required` members (so that the client's input check passes), and
//! compare the output, or the modeled error the case is attached to, with the case's `params`.
//! An error case runs through the first operation (by name) that can return the error.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde::Deserialize;
use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::ir::{Module, OperationIr, Protocol, RustType, ServiceIr, ShapeIr, ShapeKind};
use crate::model::{self, Model};
use crate::naming::{camel, ident, snake};

/// The trait holding request test cases.
pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// The trait holding response test cases.
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

/// The path generated tests use for the support crate.
const SUPPORT_CRATE: &str = "skiff_protocol_test_support";

/// The protocol trait id of a protocol (`aws.protocols#awsJson1_1`...), as test cases name it.
pub fn protocol_trait(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
        Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
        Protocol::AwsQuery => "aws.protocols#awsQuery",
        Protocol::Ec2Query => "aws.protocols#ec2Query",
        Protocol::RestJson1 => "aws.protocols#restJson1",
        Protocol::RestXml => "aws.protocols#restXml",
        Protocol::HuaweiRestJson => "skiff.api#huaweiRestJson",
    }
}

/// Whether a case tests a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseKind {
    /// `smithy.test#httpRequestTests`.
    Request,
    /// `smithy.test#httpResponseTests` (of an operation or of an error).
    Response,
}

impl CaseKind {
    /// `request` or `response`: test case ids are shared between a request and a response
    /// case, so this qualifies them in test names and lists.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Request => "request",
            CaseKind::Response => "response",
        }
    }
}

/// One test case of a service and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The service shape id.
    pub service: String,
    /// The case id.
    pub id: String,
    /// Request or response.
    pub kind: CaseKind,
    /// The case's protocol trait id.
    pub protocol: String,
    /// The operation or error shape carrying the case.
    pub shape: String,
    /// The generated `#[test]` function, when one was generated.
    pub test_name: Option<String>,
    /// Why no test was generated (server-only, unsupported feature...).
    pub skip: Option<String>,
}

/// The generated test file of one service and its cases.
#[derive(Debug)]
pub struct ProtocolTests {
    /// The contents of `tests/protocol.rs`.
    pub file: Vec<u8>,
    /// Every case of the service's protocol, in file order.
    pub cases: Vec<Case>,
}

/// The fields of a `smithy.test` case that the client tests use.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCase {
    id: String,
    protocol: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    uri: String,
    host: Option<String>,
    resolved_host: Option<String>,
    #[serde(default)]
    query_params: Vec<String>,
    #[serde(default)]
    forbid_query_params: Vec<String>,
    #[serde(default)]
    require_query_params: Vec<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    forbid_headers: Vec<String>,
    #[serde(default)]
    require_headers: Vec<String>,
    body: Option<String>,
    body_media_type: Option<String>,
    #[serde(default)]
    params: Json,
    #[serde(default)]
    vendor_params: Json,
    code: Option<u16>,
    applies_to: Option<String>,
    documentation: Option<String>,
}

/// A case found in the model, with where it came from.
struct Found {
    kind: CaseKind,
    /// The operation or error shape id.
    shape: String,
    /// Whether `shape` is an error structure (else an operation).
    error: bool,
    case: RawCase,
}

/// Reads the cases of one trait of one shape.
fn read_cases(
    file: &str,
    model: &Model,
    shape_id: &str,
    kind: CaseKind,
    error: bool,
    out: &mut Vec<Found>,
) -> Result<()> {
    let Some(shape) = model.shapes.get(shape_id) else {
        return Ok(());
    };
    let key = match kind {
        CaseKind::Request => REQUEST_TESTS,
        CaseKind::Response => RESPONSE_TESTS,
    };
    let Some(list) = shape.traits.get(key) else {
        return Ok(());
    };
    let cases: Vec<RawCase> = serde_json::from_value(list.clone())
        .map_err(|e| Error::model(file, shape_id, None, format!("invalid `{key}`: {e}")))?;
    out.extend(cases.into_iter().map(|case| Found {
        kind,
        shape: shape_id.to_owned(),
        error,
        case,
    }));
    Ok(())
}

/// Every case of a service whose protocol passes `protocol`: request then response cases of
/// each operation (sorted by shape id), then response cases of its errors (sorted).
fn find_cases(
    file: &str,
    model: &Model,
    service_id: &str,
    protocol: impl Fn(&str) -> bool,
) -> Result<Vec<Found>> {
    let operations = crate::ir::operation_ids(file, model, service_id)?;
    let mut errors: BTreeSet<String> = BTreeSet::new();
    if let Some(service) = model.shapes.get(service_id) {
        errors.extend(service.errors.iter().map(|t| t.target.clone()));
    }
    let mut found = Vec::new();
    for op in &operations {
        if let Some(shape) = model.shapes.get(op) {
            errors.extend(shape.errors.iter().map(|t| t.target.clone()));
        }
        read_cases(file, model, op, CaseKind::Request, false, &mut found)?;
        read_cases(file, model, op, CaseKind::Response, false, &mut found)?;
    }
    for e in &errors {
        read_cases(file, model, e, CaseKind::Response, true, &mut found)?;
    }
    found.retain(|f| protocol(&f.case.protocol));
    Ok(found)
}

/// Lists the cases of a service the generator cannot lower: every case of a protocol trait the
/// service carries, each skipped with `reason` (or as server-only).
pub fn list_cases(file: &str, text: &str, service_id: &str, reason: &str) -> Result<Vec<Case>> {
    let model = model::parse(file, text)?;
    let traits: BTreeSet<String> = model
        .shapes
        .get(service_id)
        .map(|s| s.traits.keys().cloned().collect())
        .unwrap_or_default();
    let found = find_cases(file, &model, service_id, |p| traits.contains(p))?;
    Ok(found
        .into_iter()
        .map(|f| Case {
            service: service_id.to_owned(),
            skip: Some(server_only(&f.case).unwrap_or_else(|| reason.to_owned())),
            id: f.case.id,
            kind: f.kind,
            protocol: f.case.protocol,
            shape: f.shape,
            test_name: None,
        })
        .collect())
}

fn server_only(case: &RawCase) -> Option<String> {
    match case.applies_to.as_deref() {
        None | Some("client") => None,
        Some(other) => Some(format!("{other}-only (appliesTo: {other})")),
    }
}

/// Generates `tests/protocol.rs` for the lowered `service`, whose model text is `text`.
pub fn generate(text: &str, service: &ServiceIr) -> Result<ProtocolTests> {
    let file = service.file.as_str();
    let model = model::parse(file, text)?;
    let protocol = protocol_trait(service.protocol);
    // Cases of every protocol the service carries: those of a protocol the generator did not
    // choose are listed as skipped.
    let traits: BTreeSet<&str> = model
        .shapes
        .get(&service.id)
        .map(|s| s.traits.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let found = find_cases(file, &model, &service.id, |p| {
        p == protocol || traits.contains(p)
    })?;
    let gen = Gen { service };
    let mut names = BTreeSet::new();
    let mut cases = Vec::new();
    let mut tests = Vec::new();
    for f in found {
        let mut case = Case {
            service: service.id.clone(),
            id: f.case.id.clone(),
            kind: f.kind,
            protocol: f.case.protocol.clone(),
            shape: f.shape.clone(),
            test_name: None,
            skip: server_only(&f.case),
        };
        if case.skip.is_none() && f.case.protocol != protocol {
            case.skip = Some(format!(
                "the client speaks `{protocol}`, not `{}`",
                f.case.protocol
            ));
        }
        if case.skip.is_none() {
            let base = test_name(&f.case.id, f.kind);
            let mut name = base.clone();
            let mut n = 2;
            while names.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            let built = match (f.kind, f.error) {
                (CaseKind::Request, _) => gen.request_test(&name, &f.shape, &f.case),
                (CaseKind::Response, false) => gen.response_test(&name, &f.shape, &f.case),
                (CaseKind::Response, true) => gen.error_test(&name, &f.shape, &f.case),
            };
            match built {
                Ok(tokens) => {
                    names.insert(name.clone());
                    tests.push(tokens);
                    case.test_name = Some(name);
                }
                Err(reason) => case.skip = Some(reason),
            }
        }
        cases.push(case);
    }
    let crate_ident = ident(&service.crate_name.replace('-', "_"));
    let support = ident(SUPPORT_CRATE);
    let mut docs = vec![
        format!(
            " Smithy protocol compliance tests of `{}` ({}), generated by `cargo xtask protocol-tests`",
            service.id,
            protocol.rsplit('#').next().unwrap_or(protocol)
        ),
        format!(" from the `smithy.test` traits of `{file}`: one test per client case."),
    ];
    let skipped: Vec<&Case> = cases.iter().filter(|c| c.skip.is_some()).collect();
    if !skipped.is_empty() {
        docs.push(String::new());
        docs.push(" Skipped cases:".to_owned());
        for c in skipped {
            docs.push(format!(
                " - `{}` ({}): {}",
                c.id,
                c.kind.as_str(),
                c.skip.as_deref().unwrap_or_default()
            ));
        }
    }
    let tokens = quote! {
        #(#![doc = #docs])*
        use ::#support as support;
        use ::#crate_ident as sdk;
        #(#tests)*
    };
    let file_bytes = crate::output::rust_file(tokens, file, "tests/protocol.rs")?;
    Ok(ProtocolTests {
        file: file_bytes,
        cases,
    })
}

/// Builds test functions and value expressions from the IR of one service.
struct Gen<'a> {
    service: &'a ServiceIr,
}

/// Why a case cannot be turned into a test.
type Skip = String;

const MAX_DEPTH: usize = 64;

impl Gen<'_> {
    fn shape(&self, id: &str) -> Result<&ShapeIr, Skip> {
        self.service
            .shapes
            .get(id)
            .ok_or_else(|| format!("shape `{id}` is not in the generated client"))
    }

    fn operation(&self, op_id: &str) -> Result<&OperationIr, Skip> {
        let name = crate::ir::shape_name(op_id);
        self.service
            .operations
            .iter()
            .find(|o| o.name == name)
            .ok_or_else(|| format!("operation `{op_id}` is not in the generated client"))
    }

    fn type_path(&self, shape: &ShapeIr) -> TokenStream {
        let name = ident(&shape.rust_name);
        match &shape.module {
            Module::Types => quote!(sdk::types::#name),
            Module::Operation(m) => {
                let m = ident(m);
                quote!(sdk::operation::#m::#name)
            }
        }
    }

    /// [`Self::call`] with the configuration built by `config`.
    fn call_with(
        &self,
        op: &OperationIr,
        transport: TokenStream,
        config: TokenStream,
        input: TokenStream,
    ) -> TokenStream {
        let method = ident(&op.method);
        quote! {
            let transport = #transport;
            let client = sdk::Client::new(#config);
            let input = #input;
            let result = support::block_on(client.#method().set_input(input).send());
        }
    }

    /// `let transport = ..; let client = ..; let result = ..send(..)`: the call of a test.
    fn call(
        &self,
        op: &OperationIr,
        transport: TokenStream,
        endpoint: &str,
        region: &str,
        input: TokenStream,
    ) -> TokenStream {
        let method = ident(&op.method);
        quote! {
            let transport = #transport;
            let client = sdk::Client::new(support::config(&transport, #endpoint, #region));
            let input = #input;
            let result = support::block_on(client.#method().set_input(input).send());
        }
    }

    fn request_test(&self, name: &str, op_id: &str, case: &RawCase) -> Result<TokenStream, Skip> {
        let op = self.operation(op_id)?;
        let input = self.structure(&op.input, &case.params, "params", 0)?;
        let region = case
            .vendor_params
            .pointer("/scopedConfig/client/region")
            .and_then(Json::as_str)
            .unwrap_or("us-west-2");
        let endpoint = format!("https://{}", case.host.as_deref().unwrap_or("example.com"));
        let call = match aws_settings(self.service, &case.vendor_params) {
            // AWS settings for the rule set: resolved from the region, no endpoint URL.
            Some(settings) => self.call_with(
                op,
                quote!(support::CapturingTransport::new()),
                quote!(support::builder(&transport, None, #region) #settings .build()),
                input,
            ),
            None => self.call(
                op,
                quote!(support::CapturingTransport::new()),
                &endpoint,
                region,
                input,
            ),
        };
        let (method, uri) = (&case.method, &case.uri);
        let mut fields = Vec::new();
        let strs = |list: &[String]| quote!(&[#(#list),*]);
        let opt = |o: &Option<String>| o.as_ref().map(|s| quote!(Some(#s)));
        for (field, value) in [
            ("host", opt(&case.host)),
            ("resolved_host", opt(&case.resolved_host)),
            (
                "query_params",
                (!case.query_params.is_empty()).then(|| strs(&case.query_params)),
            ),
            (
                "forbid_query_params",
                (!case.forbid_query_params.is_empty()).then(|| strs(&case.forbid_query_params)),
            ),
            (
                "require_query_params",
                (!case.require_query_params.is_empty()).then(|| strs(&case.require_query_params)),
            ),
            (
                "headers",
                (!case.headers.is_empty()).then(|| header_pairs(&case.headers)),
            ),
            (
                "forbid_headers",
                (!case.forbid_headers.is_empty()).then(|| strs(&case.forbid_headers)),
            ),
            (
                "require_headers",
                (!case.require_headers.is_empty()).then(|| strs(&case.require_headers)),
            ),
            ("body", opt(&case.body)),
            ("body_media_type", opt(&case.body_media_type)),
        ] {
            if let Some(value) = value {
                let field = ident(field);
                fields.push(quote!(#field: #value,));
            }
        }
        let name = ident(name);
        let docs = case_docs(case);
        Ok(quote! {
            #docs
            #[test]
            fn #name() {
                #call
                let request = support::sent_request(&transport, result);
                support::assert_request(&request, &support::ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    #(#fields)*
                    ..Default::default()
                });
            }
        })
    }

    /// The transport of a response test: the case's status, headers and body.
    fn responding(case: &RawCase) -> TokenStream {
        let code = case.code.unwrap_or(200);
        let headers = header_pairs(&case.headers);
        let body = Literal::byte_string(case.body.as_deref().unwrap_or_default().as_bytes());
        quote!(support::CapturingTransport::responding(#code, #headers, #body))
    }

    fn response_test(&self, name: &str, op_id: &str, case: &RawCase) -> Result<TokenStream, Skip> {
        let op = self.operation(op_id)?;
        let input = self.minimal_structure(&op.input, 0)?;
        let expected = self.structure(&op.output, &case.params, "params", 0)?;
        let call = self.call(
            op,
            Self::responding(case),
            "https://example.com",
            "us-west-2",
            input,
        );
        let name = ident(name);
        let docs = case_docs(case);
        Ok(quote! {
            #docs
            #[test]
            fn #name() {
                #call
                let output = support::expect_output(result);
                let expected = #expected;
                support::assert_shape_eq(&output, &expected);
            }
        })
    }

    fn error_test(&self, name: &str, error_id: &str, case: &RawCase) -> Result<TokenStream, Skip> {
        let op = self
            .service
            .operations
            .iter()
            .find(|o| o.errors.iter().any(|e| e == error_id))
            .ok_or_else(|| format!("no operation of the client returns `{error_id}`"))?;
        let error = self.shape(error_id)?;
        let input = self.minimal_structure(&op.input, 0)?;
        let expected = self.structure(error_id, &case.params, "params", 0)?;
        let call = self.call(
            op,
            Self::responding(case),
            "https://example.com",
            "us-west-2",
            input,
        );
        let code = match case.vendor_params.get("code").and_then(Json::as_str) {
            Some(c) => quote!(Some(#c)),
            None => quote!(None),
        };
        let method = ident(&op.method);
        let error_enum = ident(&op.error_type);
        let variant = ident(&camel(&error.name));
        let label = &error.name;
        let name = ident(name);
        let docs = case_docs(case);
        Ok(quote! {
            #docs
            #[test]
            fn #name() {
                #call
                let error = support::expect_service_error(result, #code);
                let expected = #expected;
                match error {
                    sdk::operation::#method::#error_enum::#variant(actual) => {
                        support::assert_shape_eq(&actual, &expected)
                    }
                    other => panic!("expected the `{}` error, got {other:?}", #label),
                }
            }
        })
    }

    /// A structure value from a JSON object of member names (`null` members stay unset).
    fn structure(
        &self,
        id: &str,
        json: &Json,
        path: &str,
        depth: usize,
    ) -> Result<TokenStream, Skip> {
        let shape = self.shape(id)?;
        let ty = self.type_path(shape);
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(format!("`{id}` is not a structure"));
        };
        let object = match json {
            Json::Null => return Ok(quote!(#ty::default())),
            Json::Object(o) => o,
            _ => return Err(format!("`{path}` must be an object")),
        };
        let mut sets = Vec::new();
        for (key, value) in object {
            if value.is_null() {
                continue;
            }
            let member = members
                .iter()
                .find(|m| m.name == *key)
                .ok_or_else(|| format!("`{path}` names `{key}`, which `{id}` does not have"))?;
            let path = format!("{path}.{key}");
            let value = self.value(&member.ty, &member.target, value, &path, depth + 1)?;
            let field = ident(&member.field);
            sets.push(quote!(v.#field = Some(#value);));
        }
        if sets.is_empty() {
            return Ok(quote!(#ty::default()));
        }
        Ok(quote!({
            let mut v = #ty::default();
            #(#sets)*
            v
        }))
    }

    /// The expression of a value of Rust type `ty` (target shape `target`) from test params.
    fn value(
        &self,
        ty: &RustType,
        target: &str,
        json: &Json,
        path: &str,
        depth: usize,
    ) -> Result<TokenStream, Skip> {
        if depth > MAX_DEPTH {
            return Err(format!("`{path}` nests too deeply"));
        }
        let mismatch = |what: &str| format!("`{path}` must be {what}");
        Ok(match ty {
            RustType::Boxed(inner) => {
                let v = self.value(inner, target, json, path, depth)?;
                quote!(Box::new(#v))
            }
            RustType::Option(inner) => {
                if json.is_null() {
                    quote!(None)
                } else {
                    let v = self.value(inner, target, json, path, depth)?;
                    quote!(Some(#v))
                }
            }
            RustType::Bool => {
                let b = json.as_bool().ok_or_else(|| mismatch("a boolean"))?;
                quote!(#b)
            }
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
                let n = json.as_i64().ok_or_else(|| mismatch("an integer"))?;
                int_literal(ty, n).ok_or_else(|| mismatch("an integer in range"))?
            }
            RustType::F32 | RustType::F64 => float_expr(ty, json)
                .ok_or_else(|| mismatch("a number, `NaN`, `Infinity` or `-Infinity`"))?,
            RustType::String => {
                let big = matches!(
                    self.service.shapes.get(target).map(|s| &s.kind),
                    Some(ShapeKind::Simple(k)) if k == "bigInteger" || k == "bigDecimal"
                ) || matches!(target, "smithy.api#BigInteger" | "smithy.api#BigDecimal");
                let text = match json {
                    Json::String(s) => s.clone(),
                    Json::Number(n) if big => n.to_string(),
                    _ => return Err(mismatch("a string")),
                };
                quote!(String::from(#text))
            }
            RustType::Blob => {
                let s = json.as_str().ok_or_else(|| mismatch("a string"))?;
                let bytes = Literal::byte_string(s.as_bytes());
                quote!(sdk::Blob::new(#bytes.to_vec()))
            }
            RustType::DateTime => match json {
                Json::Number(n) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => {
                        let i = signed(Literal::i64_unsuffixed(i.abs()), i < 0);
                        quote!(sdk::DateTime::from_secs(#i))
                    }
                    (None, Some(f)) if f.is_finite() => {
                        let f = signed(Literal::f64_unsuffixed(f.abs()), f < 0.0);
                        quote!(sdk::DateTime::from_secs_f64(#f))
                    }
                    _ => return Err(mismatch("epoch seconds")),
                },
                _ => return Err(mismatch("epoch seconds")),
            },
            RustType::Document => document(json),
            RustType::Unit => quote!(::skiff_runtime::value::Unit),
            RustType::Vec(inner) => {
                let items = json.as_array().ok_or_else(|| mismatch("a list"))?;
                let ShapeKind::List(member) = &self.shape(target)?.kind else {
                    return Err(format!("`{target}` is not a list"));
                };
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let path = format!("{path}[{i}]");
                        self.value(inner, &member.target, item, &path, depth + 1)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            RustType::Map(inner) => {
                let entries = json.as_object().ok_or_else(|| mismatch("a map"))?;
                let ShapeKind::Map(_, value) = &self.shape(target)?.kind else {
                    return Err(format!("`{target}` is not a map"));
                };
                if entries.is_empty() {
                    return Ok(quote!(::std::collections::BTreeMap::new()));
                }
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let path = format!("{path}[{k:?}]");
                        let v = self.value(inner, &value.target, v, &path, depth + 1)?;
                        Ok(quote!((String::from(#k), #v)))
                    })
                    .collect::<Result<Vec<_>, Skip>>()?;
                quote!(::std::collections::BTreeMap::from([#(#entries),*]))
            }
            RustType::Named(..) => {
                let shape = self.shape(target)?;
                let path_ty = self.type_path(shape);
                match &shape.kind {
                    ShapeKind::Structure(_) => self.structure(target, json, path, depth)?,
                    ShapeKind::Union(members) => {
                        let object = json.as_object().ok_or_else(|| mismatch("an object"))?;
                        let mut set = object.iter().filter(|(_, v)| !v.is_null());
                        let (Some((key, value)), None) = (set.next(), set.next()) else {
                            return Err(mismatch("a union with exactly one member set"));
                        };
                        let member = members.iter().find(|m| m.name == *key).ok_or_else(|| {
                            format!("`{path}` names `{key}`, which `{target}` does not have")
                        })?;
                        let path = format!("{path}.{key}");
                        let v = self.value(&member.ty, &member.target, value, &path, depth + 1)?;
                        let variant = ident(&camel(&member.name));
                        quote!(#path_ty::#variant(#v))
                    }
                    ShapeKind::Enum(_) => {
                        let s = json.as_str().ok_or_else(|| mismatch("a string"))?;
                        quote!(#path_ty::from(#s))
                    }
                    ShapeKind::IntEnum(_) => {
                        let n = json
                            .as_i64()
                            .and_then(|n| int_literal(&RustType::I32, n))
                            .ok_or_else(|| mismatch("a 32-bit integer"))?;
                        quote!(#path_ty::from(#n))
                    }
                    _ => return Err(format!("`{target}` has no Rust type of its own")),
                }
            }
        })
    }

    /// A structure with placeholder values in its `@required` members only.
    fn minimal_structure(&self, id: &str, depth: usize) -> Result<TokenStream, Skip> {
        let shape = self.shape(id)?;
        let ty = self.type_path(shape);
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(format!("`{id}` is not a structure"));
        };
        let sets = members
            .iter()
            .filter(|m| m.required)
            .map(|m| {
                let v = self.minimal(&m.ty, &m.target, depth + 1)?;
                let field = ident(&m.field);
                Ok(quote!(v.#field = Some(#v);))
            })
            .collect::<Result<Vec<_>, Skip>>()?;
        if sets.is_empty() {
            return Ok(quote!(#ty::default()));
        }
        Ok(quote!({
            let mut v = #ty::default();
            #(#sets)*
            v
        }))
    }

    /// A placeholder value of a type: `"a"`, zero, empty collections, the first variant...
    fn minimal(&self, ty: &RustType, target: &str, depth: usize) -> Result<TokenStream, Skip> {
        if depth > MAX_DEPTH {
            return Err(format!("the required members of `{target}` form a cycle"));
        }
        Ok(match ty {
            RustType::Boxed(inner) => {
                let v = self.minimal(inner, target, depth)?;
                quote!(Box::new(#v))
            }
            RustType::Option(_) => quote!(None),
            RustType::Bool => quote!(false),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
                int_literal(ty, 0).unwrap_or_else(|| quote!(0))
            }
            RustType::F32 => quote!(0f32),
            RustType::F64 => quote!(0f64),
            RustType::String => quote!(String::from("a")),
            RustType::Blob => quote!(sdk::Blob::default()),
            RustType::DateTime => quote!(sdk::DateTime::from_secs(0)),
            RustType::Document => quote!(sdk::Document::Null),
            RustType::Unit => quote!(::skiff_runtime::value::Unit),
            RustType::Vec(_) => quote!(Vec::new()),
            RustType::Map(_) => quote!(::std::collections::BTreeMap::new()),
            RustType::Named(..) => {
                let shape = self.shape(target)?;
                let path_ty = self.type_path(shape);
                match &shape.kind {
                    ShapeKind::Structure(_) => self.minimal_structure(target, depth)?,
                    ShapeKind::Union(members) => {
                        let m = members
                            .first()
                            .ok_or_else(|| format!("union `{target}` has no member"))?;
                        let v = self.minimal(&m.ty, &m.target, depth + 1)?;
                        let variant = ident(&camel(&m.name));
                        quote!(#path_ty::#variant(#v))
                    }
                    ShapeKind::Enum(values) => {
                        let v = values.first().map_or("a", |(_, v, _)| v.as_str());
                        quote!(#path_ty::from(#v))
                    }
                    ShapeKind::IntEnum(values) => {
                        let n = values.first().map_or(0, |(_, n, _)| *n);
                        let n = int_literal(&RustType::I32, n).unwrap_or_else(|| quote!(0));
                        quote!(#path_ty::from(#n))
                    }
                    _ => return Err(format!("`{target}` has no Rust type of its own")),
                }
            }
        })
    }
}

/// The test function name of a case: its id in `snake_case`, then `_request` or `_response`
/// (ids are shared by a request and a response case), made a valid identifier.
fn test_name(id: &str, kind: CaseKind) -> String {
    let snake: String = snake(id)
        .trim_start_matches("r#")
        .trim_start_matches('_')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let prefix = if snake.starts_with(|c: char| c.is_ascii_alphabetic()) {
        ""
    } else {
        "case_"
    };
    format!("{prefix}{snake}_{}", kind.as_str())
}

/// `&[("name", "value"), ..]`.
/// The configuration setters for a case's AWS settings (`vendorParams` of shape
/// `aws.protocoltests.config#AwsConfig`), when the service resolves endpoints with a rule set:
/// S3's `addressing_style`, `use_dualstack_endpoint` and `use_accelerate_endpoint`. `None`
/// otherwise: the case then gives its host as the endpoint URL.
fn aws_settings(service: &ServiceIr, vendor_params: &Json) -> Option<TokenStream> {
    service.endpoint_rules.as_ref()?;
    let client = vendor_params.pointer("/scopedConfig/client")?;
    // An operation's scoped setting wins over the client's.
    let s3 = |key: &str| {
        vendor_params
            .pointer(&format!("/scopedConfig/operation/s3/{key}"))
            .or_else(|| client.pointer(&format!("/s3/{key}")))
    };
    let mut setters = Vec::new();
    match s3("addressing_style").and_then(Json::as_str) {
        Some("path") => setters.push(quote!(.force_path_style(true))),
        Some("virtual") => setters.push(quote!(.force_path_style(false))),
        _ => {}
    }
    if let Some(on) = s3("use_dualstack_endpoint").and_then(Json::as_bool) {
        setters.push(quote!(.use_dual_stack(#on)));
    }
    if let Some(on) = s3("use_accelerate_endpoint").and_then(Json::as_bool) {
        setters.push(quote!(.accelerate(#on)));
    }
    Some(quote!(#(#setters)*))
}

fn header_pairs(headers: &BTreeMap<String, String>) -> TokenStream {
    let pairs = headers.iter().map(|(k, v)| quote!((#k, #v)));
    quote!(&[#(#pairs),*])
}

/// `/// Id: documentation` on a test.
fn case_docs(case: &RawCase) -> TokenStream {
    let text = match &case.documentation {
        Some(d) if !d.trim().is_empty() => {
            format!(
                " `{}`: {}",
                case.id,
                d.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        }
        _ => format!(" `{}`.", case.id),
    };
    quote!(#[doc = #text])
}

/// `-x` when `negative`.
fn signed(literal: Literal, negative: bool) -> TokenStream {
    if negative {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// A suffixed integer literal of an integer type, when `n` fits.
fn int_literal(ty: &RustType, n: i64) -> Option<TokenStream> {
    let abs = n.unsigned_abs();
    let fits = match ty {
        RustType::I8 => i8::try_from(n).is_ok(),
        RustType::I16 => i16::try_from(n).is_ok(),
        RustType::I32 => i32::try_from(n).is_ok(),
        RustType::I64 => true,
        _ => false,
    };
    if !fits {
        return None;
    }
    let lit = match ty {
        RustType::I8 => Literal::u64_unsuffixed(abs).to_string() + "i8",
        RustType::I16 => Literal::u64_unsuffixed(abs).to_string() + "i16",
        RustType::I32 => Literal::u64_unsuffixed(abs).to_string() + "i32",
        _ => Literal::u64_unsuffixed(abs).to_string() + "i64",
    };
    let lit: Literal = lit.parse().ok()?;
    Some(signed(lit, n < 0))
}

/// A float expression: a literal, or `f64::NAN` and friends for the strings the tests use.
fn float_expr(ty: &RustType, json: &Json) -> Option<TokenStream> {
    let t = if *ty == RustType::F32 {
        quote!(f32)
    } else {
        quote!(f64)
    };
    match json {
        Json::String(s) => match s.as_str() {
            "NaN" => Some(quote!(#t::NAN)),
            "Infinity" => Some(quote!(#t::INFINITY)),
            "-Infinity" => Some(quote!(#t::NEG_INFINITY)),
            _ => None,
        },
        Json::Number(n) => {
            let f = n.as_f64().filter(|f| f.is_finite())?;
            let lit = if *ty == RustType::F32 {
                let f = Some(f as f32).filter(|f| f.is_finite())?;
                Literal::f32_suffixed(f.abs())
            } else {
                Literal::f64_suffixed(f.abs())
            };
            Some(signed(lit, f < 0.0))
        }
        _ => None,
    }
}

/// A `Document` expression from JSON.
fn document(json: &Json) -> TokenStream {
    match json {
        Json::Null => quote!(sdk::Document::Null),
        Json::Bool(b) => quote!(sdk::Document::Bool(#b)),
        Json::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote!(::skiff_runtime::Number::PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                let i = int_literal(&RustType::I64, i).unwrap_or_else(|| quote!(0i64));
                quote!(::skiff_runtime::Number::NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                let f = signed(Literal::f64_suffixed(f.abs()), f < 0.0);
                quote!(::skiff_runtime::Number::Float(#f))
            };
            quote!(sdk::Document::Number(#number))
        }
        Json::String(s) => quote!(sdk::Document::String(String::from(#s))),
        Json::Array(items) => {
            let items = items.iter().map(document);
            quote!(sdk::Document::Array(vec![#(#items),*]))
        }
        Json::Object(map) => {
            if map.is_empty() {
                return quote!(sdk::Document::Object(::std::collections::BTreeMap::new()));
            }
            let entries = map.iter().map(|(k, v)| {
                let v = document(v);
                quote!((String::from(#k), #v))
            });
            quote!(sdk::Document::Object(::std::collections::BTreeMap::from([#(#entries),*])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small awsJson1_1 service: one operation with a request case, a response case and a
    /// server-only case, one error with a response case.
    const MODEL: &str = r##"{
      "smithy": "2.0",
      "shapes": {
        "t#Svc": {
          "type": "service", "version": "1",
          "operations": [{"target": "t#Op"}],
          "rename": {"u#Thing": "Renamed"},
          "traits": {"aws.protocols#awsJson1_1": {}, "aws.api#service": {"sdkId": "Svc"}}
        },
        "t#Op": {
          "type": "operation",
          "input": {"target": "t#OpInput"}, "output": {"target": "t#OpOutput"},
          "errors": [{"target": "t#Oops"}],
          "traits": {
            "smithy.test#httpRequestTests": [
              {"id": "SendsIt", "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/",
               "headers": {"X-Amz-Target": "Svc.Op"}, "body": "{\"Name\":\"n\",\"Ratio\":\"NaN\"}",
               "bodyMediaType": "application/json",
               "params": {"Name": "n", "Ratio": "NaN", "Tags": null}},
              {"id": "ServerSide", "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/",
               "appliesTo": "server"},
              {"id": "BadParams", "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/",
               "params": {"Nope": 1}},
              {"id": "OtherProtocol", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/"}
            ],
            "smithy.test#httpResponseTests": [
              {"id": "SendsIt", "protocol": "aws.protocols#awsJson1_1", "code": 200,
               "body": "{\"Tags\":{\"a\":[1,-2]},\"When\":1.5,\"Doc\":{\"x\":[true,null,2.5]}}",
               "params": {"Tags": {"a": [1, -2]}, "When": 1.5, "Doc": {"x": [true, null, 2.5]}}}
            ]
          }
        },
        "t#OpInput": {"type": "structure", "members": {
          "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
          "Ratio": {"target": "smithy.api#Float"},
          "Tags": {"target": "t#Tags"}}},
        "t#OpOutput": {"type": "structure", "members": {
          "Tags": {"target": "t#Tags"},
          "When": {"target": "smithy.api#Timestamp"},
          "Doc": {"target": "smithy.api#Document"},
          "Thing": {"target": "u#Thing"}}},
        "t#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "t#Ints"}},
        "t#Ints": {"type": "list", "member": {"target": "smithy.api#Integer"}},
        "u#Thing": {"type": "structure", "members": {}},
        "t#Oops": {
          "type": "structure", "members": {"Message": {"target": "smithy.api#String"}},
          "traits": {"smithy.api#error": "client", "smithy.test#httpResponseTests": [
            {"id": "Oops", "protocol": "aws.protocols#awsJson1_1", "code": 400,
             "body": "{\"__type\":\"Oops\",\"Message\":\"hi\"}", "params": {"Message": "hi"},
             "vendorParams": {"code": "Oops"}}]}
        }
      }
    }"##;

    fn options() -> crate::CrateOptions {
        crate::CrateOptions {
            model_file: "test.json".to_owned(),
            crate_suffix: "svc".to_owned(),
            runtime_path: Some("../skiff-runtime".to_owned()),
            service: Some("t#Svc".to_owned()),
            config: Default::default(),
            config_file: String::new(),
        }
    }

    #[test]
    fn generates_one_test_per_client_case() {
        let service = crate::lower_model(MODEL, &options()).unwrap();
        let tests = generate(MODEL, &service).unwrap();
        let summary: Vec<(&str, &str, Option<&str>, Option<&str>)> = tests
            .cases
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.kind.as_str(),
                    c.test_name.as_deref(),
                    c.skip.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("SendsIt", "request", Some("sends_it_request"), None),
                (
                    "ServerSide",
                    "request",
                    None,
                    Some("server-only (appliesTo: server)")
                ),
                (
                    "BadParams",
                    "request",
                    None,
                    Some("`params` names `Nope`, which `t#OpInput` does not have")
                ),
                ("SendsIt", "response", Some("sends_it_response"), None),
                ("Oops", "response", Some("oops_response"), None),
            ]
        );
        let file = String::from_utf8(tests.file).unwrap();
        for expected in [
            "use ::skiff_aws_svc as sdk;",
            "v.ratio = Some(f32::NAN);",
            "body: Some(\"{\\\"Name\\\":\\\"n\\\",\\\"Ratio\\\":\\\"NaN\\\"}\"),",
            "v.name = Some(String::from(\"a\"));",
            "(String::from(\"a\"), vec![1i32, - 2i32])",
            "sdk::DateTime::from_secs_f64(1.5)",
            "::skiff_runtime::Number::Float(2.5f64)",
            "support::expect_service_error(result, Some(\"Oops\"))",
            "sdk::operation::op::OpError::Oops(actual)",
        ] {
            assert!(file.contains(expected), "missing {expected:?} in:\n{file}");
        }
        assert!(!file.contains("OtherProtocol"));
    }

    #[test]
    fn lists_cases_of_rejected_services() {
        let cases = list_cases("test.json", MODEL, "t#Svc", "rejected").unwrap();
        assert_eq!(cases.len(), 5);
        assert!(cases.iter().all(|c| c.test_name.is_none()));
        assert_eq!(cases[0].skip.as_deref(), Some("rejected"));
        assert_eq!(
            cases[1].skip.as_deref(),
            Some("server-only (appliesTo: server)")
        );
    }

    #[test]
    fn literals() {
        assert_eq!(
            test_name("2Fast.Test", CaseKind::Request),
            "case_2_fast_test_request"
        );
        assert_eq!(
            int_literal(&RustType::I8, -128).map(|t| t.to_string()),
            Some("- 128i8".to_owned())
        );
        assert!(int_literal(&RustType::I8, 128).is_none());
        let f = |j: Json| float_expr(&RustType::F64, &j).map(|t| t.to_string());
        assert_eq!(
            f(serde_json::json!("-Infinity")),
            Some("f64 :: NEG_INFINITY".to_owned())
        );
        assert_eq!(f(serde_json::json!(-1.5)), Some("- 1.5f64".to_owned()));
        assert_eq!(f(serde_json::json!("nope")), None);
        assert!(float_expr(&RustType::F32, &serde_json::json!(1e300)).is_none());
    }
}
