//! `sdk-call <endpoint-url> <calls>`: GetThirdPartyJobDetails through `aws-sdk-codepipeline`
//! (default features; no `aws-config`: the configuration is built by hand, retries, timeouts
//! and HTTP client are the SDK's defaults).

use aws_sdk_codepipeline::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_codepipeline::Client;
use bench_common::Observed;

fn main() {
    let args = bench_common::args("sdk-call");
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sdk-call: cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    let config = aws_sdk_codepipeline::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(args.endpoint.clone())
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLEBENCH",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .build();
    // The SDK's default HTTP client needs a tokio runtime to be entered when it is built.
    let client = {
        let _guard = rt.enter();
        Client::from_conf(config)
    };
    let send = || {
        rt.block_on(
            client
                .get_third_party_job_details()
                .job_id("11111111-2222-4333-8444-555555555555")
                .client_token("bench-client-token")
                .send(),
        )
        .map_err(|e| format!("{e:?}"))
    };
    bench_common::run(
        "sdk",
        &args,
        || {
            let out = send()?;
            let job = out.job_details();
            let data = job.and_then(|j| j.data());
            Ok(Observed {
                job_id: job.and_then(|j| j.id()).map(str::to_owned),
                nonce: job.and_then(|j| j.nonce()).map(str::to_owned),
                provider: data
                    .and_then(|d| d.action_type_id())
                    .map(|a| a.provider().to_owned()),
                pipeline_name: data
                    .and_then(|d| d.pipeline_context())
                    .and_then(|p| p.pipeline_name())
                    .map(str::to_owned),
                config_entries: data
                    .and_then(|d| d.action_configuration())
                    .and_then(|c| c.configuration())
                    .map_or(0, |m| m.len()),
                input_bucket: data
                    .and_then(|d| d.input_artifacts().first())
                    .and_then(|a| a.location())
                    .and_then(|l| l.s3_location())
                    .map(|s| s.bucket_name().to_owned()),
                access_key_id: data
                    .and_then(|d| d.artifact_credentials())
                    .map(|c| c.access_key_id().to_owned()),
                continuation_token: data.and_then(|d| d.continuation_token()).map(str::to_owned),
                kms_key: data
                    .and_then(|d| d.encryption_key())
                    .map(|k| k.id().to_owned()),
            })
        },
        || send().map(drop),
    );
}
