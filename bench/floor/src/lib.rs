//! The floor: the least a Rust client of `GetThirdPartyJobDetails` must do. A request body
//! serialized by serde, a minimal AWS SigV4 signature (hmac + sha2; POST `/`, no query, four
//! signed headers), reqwest for HTTP, and `serde_json::from_slice` into serde-derived output
//! types. No retries, no endpoint rules, no error modelling beyond the status code.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const TARGET: &str = "CodePipeline_20150709.GetThirdPartyJobDetails";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
const REGION: &str = "us-east-1";
const SERVICE: &str = "codepipeline";

/// The operation's output (only the members this benchmark's response carries are typed
/// precisely; every member is optional, as the model says).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FloorOutput {
    pub job_details: Option<JobDetails>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobDetails {
    pub id: Option<String>,
    pub data: Option<JobData>,
    pub nonce: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobData {
    pub action_type_id: Option<ActionTypeId>,
    pub action_configuration: Option<ActionConfiguration>,
    pub pipeline_context: Option<PipelineContext>,
    pub input_artifacts: Option<Vec<Artifact>>,
    pub output_artifacts: Option<Vec<Artifact>>,
    pub artifact_credentials: Option<SessionCredentials>,
    pub continuation_token: Option<String>,
    pub encryption_key: Option<EncryptionKey>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionTypeId {
    pub category: Option<String>,
    pub owner: Option<String>,
    pub provider: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ActionConfiguration {
    pub configuration: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineContext {
    pub pipeline_name: Option<String>,
    pub stage: Option<Named>,
    pub action: Option<ActionContext>,
    pub pipeline_arn: Option<String>,
    pub pipeline_execution_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionContext {
    pub name: Option<String>,
    pub action_execution_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Artifact {
    pub name: Option<String>,
    pub revision: Option<String>,
    pub location: Option<ArtifactLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub s3_location: Option<S3Location>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3Location {
    pub bucket_name: Option<String>,
    pub object_key: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionCredentials {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EncryptionKey {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Input<'a> {
    job_id: &'a str,
    client_token: &'a str,
}

/// Static credentials.
#[derive(Clone)]
pub struct Creds {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// A signed request: its headers (besides `Content-Length`) and body.
pub struct SignedRequest {
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Serializes the input and signs the request for `host` at `now`.
pub fn build_request(
    host: &str,
    creds: &Creds,
    now: SystemTime,
    job_id: &str,
    client_token: &str,
) -> SignedRequest {
    let body = serde_json::to_vec(&Input {
        job_id,
        client_token,
    })
    .unwrap_or_default();
    let (amz_date, date) = timestamp(now);
    let signed_headers = "content-type;host;x-amz-date;x-amz-target";
    let canonical = format!(
        "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\nx-amz-date:{amz_date}\nx-amz-target:{TARGET}\n\n{signed_headers}\n{}",
        hex(&Sha256::digest(&body))
    );
    let scope = format!("{date}/{REGION}/{SERVICE}/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", creds.secret_access_key).as_bytes(),
        date.as_bytes(),
    );
    for part in [REGION, SERVICE, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        creds.access_key_id
    );
    SignedRequest {
        headers: vec![
            ("content-type", CONTENT_TYPE.to_owned()),
            ("x-amz-date", amz_date),
            ("x-amz-target", TARGET.to_owned()),
            ("authorization", authorization),
        ],
        body,
    }
}

/// Parses a response body.
pub fn parse(body: &[u8]) -> Result<FloorOutput, serde_json::Error> {
    serde_json::from_slice(body)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return Vec::new(),
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// `(YYYYMMDD'T'HHMMSS'Z', YYYYMMDD)` of `now` in UTC.
fn timestamp(now: SystemTime) -> (String, String) {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    let date = format!("{y:04}{m:02}{d:02}");
    let time = format!(
        "{date}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
    (time, date)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The floor client: one reqwest client, static credentials, one endpoint.
pub struct FloorClient {
    http: reqwest::Client,
    endpoint: String,
    host: String,
    creds: Creds,
}

impl FloorClient {
    pub fn new(endpoint: &str, creds: Creds) -> Result<FloorClient, String> {
        let host = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(FloorClient {
            http,
            endpoint: endpoint.to_owned(),
            host,
            creds,
        })
    }

    pub async fn get_third_party_job_details(
        &self,
        job_id: &str,
        client_token: &str,
    ) -> Result<FloorOutput, String> {
        let signed = build_request(
            &self.host,
            &self.creds,
            SystemTime::now(),
            job_id,
            client_token,
        );
        let mut request = self.http.post(&self.endpoint);
        for (name, value) in signed.headers {
            request = request.header(name, value);
        }
        let response = request
            .body(signed.body)
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("reading the response failed: {e}"))?;
        if !status.is_success() {
            return Err(format!("HTTP status {status}"));
        }
        parse(&body).map_err(|e| format!("bad response body: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn parses_the_stub_body() {
        let out = parse(bench_common::RESPONSE_BODY).expect("valid body");
        let job = out.job_details.expect("jobDetails");
        assert_eq!(job.id.as_deref(), Some(bench_common::expected::JOB_ID));
    }
}
