//! Emits one module per operation:
//!
//! ```text
//! //! The `GetFoo` operation.
//! pub struct GetFooInput { .. }            // when only this operation uses it
//! pub struct GetFooOutput { .. }
//! pub enum GetFooError { NotFound(crate::types::NotFound), .., Unhandled(rt::Unhandled) }
//! pub struct GetFooFluentBuilder { .. }    // client.get_foo().bar(..).send().await
//! pub(crate) static OPERATION: rt::Operation = rt::Operation { .. };
//! pub struct FooExistsWaiter { .. }       // client.wait_until_foo_exists().bar(..).wait(max)
//! static FOO_EXISTS_WAITER: rt::Waiter = rt::Waiter { .., acceptors: &[rt::Acceptor::output(..)] };
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{access_tokens, accessor_doc, shape};
use super::{doc, summary};
use crate::ir::{
    EndpointSourceIr, MatcherIr, Module, OpAuth, OperationIr, PathStepIr, ServiceIr, ShapeIr,
    ShapeKind, WaiterIr,
};
use crate::naming::{camel, ident, prefixed, snake};

fn lookup<'a>(service: &'a ServiceIr, id: &str) -> &'a ShapeIr {
    // Lowering guarantees every referenced shape is in the IR.
    service
        .shapes
        .get(id)
        .unwrap_or_else(|| panic!("shape `{id}` missing from the IR of {}", service.id))
}

/// The path of a shape's schema static, as written in the module of operation `op`.
fn schema_path(s: &ShapeIr, op: &OperationIr) -> TokenStream {
    super::item_path(
        &s.module,
        &s.schema_static,
        &Module::Operation(op.method.clone()),
    )
}

/// The whole module file of one operation.
pub fn operation_module(service: &ServiceIr, op: &OperationIr) -> TokenStream {
    let module = Module::Operation(op.method.clone());
    let input = lookup(service, &op.input);
    let output = lookup(service, &op.output);
    let local_types = service
        .shapes
        .values()
        .filter(|s| s.module == module)
        .map(shape);
    let mod_doc = format!(
        "The `{}` operation: {}",
        op.name,
        if op.docs.is_empty() {
            "see [`Client`](crate::Client)."
        } else {
            summary(&op.docs)
        }
    );
    let mod_doc: Vec<_> = mod_doc.lines().map(|l| format!(" {l}")).collect();
    let error_enum = error_enum(service, op);
    let builder = fluent_builder(service, op, input, output);
    let descriptor = descriptor(service, op, input, output);
    let waiters = op.waiters.iter().map(|w| waiter(op, w, input, output));
    let body = quote! {
        #(#local_types)*
        #error_enum
        #builder
        #descriptor
        #(#waiters)*
    };
    let types = super::uses_types(&body).then(|| {
        quote!(
            use crate::types;
        )
    });
    quote! {
        #(#![doc = #mod_doc])*
        use ::skiff_runtime::rt;
        #types
        #body
    }
}

/// The variant of an operation's error enum for an error shape (`Unhandled` is taken).
fn error_variant(e: &ShapeIr) -> String {
    match camel(&e.name) {
        v if v == "Unhandled" => "UnhandledValue".to_owned(),
        v => v,
    }
}

fn error_enum(service: &ServiceIr, op: &OperationIr) -> TokenStream {
    let name = ident(&op.error_type);
    let text = doc(&format!(
        "The errors of `{}`: one variant per error the model declares, and `Unhandled` for \
         any other (an unknown error code, or a failure before any error answer).",
        op.name
    ));
    let errors: Vec<&ShapeIr> = op.errors.iter().map(|e| lookup(service, e)).collect();
    let from = Module::Operation(op.method.clone());
    let variants = errors.iter().map(|e| {
        let v = ident(&error_variant(e));
        let ty = super::item_path(&e.module, &e.rust_name, &from);
        let docs = if e.docs.is_empty() {
            doc(&format!("The `{}` error.", e.name))
        } else {
            doc(summary(&e.docs))
        };
        quote!(#docs #v(#ty),)
    });
    let names = errors.iter().map(|e| {
        let variant = error_variant(e);
        let v = ident(&variant);
        let is = ident(&prefixed("is", &snake(&variant)));
        quote!(#v #is)
    });
    quote! {
        #text
        #[derive(Debug)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // Variant sizes come from the model.
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe (its code and message are kept), or a failure
            /// that is not an error answer of the service (see `SdkError::into_service_error`).
            Unhandled(rt::Unhandled),
        }
        rt::impl_operation_error!(#name { #(#names),* });
    }
}

fn fluent_builder(
    service: &ServiceIr,
    op: &OperationIr,
    input: &ShapeIr,
    output: &ShapeIr,
) -> TokenStream {
    let _ = service;
    let name = ident(&op.builder_type);
    let error = ident(&op.error_type);
    let from = Module::Operation(op.method.clone());
    let input_ty = super::item_path(&input.module, &input.rust_name, &from);
    let output_ty = super::item_path(&output.module, &output.rust_name, &from);
    let text = format!(
        "Builds and sends a `{}` request; made by [`Client::{}`](crate::Client::{}).",
        op.name,
        op.method.trim_start_matches("r#"),
        op.method.trim_start_matches("r#")
    );
    let text = doc(&text);
    let paginator = paginator(op, output);
    let setters = setters(input, &from);
    quote! {
        #text
        #[derive(Clone, Debug)]
        pub struct #name {
            handle: rt::Handle,
            input: #input_ty,
        }
        impl #name {
            #[inline]
            pub(crate) fn new(handle: rt::Handle) -> Self {
                Self { handle, input: Default::default() }
            }
            #(#setters)*
            /// Changes the client's configuration for this call only (retries, timeouts,
            /// region...): `.config_override(|c| c.retry_config(RetryConfig::disabled()))`.
            #[inline]
            pub fn config_override(mut self, change: impl FnOnce(::skiff_runtime::ConfigBuilder) -> ::skiff_runtime::ConfigBuilder) -> Self {
                self.handle = self.handle.with_config(change);
                self
            }
            /// Replaces the whole input.
            #[inline]
            pub fn set_input(mut self, input: #input_ty) -> Self {
                self.input = input;
                self
            }
            /// The input as built so far.
            #[inline]
            pub fn as_input(&self) -> &#input_ty {
                &self.input
            }
            /// Sends the request and waits for the response.
            #[inline]
            pub async fn send(self) -> Result<#output_ty, rt::SdkError<#error>> {
                rt::send(&self.handle, &OPERATION, &self.input).await
            }
            #paginator
        }
        /// Lets `mock!(Client::..)` find this operation's types (feature `test-util`).
        #[cfg(feature = "test-util")]
        impl rt::MockOperation for #name {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error;
            #[inline]
            fn operation() -> &'static rt::Operation {
                &OPERATION
            }
        }
    }
}

/// The `rt::fluent!` setters of an input's members (on an operation's or a waiter's builder).
fn setters(input: &ShapeIr, from: &Module) -> Vec<TokenStream> {
    let members = match &input.kind {
        ShapeKind::Structure(m) => m.as_slice(),
        _ => &[],
    };
    members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let set = ident(&m.set);
            let get = ident(&m.get);
            let access = access_tokens(m, from);
            let text = accessor_doc(m);
            quote!(rt::fluent!(#field, #set, #get: #access, #text);)
        })
        .collect()
}

/// One waiter: its builder (the operation's input setters, then `wait(max_wait)`) and the
/// static table the runtime's `rt::wait` polls with.
fn waiter(op: &OperationIr, w: &WaiterIr, input: &ShapeIr, output: &ShapeIr) -> TokenStream {
    let from = Module::Operation(op.method.clone());
    let name = ident(&w.type_name);
    let table = ident(&w.static_name);
    let error = ident(&op.error_type);
    let input_ty = super::item_path(&input.module, &input.rust_name, &from);
    let output_ty = super::item_path(&output.module, &output.rust_name, &from);
    let method = w.method.as_str();
    let mut text = format!(
        "Waits for `{}` (polling `{}`); made by [`Client::{method}`](crate::Client::{method}).",
        w.name, op.name
    );
    if !w.docs.is_empty() {
        text.push_str("\n\n");
        text.push_str(&w.docs);
    }
    if w.deprecated {
        text.push_str("\n\nThe model marks this waiter as deprecated.");
    }
    let text = doc(&text);
    let setters = setters(input, &from);
    let acceptors = w.acceptors.iter().map(|a| {
        let state = match a.state.as_str() {
            "success" => quote!(rt::AcceptorState::Success),
            "failure" => quote!(rt::AcceptorState::Failure),
            _ => quote!(rt::AcceptorState::Retry),
        };
        match &a.matcher {
            MatcherIr::Success(b) => quote!(rt::Acceptor::success(#state, #b)),
            MatcherIr::ErrorType(e) => quote!(rt::Acceptor::error_type(#state, #e)),
            MatcherIr::Path {
                input_output,
                path,
                expected,
                comparator,
            } => {
                let comparator = ident(&camel(comparator));
                let ctor = if *input_output {
                    quote!(input_output)
                } else {
                    quote!(output)
                };
                quote!(rt::Acceptor::#ctor(#state, #path, #expected, rt::Comparator::#comparator))
            }
        }
    });
    let (waiter_name, min, max) = (&w.name, w.min_delay, w.max_delay);
    let wait_doc = doc(&format!(
        "Polls until the waiter reaches a success state (the final poll), a failure state, an \
         error no acceptor expects, or `max_wait` (by the client's clock); between polls it \
         backs off from {min} s to {max} s, with jitter."
    ));
    quote! {
        #text
        #[derive(Clone, Debug)]
        pub struct #name {
            handle: rt::Handle,
            input: #input_ty,
        }
        impl #name {
            #[inline]
            pub(crate) fn new(handle: rt::Handle) -> Self {
                Self { handle, input: Default::default() }
            }
            #(#setters)*
            /// Changes the client's configuration for this wait only.
            #[inline]
            pub fn config_override(mut self, change: impl FnOnce(::skiff_runtime::ConfigBuilder) -> ::skiff_runtime::ConfigBuilder) -> Self {
                self.handle = self.handle.with_config(change);
                self
            }
            /// Replaces the whole input.
            #[inline]
            pub fn set_input(mut self, input: #input_ty) -> Self {
                self.input = input;
                self
            }
            #wait_doc
            #[inline]
            pub async fn wait(self, max_wait: ::std::time::Duration) -> Result<rt::FinalPoll<#output_ty, #error>, rt::WaiterError<#output_ty, #error>> {
                rt::wait(&self.handle, &OPERATION, &#table, &self.input, max_wait).await
            }
        }
        static #table: rt::Waiter = rt::Waiter {
            name: #waiter_name,
            min_delay: #min,
            max_delay: #max,
            acceptors: &[#(#acceptors),*],
        };
    }
}

/// `into_paginator()` on the fluent builder; with the items it names, a function taking them
/// out of a page.
fn paginator(op: &OperationIr, output: &ShapeIr) -> TokenStream {
    let Some(p) = &op.paginated else {
        return TokenStream::new();
    };
    let from = Module::Operation(op.method.clone());
    let output_ty = super::item_path(&output.module, &output.rust_name, &from);
    let error = ident(&op.error_type);
    let text = doc(&format!(
        "Pages through the results: a `Stream` of pages, following `{}` into `{}`{}.",
        p.output_token,
        p.input_token,
        p.items
            .as_ref()
            .map(|_| "; `.items()` streams the items of every page")
            .unwrap_or_default()
    ));
    let Some(items) = &p.items else {
        return quote! {
            #text
            #[inline]
            pub fn into_paginator(self) -> rt::Paginator<#output_ty, #error> {
                rt::Paginator::new(self.handle, &OPERATION, &self.input, None)
            }
        };
    };
    let item = super::rust_type(&items.item, &from);
    let item = if items.map {
        quote!((String, #item))
    } else {
        item
    };
    let mut fields = items.fields.iter().map(|f| ident(f));
    let first = fields.next();
    let rest = fields.map(|f| quote!(.and_then(|v| v.#f)));
    let collect = if items.map {
        quote!(.into_iter().collect())
    } else {
        quote!()
    };
    quote! {
        #text
        #[inline]
        pub fn into_paginator(self) -> rt::Paginator<#output_ty, #error, #item> {
            let items = |page: #output_ty| page.#first #(#rest)* .unwrap_or_default() #collect;
            rt::Paginator::new(self.handle, &OPERATION, &self.input, Some(items))
        }
    }
}

fn descriptor(
    service: &ServiceIr,
    op: &OperationIr,
    input: &ShapeIr,
    output: &ShapeIr,
) -> TokenStream {
    let name = &op.name;
    let input = schema_path(input, op);
    let output = schema_path(output, op);
    let errors = op.errors.iter().map(|e| {
        let p = schema_path(lookup(service, e), op);
        quote!(&#p)
    });
    let http = match &op.http {
        Some(h) => {
            let (method, uri, code) = (&h.method, &h.uri, h.code);
            quote!(Some(rt::HttpTrait { method: #method, uri: #uri, code: #code }))
        }
        None => quote!(None),
    };
    let host_prefix = match &op.host_prefix {
        Some(p) => quote!(Some(#p)),
        None => quote!(None),
    };
    let paginated = match &op.paginated {
        Some(p) => {
            let input_token = p.input_token_index;
            let path = &p.output_token_path;
            quote!(Some(rt::Paginated { input_token: #input_token, output_token: &[#(#path),*] }))
        }
        None => quote!(None),
    };
    let checksum = op.checksum_required;
    let compression = &op.request_compression;
    let auth = match op.auth {
        OpAuth::Service => quote!(rt::OpAuth::Service),
        OpAuth::Optional => quote!(rt::OpAuth::Optional),
        OpAuth::None => quote!(rt::OpAuth::None),
    };
    let endpoint_params = op.endpoint_params.iter().map(|p| {
        let name = &p.name;
        let source = match &p.source {
            EndpointSourceIr::Bool(b) => quote!(rt::ParamSource::Bool(#b)),
            EndpointSourceIr::Str(v) => quote!(rt::ParamSource::Str(#v)),
            EndpointSourceIr::StrArray(items) => quote!(rt::ParamSource::StrArray(&[#(#items),*])),
            EndpointSourceIr::Input(steps) => {
                let steps = steps.iter().map(|s| match s {
                    PathStepIr::Member(i) => quote!(rt::PathStep::Member(#i)),
                    PathStepIr::Each => quote!(rt::PathStep::Each),
                    PathStepIr::Keys => quote!(rt::PathStep::Keys),
                });
                quote!(rt::ParamSource::Input(&[#(#steps),*]))
            }
        };
        quote!(rt::EndpointParam { name: #name, source: #source })
    });
    quote! {
        pub(crate) static OPERATION: rt::Operation = rt::Operation {
            name: #name,
            input: &#input,
            output: &#output,
            errors: &[#(#errors),*],
            http: #http,
            host_prefix: #host_prefix,
            paginated: #paginated,
            checksum_required: #checksum,
            request_compression: &[#(#compression),*],
            auth: #auth,
            endpoint_params: &[#(#endpoint_params),*],
        };
    }
}
