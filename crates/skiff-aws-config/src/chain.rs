//! The credentials *profile chain*: what a selected profile says to do, as data.
//!
//! Input: a [`ProfileSet`] and the selected profile name. Output: a [`ProfileChain`], i.e. one
//! [`BaseProvider`] that yields the first credentials (static keys, a named source such as IMDS,
//! a web identity token, SSO, or an external process) followed by zero or more [`AssumeRole`]
//! steps, each using the previous credentials to call STS `AssumeRole`; or a [`ChainError`].
//! Nothing is fetched here: the HTTP providers run the chain.
//!
//! Resolution, starting at the selected profile:
//!
//! 1. A profile reached through `source_profile` that has static keys
//!    (`aws_access_key_id` / `aws_secret_access_key`) is the base, even if it has a `role_arn`.
//!    (The *selected* profile's own keys are ignored when it has a `role_arn`.)
//! 2. A profile with `role_arn` and `web_identity_token_file` is a web identity base (one STS
//!    `AssumeRoleWithWebIdentity` call, no extra step).
//! 3. A profile with `role_arn` adds an assume-role step and continues with exactly one of
//!    `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`: the base) or
//!    `source_profile` (the next profile; naming itself means "my own static keys are the
//!    base"). Visiting a profile twice is an infinite loop.
//! 4. A profile without `role_arn` is the base through, in this order: `web_identity_token_file`
//!    (an error without `role_arn`), SSO settings (`sso_session` or legacy `sso_start_url`,
//!    `sso_account_id`, `sso_role_name`, `sso_region`), `credential_process`, static keys.
//!    Nothing of those: [`ChainError::NoCredentials`].
//!
//! Empty values count as absent. Errors name profiles and keys, never secret values.

use std::error::Error;
use std::fmt;

use skiff_runtime::Credentials;

use super::profile::{Profile, ProfileSet};

/// A `credential_source` value: where base credentials come from for an assume-role profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialSource {
    /// The `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` environment variables.
    Environment,
    /// The EC2 instance metadata service.
    Ec2InstanceMetadata,
    /// The ECS / EKS container credentials endpoint.
    EcsContainer,
}

impl CredentialSource {
    /// The name as written in profiles.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialSource::Environment => "Environment",
            CredentialSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            CredentialSource::EcsContainer => "EcsContainer",
        }
    }

    /// Parses a `credential_source` value (ASCII case-insensitive).
    pub fn parse(value: &str) -> Option<CredentialSource> {
        [
            CredentialSource::Environment,
            CredentialSource::Ec2InstanceMetadata,
            CredentialSource::EcsContainer,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(value))
    }
}

impl fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// STS `AssumeRoleWithWebIdentity` with a token read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebIdentityToken {
    /// The role to assume.
    pub role_arn: String,
    /// The file holding the OIDC token (read at each refresh).
    pub web_identity_token_file: String,
    /// The session name, when configured (else the provider makes one up).
    pub role_session_name: Option<String>,
}

/// IAM Identity Center (SSO) settings, with those of the referenced `sso-session` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoConfig {
    /// The `sso-session` name, for the token-provider form (`sso_session = NAME`).
    pub sso_session: Option<String>,
    /// The region of the SSO portal / OIDC endpoints.
    pub sso_region: String,
    /// The start URL of the access portal.
    pub sso_start_url: String,
    /// The account to get role credentials for (with `sso_role_name`).
    pub sso_account_id: Option<String>,
    /// The role to get credentials for (with `sso_account_id`).
    pub sso_role_name: Option<String>,
    /// `sso_registration_scopes` of the session, raw (comma-separated).
    pub sso_registration_scopes: Option<String>,
}

impl SsoConfig {
    /// Whether `GetRoleCredentials` can be called (account and role are both known). Without
    /// them the configuration only describes a bearer-token provider.
    pub fn has_role(&self) -> bool {
        self.sso_account_id.is_some() && self.sso_role_name.is_some()
    }

    /// The token cache key: the session name, or the start URL for legacy configuration. (The
    /// AWS SDKs name the cache file after its SHA-1; no SSO provider is implemented here.)
    pub fn token_cache_key(&self) -> &str {
        self.sso_session.as_deref().unwrap_or(&self.sso_start_url)
    }
}

/// `credential_process`: a command whose JSON output holds credentials. `Debug` hides the command
/// line, which may carry secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialProcess {
    command: String,
}

impl CredentialProcess {
    /// A command line.
    pub fn new(command: impl Into<String>) -> Self {
        CredentialProcess {
            command: command.into(),
        }
    }

    /// The command line, to run through the platform shell.
    pub fn command(&self) -> &str {
        &self.command
    }
}

impl fmt::Debug for CredentialProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialProcess")
            .field("command", &"** redacted **")
            .finish()
    }
}

/// Where a profile chain's first credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseProvider {
    /// Static keys from the profile (`aws_access_key_id`, `aws_secret_access_key`, and the
    /// optional `aws_session_token` and `aws_account_id`).
    AccessKey(Credentials),
    /// A `credential_source` provider.
    NamedSource(CredentialSource),
    /// A web identity token exchanged with STS.
    WebIdentityToken(WebIdentityToken),
    /// SSO role credentials (or an SSO token configuration).
    Sso(SsoConfig),
    /// An external credentials process.
    CredentialProcess(CredentialProcess),
}

/// One STS `AssumeRole` step, using the credentials of the step before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    /// The profile that defines the step.
    pub profile: String,
    /// The role to assume.
    pub role_arn: String,
    /// `external_id`, if configured.
    pub external_id: Option<String>,
    /// `role_session_name`, if configured (else the provider makes one up).
    pub role_session_name: Option<String>,
    /// `duration_seconds`, if configured.
    pub duration_seconds: Option<u32>,
}

impl AssumeRole {
    /// A step assuming `role_arn`, with no profile name, external id, session name or duration.
    pub fn new(role_arn: impl Into<String>) -> Self {
        AssumeRole {
            profile: String::new(),
            role_arn: role_arn.into(),
            external_id: None,
            role_session_name: None,
            duration_seconds: None,
        }
    }
}

/// A resolved profile chain: the base provider, then assume-role steps in the order to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChain {
    base: BaseProvider,
    base_profile: String,
    roles: Vec<AssumeRole>,
}

impl ProfileChain {
    /// Where the first credentials come from.
    pub fn base(&self) -> &BaseProvider {
        &self.base
    }

    /// The profile that defines the base provider.
    pub fn base_profile(&self) -> &str {
        &self.base_profile
    }

    /// The assume-role steps, first to run first (the selected profile's role is last).
    pub fn roles(&self) -> &[AssumeRole] {
        &self.roles
    }
}

/// Why a profile chain could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    /// The profile set is empty.
    NoProfiles,
    /// The selected profile does not exist.
    ProfileNotFound {
        /// The selected name.
        profile: String,
    },
    /// A `source_profile` names a missing profile.
    SourceProfileNotFound {
        /// The missing profile.
        profile: String,
        /// The profile whose `source_profile` names it.
        referenced_from: String,
    },
    /// `source_profile` references form a cycle.
    InfiniteLoop {
        /// The profiles visited, ending with the repeated one.
        path: Vec<String>,
    },
    /// `role_arn` without `source_profile` or `credential_source`.
    MissingRoleSource {
        /// The profile.
        profile: String,
    },
    /// Both `source_profile` and `credential_source`.
    ConflictingRoleSource {
        /// The profile.
        profile: String,
    },
    /// An unknown `credential_source` value.
    UnknownCredentialSource {
        /// The profile.
        profile: String,
        /// The value as written.
        value: String,
    },
    /// `credential_source` without `role_arn`.
    CredentialSourceWithoutRole {
        /// The profile.
        profile: String,
    },
    /// Static keys with only one half of the pair.
    MissingKey {
        /// The profile.
        profile: String,
        /// The missing key: `aws_access_key_id` or `aws_secret_access_key`.
        key: &'static str,
    },
    /// `web_identity_token_file` without `role_arn`.
    WebIdentityWithoutRole {
        /// The profile.
        profile: String,
    },
    /// `duration_seconds` is not a whole number of seconds.
    InvalidDurationSeconds {
        /// The profile.
        profile: String,
    },
    /// The profile holds no credential settings.
    NoCredentials {
        /// The profile.
        profile: String,
        /// The profile whose `source_profile` leads here, if it is not the selected one.
        referenced_from: Option<String>,
    },
    /// An invalid SSO configuration.
    Sso {
        /// The profile.
        profile: String,
        /// What is wrong.
        problem: SsoProblem,
    },
}

/// What is wrong with an SSO configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SsoProblem {
    /// `sso_role_name` without `sso_account_id`.
    MissingAccountId,
    /// `sso_account_id` without `sso_role_name`.
    MissingRoleName,
    /// Legacy configuration (no `sso_session`) without account and role.
    MissingAccountAndRole,
    /// A required key is absent (from the profile, or from the sso-session).
    MissingKey {
        /// The key.
        key: &'static str,
        /// The sso-session that should hold it, if any.
        session: Option<String>,
    },
    /// The `sso_session` names no `[sso-session]` section.
    SessionNotFound {
        /// The name.
        session: String,
    },
    /// The profile sets a key that belongs to the `[sso-session]`, which does not set it.
    KeyOnlyInSession {
        /// The key.
        key: &'static str,
    },
    /// The profile and its sso-session disagree on a key.
    SessionMismatch {
        /// The key.
        key: &'static str,
        /// The session.
        session: String,
    },
}

impl ChainError {
    /// Whether the error only means "this profile configures no credentials" (the selected
    /// profile is missing or has no credential settings, or there are no profiles): a default
    /// credentials chain then tries its next provider. Every other error is a configuration
    /// mistake that should stop the chain.
    pub fn is_not_configured(&self) -> bool {
        matches!(
            self,
            ChainError::NoProfiles
                | ChainError::ProfileNotFound { .. }
                | ChainError::NoCredentials {
                    referenced_from: None,
                    ..
                }
        )
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::NoProfiles => f.write_str("No profiles were defined"),
            ChainError::ProfileNotFound { profile } => {
                write!(f, "profile `{profile}` was not found")
            }
            ChainError::SourceProfileNotFound {
                profile,
                referenced_from,
            } => write!(
                f,
                "could not find source profile {profile} referenced from {referenced_from}"
            ),
            ChainError::InfiniteLoop { path } => {
                write!(f, "profile formed an infinite loop: {}", path.join(" -> "))
            }
            ChainError::MissingRoleSource { profile } => write!(
                f,
                "profile `{profile}` is invalid: profile must contain `source_profile` or \
                 `credential_source` when `role_arn` is set"
            ),
            ChainError::ConflictingRoleSource { profile } => write!(
                f,
                "profile `{profile}` is invalid: profile contained both source_profile and \
                 credential_source; only one is allowed"
            ),
            ChainError::UnknownCredentialSource { profile, value } => write!(
                f,
                "profile `{profile}` is invalid: credential_source `{value}` is not supported \
                 (expected Environment, Ec2InstanceMetadata or EcsContainer)"
            ),
            ChainError::CredentialSourceWithoutRole { profile } => write!(
                f,
                "profile `{profile}` is invalid: `credential_source` was specified but \
                 `role_arn` was missing"
            ),
            ChainError::MissingKey { profile, key } => {
                write!(f, "profile `{profile}` is invalid: profile missing {key}")
            }
            ChainError::WebIdentityWithoutRole { profile } => write!(
                f,
                "profile `{profile}` is invalid: `web_identity_token_file` was specified but \
                 `role_arn` was missing"
            ),
            ChainError::InvalidDurationSeconds { profile } => write!(
                f,
                "profile `{profile}` is invalid: `duration_seconds` must be a whole number of \
                 seconds"
            ),
            ChainError::NoCredentials {
                profile,
                referenced_from,
            } => {
                write!(
                    f,
                    "profile `{profile}` did not contain credential information"
                )?;
                if let Some(from) = referenced_from {
                    write!(f, " (it is the source_profile of `{from}`)")?;
                }
                Ok(())
            }
            ChainError::Sso { profile, problem } => {
                write!(f, "profile `{profile}` is invalid: ")?;
                match problem {
                    SsoProblem::MissingAccountId => f.write_str(
                        "if `sso_role_name` is set, then `sso_account_id` must also be set",
                    ),
                    SsoProblem::MissingRoleName => f.write_str(
                        "if `sso_account_id` is set, then `sso_role_name` must also be set",
                    ),
                    SsoProblem::MissingAccountAndRole => f.write_str(
                        "SSO configuration without `sso_session` needs `sso_account_id` and \
                         `sso_role_name`",
                    ),
                    SsoProblem::MissingKey { key, session: None } => {
                        write!(f, "`{key}` was missing")
                    }
                    SsoProblem::MissingKey {
                        key,
                        session: Some(s),
                    } => write!(f, "`{key}` was missing from sso-session `{s}`"),
                    SsoProblem::SessionNotFound { session } => write!(
                        f,
                        "sso-session named `{session}` (referenced by profile `{profile}`) was \
                         not found"
                    ),
                    SsoProblem::KeyOnlyInSession { key } => write!(
                        f,
                        "`{key}` can only be specified in the [sso-session] config when a \
                         session name is given"
                    ),
                    SsoProblem::SessionMismatch { key, session } => write!(
                        f,
                        "`{key}` in the profile does not match `{key}` in sso-session `{session}`"
                    ),
                }
            }
        }
    }
}

impl Error for ChainError {}

/// A property value, with empty values counting as absent.
fn value<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).filter(|v| !v.is_empty())
}

/// Builds the profile chain for `selected` (module docs for the rules).
pub fn profile_chain(set: &ProfileSet, selected: &str) -> Result<ProfileChain, ChainError> {
    if set.is_empty() {
        return Err(ChainError::NoProfiles);
    }
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<AssumeRole> = Vec::new();
    let mut name = selected.to_owned();
    let mut referenced_from: Option<String> = None;

    let (base, base_profile) = loop {
        if visited.contains(&name) {
            visited.push(name);
            return Err(ChainError::InfiniteLoop { path: visited });
        }
        visited.push(name.clone());
        let Some(profile) = set.get(&name) else {
            return Err(match referenced_from {
                None => ChainError::ProfileNotFound { profile: name },
                Some(from) => ChainError::SourceProfileNotFound {
                    profile: name,
                    referenced_from: from,
                },
            });
        };

        if referenced_from.is_some() && has_static_keys(profile) {
            break (BaseProvider::AccessKey(static_credentials(profile)?), name);
        }
        let Some(role_arn) = value(profile, "role_arn") else {
            break (
                base_provider(set, profile, referenced_from.as_deref())?,
                name,
            );
        };
        if let Some(token_file) = value(profile, "web_identity_token_file") {
            let base = BaseProvider::WebIdentityToken(WebIdentityToken {
                role_arn: role_arn.to_owned(),
                web_identity_token_file: token_file.to_owned(),
                role_session_name: value(profile, "role_session_name").map(str::to_owned),
            });
            break (base, name);
        }
        roles.push(assume_role(profile, role_arn)?);
        match (
            value(profile, "source_profile"),
            value(profile, "credential_source"),
        ) {
            (Some(_), Some(_)) => return Err(ChainError::ConflictingRoleSource { profile: name }),
            (None, None) => return Err(ChainError::MissingRoleSource { profile: name }),
            (None, Some(source)) => {
                let source = CredentialSource::parse(source).ok_or_else(|| {
                    ChainError::UnknownCredentialSource {
                        profile: name.clone(),
                        value: source.to_owned(),
                    }
                })?;
                break (BaseProvider::NamedSource(source), name);
            }
            (Some(source), None) if source == name => {
                if !has_static_keys(profile) {
                    return Err(ChainError::NoCredentials {
                        profile: name.clone(),
                        referenced_from: Some(name),
                    });
                }
                break (BaseProvider::AccessKey(static_credentials(profile)?), name);
            }
            (Some(source), None) => {
                let next = source.to_owned();
                referenced_from = Some(std::mem::replace(&mut name, next));
            }
        }
    };
    roles.reverse();
    Ok(ProfileChain {
        base,
        base_profile,
        roles,
    })
}

fn has_static_keys(profile: &Profile) -> bool {
    value(profile, "aws_access_key_id").is_some()
        || value(profile, "aws_secret_access_key").is_some()
}

fn static_credentials(profile: &Profile) -> Result<Credentials, ChainError> {
    let missing = |key| ChainError::MissingKey {
        profile: profile.name().to_owned(),
        key,
    };
    let access_key_id =
        value(profile, "aws_access_key_id").ok_or_else(|| missing("aws_access_key_id"))?;
    let secret =
        value(profile, "aws_secret_access_key").ok_or_else(|| missing("aws_secret_access_key"))?;
    let mut credentials = Credentials::new(
        access_key_id,
        secret,
        value(profile, "aws_session_token").map(str::to_owned),
    );
    if let Some(account_id) = value(profile, "aws_account_id") {
        credentials = credentials.with_account_id(account_id);
    }
    Ok(credentials)
}

fn assume_role(profile: &Profile, role_arn: &str) -> Result<AssumeRole, ChainError> {
    let duration_seconds = match value(profile, "duration_seconds") {
        None => None,
        Some(text) => {
            Some(
                text.parse::<u32>()
                    .map_err(|_| ChainError::InvalidDurationSeconds {
                        profile: profile.name().to_owned(),
                    })?,
            )
        }
    };
    Ok(AssumeRole {
        profile: profile.name().to_owned(),
        role_arn: role_arn.to_owned(),
        external_id: value(profile, "external_id").map(str::to_owned),
        role_session_name: value(profile, "role_session_name").map(str::to_owned),
        duration_seconds,
    })
}

/// The base provider of a profile without `role_arn`.
fn base_provider(
    set: &ProfileSet,
    profile: &Profile,
    referenced_from: Option<&str>,
) -> Result<BaseProvider, ChainError> {
    let name = || profile.name().to_owned();
    if value(profile, "web_identity_token_file").is_some() {
        return Err(ChainError::WebIdentityWithoutRole { profile: name() });
    }
    if value(profile, "credential_source").is_some() {
        return Err(ChainError::CredentialSourceWithoutRole { profile: name() });
    }
    if let Some(sso) = sso_config(set, profile)? {
        return Ok(BaseProvider::Sso(sso));
    }
    if let Some(command) = value(profile, "credential_process") {
        return Ok(BaseProvider::CredentialProcess(CredentialProcess {
            command: command.to_owned(),
        }));
    }
    if has_static_keys(profile) {
        return Ok(BaseProvider::AccessKey(static_credentials(profile)?));
    }
    Err(ChainError::NoCredentials {
        profile: name(),
        referenced_from: referenced_from.map(str::to_owned),
    })
}

/// The SSO configuration of a profile, `None` when it has no SSO settings.
fn sso_config(set: &ProfileSet, profile: &Profile) -> Result<Option<SsoConfig>, ChainError> {
    let session_name = value(profile, "sso_session");
    let account_id = value(profile, "sso_account_id");
    let role_name = value(profile, "sso_role_name");
    if session_name.is_none()
        && account_id.is_none()
        && role_name.is_none()
        && value(profile, "sso_start_url").is_none()
    {
        return Ok(None);
    }
    let fail = |problem| ChainError::Sso {
        profile: profile.name().to_owned(),
        problem,
    };
    match (account_id, role_name) {
        (None, Some(_)) => return Err(fail(SsoProblem::MissingAccountId)),
        (Some(_), None) => return Err(fail(SsoProblem::MissingRoleName)),
        _ => {}
    }

    let (region, start_url, scopes) = match session_name {
        Some(session_name) => {
            let session = set.sso_session(session_name).ok_or_else(|| {
                fail(SsoProblem::SessionNotFound {
                    session: session_name.to_owned(),
                })
            })?;
            let mut resolved = [""; 2];
            for (slot, key) in resolved.iter_mut().zip(["sso_region", "sso_start_url"]) {
                let in_session = value(session, key);
                match (value(profile, key), in_session) {
                    (Some(p), Some(s)) if p != s => {
                        return Err(fail(SsoProblem::SessionMismatch {
                            key,
                            session: session_name.to_owned(),
                        }))
                    }
                    (Some(_), None) => return Err(fail(SsoProblem::KeyOnlyInSession { key })),
                    _ => {}
                }
                *slot = in_session.ok_or_else(|| {
                    fail(SsoProblem::MissingKey {
                        key,
                        session: Some(session_name.to_owned()),
                    })
                })?;
            }
            let [region, start_url] = resolved;
            let scopes = value(session, "sso_registration_scopes");
            (region, start_url, scopes)
        }
        None => {
            let required = |key| {
                value(profile, key)
                    .ok_or_else(|| fail(SsoProblem::MissingKey { key, session: None }))
            };
            let start_url = required("sso_start_url")?;
            let region = required("sso_region")?;
            if account_id.is_none() {
                return Err(fail(SsoProblem::MissingAccountAndRole));
            }
            (region, start_url, None)
        }
    };
    Ok(Some(SsoConfig {
        sso_session: session_name.map(str::to_owned),
        sso_region: region.to_owned(),
        sso_start_url: start_url.to_owned(),
        sso_account_id: account_id.map(str::to_owned),
        sso_role_name: role_name.map(str::to_owned),
        sso_registration_scopes: scopes.map(str::to_owned),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let set = ProfileSet::from_profiles([
            (
                "a",
                vec![
                    ("aws_access_key_id", "AKID"),
                    ("aws_secret_access_key", "SEKRIT"),
                    ("aws_session_token", "TOKN"),
                ],
            ),
            ("p", vec![("credential_process", "tool --password SEKRIT")]),
        ]);
        for name in ["a", "p"] {
            let chain = profile_chain(&set, name).unwrap();
            let text = format!("{chain:?}");
            assert!(!text.contains("SEKRIT") && !text.contains("TOKN"), "{text}");
        }
    }

    #[test]
    fn errors_never_quote_secrets() {
        let set = ProfileSet::from_profiles([
            ("a", vec![("role_arn", "r"), ("source_profile", "b")]),
            ("b", vec![("aws_secret_access_key", "SEKRIT")]),
        ]);
        let e = profile_chain(&set, "a").unwrap_err();
        assert!(!e.to_string().contains("SEKRIT"));
        assert!(!e.is_not_configured());
    }

    #[test]
    fn not_configured_kinds() {
        let set = ProfileSet::from_profiles([
            ("a", vec![("region", "r")]),
            ("b", vec![("role_arn", "r"), ("source_profile", "a")]),
        ]);
        assert!(profile_chain(&set, "a").unwrap_err().is_not_configured());
        assert!(profile_chain(&set, "zz").unwrap_err().is_not_configured());
        let e = profile_chain(&set, "b").unwrap_err();
        assert!(!e.is_not_configured());
        assert!(e.to_string().contains("source_profile of `b`"), "{e}");
    }

    #[test]
    fn process_and_duration() {
        let set = ProfileSet::from_profiles([
            (
                "a",
                vec![
                    ("role_arn", "r"),
                    ("source_profile", "p"),
                    ("duration_seconds", "900"),
                ],
            ),
            ("p", vec![("credential_process", "/bin/creds")]),
            (
                "bad",
                vec![
                    ("role_arn", "r"),
                    ("source_profile", "p"),
                    ("duration_seconds", "15m"),
                ],
            ),
        ]);
        let chain = profile_chain(&set, "a").unwrap();
        assert!(
            matches!(chain.base(), BaseProvider::CredentialProcess(p) if p.command() == "/bin/creds")
        );
        assert_eq!(chain.base_profile(), "p");
        assert_eq!(chain.roles()[0].duration_seconds, Some(900));
        assert!(matches!(
            profile_chain(&set, "bad"),
            Err(ChainError::InvalidDurationSeconds { .. })
        ));
    }

    #[test]
    fn sso_cache_file_name() {
        let mut set = ProfileSet::from_profiles([
            (
                "legacy",
                vec![
                    ("sso_start_url", "https://ssotest.awsapps.com/start"),
                    ("sso_region", "us-east-2"),
                    ("sso_account_id", "1"),
                    ("sso_role_name", "r"),
                ],
            ),
            (
                "mismatch",
                vec![("sso_session", "s"), ("sso_region", "eu-west-1")],
            ),
        ]);
        set.insert_sso_session("s", [("sso_region", "us-east-1"), ("sso_start_url", "u")]);
        let chain = profile_chain(&set, "legacy").unwrap();
        let BaseProvider::Sso(sso) = chain.base() else {
            panic!("expected SSO, got {chain:?}");
        };
        assert!(sso.has_role());
        assert_eq!(sso.token_cache_key(), "https://ssotest.awsapps.com/start");
        let e = profile_chain(&set, "mismatch").unwrap_err();
        assert!(e.to_string().contains("does not match"), "{e}");
    }

    #[test]
    fn unknown_credential_source() {
        let set = ProfileSet::from_profiles([(
            "a",
            vec![("role_arn", "r"), ("credential_source", "Moon")],
        )]);
        let e = profile_chain(&set, "a").unwrap_err();
        assert!(e.to_string().contains("`Moon` is not supported"), "{e}");
    }
}
