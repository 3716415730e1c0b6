//! The README's example, compiled with the workspace so it cannot rot:
//! `cargo run -p skiff-tests --example get_job_details` (needs AWS credentials in the
//! environment; it calls the real service).

use skiff_aws_codepipeline::operation::get_third_party_job_details::GetThirdPartyJobDetailsError;
use skiff_aws_codepipeline::{Client, Config, Credentials};

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
        Ok(output) => println!("{:?}", output.job_details),
        Err(err) => {
            // Every error exposes status, code, message and request id.
            eprintln!(
                "{err} (status {:?}, request id {:?})",
                err.status(),
                err.request_id()
            );
            if let Some(GetThirdPartyJobDetailsError::JobNotFoundException(e)) =
                err.as_service_error()
            {
                eprintln!("no such job: {:?}", e.message);
            }
        }
    }
    Ok(())
}
