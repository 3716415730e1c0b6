//! The `operationInputs` level of `cargo xtask endpoint-tests`, compiled in the scratch
//! workspace `target/endpoint-inputs` next to the generated clients it drives (written by
//! `xtask/src/endpoint_inputs.rs`; `dispatch.rs` is generated there).
//!
//! For each `smithy.rules#endpointTests` case with `operationInputs`, and each of its inputs:
//! a client configured from the case's `builtInParams` and `clientParams` calls the operation
//! with `operationParams` (deserialized into the generated input type) through a capturing
//! transport. Then:
//! - an `error` case must fail before any I/O with `SdkError::Endpoint` and exactly the
//!   rule's message;
//! - an `endpoint` case must send a request whose URL is the one the same client sends when a
//!   resolver answers with the expected endpoint (so the rule set, given the parameters the
//!   client derives from its configuration and the input, chose that endpoint), whose scheme,
//!   host (after any `@endpoint` host prefix) and path start with the expected URL's, which
//!   carries the expected endpoint headers, and which is signed with the expected `sigv4`
//!   signing name and region (read from the `Authorization` credential scope).
//!
//! Cases whose endpoint only lists authentication schemes this runtime cannot sign with
//! (`sigv4a`, `sigv4-s3express`) are skipped with that reason. Prints one row per model and
//! exits non-zero on any failure.

mod dispatch;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value as Json;
use skiff_protocol_test_support::{block_on, CapturingTransport};
use skiff_runtime::endpoint::{Endpoint, EndpointError, Params, ResolveEndpoint};
use skiff_runtime::error::SdkError;
use skiff_runtime::value::{Document, Number};
use skiff_runtime::{Config, ConfigBuilder, Credentials};

/// What one call did.
pub enum Outcome {
    /// It sent a request (whatever the call's result was).
    Sent,
    /// It failed before sending, with this endpoint error.
    Endpoint(EndpointError),
    /// It failed before sending for another reason.
    Other(String),
}

/// The outcome of a call's result.
pub fn outcome<T, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> Outcome {
    match result {
        Ok(_) | Err(SdkError::Service(_) | SdkError::Response(_) | SdkError::Transport(_)) => {
            Outcome::Sent
        }
        Err(SdkError::Endpoint(e)) => Outcome::Endpoint(e),
        Err(other) => Outcome::Other(format!("{other:?}")),
    }
}

/// A resolver answering every call with one endpoint.
#[derive(Debug)]
struct Fixed(Endpoint);

impl ResolveEndpoint for Fixed {
    fn resolve_endpoint(&self, _: &str, _: &Params) -> Result<Endpoint, EndpointError> {
        Ok(self.0.clone())
    }
}

fn document(json: &Json) -> Document {
    match json {
        Json::Null => Document::Null,
        Json::Bool(b) => Document::Bool(*b),
        Json::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Document::Number(Number::PosInt(u)),
            (_, Some(i), _) => Document::Number(Number::NegInt(i)),
            (_, _, Some(f)) => Document::Number(Number::Float(f)),
            _ => Document::Null,
        },
        Json::String(s) => Document::String(s.clone()),
        Json::Array(items) => Document::Array(items.iter().map(document).collect()),
        Json::Object(map) => Document::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), document(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// The expected endpoint as an [`Endpoint`].
fn expected_endpoint(expected: &Json) -> Endpoint {
    let mut endpoint = Endpoint::new(expected["url"].as_str().unwrap_or_default());
    if let Some(headers) = expected["headers"].as_object() {
        endpoint.headers = headers
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                (name.clone(), values)
            })
            .collect();
    }
    if let Some(properties) = expected["properties"].as_object() {
        endpoint.properties = properties
            .iter()
            .map(|(k, v)| (k.clone(), document(v)))
            .collect();
    }
    endpoint
}

/// The configuration for a case: dummy credentials, one attempt, the transport, then the
/// built-ins and client parameters. `Err` names a built-in this runner does not know.
fn configure(
    transport: &CapturingTransport,
    built_ins: &Json,
    client_params: &Json,
) -> Result<ConfigBuilder, String> {
    let mut b = Config::builder()
        .retry_config(skiff_runtime::config::RetryConfig::disabled())
        // No timer: the capturing transport answers at once, outside any async runtime.
        .timeout_config(skiff_runtime::config::TimeoutConfig::disabled())
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
        .transport(transport.clone());
    for (name, value) in built_ins.as_object().into_iter().flatten() {
        let on = value.as_bool();
        let text = value.as_str();
        b = match (name.as_str(), on, text) {
            ("AWS::Region", _, Some(r)) => b.region(r),
            ("SDK::Endpoint", _, Some(u)) => b.endpoint_url(u),
            ("AWS::UseFIPS", Some(on), _) => b.use_fips(on),
            ("AWS::UseDualStack", Some(on), _) => b.use_dual_stack(on),
            ("AWS::Auth::AccountId", _, Some(id)) => b.account_id(id),
            ("AWS::Auth::AccountIdEndpointMode", _, Some(m)) => b.account_id_endpoint_mode(m),
            ("AWS::S3::ForcePathStyle", Some(on), _) => b.force_path_style(on),
            ("AWS::S3::Accelerate", Some(on), _) => b.accelerate(on),
            ("AWS::S3::UseArnRegion" | "AWS::S3Control::UseArnRegion", Some(on), _) => {
                b.use_arn_region(on)
            }
            ("AWS::S3::DisableMultiRegionAccessPoints", Some(on), _) => {
                b.disable_multi_region_access_points(on)
            }
            ("AWS::S3::UseGlobalEndpoint", Some(on), _) => b.s3_use_global_endpoint(on),
            ("AWS::STS::UseGlobalEndpoint", Some(on), _) => b.sts_use_global_endpoint(on),
            _ => {
                return Err(format!(
                    "built-in `{name}` = {value} is not mapped to a setting"
                ))
            }
        };
    }
    for (name, value) in client_params.as_object().into_iter().flatten() {
        b = match value {
            Json::Bool(on) => b.endpoint_param(name.clone(), *on),
            Json::String(s) => b.endpoint_param(name.clone(), s.clone()),
            other => {
                return Err(format!(
                    "client parameter `{name}` = {other} is not supported"
                ))
            }
        };
    }
    Ok(b)
}

/// `(scheme, host, path)` of a URL.
fn split_url(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    match rest.find('/') {
        Some(i) => (scheme, &rest[..i], &rest[i..]),
        None => (scheme, rest, ""),
    }
}

/// The credential scope's region and service of a SigV4 `Authorization` header.
fn credential_scope(authorization: &str) -> Option<(&str, &str)> {
    let credential = authorization.split("Credential=").nth(1)?;
    let scope = credential.split([',', ' ']).next()?;
    let mut parts = scope.split('/').skip(2);
    Some((parts.next()?, parts.next()?))
}

enum Verdict {
    Pass,
    Skip(String),
    Fail(String),
}

fn check_input(stem: &str, case: &Json, input: &Json) -> Verdict {
    let op = input["operationName"].as_str().unwrap_or_default();
    let params = input
        .get("operationParams")
        .cloned()
        .unwrap_or(Json::Object(Default::default()));
    let transport = CapturingTransport::new();
    let builder = match configure(&transport, &input["builtInParams"], &input["clientParams"]) {
        Ok(b) => b,
        Err(e) => return Verdict::Fail(e),
    };
    let call = |config: Config| match dispatch::call(stem, op, config, params.clone()) {
        Some(future) => block_on(future),
        None => Err(format!("operation `{op}` is not in the dispatch table")),
    };
    let outcome = match call(builder.clone().build()) {
        Ok(o) => o,
        Err(e) => return Verdict::Fail(e),
    };
    let expect = &case["expect"];
    if let Some(message) = expect["error"].as_str() {
        return match outcome {
            Outcome::Endpoint(e) if e.message() == message => Verdict::Pass,
            Outcome::Endpoint(e) => Verdict::Fail(format!(
                "expected the error {message:?}, got {:?}",
                e.message()
            )),
            Outcome::Sent => Verdict::Fail(format!(
                "expected the error {message:?}, but a request was sent to {}",
                transport.last_request().map(|r| r.url).unwrap_or_default()
            )),
            Outcome::Other(e) => Verdict::Fail(format!("expected the error {message:?}, got {e}")),
        };
    }
    let expected = &expect["endpoint"];
    let schemes: Vec<&str> = expected["properties"]["authSchemes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let sigv4 = expected["properties"]["authSchemes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == "sigv4");
    if !schemes.is_empty() && sigv4.is_none() {
        return Verdict::Skip(format!("signs with {} only", schemes.join(", ")));
    }
    let request = match outcome {
        Outcome::Sent => transport.last_request(),
        Outcome::Endpoint(e) => return Verdict::Fail(format!("endpoint error {:?}", e.message())),
        Outcome::Other(e) => return Verdict::Fail(format!("no request sent: {e}")),
    };
    let Some(request) = request else {
        return Verdict::Fail("the transport saw no request".to_owned());
    };
    // The same call with the expected endpoint given by a resolver.
    let reference = CapturingTransport::new();
    let fixed = builder
        .transport(reference.clone())
        .endpoint_resolver(Fixed(expected_endpoint(expected)))
        .build();
    if let Err(e) = call(fixed) {
        return Verdict::Fail(e);
    }
    let Some(reference) = reference.last_request() else {
        return Verdict::Fail("the call with the expected endpoint sent no request".to_owned());
    };
    let mut problems = Vec::new();
    if request.url != reference.url {
        problems.push(format!(
            "URL {} differs from {} (the request to the expected endpoint)",
            request.url, reference.url
        ));
    }
    let url = expected["url"].as_str().unwrap_or_default();
    let (scheme, host, path) = split_url(url);
    let (a_scheme, a_host, a_path) = split_url(&request.url);
    if a_scheme != scheme
        || !(a_host == host || a_host.ends_with(&format!(".{host}")))
        || !a_path.starts_with(path.trim_end_matches('/'))
    {
        problems.push(format!("URL {} is not under {url}", request.url));
    }
    for (name, values) in expected["headers"].as_object().into_iter().flatten() {
        let want: Vec<&str> = values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .collect();
        let got: Vec<&str> = request.headers.get_all(name).collect();
        if got != want {
            problems.push(format!("header {name}: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(sigv4) = sigv4 {
        let scope = request
            .headers
            .get("authorization")
            .and_then(credential_scope);
        let want_region = sigv4["signingRegion"].as_str();
        let want_name = sigv4["signingName"].as_str();
        match scope {
            None => problems.push("the request is not signed with SigV4".to_owned()),
            Some((region, name)) => {
                if want_region.is_some_and(|w| w != region) {
                    problems.push(format!(
                        "signing region {region}, expected {}",
                        want_region.unwrap_or_default()
                    ));
                }
                if want_name.is_some_and(|w| w != name) {
                    problems.push(format!(
                        "signing name {name}, expected {}",
                        want_name.unwrap_or_default()
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems.join("; "))
    }
}

fn main() -> ExitCode {
    let Some(models) = std::env::args().nth(1) else {
        eprintln!("usage: endpoint-inputs <aws-models directory>");
        return ExitCode::FAILURE;
    };
    println!(
        "{:<28} {:>6} {:>6} {:>7} {:>6}",
        "model (operationInputs)", "cases", "passed", "skipped", "failed"
    );
    let (mut total, mut passed_all, mut skipped_all, mut failed_all) = (0, 0, 0, 0);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for stem in dispatch::MODELS {
        let path = Path::new(&models).join(format!("{stem}.json"));
        let model: Json = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let Some(service) = model["shapes"]
            .as_object()
            .and_then(|s| s.values().find(|s| s["type"] == "service"))
        else {
            eprintln!("error: {}: no service shape", path.display());
            return ExitCode::FAILURE;
        };
        let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (mut n, mut passed, mut skipped, mut failed) = (0, 0, 0, 0);
        for (i, case) in cases.iter().enumerate() {
            let Some(inputs) = case["operationInputs"].as_array() else {
                continue;
            };
            n += 1;
            // A case passes when each of its inputs does.
            let mut verdict = Verdict::Pass;
            for input in inputs {
                match check_input(stem, case, input) {
                    Verdict::Pass => {}
                    other => {
                        verdict = other;
                        break;
                    }
                }
            }
            match verdict {
                Verdict::Pass => passed += 1,
                Verdict::Skip(reason) => {
                    skipped += 1;
                    *reasons.entry(reason).or_default() += 1;
                }
                Verdict::Fail(problem) => {
                    failed += 1;
                    let doc = case["documentation"].as_str().unwrap_or_default();
                    println!("FAIL {stem} case {i} ({doc}): {problem}");
                }
            }
        }
        println!("{stem:<28} {n:>6} {passed:>6} {skipped:>7} {failed:>6}");
        total += n;
        passed_all += passed;
        skipped_all += skipped;
        failed_all += failed;
    }
    for (reason, count) in &reasons {
        println!("skipped: {count} case(s): {reason}");
    }
    println!(
        "endpoint-tests (operationInputs): {passed_all}/{total} pass through the generated \
         clients; {skipped_all} skipped; {failed_all} failed"
    );
    if failed_all == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
