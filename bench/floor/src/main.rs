//! `floor-call <endpoint-url> <calls>`: GetThirdPartyJobDetails through the hand-written
//! floor client (see the library's docs).

use bench_common::Observed;
use floor::{Creds, FloorClient};

fn main() {
    let args = bench_common::args("floor-call");
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("floor-call: cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    let client = match FloorClient::new(
        &args.endpoint,
        Creds {
            access_key_id: "AKIDEXAMPLEBENCH".to_owned(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
        },
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("floor-call: {e}");
            std::process::exit(1);
        }
    };
    let send = || {
        rt.block_on(client.get_third_party_job_details(
            "11111111-2222-4333-8444-555555555555",
            "bench-client-token",
        ))
    };
    bench_common::run(
        "floor",
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
