//! The crate's integration tests, one binary: the upstream AWS SDK test data (profile files,
//! file locations, assume-role chains, container and IMDS endpoints, the default credentials
//! chain) and property tests.

mod common;
mod replay;
mod scripted;

mod assume_role;
mod default_chain;
mod ecs;
mod file_location;
mod imds;
mod loader;
mod no_panic;
mod profile_parser;
mod providers;
mod secrets;
mod sts_model;
