//! CloudFormation `ListHookResults` (awsQuery): every Hook invocation on a change set, page by
//! page. `cargo run -p skiff-tests --example list_hook_results -- <change set ARN>` (calls the
//! real service with the credentials of the environment).

use skiff_aws_cloudformation::operation::list_hook_results::ListHookResultsError;
use skiff_aws_cloudformation::types::{HookStatus, ListHookResultsTargetType};
use skiff_aws_cloudformation::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let change_set = std::env::args().nth(1).unwrap_or_default();
    let client = Client::from_env()?;
    let mut pages = client
        .list_hook_results()
        .target_type(ListHookResultsTargetType::ChangeSet)
        .target_id(change_set)
        .into_paginator();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(err) => {
                if let ListHookResultsError::HookResultNotFoundException(e) =
                    err.into_service_error()
                {
                    eprintln!("no results: {:?}", e.message());
                    return Ok(());
                }
                return Err("listing failed".into());
            }
        };
        for result in page.hook_results() {
            let failed = result.status() == Some(&HookStatus::HookCompleteFailed);
            println!(
                "{:<40} {:?}{}",
                result.type_name().unwrap_or("?"),
                result.status(),
                if failed { " (failed)" } else { "" }
            );
        }
    }
    Ok(())
}
