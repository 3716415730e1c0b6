//! Huawei Cloud credentials the way the official SDK (`huaweicloudsdkcore`) finds them: the
//! environment (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`),
//! then its credentials file.
//!
//! The file is `HUAWEICLOUD_SDK_CREDENTIALS_FILE` when set, else
//! `<home>/.huaweicloud/credentials` (`HOME`; `USERPROFILE` on Windows). It is INI; the section
//! is the *credential type*, not a profile name: `[basic]` for project-level services (the one
//! read here, with `project_id`) and `[global]` for domain-level ones. Keys: `ak`, `sk`,
//! `security_token` (temporary AK/SK), `project_id`, `domain_id`. Accepted syntax, the subset
//! the Python, Java and Go SDKs all read: `key = value` or `key: value` (trimmed, keys
//! case-insensitive), `#` and `;` comment lines, no interpolation. There is no profile
//! selection variable (none exists in the SDKs).
//!
//! Federation (`idp_id`, `id_token_file`), ECS metadata and pod identity are not implemented:
//! a `[basic]` section with only `idp_id` is reported as such.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Credentials, CredentialsError, EnvironmentCredentialsProvider, ProvideCredentials};
use crate::http::BoxFuture;

type EnvFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// One section of the credentials file. `Debug` redacts the secret key and token.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HuaweiCredentialsSection {
    /// `ak`.
    pub ak: Option<String>,
    /// `sk`.
    pub sk: Option<String>,
    /// `security_token`.
    pub security_token: Option<String>,
    /// `project_id`.
    pub project_id: Option<String>,
    /// `domain_id`.
    pub domain_id: Option<String>,
    /// `idp_id` (federation, not implemented).
    pub idp_id: Option<String>,
}

impl fmt::Debug for HuaweiCredentialsSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuaweiCredentialsSection")
            .field("ak", &self.ak)
            .field("sk", &self.sk.as_ref().map(|_| "** redacted **"))
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .finish()
    }
}

impl HuaweiCredentialsSection {
    /// The section `name` (`basic` or `global`, case-insensitive) of a credentials file's text,
    /// or `None` when it has no such section. A line that is neither a section, a comment nor
    /// a `key = value` pair is an error naming its line number (never its text: it may be a
    /// secret).
    pub fn parse(text: &str, name: &str) -> Result<Option<Self>, String> {
        let mut current: Option<String> = None;
        let mut found: Option<Self> = None;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let Some(section) = rest.strip_suffix(']') else {
                    return Err(format!("line {}: unclosed section header", number + 1));
                };
                let section = section.trim().to_ascii_lowercase();
                if section == name.to_ascii_lowercase() {
                    found.get_or_insert_with(Self::default);
                }
                current = Some(section);
                continue;
            }
            let split = line.find(['=', ':']);
            let Some(i) = split else {
                return Err(format!("line {}: expected `key = value`", number + 1));
            };
            let (key, value) = (line[..i].trim().to_ascii_lowercase(), line[i + 1..].trim());
            if current.as_deref() != Some(&name.to_ascii_lowercase()) {
                continue;
            }
            let Some(section) = found.as_mut() else {
                continue;
            };
            let value = (!value.is_empty()).then(|| value.to_owned());
            match key.as_str() {
                "ak" => section.ak = value,
                "sk" => section.sk = value,
                "security_token" => section.security_token = value,
                "project_id" => section.project_id = value,
                "domain_id" => section.domain_id = value,
                "idp_id" => section.idp_id = value,
                _ => {}
            }
        }
        Ok(found)
    }
}

/// Where the credentials file is (module docs), or `None` without a home directory.
pub fn huawei_credentials_file(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    if let Some(path) = var("HUAWEICLOUD_SDK_CREDENTIALS_FILE") {
        return Some(PathBuf::from(path));
    }
    let home = if cfg!(windows) {
        var("USERPROFILE")
    } else {
        var("HOME")
    }?;
    Some(PathBuf::from(home).join(".huaweicloud").join("credentials"))
}

/// The `[basic]` section of the credentials file as credentials (module docs).
#[derive(Clone)]
pub struct HuaweiProfileCredentialsProvider {
    env: EnvFn,
}

impl fmt::Debug for HuaweiProfileCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HuaweiProfileCredentialsProvider")
    }
}

impl Default for HuaweiProfileCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl HuaweiProfileCredentialsProvider {
    /// Locating the file through the process environment.
    pub fn new() -> Self {
        Self::with_vars(|name| std::env::var(name).ok())
    }

    /// Locating the file through `var` instead.
    pub fn with_vars(var: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        HuaweiProfileCredentialsProvider { env: Arc::new(var) }
    }

    /// The `[basic]` section; "not configured" when there is no file or no such section.
    pub fn section(&self) -> Result<HuaweiCredentialsSection, CredentialsError> {
        let Some(path) = huawei_credentials_file(&*self.env) else {
            return Err(CredentialsError::not_configured(
                "no HOME to find ~/.huaweicloud/credentials in",
            ));
        };
        let shown = path.display();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_configured(format!(
                    "credentials file {shown} does not exist"
                )))
            }
            Err(e) => {
                return Err(CredentialsError::invalid_config(format!(
                    "cannot read credentials file {shown}"
                ))
                .with_source(e))
            }
        };
        match HuaweiCredentialsSection::parse(&text, "basic") {
            Ok(Some(section)) => Ok(section),
            Ok(None) => Err(CredentialsError::not_configured(format!(
                "credentials file {shown} has no [basic] section"
            ))),
            Err(e) => Err(CredentialsError::invalid_config(format!(
                "credentials file {shown}: {e}"
            ))),
        }
    }

    /// The credentials of the `[basic]` section.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let section = self.section()?;
        match (section.ak, section.sk) {
            (Some(ak), Some(sk)) => Ok(Credentials::new(ak, sk, section.security_token)),
            _ if section.idp_id.is_some() => Err(CredentialsError::invalid_config(
                "the [basic] section uses idp_id (federation), which is not supported",
            )),
            _ => Err(CredentialsError::invalid_config(
                "the [basic] section of the credentials file needs both ak and sk",
            )),
        }
    }
}

impl ProvideCredentials for HuaweiProfileCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}

/// Environment, then the credentials file, as the official SDK's default chain starts.
#[derive(Clone, Debug)]
pub struct HuaweiCredentialsChain {
    env: EnvironmentCredentialsProvider,
    file: HuaweiProfileCredentialsProvider,
}

impl Default for HuaweiCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl HuaweiCredentialsChain {
    /// Reading the process environment.
    pub fn new() -> Self {
        Self::with_vars(|name| std::env::var(name).ok())
    }

    /// Reading variables through `var` instead.
    pub fn with_vars(var: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        let var: EnvFn = Arc::new(var);
        let for_env = var.clone();
        HuaweiCredentialsChain {
            env: EnvironmentCredentialsProvider::huawei().with_vars(move |n| for_env(n)),
            file: HuaweiProfileCredentialsProvider { env: var },
        }
    }

    /// The first credentials found; "not configured" with both reasons when neither has any.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = match self.env.credentials() {
            Err(e) if e.is_not_configured() => e,
            other => return other,
        };
        match self.file.credentials() {
            Err(e) if e.is_not_configured() => Err(CredentialsError::not_configured(format!(
                "no Huawei Cloud credentials (environment: {}; file: {})",
                env.message(),
                e.message()
            ))),
            other => other,
        }
    }

    /// The project id of the file's `[basic]` section, if any.
    pub fn file_project_id(&self) -> Option<String> {
        self.file.section().ok().and_then(|s| s.project_id)
    }
}

impl ProvideCredentials for HuaweiCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.credentials();
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# comment\n[global]\nak = GAK\nsk = GSK\n\n[basic]\nAK = TMPAK\nsk: TMPSK\nsecurity_token = TOKEN=+/\n; c\nproject_id = p-1\n";

    #[test]
    fn parses_the_basic_section() {
        let s = HuaweiCredentialsSection::parse(FILE, "basic")
            .unwrap()
            .unwrap();
        assert_eq!(s.ak.as_deref(), Some("TMPAK"));
        assert_eq!(s.sk.as_deref(), Some("TMPSK"));
        assert_eq!(s.security_token.as_deref(), Some("TOKEN=+/"));
        assert_eq!(s.project_id.as_deref(), Some("p-1"));
        let printed = format!("{s:?}");
        assert!(
            !printed.contains("TMPSK") && !printed.contains("TOKEN"),
            "{printed}"
        );
        let g = HuaweiCredentialsSection::parse(FILE, "global")
            .unwrap()
            .unwrap();
        assert_eq!(g.ak.as_deref(), Some("GAK"));
        assert_eq!(
            HuaweiCredentialsSection::parse("[global]\n", "basic"),
            Ok(None)
        );
    }

    #[test]
    fn bad_lines_are_named_by_number_only() {
        let e = HuaweiCredentialsSection::parse("[basic]\nSECRETLINE\n", "basic").unwrap_err();
        assert_eq!(e, "line 2: expected `key = value`");
        let e = HuaweiCredentialsSection::parse("[basic\n", "basic").unwrap_err();
        assert_eq!(e, "line 1: unclosed section header");
    }

    #[test]
    fn file_location() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        let home = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        let expected = PathBuf::from("/h").join(".huaweicloud").join("credentials");
        let got = match home {
            "HOME" => huawei_credentials_file(vars(&[("HOME", "/h")])),
            _ => huawei_credentials_file(vars(&[("USERPROFILE", "/h")])),
        };
        assert_eq!(got, Some(expected));
        assert_eq!(
            huawei_credentials_file(vars(&[
                ("HOME", "/h"),
                ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/x/c")
            ])),
            Some(PathBuf::from("/x/c"))
        );
        assert_eq!(huawei_credentials_file(vars(&[])), None);
    }

    #[test]
    fn chain_env_then_file() {
        let dir = std::env::temp_dir().join(format!("skiff-hw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(&file, FILE).unwrap();
        let path = file.display().to_string();
        let chain = HuaweiCredentialsChain::with_vars(move |n| {
            (n == "HUAWEICLOUD_SDK_CREDENTIALS_FILE").then(|| path.clone())
        });
        let c = chain.credentials().unwrap();
        assert_eq!(
            (c.access_key_id(), c.session_token()),
            ("TMPAK", Some("TOKEN=+/"))
        );
        assert_eq!(chain.file_project_id().as_deref(), Some("p-1"));
        let env_first = HuaweiCredentialsChain::with_vars(|n| match n {
            "HUAWEICLOUD_SDK_AK" => Some("ENVAK".into()),
            "HUAWEICLOUD_SDK_SK" => Some("ENVSK".into()),
            _ => None,
        });
        assert_eq!(env_first.credentials().unwrap().access_key_id(), "ENVAK");
        let none = HuaweiCredentialsChain::with_vars(|_| None);
        let e = none.credentials().unwrap_err();
        assert!(e.is_not_configured(), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
