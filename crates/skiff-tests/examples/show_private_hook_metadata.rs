//! Huawei Cloud RFS `ShowPrivateHookMetadata`: one private hook's description, default version
//! and configuration. `cargo run -p skiff-tests --example show_private_hook_metadata -- <hook name>`

use skiff_huaweicloud_rfs::{Client, ProvideResponseMeta};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args().nth(1).unwrap_or_default();
    let client = Client::from_env()?;
    let hook = client
        .show_private_hook_metadata()
        .hook_name(name)
        .send()
        .await?;
    println!("{:?}: {:?}", hook.hook_name(), hook.hook_description());
    println!("default version: {:?}", hook.default_version());
    if let Some(config) = hook.configuration() {
        println!(
            "applies to {:?}, failure mode {:?}",
            config.target_stacks(),
            config.failure_mode()
        );
    }
    println!("request id {:?}", hook.request_id());
    Ok(())
}
