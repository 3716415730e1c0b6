//! The README's example, compiled with the workspace so it cannot rot:
//! `cargo run -p skiff-tests --example get_job_details` (needs AWS credentials in the
//! environment; it calls the real service).

use skiff_aws_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsError;
use skiff_aws_codepipeline::{Client, Config, Credentials, ProvideErrorMeta};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // From AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION...
    let client = match Client::from_env() {
        Ok(client) => client,
        // ...or explicitly.
        Err(_) => Client::new(
            Config::builder()
                .region("eu-west-1")
                .credentials(Credentials::new("AKID", "SECRET", None))
                .build(),
        ),
    };
    let result = client
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("token")
        .send()
        .await;
    match result {
        Ok(output) => {
            // Getters borrow: `Option<&T>` for structures, `Option<&str>` for strings, `&[T]`
            // for lists.
            let data = output.job_details().and_then(|d| d.data());
            for artifact in data.map(|d| d.input_artifacts()).unwrap_or_default() {
                println!("input artifact {:?}", artifact.name());
            }
        }
        // One match covers every outcome: modeled errors, unknown ones, and failures before
        // any answer (`Unhandled`, which keeps the cause).
        Err(err) => match err.into_service_error() {
            GetThirdPartyJobDetailsError::JobNotFoundException(e) => {
                eprintln!(
                    "no such job: {:?} (request {:?})",
                    e.message(),
                    e.request_id()
                )
            }
            other => eprintln!("{other} (code {:?})", other.code()),
        },
    }
    Ok(())
}
