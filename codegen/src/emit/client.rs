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
//! }
//! ```

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, summary};
use crate::ir::{Module, Protocol, ServiceIr, Signing};
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
        "\n\nCreate a [`Client`] from a [`Config`] (or with [`Client::from_env`]) and call one method per operation{}.",
        first_op.map(|m| format!(", e.g. [`Client::{m}`]")).unwrap_or_default()
    ));
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
    quote! {
        #(#![doc = #crate_docs])*
        #![warn(missing_docs)]
        use ::skiff_runtime::rt;
        pub mod client;
        pub mod operation;
        pub mod types;
        pub use crate::client::Client;
        pub use ::skiff_runtime::{error, Blob, Config, ConfigBuilder, Credentials, DateTime, Document, SdkError};
        pub(crate) static SERVICE: rt::Service = rt::Service {
            name: #name,
            version: #version,
            protocol: #protocol,
            signing: #signing,
            endpoint: #endpoint,
            endpoint_overrides: &[#(#overrides),*],
            xml_namespace: #xml_namespace,
            query_compatible: #query_compatible,
        };
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
    let from_env_doc = doc(&format!("A client configured from the environment: {env}."));
    let methods = service.operations.iter().map(|op| {
        let method = ident(&op.method);
        let m = ident(&op.method);
        let builder = ident(&op.builder_type);
        let docs = if op.docs.is_empty() {
            doc(&format!("Calls `{}`.", op.name))
        } else {
            doc(&op.docs)
        };
        quote! {
            #docs
            pub fn #method(&self) -> crate::operation::#m::#builder {
                crate::operation::#m::#builder::new(self.handle.clone())
            }
        }
    });
    quote! {
        #![doc = " The [`Client`]: one method per operation, each returning a fluent builder."]
        use ::skiff_runtime::rt;
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
                ::skiff_runtime::Config::from_env(crate::SERVICE.signing)
            }
            /// The configuration.
            pub fn config(&self) -> &::skiff_runtime::Config {
                self.handle.config()
            }
            #(#methods)*
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
