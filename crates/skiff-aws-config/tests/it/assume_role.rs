//! Every case of `assume-role-tests.json`: profiles in, profile chain (or error) out.

use super::common;

use serde_json::{json, Map, Value};
use skiff_aws_config::{profile_chain, AssumeRole, BaseProvider, ProfileChain, ProfileSet};

fn build_set(input: &Value) -> ProfileSet {
    let profiles: Vec<(String, Vec<(String, String)>)> = input["profiles"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(name, props)| {
                    (
                        name.clone(),
                        common::string_map(Some(props)).into_iter().collect(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut set = ProfileSet::from_profiles(profiles.iter().map(|(name, props)| {
        (
            name.as_str(),
            props.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }));
    if let Some(sessions) = input["sso_sessions"].as_object() {
        for (name, props) in sessions {
            let props = common::string_map(Some(props));
            set.insert_sso_session(name, props.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
    }
    set
}

/// The object of `Some` fields only, like the test data writes them.
fn object(fields: &[(&str, Option<&str>)]) -> Value {
    let map: Map<String, Value> = fields
        .iter()
        .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), Value::from(v))))
        .collect();
    Value::Object(map)
}

fn base_json(base: &BaseProvider) -> Value {
    match base {
        BaseProvider::AccessKey(k) => json!({ "AccessKey": object(&[
            ("access_key_id", Some(k.access_key_id())),
            ("secret_access_key", Some(k.secret_access_key())),
            ("session_token", k.session_token()),
            ("account_id", k.account_id()),
        ]) }),
        BaseProvider::NamedSource(s) => json!({ "NamedSource": s.as_str() }),
        BaseProvider::WebIdentityToken(w) => json!({ "WebIdentityToken": object(&[
            ("role_arn", Some(&w.role_arn)),
            ("web_identity_token_file", Some(&w.web_identity_token_file)),
            ("role_session_name", w.role_session_name.as_deref()),
        ]) }),
        BaseProvider::Sso(s) => json!({ "Sso": object(&[
            ("sso_session", s.sso_session.as_deref()),
            ("sso_region", Some(&s.sso_region)),
            ("sso_start_url", Some(&s.sso_start_url)),
            ("sso_account_id", s.sso_account_id.as_deref()),
            ("sso_role_name", s.sso_role_name.as_deref()),
            ("sso_registration_scopes", s.sso_registration_scopes.as_deref()),
        ]) }),
        BaseProvider::CredentialProcess(p) => json!({ "CredentialProcess": p.command() }),
        other => json!({ "Unknown": format!("{other:?}") }),
    }
}

fn role_json(role: &AssumeRole) -> Value {
    let duration = role.duration_seconds.map(|d| d.to_string());
    json!({ "AssumeRole": object(&[
        ("role_arn", Some(&role.role_arn)),
        ("external_id", role.external_id.as_deref()),
        ("role_session_name", role.role_session_name.as_deref()),
        ("duration_seconds", duration.as_deref()),
    ]) })
}

fn chain_json(chain: &ProfileChain) -> Value {
    let mut steps = vec![base_json(chain.base())];
    steps.extend(chain.roles().iter().map(role_json));
    Value::Array(steps)
}

fn check(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let set = build_set(input);
    let selected = input["selected_profile"].as_str().unwrap_or("default");
    let result = profile_chain(&set, selected);
    let output = &case["output"];
    if let Some(expected) = output["Error"].as_str() {
        return match result {
            Err(e) if e.to_string().contains(expected) => Ok(()),
            Err(e) => Err(format!("error `{e}` does not contain `{expected}`")),
            Ok(chain) => Err(format!("expected error `{expected}`, got {chain:?}")),
        };
    }
    let chain = result.map_err(|e| format!("unexpected error: {e}"))?;
    let actual = chain_json(&chain);
    if actual == output["ProfileChain"] {
        Ok(())
    } else {
        Err(format!("expected {}, got {actual}", output["ProfileChain"]))
    }
}

#[test]
fn assume_role_tests() {
    let Some(data) = common::read_json("assume-role-tests.json") else {
        return;
    };
    let cases = data.as_array().expect("array of cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            check(case)
                .err()
                .map(|e| format!("{}: {e}", case["docs"].as_str().unwrap_or("?")))
        })
        .collect();
    common::report("assume-role-tests.json", cases.len(), &failures);
}
