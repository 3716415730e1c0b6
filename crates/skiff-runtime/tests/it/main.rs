//! The runtime's integration tests, one binary. Protocol modules go through the public request
//! pipeline (`Handle::invoke`) with hand-written schemas mirroring the Smithy protocol tests and
//! a recording transport; the signing modules check published and recorded vectors. Each module
//! is compiled when the features it needs are on (`cargo test -p skiff-runtime --all-features`
//! runs them all).

mod harness;

mod aws_query;
mod ec2_query;
mod huawei_sign;
mod layout;
mod rest_bindings;
mod rest_json;
mod rest_xml;
mod sigv4_suite;
