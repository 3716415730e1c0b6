//! No library code: `benches/calls.rs` is the criterion bench of `cargo xtask bench`.
//!
//! For each client (skiff, aws-sdk-codepipeline, the floor), one full call in memory (no
//! network: a transport answering with the canned response), once with the stub's full
//! 1.4 kB body and once with `{}`; the difference is the cost of parsing the body into the
//! output type. The floor has no transport to replace: its "call" is build + sign + parse.
//! Plus `serde_json::from_slice` of the body into the floor's serde-derived output alone.
