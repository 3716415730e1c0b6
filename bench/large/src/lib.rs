//! Nothing: the package only names the two crates `cargo xtask bench --large` builds.
