//! Pure functions from the IR to token streams, one module per concern:
//! [`types`] (structures, unions, enums and their schemas), [`operation`] (per-operation
//! error enums, fluent builders and operation descriptors), [`client`] (the `Client` and the
//! crate root). Every emitter documents the Rust it produces.
//!
//! Generated code names the runtime through the `rt` alias of `::skiff_runtime::rt` (no model
//! name can shadow it: generated type names are `UpperCamelCase`), std items outside the
//! prelude by absolute paths, and prelude items (`Option`, `Some`, `String`, `Vec`, `Box`,
//! `Into`, `Result`, `Ok`, `Default`) by their short names: `naming::type_name` renames model
//! types that would shadow them.

pub mod client;
pub mod operation;
pub mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Module, RustType, SchemaRef};
use crate::naming::ident;

/// `#[doc = "..."]` attributes, one per line, so the formatter prints `/// line`.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The first paragraph of a documentation string.
pub fn summary(text: &str) -> &str {
    text.split("\n\n").next().unwrap_or_default()
}

/// The path of a generated module: `crate::types` or `crate::operation::<name>`.
pub fn module_path(module: &Module) -> TokenStream {
    match module {
        Module::Types => quote!(crate::types),
        Module::Operation(m) => {
            let m = ident(m);
            quote!(crate::operation::#m)
        }
    }
}

/// The path of item `name` of module `module`, as written in module `from`: the bare name in
/// its own module (shorter lines, fewer of them), else `crate::types::Foo`...
pub fn item_path(module: &Module, name: &str, from: &Module) -> TokenStream {
    let name = ident(name);
    match module {
        _ if module == from => quote!(#name),
        // Operation modules import `crate::types` as `types` when they name it (see
        // `uses_types`).
        Module::Types => quote!(types::#name),
        Module::Operation(_) => {
            let path = module_path(module);
            quote!(#path::#name)
        }
    }
}

/// Whether `tokens` name an item through the `types` module (`types::Foo`), so that the file
/// must import it.
pub fn uses_types(tokens: &TokenStream) -> bool {
    use proc_macro2::TokenTree;
    let mut previous_types = false;
    for tree in tokens.clone() {
        match &tree {
            TokenTree::Punct(p) if previous_types && p.as_char() == ':' => return true,
            TokenTree::Group(g) if uses_types(&g.stream()) => return true,
            _ => {}
        }
        previous_types = matches!(&tree, TokenTree::Ident(i) if i == "types");
    }
    false
}

/// The Rust type of a member value, as written in module `from`: `String`, `Foo` or
/// `crate::types::Foo`, `Vec<...>`...
pub fn rust_type(ty: &RustType, from: &Module) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::String => quote!(String),
        RustType::Blob => quote!(rt::Blob),
        RustType::DateTime => quote!(rt::DateTime),
        RustType::Document => quote!(rt::Document),
        RustType::Unit => quote!(rt::Unit),
        RustType::Named(module, name) => item_path(module, name, from),
        RustType::Vec(inner) => {
            let inner = rust_type(inner, from);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = rust_type(inner, from);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        RustType::Option(inner) => {
            let inner = rust_type(inner, from);
            quote!(Option<#inner>)
        }
        RustType::Boxed(inner) => {
            let inner = rust_type(inner, from);
            quote!(Box<#inner>)
        }
    }
}

/// A reference to a schema static, as written in module `from`: `&rt::prelude::STRING`,
/// `&FOO_SCHEMA` or `&crate::types::FOO_SCHEMA`.
pub fn schema_ref(schema: &SchemaRef, from: &Module) -> TokenStream {
    match schema {
        SchemaRef::Prelude(name) => {
            let name = ident(name);
            quote!(&rt::prelude::#name)
        }
        SchemaRef::Local(module, name) => {
            let path = item_path(module, name, from);
            quote!(&#path)
        }
    }
}

/// `rt::TimestampFormat::DateTime` and friends.
pub fn timestamp_format(format: &str) -> TokenStream {
    match format {
        "http-date" => quote!(rt::TimestampFormat::HttpDate),
        "epoch-seconds" => quote!(rt::TimestampFormat::EpochSeconds),
        _ => quote!(rt::TimestampFormat::DateTime),
    }
}
