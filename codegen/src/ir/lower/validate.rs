//! Pass 1: what must hold of the whole model before anything is resolved. Reads the parsed
//! model; produces nothing but errors: an unsupported Smithy version, a shape of an unknown
//! type, a relative shape id, a shape or member name that is not a Smithy identifier, a member
//! target or shape reference that does not exist.

use super::{prelude, shape_members, shape_refs, DATA_KINDS, NON_DATA_KINDS};
use crate::error::{Error, Result};
use crate::model::Model;

/// The model's `smithy` version must be 1.x or 2.x.
pub(super) fn check_version(file: &str, model: &Model) -> Result<()> {
    if model.smithy.starts_with('2') || model.smithy.starts_with('1') {
        return Ok(());
    }
    Err(Error::Model {
        file: file.to_owned(),
        shape: None,
        member: None,
        message: format!(
            "unsupported Smithy version `{}` (expected 1.x or 2.x)",
            model.smithy
        ),
    })
}

const NOT_AN_IDENTIFIER: &str = "not a Smithy identifier (ASCII letters, digits and `_`, \
     starting with a letter, or with `_` followed by a letter or digit)";

/// Whether `name` is a Smithy identifier: `(1*"_" (ALPHA / DIGIT) / ALPHA) *(ALPHA / DIGIT /
/// "_")`. Anything else could not become a Rust identifier faithfully.
fn is_identifier(name: &str) -> bool {
    let rest = name.trim_start_matches('_');
    let underscores = name.len() - rest.len();
    let mut chars = rest.chars();
    let start_ok = match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => true,
        Some(c) if c.is_ascii_digit() => underscores > 0,
        _ => false,
    };
    start_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every shape has a known type and an absolute id, and everything it refers to exists (an
/// `apply` statement's target is checked when it is merged, in `mixins`).
pub(super) fn check_shapes(file: &str, model: &Model) -> Result<()> {
    let exists = |id: &str| prelude(id).is_some() || model.shapes.contains_key(id);
    for (id, shape) in &model.shapes {
        let kind = shape.kind.as_str();
        if kind == "apply" {
            continue;
        }
        if !DATA_KINDS.contains(&kind) && !NON_DATA_KINDS.contains(&kind) {
            return Err(Error::model(
                file,
                id,
                None,
                format!("unsupported shape kind `{kind}`"),
            ));
        }
        let Some((namespace, name)) = id.split_once('#').filter(|_| !id.contains('$')) else {
            return Err(Error::model(
                file,
                id,
                None,
                "shape ids must be absolute (`namespace#Name`)",
            ));
        };
        if !namespace.split('.').all(is_identifier) || !is_identifier(name) {
            return Err(Error::model(file, id, None, NOT_AN_IDENTIFIER));
        }
        if let Some(member) = shape.members.keys().find(|m| !is_identifier(m)) {
            return Err(Error::model(file, id, Some(member), NOT_AN_IDENTIFIER));
        }
        for (name, member) in shape_members(shape) {
            if !exists(&member.target) {
                return Err(Error::model(
                    file,
                    id,
                    Some(&name),
                    format!("target `{}` does not exist", member.target),
                ));
            }
        }
        if let Some(t) = shape_refs(shape).into_iter().find(|t| !exists(t)) {
            return Err(Error::model(
                file,
                id,
                None,
                format!("reference to `{t}`, which does not exist"),
            ));
        }
    }
    Ok(())
}
