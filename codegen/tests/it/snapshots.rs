//! Snapshots of the generated crate for small fixture models, one feature each. Review
//! snapshot diffs like code; CI never writes snapshots (`INSTA_UPDATE=no`).

use crate::render_fixture;

fn snapshot(name: &str) -> String {
    let files = render_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out = String::new();
    for (path, bytes) in files {
        out.push_str(&format!("===== {path} =====\n"));
        out.push_str(&String::from_utf8(bytes).expect("generated files are UTF-8"));
    }
    out
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), snapshot(stringify!($name)));
        }
    )*};
}

fixtures!(
    structure,
    union,
    recursive,
    enums,
    errors,
    naming,
    http_bindings,
    paginated,
    aws_query,
    defaults,
    waiters,
);
