//! The shared loader (README, "Configuration and credentials"):
//! `cargo run -p skiff-tests --example load_defaults`. It reads the region and credentials the
//! way the AWS SDKs do (environment, `~/.aws/config` and `~/.aws/credentials` with `AWS_PROFILE`,
//! web identity, the container endpoint, EC2 instance metadata) and calls the real service.

use skiff_aws_codepipeline::Client as CodePipeline;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One config for every AWS client: region chain, the default credentials chain behind one
    // cache (refreshed ahead of expiry, shared by the clients), retries from AWS_MAX_ATTEMPTS /
    // AWS_RETRY_MODE or the profile.
    let config = skiff_aws_config::load_defaults().await?;
    let pipeline = CodePipeline::new(config.clone());
    // Per-service changes: a builder holding the shared settings.
    let _in_ireland = CodePipeline::new(config.to_builder().region("eu-west-1").build());

    match pipeline
        .get_third_party_job_details()
        .job_id("job-1")
        .client_token("token")
        .send()
        .await
    {
        Ok(output) => println!("job: {:?}", output.job_details().map(|d| d.id())),
        // A missing or failing credentials source is `SdkError::Credentials`, with a message
        // naming the providers tried and why each was not configured (never a secret).
        Err(err) => eprintln!("CodePipeline: {err}"),
    }
    Ok(())
}
