//! Fails when the checked-in `crates/` is not what `cargo xtask codegen` would write (the
//! same check as `cargo xtask codegen --check`, which writes nothing).

#[test]
fn checked_in_crates_are_up_to_date() {
    let root = crate::workspace();
    let files = codegen::generate_workspace(&root)
        .expect("models generate")
        .files;
    let report =
        codegen::output::sync(&root, "crates", &files, codegen::output::Mode::Check).unwrap();
    assert!(
        report.is_clean(),
        "generated code is stale; run `cargo xtask codegen` and commit the result: {report:?}"
    );
}
