//! CodeDeploy `PutLifecycleEventHookExecutionStatus` (awsJson1_1): what a lifecycle hook (a
//! Lambda function, say) calls to tell CodeDeploy how its validation went.
//! `cargo run -p skiff-tests --example put_lifecycle_event_hook_execution_status -- <deployment id> <hook execution id>`

use skiff_aws_codedeploy::operation::put_lifecycle_event_hook_execution_status::PutLifecycleEventHookExecutionStatusError as E;
use skiff_aws_codedeploy::types::LifecycleEventStatus;
use skiff_aws_codedeploy::{Client, ProvideErrorMeta};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (deployment, hook) = (
        args.next().unwrap_or_default(),
        args.next().unwrap_or_default(),
    );
    let client = Client::from_env()?;
    match client
        .put_lifecycle_event_hook_execution_status()
        .deployment_id(deployment)
        .lifecycle_event_hook_execution_id(hook)
        .status(LifecycleEventStatus::Succeeded)
        .send()
        .await
    {
        Ok(output) => println!(
            "reported for {:?}",
            output.lifecycle_event_hook_execution_id()
        ),
        Err(err) => match err.into_service_error() {
            e if e.is_lifecycle_event_already_completed_exception() => {
                println!("already completed")
            }
            E::DeploymentDoesNotExistException(e) => eprintln!("no deployment: {:?}", e.message()),
            other => eprintln!("failed: {other} (request id {:?})", other.request_id()),
        },
    }
    Ok(())
}
