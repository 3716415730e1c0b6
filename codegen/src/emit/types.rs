//! Emits data shapes: for each structure, union, enum and intEnum a Rust type with docs,
//! derives, setters and its `rt::Shape` impl; for every shape with wire-relevant traits a static
//! schema. Sketch of a structure:
//!
//! ```text
//! /// docs
//! #[derive(Clone, Debug, Default, PartialEq)]
//! #[non_exhaustive]
//! pub struct JobData { /// docs
//!     pub action_type_id: Option<crate::types::ActionTypeId>, ... }
//! impl JobData { pub fn action_type_id(mut self, value: impl Into<ActionTypeId>) -> Self }
//! rt::impl_structure!(JobData { 0 => action_type_id, .. }); // the rt::Shape impl
//! pub(crate) static JOB_DATA_SCHEMA: rt::Schema = rt::Schema::structure("JobData", &[...]);
//! ```

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, rust_type, schema_ref, timestamp_format};
use crate::ir::{Access, Binding, MemberIr, Module, RustType, ShapeIr, ShapeKind};
use crate::naming::ident;

/// Emits one data shape: its Rust type (if it has one) and its schema static (if it has one).
pub fn shape(s: &ShapeIr) -> TokenStream {
    let ty = match &s.kind {
        ShapeKind::Structure(members) => structure(s, members),
        ShapeKind::Union(members) => union(s, members),
        ShapeKind::Enum(values) => string_enum(s, values),
        ShapeKind::IntEnum(values) => int_enum(s, values),
        _ => TokenStream::new(),
    };
    let schema = schema_static(s);
    quote!(#ty #schema)
}

fn type_docs(s: &ShapeIr) -> TokenStream {
    if s.docs.is_empty() {
        doc(&format!("The `{}` shape.", s.name))
    } else {
        doc(&s.docs)
    }
}

/// The facts about a member that its docs state after the model's text: required or optional,
/// its default, its constraints, and that it is sensitive. One line: ``**Required.** Length 1
/// to 100. Sensitive: redacted in `Debug`.``
pub fn member_facts(m: &MemberIr) -> String {
    let mut facts = vec![if m.required {
        "**Required.**".to_owned()
    } else {
        "Optional.".to_owned()
    }];
    if let Some(d) = &m.default {
        let text = match d {
            serde_json::Value::String(s) => format!("`{s:?}`"),
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => "empty".to_owned(),
            other => format!("`{other}`"),
        };
        facts.push(format!("Default: {text}."));
    }
    if !m.constraints.is_empty() {
        let text = m.constraints.join("; ");
        let mut chars = text.chars();
        let text: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        };
        facts.push(format!("{text}."));
    }
    if m.sensitive {
        facts.push("Sensitive: redacted in `Debug`.".to_owned());
    }
    facts.join(" ")
}

/// `text` with [`member_facts`] appended to its last paragraph (or after it, when that is a
/// list item), so that the facts cost no extra lines.
fn with_facts(text: &str, m: &MemberIr) -> String {
    let facts = member_facts(m);
    let text = if text.is_empty() {
        format!("The `{}` member.", m.name)
    } else {
        text.to_owned()
    };
    let last = text.rsplit("\n\n").next().unwrap_or_default();
    if last.starts_with("- ") {
        format!("{text}\n\n{facts}")
    } else {
        format!("{text} {facts}")
    }
}

/// The full docs of a member's field: the model's text, then [`member_facts`].
fn member_docs(m: &MemberIr) -> TokenStream {
    doc(&with_facts(&m.docs, m))
}

/// The one-paragraph docs of a member's accessors: the model's first paragraph, then
/// [`member_facts`].
pub fn accessor_doc(m: &MemberIr) -> String {
    with_facts(super::summary(&m.docs), m)
}

/// The kind and type tokens of a member for the runtime's `member!` and `fluent!` macros:
/// `str`, `obj Foo`, `list Foo`, `val i32 = 5`...
pub fn access_tokens(m: &MemberIr, from: &Module) -> TokenStream {
    let t = match &m.ty {
        RustType::Vec(t) | RustType::Map(t) | RustType::Boxed(t) => rust_type(t, from),
        other => rust_type(other, from),
    };
    match &m.access {
        Access::Str => quote!(str),
        Access::Obj => quote!(obj #t),
        Access::Boxed => quote!(boxed #t),
        Access::Copy => quote!(copy #t),
        Access::Val(d) => {
            let d: TokenStream = d.parse().unwrap_or_else(|_| quote!(Default::default()));
            quote!(val #t = #d)
        }
        Access::List => quote!(list #t),
        Access::Map => quote!(map #t),
    }
}

fn structure(s: &ShapeIr, members: &[MemberIr]) -> TokenStream {
    let name = ident(&s.rust_name);
    let from = &s.module;
    let docs = type_docs(s);
    let fields = members.iter().map(|m| {
        let docs = member_docs(m);
        let field = ident(&m.field);
        let ty = rust_type(&m.ty, from);
        quote!(#docs pub #field: Option<#ty>,)
    });
    let accessors = members.iter().map(|m| {
        let field = ident(&m.field);
        let with = ident(&m.with);
        let access = access_tokens(m, from);
        let text = accessor_doc(m);
        quote!(rt::member!(#field, #with: #access, #text);)
    });
    let fields_list = members.iter().enumerate().map(|(i, m)| {
        let (i, field) = (Literal::usize_unsuffixed(i), ident(&m.field));
        quote!(#i => #field)
    });
    let meta_field = (s.error.is_some() || s.output).then(|| quote!(; _meta));
    // Outputs keep their response's metadata, errors their error response's.
    let meta = if s.error.is_some() {
        quote!(pub(crate) _meta: rt::Meta<rt::ErrorMeta>,)
    } else if s.output {
        quote!(pub(crate) _meta: rt::Meta<rt::ResponseMeta>,)
    } else {
        quote!()
    };
    let redact = s.sensitive || members.iter().any(|m| m.sensitive);
    let derive_debug = if redact { quote!() } else { quote!(Debug,) };
    let debug = if redact {
        let entries = members.iter().map(|m| {
            let field = ident(&m.field);
            let label = &m.field.trim_start_matches("r#");
            if s.sensitive || m.sensitive {
                quote!(.field(#label, &rt::REDACTED))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        let label = &s.rust_name;
        quote! {
            impl ::std::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish_non_exhaustive()
                }
            }
        }
    } else {
        quote!()
    };
    let accessors_impl = if members.is_empty() {
        quote!()
    } else {
        quote!(impl #name { #(#accessors)* })
    };
    let output = if s.output && s.error.is_none() {
        quote!(rt::impl_output!(#name);)
    } else {
        quote!()
    };
    let error = s.error.as_ref().map(|_| error_impls(s, members));
    let schema = ident(&s.schema_static);
    quote! {
        #docs
        #[derive(Clone, #derive_debug Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* #meta }
        #accessors_impl
        #debug
        rt::impl_structure!(#name { #(#fields_list),* } #meta_field);
        #output
        #error
        #[cfg(feature = "serde")]
        rt::impl_serde!(#name, #schema);
    }
}

/// `Display` and `Error` for `@error` structures: `ShapeName: message`, unless the message is
/// sensitive.
fn error_impls(s: &ShapeIr, members: &[MemberIr]) -> TokenStream {
    let name = ident(&s.rust_name);
    let label = &s.name;
    let message = members.iter().find(|m| {
        m.name.eq_ignore_ascii_case("message")
            && m.ty == RustType::String
            && !m.sensitive
            && !s.sensitive
    });
    match message {
        Some(m) => {
            let field = ident(&m.field);
            quote!(rt::impl_error!(#name, #label, #field);)
        }
        None => quote!(rt::impl_error!(#name, #label);),
    }
}

fn union(s: &ShapeIr, members: &[MemberIr]) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = type_docs(s);
    let len = Literal::usize_unsuffixed(members.len());
    let variants = members.iter().map(|m| {
        let docs = member_docs(m);
        let v = ident(&crate::naming::camel(&m.name));
        let ty = rust_type(&m.ty, &s.module);
        quote!(#docs #v(#ty),)
    });
    let to = members.iter().enumerate().map(|(i, m)| {
        let v = ident(&crate::naming::camel(&m.name));
        let i = Literal::usize_unsuffixed(i);
        quote!(Self::#v(v) => rt::variant(#len, #i, v),)
    });
    let from = members.iter().enumerate().map(|(i, m)| {
        let v = ident(&crate::naming::camel(&m.name));
        let i = Literal::usize_unsuffixed(i);
        quote!(Some(#i) => Self::#v(s.take_variant(#i)?),)
    });
    let schema = ident(&s.schema_static);
    let redact = s.sensitive || members.iter().any(|m| m.sensitive);
    let (derive_debug, debug) = if redact {
        let format = format!("{}({{}})", s.rust_name);
        (
            quote!(),
            quote! {
                impl ::std::fmt::Debug for #name {
                    #[inline]
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::write!(f, #format, rt::REDACTED)
                    }
                }
            },
        )
    } else {
        (quote!(Debug,), quote!())
    };
    quote! {
        #docs
        #[derive(Clone, #derive_debug PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // Variant sizes come from the model.
        pub enum #name {
            #(#variants)*
            /// A variant this client does not know (sent by a newer service).
            Unknown,
        }
        #debug
        impl rt::Shape for #name {
            #[inline]
            fn to_value(&self) -> rt::Value {
                match self {
                    #(#to)*
                    Self::Unknown => rt::Value::Struct(vec![None; #len]),
                }
            }
            #[inline]
            fn from_value(value: rt::Value) -> Result<Self, rt::ShapeError> {
                let mut s = rt::StructReader::new(value)?;
                Ok(match s.variant() {
                    #(#from)*
                    _ => Self::Unknown,
                })
            }
        }
        #[cfg(feature = "serde")]
        rt::impl_serde!(#name, #schema);
    }
}

/// One documented variant of a string or int enum: the value's docs, else the value itself.
fn enum_variant(variant: &str, value: &dyn std::fmt::Display, docs: &str) -> TokenStream {
    let docs = if docs.is_empty() {
        doc(&format!("`{value}`"))
    } else {
        doc(docs)
    };
    let v = ident(variant);
    quote!(#docs #v,)
}

fn string_enum(s: &ShapeIr, values: &[(String, String, String)]) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = type_docs(s);
    let variants = values.iter().map(|(v, value, d)| enum_variant(v, value, d));
    let pairs = values.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(#v => #value)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as sent.
            Unknown(String),
        }
        rt::impl_enum!(#name { #(#pairs),* });
        #[cfg(feature = "serde")]
        rt::impl_serde_enum!(#name);
    }
}

fn int_enum(s: &ShapeIr, values: &[(String, i64, String)]) -> TokenStream {
    let name = ident(&s.rust_name);
    let docs = type_docs(s);
    let variants = values.iter().map(|(v, value, d)| enum_variant(v, value, d));
    let to = values.iter().map(|(v, value, _)| {
        let v = ident(v);
        let value = Literal::i64_unsuffixed(*value);
        quote!(Self::#v => #value,)
    });
    let from = values.iter().map(|(v, value, _)| {
        let v = ident(v);
        let value = Literal::i64_unsuffixed(*value);
        quote!(#value => Self::#v,)
    });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as sent.
            Unknown(i32),
        }
        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn value(self) -> i32 {
                match self {
                    #(#to)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<i32> for #name {
            #[inline]
            fn from(value: i32) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other),
                }
            }
        }
        impl rt::Shape for #name {
            #[inline]
            fn to_value(&self) -> rt::Value {
                rt::Value::Int(i64::from(self.value()))
            }
            #[inline]
            fn from_value(value: rt::Value) -> Result<Self, rt::ShapeError> {
                <i32 as rt::Shape>::from_value(value).map(Self::from)
            }
        }
    }
}

/// `rt::Member::new("name", &TARGET)` with one modifier call per wire-relevant trait.
pub fn member_schema(m: &MemberIr, from: &Module) -> TokenStream {
    let name = &m.name;
    let target = schema_ref(&m.schema, from);
    let mut out = quote!(rt::Member::new(#name, #target));
    if m.required {
        out = quote!(#out.required());
    }
    if let Some(n) = &m.json_name {
        out = quote!(#out.json_name(#n));
    }
    if let Some(n) = &m.xml_name {
        out = quote!(#out.xml_name(#n));
    }
    if m.xml_attribute {
        out = quote!(#out.xml_attribute());
    }
    if m.xml_flattened {
        out = quote!(#out.xml_flattened());
    }
    if let Some((prefix, uri)) = &m.xml_namespace {
        let prefix = option_str(prefix.as_deref());
        out = quote!(#out.xml_namespace(#prefix, #uri));
    }
    if let Some(f) = &m.timestamp_format {
        let f = timestamp_format(f);
        out = quote!(#out.timestamp_format(#f));
    }
    let binding = match &m.binding {
        Binding::Body => None,
        Binding::Label => Some(quote!(rt::Binding::Label)),
        Binding::Query(q) => Some(quote!(rt::Binding::Query(#q))),
        Binding::QueryParams => Some(quote!(rt::Binding::QueryParams)),
        Binding::Header(h) => Some(quote!(rt::Binding::Header(#h))),
        Binding::PrefixHeaders(p) => Some(quote!(rt::Binding::PrefixHeaders(#p))),
        Binding::Payload => Some(quote!(rt::Binding::Payload)),
        Binding::ResponseCode => Some(quote!(rt::Binding::ResponseCode)),
    };
    if let Some(b) = binding {
        out = quote!(#out.binding(#b));
    }
    if m.idempotency_token {
        out = quote!(#out.idempotency_token());
    }
    if m.host_label {
        out = quote!(#out.host_label());
    }
    if let Some(n) = &m.ec2_query_name {
        out = quote!(#out.ec2_query_name(#n));
    }
    if m.sensitive {
        out = quote!(#out.sensitive());
    }
    if let Some(d) = &m.default {
        let d = match d {
            serde_json::Value::Bool(b) => quote!(rt::DefaultValue::Bool(#b)),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => quote!(rt::DefaultValue::Int(#i)),
                None => {
                    let f = n.as_f64().unwrap_or_default();
                    quote!(rt::DefaultValue::Float(#f))
                }
            },
            serde_json::Value::String(s) => quote!(rt::DefaultValue::Str(#s)),
            serde_json::Value::Array(_) => quote!(rt::DefaultValue::EmptyList),
            _ => quote!(rt::DefaultValue::EmptyMap),
        };
        out = quote!(#out.default_value(#d));
    }
    if m.client_optional {
        out = quote!(#out.client_optional());
    }
    out
}

fn option_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

/// The static schema of a shape, when it needs one of its own.
fn schema_static(s: &ShapeIr) -> TokenStream {
    let name = &s.name;
    let member_schema = |m| member_schema(m, &s.module);
    let mut expr = match &s.kind {
        ShapeKind::Structure(members) => {
            let ms = members.iter().map(member_schema);
            quote!(rt::Schema::structure(#name, &[#(#ms),*]))
        }
        ShapeKind::Union(members) => {
            let ms = members.iter().map(member_schema);
            quote!(rt::Schema::union(#name, &[#(#ms),*]))
        }
        ShapeKind::List(m) => {
            let m = member_schema(m);
            quote!(rt::Schema::list(#name, &[#m]))
        }
        ShapeKind::Map(k, v) => {
            let k = member_schema(k);
            let v = member_schema(v);
            quote!(rt::Schema::map(#name, &[#k, #v]))
        }
        ShapeKind::Simple(kind) if kind == "timestamp" && s.timestamp_format.is_some() => {
            quote!(rt::Schema::simple(#name, rt::Kind::Timestamp))
        }
        ShapeKind::Simple(kind)
            if (kind == "string" || kind == "blob") && s.media_type.is_some() =>
        {
            if kind == "blob" {
                quote!(rt::Schema::simple(#name, rt::Kind::Blob))
            } else {
                quote!(rt::Schema::simple(#name, rt::Kind::String))
            }
        }
        _ => return TokenStream::new(),
    };
    if let Some(n) = &s.xml_name {
        expr = quote!(#expr.xml_name(#n));
    }
    if let Some((prefix, uri)) = &s.xml_namespace {
        let prefix = option_str(prefix.as_deref());
        expr = quote!(#expr.xml_namespace(#prefix, #uri));
    }
    if let Some(f) = &s.timestamp_format {
        let f = timestamp_format(f);
        expr = quote!(#expr.timestamp_format(#f));
    }
    if s.sparse {
        expr = quote!(#expr.sparse());
    }
    if let Some(e) = &s.error {
        let code = &e.code;
        let status = e.status;
        let server = e.server;
        expr = quote!(#expr.error(#code, #status, #server));
    }
    if let Some(t) = &s.media_type {
        expr = quote!(#expr.media_type(#t));
    }
    let stat = ident(&s.schema_static);
    quote!(pub(crate) static #stat: rt::Schema = #expr;)
}
