//! AWS shared configuration, as pure logic: no network, no clock, and file access only through
//! caller-supplied closures.
//!
//! What is here, module by module:
//!
//! - [`profile`]: the `~/.aws/config` / `~/.aws/credentials` file format. Text in,
//!   [`ProfileSet`] (profiles, `sso-session` and `services` sections, properties and
//!   sub-properties) out.
//! - [`location`]: where those files are (`HOME`, `USERPROFILE`, `AWS_CONFIG_FILE`, ...), which
//!   profile is selected (`AWS_PROFILE`), and loading both files through a reader closure.
//! - [`chain`]: what the selected profile means for credentials: a [`ProfileChain`] of one base
//!   provider (static keys, `credential_source`, web identity, SSO, `credential_process`) and
//!   assume-role steps.
//! - [`container`]: the ECS / EKS container credentials URI and its authorization.
//! - [`imds`]: the EC2 instance metadata endpoint.
//! - [`env`](mod@env): credentials, web identity, region and flags from environment variables.
//!
//! The HTTP providers (IMDS, container, STS, SSO portal) are not part of this crate; they take
//! these results as input. Every environment lookup is a closure `Fn(&str) -> Option<String>`
//! ([`location::process_env`] reads the real environment), so every rule can be tested.
//!
//! Nothing here panics on any input, errors never quote secret values, and every type that can
//! hold a secret redacts it in `Debug`.
//!
//! The modules refer to each other through `super::` only, so this folder can become a module of
//! another crate (rename `lib.rs` to `mod.rs` and drop the crate attributes).
//!
//! ```
//! use skiff_aws_config::{location, profile_chain, BaseProvider, Platform, ProfileSet};
//!
//! let env = |name: &str| match name {
//!     "HOME" => Some("/home/me".to_owned()),
//!     "AWS_PROFILE" => Some("dev".to_owned()),
//!     _ => None,
//! };
//! let files = location::locate_files(env, Platform::Unix);
//! assert_eq!(files.config.as_deref(), Some(std::path::Path::new("/home/me/.aws/config")));
//!
//! let profiles = ProfileSet::parse(
//!     "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n",
//!     "[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n",
//! )?;
//! let chain = profile_chain(&profiles, &files.profile)?;
//! assert!(matches!(chain.base(), BaseProvider::AccessKey(k) if k.access_key_id() == "AKIDEXAMPLE"));
//! assert_eq!(chain.roles()[0].role_arn, "arn:aws:iam::123456789012:role/Dev");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod chain;
pub mod container;
pub mod env;
pub mod imds;
pub mod location;
pub mod profile;
pub mod uri;

pub use chain::{
    profile_chain, AssumeRole, BaseProvider, ChainError, CredentialProcess, CredentialSource,
    ProfileChain, SsoConfig, SsoProblem, WebIdentityToken,
};
pub use container::{container_endpoint, ContainerAuth, ContainerEndpoint, ContainerUriError};
pub use imds::{imds_endpoint, EndpointMode, ImdsConfigError, ImdsEndpoint, ImdsOverrides};
pub use location::{locate_files, FileLocations, Platform};
pub use profile::{
    FileKind, ParseErrorKind, Profile, ProfileParseError, ProfileSet, ProfileSource, Property,
    Section,
};
