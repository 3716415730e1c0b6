//! The runtime's integration tests, one binary. The Smithy protocol compliance cases run
//! against generated clients (`cargo xtask protocol-tests`); the protocol modules here go
//! through the public request pipeline (`Handle::invoke`) with hand-written schemas and a
//! recording transport, and cover only what those cases do not (each module's doc says what).
//! The signing modules check published and recorded vectors. Each module is compiled when the
//! features it needs are on (`cargo test -p skiff-runtime --all-features` runs them all).

mod harness;

mod aws_query;
mod ec2_query;
mod endpoint_robustness;
mod endpoint_rules;
mod endpoint_tests;
mod huawei_sign;
mod jmespath_api;
mod jmespath_compliance;
mod layout;
mod properties;
mod rest_bindings;
mod rest_json;
mod rest_xml;
mod signing_override;
mod sigv4_suite;
