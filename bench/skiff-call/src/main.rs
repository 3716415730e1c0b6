//! `skiff-call <endpoint-url> <calls>`: GetThirdPartyJobDetails through skiff's generated
//! client (default configuration: retries, timeouts and transport are the client's defaults).

use bench_common::Observed;
use skiff_aws_codepipeline::{Client, Config, Credentials};

fn main() {
    let args = bench_common::args("skiff-call");
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("skiff-call: cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(args.endpoint.clone())
            .credentials(Credentials::new(
                "AKIDEXAMPLEBENCH",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .build(),
    );
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
        "skiff",
        &args,
        || {
            let out = send()?;
            let job = out.job_details.as_ref();
            let data = job.and_then(|j| j.data.as_ref());
            Ok(Observed {
                job_id: job.and_then(|j| j.id.clone()),
                nonce: job.and_then(|j| j.nonce.clone()),
                provider: data
                    .and_then(|d| d.action_type_id.as_ref())
                    .and_then(|a| a.provider.clone()),
                pipeline_name: data
                    .and_then(|d| d.pipeline_context.as_ref())
                    .and_then(|p| p.pipeline_name.clone()),
                config_entries: data
                    .and_then(|d| d.action_configuration.as_ref())
                    .and_then(|c| c.configuration.as_ref())
                    .map_or(0, |m| m.len()),
                input_bucket: data
                    .and_then(|d| d.input_artifacts.as_ref())
                    .and_then(|a| a.first())
                    .and_then(|a| a.location.as_ref())
                    .and_then(|l| l.s3_location.as_ref())
                    .and_then(|s| s.bucket_name.clone()),
                access_key_id: data
                    .and_then(|d| d.artifact_credentials.as_ref())
                    .and_then(|c| c.access_key_id.clone()),
                continuation_token: data.and_then(|d| d.continuation_token.clone()),
                kms_key: data
                    .and_then(|d| d.encryption_key.as_ref())
                    .and_then(|k| k.id.clone()),
            })
        },
        || send().map(drop),
    );
}
