//! Tracing output, in a test binary of its own: `tracing` caches per call site whether anyone
//! listens, and in a binary shared with other tests running in parallel, a call site first hit
//! on another test's thread (with no subscriber) could be cached as unheard while this test's
//! subscriber is being installed, losing events at random.

// The canned-response server of the main suite; this binary uses part of it.
#[allow(dead_code)]
#[path = "../it/server.rs"]
mod server;

mod capture;
