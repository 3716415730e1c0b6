//! [`CrateConfig`]: the optional codegen configuration of one service, `models/<stem>.toml`
//! beside `models/<stem>.json`:
//!
//! ```toml
//! # Generate only these operations (their shape ids' names) and the shapes they reach.
//! operations = ["GetObject", "PutObject", "ListObjectsV2"]
//! # The crate's name and version (defaults: skiff-<vendor>-<stem>, 0.1.0).
//! crate-name = "skiff-aws-s3-lite"
//! version = "0.2.0"
//! ```
//!
//! Every key is optional; an unknown key, an operation the service does not have, or an empty
//! list is an error naming the file, so that a typo never silently generates a different crate.

use serde::Deserialize;

use crate::error::{Error, Result};

/// What a service's configuration file says. `Default` is "everything, default name".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrateConfig {
    /// The operations to generate, by shape name (`GetObject`); `None` means all of them.
    pub operations: Option<Vec<String>>,
    /// The generated crate's name, instead of `skiff-<vendor>-<stem>`.
    pub crate_name: Option<String>,
    /// The generated crate's version, instead of `0.1.0`.
    pub version: Option<String>,
}

impl CrateConfig {
    /// Parses the text of configuration file `file` (named in errors).
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let err = |message: String| Error::Config {
            file: file.to_owned(),
            message,
        };
        let config: CrateConfig =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_owned()))?;
        if let Some(ops) = &config.operations {
            if ops.is_empty() {
                return Err(err("`operations` is empty: list at least one operation, or leave the key out to generate all".to_owned()));
            }
            let mut seen = std::collections::BTreeSet::new();
            if let Some(dup) = ops.iter().find(|o| !seen.insert(o.as_str())) {
                return Err(err(format!("operation `{dup}` is listed twice")));
            }
        }
        if let Some(name) = &config.crate_name {
            let valid = !name.is_empty()
                && name.len() <= 64
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(err(format!(
                    "`crate-name` `{name}` is not a valid crate name (ASCII letters, digits, `-`, `_`; starting with a letter)"
                )));
            }
        }
        if let Some(version) = &config.version {
            let parts: Vec<&str> = version
                .split(['-', '+'])
                .next()
                .unwrap_or("")
                .split('.')
                .collect();
            let semver = parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            if !semver {
                return Err(err(format!(
                    "`version` `{version}` is not a semantic version like 1.2.3"
                )));
            }
        }
        Ok(config)
    }
}
