//! The one place Rust identifiers are made from model names: casing, keyword escaping, and
//! the names of generated items derived from shape and member names. Emitters never case names
//! themselves.
//!
//! Casing follows what aws-sdk-rust (smithy-rs) publishes, so that its users find the names
//! they know: members, methods and modules with smithy-rs's word splitter
//! (`NotificationARNs` → `notification_arns`, `DBInstanceIdentifier` →
//! `db_instance_identifier`, `IPv6Address` → `ipv6_address`), types with its older splitter
//! followed by a Pascal join (`DBInstance` → `DbInstance`, `S3SSEAlgorithm` →
//! `S3SseAlgorithm`), operation error and builder types with the operation name as written
//! (`DescribeDBInstancesError`). `codegen/tests/data/aws-sdk-rust-names.tsv` holds the names
//! aws-sdk-rust publishes for the tricky names of the official models, and a test checks them.

use heck::ToShoutySnakeCase;

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

/// Field names a member must not take, because its getter (or a fluent builder method made
/// from it) would shadow a method of a trait every generated type implements (`clone`, `eq`,
/// `fmt`...) or one the generator makes (`send`, `set_input` from `input`...): such a member's
/// field gets a `_value` suffix, as aws-sdk-rust does for `build`, `send`, `meta`...
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
    "config_override",
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
    "input",
    "into",
    "into_iter",
    "into_paginator",
    "mul",
    "meta",
    "ne",
    "neg",
    "new",
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

/// A `snake_case` value identifier (module, method), escaped when it is a keyword. Returns the
/// text to feed to [`ident`]; raw identifiers start `r#`.
pub fn snake(name: &str) -> String {
    escape(&leading_digit(snake_case(name)))
}

/// `_1st` for `1st`: an identifier cannot start with a digit (`_1st` splits into `1st`).
fn leading_digit(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// The field (and getter) name of a member: [`snake`], with a `_value` suffix when it would
/// shadow a method (see `RESERVED_METHODS`).
pub fn field(member: &str) -> String {
    let snake = leading_digit(snake_case(member));
    if RESERVED_METHODS.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else {
        escape(&snake)
    }
}

/// A method named `<prefix>_<field>` (`with_job_id`, `set_type`...): prefixed names need no
/// escaping.
pub fn prefixed(prefix: &str, field: &str) -> String {
    // `_1_st` (a name starting with a digit, see `leading_digit`) gives `with_1_st`.
    let bare = field.trim_start_matches("r#").trim_start_matches('_');
    // `self_` (an escaped keyword) gives `with_self`.
    let bare = if NON_RAW_KEYWORDS.contains(&bare.trim_end_matches('_')) {
        bare.trim_end_matches('_')
    } else {
        bare
    };
    format!("{prefix}_{bare}")
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

/// The stem of the types made for an operation by adding a suffix (`DescribeDBInstances` in
/// `DescribeDBInstancesError`): the operation name with its first letter upper-cased, otherwise
/// as written (aws-sdk-rust does not re-case operation names); characters that cannot be in an
/// identifier are dropped.
pub fn stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut chars = cleaned.chars();
    let stem: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Operation".to_owned(),
    };
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{stem}")
    } else {
        stem
    }
}

/// An `UpperCamelCase` type or variant identifier, escaped when it is a keyword.
pub fn camel(name: &str) -> String {
    let camel: String = upper_camel_case(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
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

/// An enum variant name for an enum member (`IN_PROGRESS` → `InProgress`, `2x` → `V2x`).
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

/// The names made for a waiter (`StackCreateComplete`): its client method
/// (`wait_until_stack_create_complete`, as aws-sdk-rust names it), its builder type
/// (`StackCreateCompleteWaiter`) and the static of its table (`STACK_CREATE_COMPLETE_WAITER`).
pub fn waiter(name: &str) -> (String, String, String) {
    let snake = leading_digit(snake_case(name));
    (
        format!("wait_until_{}", snake.trim_start_matches('_')),
        format!("{}Waiter", stem(name)),
        format!("{}_WAITER", stem(name).to_shouty_snake_case()),
    )
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

/// Words that are kept whole even though their casing would normally split
/// them (`IPv4`, `IpV6`, `SigV4`, `MiB`, `GiB`, `KiB`, `TtL`).
///
/// Rationale: these are units/versions whose odd casing is not a word
/// boundary; smithy-rs special-cases exactly this list.
const WHOLE_WORDS: [&str; 7] = ["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

fn is_digit(c: char) -> bool {
    c.is_numeric()
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_digit(c)
}

fn eq_ignore_case(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase()) || a.to_uppercase().eq(b.to_uppercase())
}

/// True while the word that starts at `rest[0]` and currently has `len`
/// characters is a strict prefix of a [`WHOLE_WORDS`] entry that the input
/// spells out from the word start.
fn inside_whole_word(rest: &[char], len: usize) -> bool {
    WHOLE_WORDS.iter().any(|w| {
        w.len() > len
            && rest.len() >= w.len()
            && w.chars().zip(rest).all(|(wc, &c)| eq_ignore_case(wc, c))
    })
}

/// Does the upper-case `chars[i]` start a new word after an acronym?
fn acronym_ends_before(chars: &[char], i: usize) -> bool {
    let (prev, cur) = (chars[i - 1], chars[i]);
    let next = chars.get(i + 1).copied();
    let after = chars.get(i + 2).copied();
    let acronym_then_word =
        prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(char::is_lowercase);
    if !acronym_then_word {
        return false;
    }
    // `ARNs`, `ACLs`: a trailing lower-case `s` is a plural, not a new word.
    let plural = next == Some('s') && !after.is_some_and(char::is_lowercase);
    // `DynamoDBv2`: a `v` followed by a digit is a version suffix.
    let version = next == Some('v') && after.is_some_and(is_digit);
    !plural && !version
}

/// Split `name` into words the way smithy-rs does for snake_case.
///
/// Boundaries, checked for every letter/digit `c` that follows a non-empty
/// word (`prev` is the character before `c`):
///
/// 1. Any non-letter/digit character ends the word and is dropped.
///    *Rationale:* `_`, `-`, `/`, `.` are separators (`x-amz-json-1.1`).
/// 2. Lower-case or digit followed by upper-case (`fooBar`, `Ec2Instance`),
///    unless the word is still inside a [`WHOLE_WORDS`] entry.
///    *Rationale:* the ordinary camel-case hump.
/// 3. Only in all-lower-case input: digit followed by lower-case (`s3key`
///    → `s3_key`), unless inside a whole word.
///    *Rationale:* lower-case names have no humps, digits are the only hint.
/// 4. Upper-case followed by upper-case + lower-case (`DBProxy` → `DB|Proxy`),
///    except when that lower-case is a plural `s` not followed by another
///    lower-case letter (`ARNs`, `VPCs`) or a `v` followed by a digit
///    (`DynamoDBv2`).  *Rationale:* the last capital of an acronym starts
///    the next word, but plural and version suffixes belong to the acronym.
fn snake_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let all_lower = !chars.iter().any(|c| c.is_uppercase());
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if !is_word_char(c) {
            if let Some(s) = start.take() {
                words.push(chars[s..i].iter().collect());
            }
            continue;
        }
        let Some(s) = start else {
            start = Some(i);
            continue;
        };
        let prev = chars[i - 1];
        let locked = inside_whole_word(&chars[s..], i - s);
        let hump = !locked && c.is_uppercase() && (prev.is_lowercase() || is_digit(prev));
        let digit_then_lower = !locked && all_lower && is_digit(prev) && c.is_lowercase();
        if hump || digit_then_lower || acronym_ends_before(&chars, i) {
            words.push(chars[s..i].iter().collect());
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(chars[s..].iter().collect());
    }
    words
}

/// Convert a Smithy name to snake_case exactly as smithy-rs does for member,
/// operation-function and module names (no keyword escaping; see
/// [`member_name`]).
///
/// `NotificationARNs` → `notification_arns`, `DBInstanceIdentifier` →
/// `db_instance_identifier`, `VPCs` → `vpcs`, `IPv6Address` →
/// `ipv6_address`, `ChecksumCRC32C` → `checksum_crc32_c`, `s3location` →
/// `s3_location`, `sizeInGiB` → `size_in_gib`.
fn snake_case(name: &str) -> String {
    let words: Vec<String> = snake_words(name).iter().map(|w| w.to_lowercase()).collect();
    words.join("_")
}

/// Smithy `CaseUtils.toSnakeCase`-style splitting (the older algorithm that
/// smithy-rs still uses as the first step for type names).
///
/// 1. `_` before the last capital of a capital run that is followed by a
///    lower-case letter (`DBInstance` → `DB_Instance`, `ARNs` → `AR_Ns`).
///    *Rationale:* the last capital belongs to the next word.
/// 2. `_` between an ASCII lower-case letter or digit and an upper-case
///    letter (`S3Location` → `S3_Location`, `AES256GCM` → `AES256_GCM`).
///    *Rationale:* the ordinary camel-case hump, digits count as lower-case.
/// 3. ASCII whitespace and `-` become `_`; everything is lower-cased.
///    *Rationale:* separators normalise to one delimiter.
///
/// Only ASCII letters/digits take part in 1–2 (the original uses Java regex
/// classes `[A-Z]`, `[a-z]`, `\d`).
fn legacy_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let acronym_tail = prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower;
            let hump =
                (prev.is_ascii_lowercase() || prev.is_ascii_digit()) && c.is_ascii_uppercase();
            if acronym_tail || hump {
                out.push('_');
            }
        }
        let c = if matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '-') {
            '_'
        } else {
            c
        };
        out.push(c);
    }
    out.to_lowercase()
}

/// Convert a Smithy shape name to the UpperCamelCase name smithy-rs gives the
/// Rust type (structures, unions, enums, synthetic operation inputs/outputs).
///
/// The name is split with the older Smithy regex rules (see the private
/// `legacy_snake` helper), then every `_`/`-`/space-delimited word is
/// capitalised and the rest lower-cased.  *Rationale:* that is what
/// smithy-rs' `toPascalCase` does (its own comment notes it has not yet
/// switched to the newer splitter), so plural acronyms are *not* kept
/// together here.
///
/// `DBInstance` → `DbInstance`, `S3SSEAlgorithm` → `S3SseAlgorithm`,
/// `CIDRs` → `CidRs`, `OtaaV1_0_x` → `OtaaV10X`.
fn upper_camel_case(name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let lowered = legacy_snake(name);
    let mut out = String::with_capacity(lowered.len());
    let mut capitalize = true;
    for c in lowered.chars() {
        if matches!(c, '_' | '-' | ' ') {
            capitalize = !out.is_empty();
            continue;
        }
        if capitalize || out.is_empty() {
            out.extend(c.to_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        lowered
    } else {
        out
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
        assert_eq!(field("Type"), "r#type");
        assert_eq!(field("clone"), "clone_value");
        assert_eq!(field("Send"), "send_value");
        assert_eq!(field("_1st"), "_1_st");
        assert_eq!(prefixed("with", "r#type"), "with_type");
        assert_eq!(prefixed("with", "_1_st"), "with_1_st");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(camel("AWSSessionCredentials"), "AwsSessionCredentials");
        assert_eq!(camel("Result"), "Result");
        assert_eq!(type_name("Result"), "ResultValue");
        assert_eq!(type_name("String"), "StringValue");
        assert_eq!(stem("DescribeDBInstances"), "DescribeDBInstances");
        assert_eq!(stem("match"), "Match");
        assert_eq!(variant("in-progress"), "InProgress");
        assert_eq!(variant("IN_PROGRESS"), "InProgress");
        assert_eq!(variant("2x"), "V2x");
        assert_eq!(variant("UNKNOWN"), "UnknownValue");
    }

    #[test]
    fn casing_follows_aws_sdk_rust() {
        for (name, snake) in [
            ("NotificationARNs", "notification_arns"),
            ("DBInstanceIdentifier", "db_instance_identifier"),
            ("VPCs", "vpcs"),
            ("IPv6Address", "ipv6_address"),
            ("DynamoDBv2Action", "dynamo_dbv2_action"),
            ("s3location", "s3_location"),
            ("sizeInGiB", "size_in_gib"),
        ] {
            assert_eq!(snake_case(name), snake, "{name}");
        }
        for (name, camel) in [
            ("DBInstance", "DbInstance"),
            ("CIDRs", "CidRs"),
            ("S3SSEAlgorithm", "S3SseAlgorithm"),
        ] {
            assert_eq!(upper_camel_case(name), camel, "{name}");
        }
    }
}
