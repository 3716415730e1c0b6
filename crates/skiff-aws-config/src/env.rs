//! Settings read from the environment (with the profile as fallback where the SDKs do so):
//! web identity, region and boolean flags. (Static credentials from the environment are
//! `skiff_runtime`'s `EnvironmentCredentialsProvider`.)
//!
//! Input: an environment lookup (and a profile where noted). Output: plain values; nothing is
//! read from disk or the network.

use std::error::Error;
use std::fmt;

use super::chain::WebIdentityToken;
use super::profile::Profile;

/// `AWS_WEB_IDENTITY_TOKEN_FILE`.
pub const ENV_WEB_IDENTITY_TOKEN_FILE: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
/// `AWS_ROLE_ARN`.
pub const ENV_ROLE_ARN: &str = "AWS_ROLE_ARN";
/// `AWS_ROLE_SESSION_NAME`.
pub const ENV_ROLE_SESSION_NAME: &str = "AWS_ROLE_SESSION_NAME";
/// `AWS_REGION`.
pub const ENV_REGION: &str = "AWS_REGION";
/// `AWS_DEFAULT_REGION` (read after `AWS_REGION`).
pub const ENV_DEFAULT_REGION: &str = "AWS_DEFAULT_REGION";

/// A variable's value trimmed, with blank values counting as unset.
fn trimmed(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The web identity configuration of the environment: `AWS_WEB_IDENTITY_TOKEN_FILE` and
/// `AWS_ROLE_ARN` (both required, else `None`: not enabled), and `AWS_ROLE_SESSION_NAME`.
pub fn web_identity_from_env(env: impl Fn(&str) -> Option<String>) -> Option<WebIdentityToken> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    Some(WebIdentityToken {
        web_identity_token_file: trimmed(env, ENV_WEB_IDENTITY_TOKEN_FILE)?,
        role_arn: trimmed(env, ENV_ROLE_ARN)?,
        role_session_name: trimmed(env, ENV_ROLE_SESSION_NAME),
    })
}

/// The region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`.
pub fn region(env: impl Fn(&str) -> Option<String>, profile: Option<&Profile>) -> Option<String> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    trimmed(env, ENV_REGION)
        .or_else(|| trimmed(env, ENV_DEFAULT_REGION))
        .or_else(|| {
            profile
                .and_then(|p| p.get("region"))
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
        })
}

/// A boolean setting that is neither `true` nor `false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBool {
    /// The variable or profile key.
    pub setting: String,
    /// The value as written (settings of this kind are never secret).
    pub value: String,
}

impl fmt::Display for InvalidBool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid value for {} (expected `true` or `false`)",
            self.value, self.setting
        )
    }
}

impl Error for InvalidBool {}

/// A boolean setting from environment variable `env_var`, else profile key `profile_key`
/// (case-insensitive `true` / `false`; unset or blank is `None`), e.g.
/// `("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")` or
/// `("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")`.
pub fn bool_setting(
    env: impl Fn(&str) -> Option<String>,
    env_var: &str,
    profile: Option<&Profile>,
    profile_key: &str,
) -> Result<Option<bool>, InvalidBool> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    let (setting, text) = match trimmed(env, env_var) {
        Some(v) => (env_var, v),
        None => match profile
            .and_then(|p| p.get(profile_key))
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            Some(v) => (profile_key, v.to_owned()),
            None => return Ok(None),
        },
    };
    if text.eq_ignore_ascii_case("true") {
        Ok(Some(true))
    } else if text.eq_ignore_ascii_case("false") {
        Ok(Some(false))
    } else {
        Err(InvalidBool {
            setting: setting.to_owned(),
            value: text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::profile::ProfileSet;
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn settings() {
        let set = ProfileSet::from_profiles([(
            "default",
            vec![("region", "eu-west-1"), ("use_fips_endpoint", "TRUE")],
        )]);
        let p = set.get("default");
        assert_eq!(region(env(&[]), p).as_deref(), Some("eu-west-1"));
        assert_eq!(
            region(env(&[(ENV_DEFAULT_REGION, "x")]), p).as_deref(),
            Some("x")
        );
        let fips = |vars| bool_setting(env(vars), "AWS_USE_FIPS_ENDPOINT", p, "use_fips_endpoint");
        assert_eq!(fips(&[]), Ok(Some(true)));
        assert_eq!(fips(&[("AWS_USE_FIPS_ENDPOINT", "false")]), Ok(Some(false)));
        assert!(fips(&[("AWS_USE_FIPS_ENDPOINT", "yes")]).is_err());
        assert_eq!(web_identity_from_env(env(&[(ENV_ROLE_ARN, "r")])), None);
    }
}
