//! The 29 `default-credential-provider-chain/*` scenarios, run through the pure layer only.
//!
//! For each scenario this test plays the default chain's *decisions* (which provider is used,
//! with which settings) with this crate's functions, the way the HTTP layer will, and checks
//! them against the scenario: the provider expected in the table below, the first HTTP request
//! recorded in `http-traffic.json` (IMDS token URL, container URI, STS or SSO portal endpoint),
//! the `RoleArn` of assume-role calls, and, where no HTTP is involved, the final credentials or
//! error of `test-case.json`. It does not perform or fake any HTTP exchange.

use super::common;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;
use skiff_aws_config::env::{self, environment_credentials, web_identity_from_env};
use skiff_aws_config::imds::{imds_disabled, imds_endpoint};
use skiff_aws_config::location::{self, LoadedProfiles};
use skiff_aws_config::{
    container_endpoint, profile_chain, BaseProvider, ContainerAuth, CredentialSource,
    ImdsOverrides, Platform, ProfileChain, StaticCredentials,
};

/// What the default chain decides to do, before any HTTP.
#[derive(Debug)]
enum Plan {
    /// Static keys from `AWS_ACCESS_KEY_ID` & co.
    Environment(StaticCredentials),
    /// The selected profile's chain (terminal: failures do not fall through).
    Profile(ProfileChain),
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`.
    EnvWebIdentity,
    /// The container endpoint.
    Container(String, Option<ContainerAuth>),
    /// IMDS at this token URL.
    Imds(String),
    /// No provider is enabled.
    NothingEnabled,
    /// A configuration error stops the chain.
    Error(String),
}

/// The provider each scenario must pick, as a short label (see `label`).
const EXPECTED: &[(&str, &str)] = &[
    ("e2e_fips_and_dual_stack_sso", "profile:sso"),
    ("ecs_assume_role", "profile:EcsContainer+1"),
    ("ecs_credentials", "container"),
    ("ecs_credentials_invalid_profile", "container"),
    ("eks_pod_identity_credentials", "container+token-file"),
    ("eks_pod_identity_no_token_file", "container+token-file"),
    ("environment_variables", "environment"),
    ("environment_variables_blank", "profile:static"),
    ("imds_assume_role", "profile:Ec2InstanceMetadata+1"),
    ("imds_config_with_no_creds", "imds"),
    ("imds_default_chain_error", "imds"),
    ("imds_default_chain_retries", "imds"),
    ("imds_default_chain_success", "imds"),
    ("imds_disabled", "nothing"),
    ("imds_no_iam_role", "profile:Ec2InstanceMetadata+1"),
    ("imds_token_fail", "profile:Ec2InstanceMetadata+1"),
    ("prefer_environment", "environment"),
    ("profile_name", "profile:static"),
    ("profile_overrides_web_identity", "profile:Environment+1"),
    ("profile_static_keys", "profile:static"),
    ("profile_static_keys_case_insensitive", "profile:static"),
    ("sso_assume_role", "profile:sso"),
    ("sso_no_token_file", "profile:sso"),
    ("sso_server_error", "profile:sso"),
    ("web_identity_source_profile_no_env", "error"),
    ("web_identity_token_env", "env-web-identity"),
    ("web_identity_token_invalid_jwt", "profile:web-identity+1"),
    ("web_identity_token_profile", "profile:web-identity"),
    (
        "web_identity_token_source_profile",
        "profile:web-identity+1",
    ),
];

fn label(plan: &Plan) -> String {
    match plan {
        Plan::Environment(_) => "environment".into(),
        Plan::Profile(chain) => {
            let base = match chain.base() {
                BaseProvider::AccessKey(_) => "static".to_owned(),
                BaseProvider::NamedSource(s) => s.as_str().to_owned(),
                BaseProvider::WebIdentityToken(_) => "web-identity".into(),
                BaseProvider::Sso(_) => "sso".into(),
                BaseProvider::CredentialProcess(_) => "process".into(),
                other => format!("{other:?}"),
            };
            match chain.roles().len() {
                0 => format!("profile:{base}"),
                n => format!("profile:{base}+{n}"),
            }
        }
        Plan::EnvWebIdentity => "env-web-identity".into(),
        Plan::Container(_, Some(ContainerAuth::TokenFile(_))) => "container+token-file".into(),
        Plan::Container(..) => "container".into(),
        Plan::Imds(_) => "imds".into(),
        Plan::NothingEnabled => "nothing".into(),
        Plan::Error(_) => "error".into(),
    }
}

struct Scenario {
    name: String,
    dir: PathBuf,
    env: BTreeMap<String, String>,
    test_case: Value,
    requests: Vec<(String, String, String)>,
}

impl Scenario {
    fn load(dir: PathBuf) -> Scenario {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let env = common::string_map(Some(&common::read_json_file(&dir.join("env.json"))));
        let test_case = common::read_json_file(&dir.join("test-case.json"));
        let traffic = common::read_json_file(&dir.join("http-traffic.json"));
        let mut requests = Vec::new();
        let mut bodies: BTreeMap<u64, String> = BTreeMap::new();
        for event in traffic["events"].as_array().into_iter().flatten() {
            let action = &event["action"];
            let id = event["connection_id"].as_u64().unwrap_or(0);
            if let Some(req) = action.get("Request") {
                let req = &req["request"];
                requests.push((
                    id.to_string(),
                    req["method"].as_str().unwrap_or("").to_owned(),
                    req["uri"].as_str().unwrap_or("").to_owned(),
                ));
            }
            if let Some(data) = action.get("Data") {
                if data["direction"] == "Request" {
                    let text = data["data"]["Utf8"].as_str().unwrap_or("");
                    bodies.entry(id).or_default().push_str(text);
                }
            }
        }
        // Fold request bodies into the URI column's companion for assume-role checks.
        let requests = requests
            .into_iter()
            .map(|(id, method, uri)| {
                let body = id
                    .parse::<u64>()
                    .ok()
                    .and_then(|i| bodies.get(&i).cloned())
                    .unwrap_or_default();
                (method, uri, body)
            })
            .collect();
        Scenario {
            name,
            dir,
            env,
            test_case,
            requests,
        }
    }

    fn env(&self) -> impl Fn(&str) -> Option<String> + '_ {
        common::env_fn(&self.env)
    }

    /// Reads an absolute path of the scenario's virtual file system (`fs/`).
    fn read(&self, path: &Path) -> io::Result<String> {
        let relative = path.strip_prefix("/").unwrap_or(path);
        std::fs::read_to_string(self.dir.join("fs").join(relative))
    }

    fn profiles(&self) -> Result<LoadedProfiles, String> {
        location::load(self.env(), Platform::Unix, |p| self.read(p)).map_err(|e| e.to_string())
    }

    fn expected_error(&self) -> Option<&str> {
        self.test_case["result"]["ErrorContains"].as_str()
    }

    fn expected_ok(&self) -> Option<&Value> {
        self.test_case["result"].get("Ok")
    }
}

/// The default chain's decisions: environment, profile, web identity (env), container, IMDS.
fn plan(s: &Scenario) -> Plan {
    match environment_credentials(s.env()) {
        Ok(creds) => return Plan::Environment(creds),
        Err(e) if e.is_not_configured() => {}
        Err(e) => return Plan::Error(e.to_string()),
    }
    let loaded = match s.profiles() {
        Ok(l) => l,
        Err(e) => return Plan::Error(e),
    };
    match profile_chain(&loaded.profiles, &loaded.locations.profile) {
        Ok(chain) => return Plan::Profile(chain),
        Err(e) if e.is_not_configured() => {}
        Err(e) => return Plan::Error(e.to_string()),
    }
    if web_identity_from_env(s.env()).is_some() {
        return Plan::EnvWebIdentity;
    }
    match container_endpoint(s.env(), |_| Err(io::Error::other("no DNS in tests"))) {
        Ok(ep) => return Plan::Container(ep.uri, ep.auth),
        Err(e) if e.is_not_configured() => {}
        Err(e) => return Plan::Error(e.to_string()),
    }
    if imds_disabled(s.env()) {
        return Plan::NothingEnabled;
    }
    let profile = loaded.profiles.get(&loaded.locations.profile);
    match imds_endpoint(s.env(), profile, ImdsOverrides::default()) {
        Ok(ep) => Plan::Imds(ep.token_url()),
        Err(e) => Plan::Error(e.to_string()),
    }
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn check_static(s: &Scenario, creds: &StaticCredentials) -> Result<(), String> {
    let ok = s
        .expected_ok()
        .ok_or("expected an error, the plan has static keys")?;
    if ok["access_key_id"] != creds.access_key_id()
        || ok["secret_access_key"] != creds.secret_access_key()
        || ok.get("account_id").and_then(Value::as_str) != creds.account_id()
    {
        return Err(format!("static credentials differ from {ok}"));
    }
    if !s.requests.is_empty() {
        return Err("static credentials but the scenario makes HTTP requests".into());
    }
    Ok(())
}

fn first_request(s: &Scenario) -> Result<&(String, String, String), String> {
    s.requests
        .first()
        .ok_or_else(|| "no HTTP request recorded".to_owned())
}

fn check_sts_region(s: &Scenario, profile_region: Option<String>) -> Result<(), String> {
    let region = profile_region.ok_or("no region for STS")?;
    let sts = format!("https://sts.{region}.amazonaws.com/");
    if s.requests.iter().any(|(m, u, _)| m == "POST" && *u == sts) {
        Ok(())
    } else {
        Err(format!("no STS request to {sts}"))
    }
}

fn check_profile(s: &Scenario, chain: &ProfileChain) -> Result<(), String> {
    let loaded = s.profiles()?;
    let profile = loaded.profiles.get(&loaded.locations.profile);
    let region = env::region(s.env(), profile);
    // Assume-role calls only happen when the base provider succeeded.
    let roles = if s.expected_ok().is_some() {
        chain.roles()
    } else {
        &[]
    };
    for role in roles {
        let needle = format!("RoleArn={}", form_encode(&role.role_arn));
        if !s.requests.iter().any(|(_, _, body)| body.contains(&needle)) {
            return Err(format!("no AssumeRole request with {needle}"));
        }
    }
    if !roles.is_empty() {
        check_sts_region(s, region.clone())?;
    }
    match chain.base() {
        BaseProvider::AccessKey(creds) if chain.roles().is_empty() => check_static(s, creds),
        BaseProvider::AccessKey(_) => Ok(()),
        BaseProvider::NamedSource(CredentialSource::Environment) => {
            match environment_credentials(s.env()) {
                Err(e) if e.is_not_configured() => {
                    let needle = s.expected_error().ok_or("expected success")?;
                    if needle.contains("not enabled") && s.requests.is_empty() {
                        Ok(())
                    } else {
                        Err(format!(
                            "environment source not enabled, expected `{needle}`"
                        ))
                    }
                }
                other => Err(format!("unexpected environment source result {other:?}")),
            }
        }
        BaseProvider::NamedSource(CredentialSource::Ec2InstanceMetadata) => {
            let ep = imds_endpoint(s.env(), profile, ImdsOverrides::default())
                .map_err(|e| e.to_string())?;
            let (method, uri, _) = first_request(s)?;
            if method == "PUT" && *uri == ep.token_url() {
                Ok(())
            } else {
                Err(format!(
                    "first request {method} {uri}, expected PUT {}",
                    ep.token_url()
                ))
            }
        }
        BaseProvider::NamedSource(CredentialSource::EcsContainer) => {
            let ep = container_endpoint(s.env(), |_| Err(io::Error::other("no DNS")))
                .map_err(|e| e.to_string())?;
            let (_, uri, _) = first_request(s)?;
            if *uri == ep.uri {
                Ok(())
            } else {
                Err(format!("first request {uri}, expected {}", ep.uri))
            }
        }
        BaseProvider::WebIdentityToken(_) => {
            let (method, uri, body) = first_request(s)?;
            let sts = format!("https://sts.{}.amazonaws.com/", region.unwrap_or_default());
            // The recorded token exchanges name other role ARNs than the scenario's profiles
            // (they were captured separately), so only the endpoint and the action are checked.
            if method == "POST" && *uri == sts && body.contains("Action=AssumeRoleWithWebIdentity")
            {
                Ok(())
            } else {
                Err(format!("first request {method} {uri}, expected POST {sts}"))
            }
        }
        BaseProvider::Sso(sso) => {
            let fips = env::bool_setting(
                s.env(),
                "AWS_USE_FIPS_ENDPOINT",
                profile,
                "use_fips_endpoint",
            )
            .map_err(|e| e.to_string())?
            .unwrap_or(false);
            let dual = env::bool_setting(
                s.env(),
                "AWS_USE_DUALSTACK_ENDPOINT",
                profile,
                "use_dualstack_endpoint",
            )
            .map_err(|e| e.to_string())?
            .unwrap_or(false);
            let host = match (fips, dual) {
                (true, true) => format!("portal.sso-fips.{}.api.aws", sso.sso_region),
                (false, true) => format!("portal.sso.{}.api.aws", sso.sso_region),
                (true, false) => format!("portal.sso-fips.{}.amazonaws.com", sso.sso_region),
                (false, false) => format!("portal.sso.{}.amazonaws.com", sso.sso_region),
            };
            let cache = format!(
                "{}/.aws/sso/cache/{}",
                location::home_dir(s.env(), Platform::Unix).unwrap_or_default(),
                sso.token_cache_file_name()
            );
            if let Some(needle) = s.expected_error() {
                if needle.contains(".aws/sso/cache/") {
                    return if needle.contains(&cache) && s.read(Path::new(&cache)).is_err() {
                        Ok(())
                    } else {
                        Err(format!("expected `{needle}`, cache file is {cache}"))
                    };
                }
            }
            s.read(Path::new(&cache))
                .map_err(|e| format!("token cache {cache}: {e}"))?;
            let url = format!(
                "https://{host}/federation/credentials?account_id={}&role_name={}",
                sso.sso_account_id.as_deref().unwrap_or(""),
                sso.sso_role_name.as_deref().unwrap_or("")
            );
            let (_, uri, _) = first_request(s)?;
            if *uri == url {
                Ok(())
            } else {
                Err(format!("first request {uri}, expected {url}"))
            }
        }
        other => Err(format!("unexpected base {other:?}")),
    }
}

fn check(s: &Scenario) -> Result<(), String> {
    let plan = plan(s);
    let expected = EXPECTED
        .iter()
        .find(|(name, _)| *name == s.name)
        .map(|(_, label)| *label)
        .ok_or("scenario missing from the EXPECTED table")?;
    let actual = label(&plan);
    if actual != expected {
        return Err(format!("plan {actual} ({plan:?}), expected {expected}"));
    }
    match &plan {
        Plan::Environment(creds) => check_static(s, creds),
        Plan::Profile(chain) => check_profile(s, chain),
        Plan::EnvWebIdentity => {
            let region = env::region(s.env(), None);
            check_sts_region(s, region)
        }
        Plan::Container(uri, _) => {
            if s.requests.is_empty() {
                // Pod Identity without its token file: fails before any request.
                return match s.expected_error() {
                    Some(e) if e.contains("No such file") => Ok(()),
                    other => Err(format!("no request recorded, expected error {other:?}")),
                };
            }
            let (_, first, _) = first_request(s)?;
            if first == uri {
                Ok(())
            } else {
                Err(format!("first request {first}, expected {uri}"))
            }
        }
        Plan::Imds(token_url) => {
            let (method, uri, _) = first_request(s)?;
            if method == "PUT" && uri == token_url {
                Ok(())
            } else {
                Err(format!(
                    "first request {method} {uri}, expected PUT {token_url}"
                ))
            }
        }
        Plan::NothingEnabled => match s.expected_error() {
            Some(e) if e.contains("not enabled") && s.requests.is_empty() => Ok(()),
            other => Err(format!("nothing enabled, expected {other:?}")),
        },
        Plan::Error(message) => match s.expected_error() {
            Some(e) if message.contains(e) => Ok(()),
            other => Err(format!("error `{message}`, expected {other:?}")),
        },
    }
}

#[test]
fn default_chain_scenarios() {
    let Some(root) = common::data_dir("default_chain_scenarios") else {
        return;
    };
    let root = root.join("default-credential-provider-chain");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), EXPECTED.len(), "scenario count changed");
    let failures: Vec<String> = dirs
        .into_iter()
        .map(Scenario::load)
        .filter_map(|s| check(&s).err().map(|e| format!("{}: {e}", s.name)))
        .collect();
    common::report(
        "default-credential-provider-chain",
        EXPECTED.len(),
        &failures,
    );
}
