//! The one place Rust identifiers are made from model names: casing (heck), keyword escaping,
//! and the names of generated items derived from shape names. Emitters never call heck.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that can be written as raw identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names from Rust's prelude that generated code uses unqualified (`Option<String>`,
/// `Some(value.into())`...). A model type with one of these names gets a `Value` suffix, so
/// generated code stays short and can never be shadowed.
const PRELUDE_TYPES: &[&str] = &[
    "Option", "Some", "None", "String", "Vec", "Box", "Into", "Result", "Ok", "Err", "Default",
];

/// Method names that generated setters must not take, because they would shadow a method of
/// a trait every generated type implements (`clone`, `eq`, `fmt`...) or one we generate.
const RESERVED_METHODS: &[&str] = &[
    // Methods of traits generated types implement, and of std operator/conversion traits
    // (clippy's `should_implement_trait` flags a setter with such a name and shape).
    "add",
    "as_mut",
    "as_ref",
    "as_str",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "build",
    "builder",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "into_paginator",
    "mul",
    "ne",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "send",
    "set_input",
    "as_input",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
    "try_into",
    "values",
];

/// A `snake_case` value identifier (field, method, module), escaped when it is a keyword.
/// Returns the text to feed to `format_ident!`/`Ident::new_raw`; raw identifiers start `r#`.
pub fn snake(name: &str) -> String {
    escape(&name.to_snake_case())
}

/// A setter method name for a member: the field name, unless that would shadow a trait
/// method, in which case `set_` is prefixed.
pub fn setter(field: &str) -> String {
    let bare = field.trim_start_matches("r#");
    if RESERVED_METHODS.contains(&bare) {
        format!("set_{bare}")
    } else {
        field.to_owned()
    }
}

/// An `UpperCamelCase` type name: [`camel`], plus a `Value` suffix for names of Rust's prelude.
pub fn type_name(name: &str) -> String {
    let camel = camel(name);
    if PRELUDE_TYPES.contains(&camel.as_str()) {
        format!("{camel}Value")
    } else {
        camel
    }
}

/// The `UpperCamelCase` stem of names made by adding a suffix (`GetFoo` in `GetFooError`):
/// no escaping is needed, since the suffix keeps the result from being a keyword or a prelude
/// name.
pub fn stem(name: &str) -> String {
    camel(name)
        .trim_start_matches("r#")
        .trim_end_matches('_')
        .to_owned()
}

/// An `UpperCamelCase` type or variant identifier, escaped when it is a keyword.
pub fn camel(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Value".to_owned()
    } else {
        camel
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    escape(&camel)
}

/// An enum variant name for an enum value (`in-progress` → `InProgress`, `2x` → `V2x`).
pub fn variant(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let v = camel(&cleaned);
    // `Unknown` is the variant that keeps values this client does not know.
    if v == "Unknown" {
        "UnknownValue".to_owned()
    } else {
        v
    }
}

/// The `SCREAMING_SNAKE` name of the static schema of a shape.
pub fn schema_static(shape_name: &str) -> String {
    format!("{}_SCHEMA", shape_name.to_shouty_snake_case())
}

fn escape(ident: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&ident) {
        format!("{ident}_")
    } else if RAW_KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_owned()
    }
}

/// Makes an identifier token from a name produced above (handles `r#`).
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keywords() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("jobId"), "job_id");
        assert_eq!(snake("Match"), "r#match");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(camel("AWSSessionCredentials"), "AwsSessionCredentials");
        assert_eq!(camel("Result"), "Result");
        assert_eq!(type_name("Result"), "ResultValue");
        assert_eq!(type_name("String"), "StringValue");
        assert_eq!(stem("Self"), "Self");
        assert_eq!(stem("match"), "Match");
        assert_eq!(variant("in-progress"), "InProgress");
        assert_eq!(variant("2x"), "V2x");
        assert_eq!(variant("UNKNOWN"), "UnknownValue");
        assert_eq!(setter("clone"), "set_clone");
        assert_eq!(setter("r#type"), "r#type");
    }
}
