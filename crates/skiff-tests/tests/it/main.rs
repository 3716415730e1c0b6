//! End-to-end tests: each generated client sends real HTTP requests to a server bound to
//! 127.0.0.1, which records them and answers with canned responses.

mod cloudformation;
mod codedeploy;
mod codepipeline;
mod credentials;
mod fault_server;
mod faults;
mod huawei_check;
mod mocks;
mod rfs;
mod server;
mod settings;
mod sigv4_check;
mod tls;
mod waiters;

use skiff_runtime::{Config, Credentials, DateTime, FixedClock};

/// 2015-08-30T12:36:00Z, the time of the AWS SigV4 test suite.
pub const TIME: DateTime = DateTime::from_secs(1_440_938_160);

/// The exact `User-Agent` the runtime sends for a crate (its version is the workspace's 0.1.0).
pub fn user_agent(krate: &str) -> String {
    format!("skiff/0.1.0 ua/2.1 api/{krate}#0.1.0 os/{} lang/rust", os())
}

/// The exact `x-amz-user-agent` of SigV4 requests.
pub fn amz_user_agent(krate: &str) -> String {
    format!("skiff/0.1.0 api/{krate}/0.1.0 os/{} lang/rust", os())
}

fn os() -> &'static str {
    match std::env::consts::OS {
        os @ ("linux" | "macos" | "windows") => os,
        _ => "other",
    }
}

/// A config pointing at a local server, with fixed credentials and clock.
pub fn config(endpoint: &str) -> Config {
    // One attempt: these tests check exact exchanges; `faults` tests retries.
    Config::builder()
        .retry_config(skiff_runtime::config::RetryConfig::disabled())
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        ))
        .time_source(FixedClock(TIME))
        .build()
}
