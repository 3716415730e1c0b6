//! Emits the crate root (`lib.rs`: docs, modules, re-exports, the service descriptor), the
//! `client` module (`Client` with one method per operation), the `operation` module index and
//! the `types` module.
//!
//! ```text
//! pub struct Client { handle: rt::Handle }
//! impl Client {
//!     pub fn new(config: Config) -> Self;
//!     pub fn from_env() -> Result<Self, ConfigError>;
//!     pub fn get_foo(&self) -> crate::operation::get_foo::GetFooFluentBuilder;
//!     pub fn wait_until_foo_exists(&self) -> crate::operation::get_foo::FooExistsWaiter;
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, summary};
use crate::ir::{Access, Module, Protocol, ServiceIr, ShapeKind, Signing};
use crate::naming::ident;

/// `lib.rs`.
pub fn lib_rs(service: &ServiceIr) -> TokenStream {
    let mut text = format!(
        "Client for {} (`{}`, version {}).",
        service.title, service.id, service.version
    );
    if !service.docs.is_empty() {
        text.push_str("\n\n");
        text.push_str(&service.docs);
    }
    let first_op = service
        .operations
        .first()
        .map(|o| o.method.trim_start_matches("r#").to_owned());
    text.push_str(&format!(
        "\n\nCreate a [`Client`] from a [`Config`] (or with [`Client::from_env`]) and call one method per operation{}. Each returns a fluent builder: set the input, then `.send().await`. Outputs are read with getters named after their members; errors are `SdkError<OperationError>`, whose `into_service_error()` gives the operation's error enum.",
        first_op.map(|m| format!(", e.g. [`Client::{m}`]")).unwrap_or_default()
    ));
    text.push_str(&example(service));
    let crate_docs: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    let protocol = match service.protocol {
        Protocol::AwsJson1_0 => quote!(rt::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(rt::Protocol::AwsJson1_1),
        Protocol::AwsQuery => quote!(rt::Protocol::AwsQuery),
        Protocol::Ec2Query => quote!(rt::Protocol::Ec2Query),
        Protocol::RestJson1 => quote!(rt::Protocol::RestJson1),
        Protocol::RestXml => quote!(rt::Protocol::RestXml),
        Protocol::HuaweiRestJson => quote!(rt::Protocol::HuaweiRestJson),
    };
    let signing = match &service.signing {
        Signing::Anonymous => quote!(rt::Signing::Anonymous),
        Signing::SigV4(name) => quote!(rt::Signing::SigV4 { name: #name }),
        Signing::HuaweiHmacSha256 => quote!(rt::Signing::HuaweiHmacSha256),
        Signing::HttpBearer => quote!(rt::Signing::HttpBearer),
    };
    let (name, version, endpoint) = (&service.name, &service.version, &service.endpoint);
    let query_compatible = service.query_compatible;
    let overrides = service
        .endpoint_overrides
        .iter()
        .map(|(r, u)| quote!((#r, #u)));
    let xml_namespace = match &service.xml_namespace {
        Some(ns) => quote!(Some(#ns)),
        None => quote!(None),
    };
    let env_id = &service.env_id;
    let (rules_mod, rules_ref) = if service.endpoint_rules.is_some() {
        (
            quote!(
                mod endpoint_rules;
            ),
            quote!(Some(&crate::endpoint_rules::ENDPOINT_RULES)),
        )
    } else {
        (quote!(), quote!(None))
    };
    let config_ext_use = if service.client_context_params.is_empty() {
        quote!()
    } else {
        quote!(
            pub use crate::client::ConfigExt;
        )
    };
    quote! {
        #(#![doc = #crate_docs])*
        #![warn(missing_docs)]
        use ::skiff_runtime::rt;
        pub mod client;
        #rules_mod
        pub mod operation;
        pub mod types;
        pub use crate::client::Client;
        #config_ext_use
        pub use ::skiff_runtime::{config, error, Blob, Config, ConfigBuilder, Credentials, DateTime, Document, ProvideErrorMeta, ProvideResponseMeta, SdkError};
        pub(crate) static SERVICE: rt::Service = rt::Service {
            name: #name,
            version: #version,
            protocol: #protocol,
            signing: #signing,
            endpoint: #endpoint,
            endpoint_overrides: &[#(#overrides),*],
            xml_namespace: #xml_namespace,
            query_compatible: #query_compatible,
            crate_name: ::core::env!("CARGO_PKG_NAME"),
            crate_version: ::core::env!("CARGO_PKG_VERSION"),
            endpoint_rules: #rules_ref,
            env_id: #env_id,
        };
    }
}

/// `src/endpoint_rules.rs` for a service with an endpoint rule set: the rule set as one raw
/// string (compact JSON), parsed by the runtime on the first call.
///
/// ```text
/// pub(crate) static ENDPOINT_RULES: rt::RuleSetSource = rt::RuleSetSource::new(r#"{...}"#);
/// ```
pub fn endpoint_rules_rs(service: &ServiceIr) -> Option<TokenStream> {
    let json = service.endpoint_rules.as_ref()?;
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal: TokenStream = format!("r{hashes}\"{json}\"{hashes}")
        .parse()
        .expect("a raw string literal of JSON text always lexes");
    Some(quote! {
        //! The service's `smithy.rules#endpointRuleSet`.
        use ::skiff_runtime::rt;
        /// The endpoint rule set, as compact JSON, parsed on first use.
        pub(crate) static ENDPOINT_RULES: rt::RuleSetSource = rt::RuleSetSource::new(#literal);
    })
}

/// The crate-level example: a client from the environment calling the first operation with
/// placeholder values for its required string members (compiled as a doctest, not run).
fn example(service: &ServiceIr) -> String {
    let Some(op) = service.operations.first() else {
        return String::new();
    };
    let krate = service.crate_name.replace('-', "_");
    let method = op.method.trim_start_matches("r#");
    let mut setters = String::new();
    if let Some(ShapeKind::Structure(members)) = service.shapes.get(&op.input).map(|s| &s.kind) {
        for m in members
            .iter()
            .filter(|m| m.required && m.access == Access::Str)
        {
            let field = m.field.trim_start_matches("r#");
            setters.push_str(&format!("\n    .{field}(\"example\")"));
        }
    }
    format!(
        "\n\n# Example\n\n```no_run\n\
         # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use {krate}::ProvideResponseMeta as _;\n\
         let client = {krate}::Client::from_env()?;\n\
         let output = client\n    .{method}(){setters}\n    .send()\n    .await?;\n\
         println!(\"request id: {{:?}}\", output.request_id());\n\
         # Ok(())\n\
         # }}\n\
         ```"
    )
}

/// The docs of a `Client` method: the operation's docs, then its input members (required ones
/// marked), its output and its error enum, each linked.
fn method_docs(service: &ServiceIr, op: &crate::ir::OperationIr) -> String {
    let module = op.method.trim_start_matches("r#");
    let builder = format!("crate::operation::{module}::{}", op.builder_type);
    let mut text = if op.docs.is_empty() {
        format!("Calls `{}`.", op.name)
    } else {
        op.docs.clone()
    };
    let input = service.shapes.get(&op.input);
    let members = match input.map(|s| &s.kind) {
        Some(ShapeKind::Structure(m)) => m.as_slice(),
        _ => &[],
    };
    let inputs: Vec<String> = members
        .iter()
        .map(|m| {
            let f = m.field.trim_start_matches("r#");
            let required = if m.required { " (required)" } else { "" };
            format!("[`{f}`]({builder}::{f}){required}")
        })
        .collect();
    text.push_str("\n\n- Input, set on the returned builder: ");
    text.push_str(if inputs.is_empty() { "none" } else { "" });
    text.push_str(&inputs.join(", "));
    text.push('.');
    if let Some(output) = service.shapes.get(&op.output) {
        // A shared output shape lives in `types`, not in the operation's module.
        let path = match &output.module {
            crate::ir::Module::Types => "crate::types".to_owned(),
            crate::ir::Module::Operation(m) => format!("crate::operation::{m}"),
        };
        text.push_str(&format!(
            "\n- On success: [`{name}`]({path}::{name}).",
            name = output.rust_name
        ));
    }
    text.push_str(&format!(
        "\n- On failure: `SdkError<`[`{name}`](crate::operation::{module}::{name})`>`.",
        name = op.error_type
    ));
    text
}

/// The `ConfigExt` trait: a typed setter on `ConfigBuilder` for each client context parameter
/// no built-in sets (nothing when there is none).
fn config_ext(service: &ServiceIr) -> TokenStream {
    if service.client_context_params.is_empty() {
        return quote!();
    }
    let (decls, impls): (Vec<_>, Vec<_>) = service
        .client_context_params
        .iter()
        .map(|(name, kind, docs)| {
            let method = ident(&crate::naming::snake(name));
            let (ty, value) = match kind.as_str() {
                "boolean" => (quote!(bool), quote!(value)),
                "stringArray" => (
                    quote!(::std::vec::Vec<::std::string::String>),
                    quote!(value),
                ),
                _ => (
                    quote!(impl ::std::convert::Into<::std::string::String>),
                    quote!(value.into()),
                ),
            };
            let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = if docs.is_empty() {
                format!("Sets the endpoint parameter `{name}`.")
            } else {
                format!(
                    "{} (endpoint parameter `{name}`).",
                    docs.trim_end_matches('.')
                )
            };
            let docs = doc(&text);
            (
                quote! { #docs fn #method(self, value: #ty) -> Self; },
                quote! {
                    fn #method(self, value: #ty) -> Self {
                        self.endpoint_param(#name, #value)
                    }
                },
            )
        })
        .unzip();
    let docs = doc(&format!(
        "The endpoint settings of {} that have no setter on [`ConfigBuilder`](::skiff_runtime::ConfigBuilder) \
         itself (its `smithy.rules#clientContextParams`): `use {}::ConfigExt;`, then \
         `Config::builder().<setting>(..)`.",
        service.title,
        service.crate_name.replace('-', "_")
    ));
    quote! {
        #docs
        pub trait ConfigExt {
            #(#decls)*
        }
        impl ConfigExt for ::skiff_runtime::ConfigBuilder {
            #(#impls)*
        }
    }
}

/// `client.rs`.
pub fn client_rs(service: &ServiceIr) -> TokenStream {
    let text = doc(&format!("The client for {}.", service.title));
    let env = match service.signing {
        Signing::SigV4(_) => "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional), `AWS_REGION` and `AWS_ENDPOINT_URL` (optional)",
        Signing::HuaweiHmacSha256 => "`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN` (optional), `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION` and `HUAWEICLOUD_SDK_ENDPOINT` (optional)",
        Signing::Anonymous => "`AWS_REGION` and `AWS_ENDPOINT_URL` (optional)",
        Signing::HttpBearer => "`SKIFF_BEARER_TOKEN`, `AWS_REGION` and `AWS_ENDPOINT_URL` (optional)",
    };
    let full_chain = match service.signing {
        Signing::SigV4(_) => " Only these variables are read: for profiles (`AWS_PROFILE`, `~/.aws/config`, `~/.aws/credentials`), roles, web identity, container and instance credentials, use `Client::new(skiff_aws_config::load_defaults().await?)`.",
        Signing::HuaweiHmacSha256 => " For the credentials file of the official SDK as well, use `Client::new(skiff_runtime::Config::huawei_defaults()?.build())` (environment, then `~/.huaweicloud/credentials`).",
        _ => "",
    };
    let from_env_doc = doc(&format!(
        "A client configured from the environment: {env}.{full_chain}"
    ));
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.method);
        let m = ident(&op.method);
        let builder = ident(&op.builder_type);
        let docs = doc(&method_docs(service, op));
        quote! {
            #docs
            #[inline]
            pub fn #method(&self) -> crate::operation::#m::#builder {
                crate::operation::#m::#builder::new(self.handle.clone())
            }
        }
    });
    let waiters = service.operations.iter().flat_map(|op| {
        op.waiters.iter().map(move |w| {
            let method = ident(&w.method);
            let m = ident(&op.method);
            let ty = ident(&w.type_name);
            let summary_text = if w.docs.is_empty() {
                String::new()
            } else {
                format!(" {}", summary(&w.docs))
            };
            let docs = doc(&format!(
                "The `{}` waiter: polls [`{}`](Client::{}) until it matches.{summary_text}\n\n\
                 Set the input on the returned builder, then `.wait(max_wait).await`: see \
                 [`{}`](crate::operation::{}::{}).",
                w.name,
                op.method.trim_start_matches("r#"),
                op.method.trim_start_matches("r#"),
                w.type_name,
                op.method.trim_start_matches("r#"),
                w.type_name
            ));
            quote! {
                #docs
                #[inline]
                pub fn #method(&self) -> crate::operation::#m::#ty {
                    crate::operation::#m::#ty::new(self.handle.clone())
                }
            }
        })
    });
    let config_ext = config_ext(service);
    quote! {
        #![doc = " The [`Client`]: one method per operation, each returning a fluent builder."]
        use ::skiff_runtime::rt;
        #config_ext
        #text
        #[derive(Clone, Debug)]
        pub struct Client {
            handle: rt::Handle,
        }
        impl Client {
            /// A client with the given configuration.
            pub fn new(config: ::skiff_runtime::Config) -> Self {
                Self { handle: rt::Handle::new(config, &crate::SERVICE) }
            }
            #from_env_doc
            pub fn from_env() -> Result<Self, ::skiff_runtime::error::ConfigError> {
                Ok(Self::new(Self::config_from_env()?.build()))
            }
            /// Reads the configuration from the environment (see [`Client::from_env`]), to adjust
            /// it before building the client.
            pub fn config_from_env() -> Result<::skiff_runtime::ConfigBuilder, ::skiff_runtime::error::ConfigError> {
                ::skiff_runtime::Config::from_env_for(&crate::SERVICE)
            }
            /// The configuration.
            pub fn config(&self) -> &::skiff_runtime::Config {
                self.handle.config()
            }
            #(#methods)*
            #(#waiters)*
        }
    }
}

/// `operation/mod.rs`.
pub fn operation_index(service: &ServiceIr) -> TokenStream {
    let mods = service.operations.iter().map(|op| {
        let m = ident(&op.method);
        let text = if op.docs.is_empty() {
            format!("The `{}` operation.", op.name)
        } else {
            format!("The `{}` operation: {}", op.name, summary(&op.docs))
        };
        let docs = doc(&text);
        quote!(#docs pub mod #m;)
    });
    quote! {
        #![doc = " One module per operation: its input, output, error enum and fluent builder."]
        #(#mods)*
    }
}

/// `types.rs`.
pub fn types_rs(service: &ServiceIr) -> TokenStream {
    let shapes = service
        .shapes
        .values()
        .filter(|s| s.module == Module::Types)
        .map(super::types::shape);
    quote! {
        #![doc = " The data types shared by the operations, and their schemas."]
        use ::skiff_runtime::rt;
        #(#shapes)*
    }
}
