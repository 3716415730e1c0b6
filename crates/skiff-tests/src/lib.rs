//! End-to-end tests of the generated clients; the tests live in `tests/it/`. This crate has no
//! library code.
