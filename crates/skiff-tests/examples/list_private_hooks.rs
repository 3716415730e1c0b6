//! Huawei Cloud RFS `ListPrivateHooks` (REST + JSON, SDK-HMAC-SHA256): every private hook of the
//! project, newest first, through the paginator's item stream.
//! `cargo run -p skiff-tests --example list_private_hooks` (reads `HUAWEICLOUD_SDK_AK`,
//! `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_REGION`).

use skiff_huaweicloud_rfs::types::{SortDir, SortKey};
use skiff_huaweicloud_rfs::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut hooks = client
        .list_private_hooks()
        .sort_key(SortKey::CreateTime)
        .sort_dir(SortDir::Desc)
        .limit(50)
        .into_paginator()
        .items();
    while let Some(hook) = hooks.next().await {
        let hook = hook?;
        println!(
            "{:<32} {:<36} default version {:?}",
            hook.hook_name().unwrap_or("?"),
            hook.hook_id().unwrap_or("?"),
            hook.default_version()
        );
    }
    Ok(())
}
