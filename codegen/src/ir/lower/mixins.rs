//! Pass 2: the shapes as the rest of lowering sees them. Reads the parsed model and the
//! service shape; produces every shape with its mixins flattened and the `apply` statements of
//! the model merged into the traits of the shapes and members they name, the service's
//! `rename` map, and a warning for each property of the JSON AST this generator does not know
//! (a newer Smithy may add some; they are ignored rather than fatal).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::Lowerer;
use crate::error::{Error, Result};
use crate::model::{Model, Shape};

/// The model's shapes with mixins flattened and `apply` statements merged, keyed by shape id,
/// and the warnings about unknown AST properties (sorted).
pub(super) fn resolve<'m>(
    file: &str,
    model: &'m Model,
) -> Result<(BTreeMap<&'m str, Shape>, Vec<String>)> {
    let mut raw: BTreeMap<&'m str, Shape> = BTreeMap::new();
    let mut applies = Vec::new();
    for (id, shape) in &model.shapes {
        if shape.kind == "apply" {
            applies.push((id.as_str(), &shape.traits));
        } else {
            raw.insert(id.as_str(), shape.clone());
        }
    }
    // An `apply` to a member a mixin brings in can only land once mixins are flattened; one to
    // a shape or an own member lands before, so that mixins inherit it.
    let mut deferred = Vec::new();
    for (target, traits) in applies {
        if !apply(&mut raw, target, traits) {
            deferred.push((target, traits));
        }
    }
    let mut shapes = BTreeMap::new();
    for (id, shape) in &raw {
        shapes.insert(*id, flatten_mixins(file, &raw, id, shape, 0)?);
    }
    for (target, traits) in deferred {
        if !apply(&mut shapes, target, traits) {
            let (shape, member) = target.split_once('$').unwrap_or((target, ""));
            return Err(Error::model(
                file,
                shape,
                (!member.is_empty()).then_some(member),
                "an `apply` statement names a shape or member that does not exist",
            ));
        }
    }
    let mut warnings = Vec::new();
    for key in model.unknown.keys() {
        warnings.push(format!("{file}: unknown model property `{key}` ignored"));
    }
    for (id, shape) in &model.shapes {
        for key in shape.unknown.keys() {
            warnings.push(format!(
                "{file}: shape `{id}`: unknown property `{key}` ignored"
            ));
        }
        for (name, member) in super::shape_members(shape) {
            for key in member.unknown.keys() {
                warnings.push(format!(
                    "{file}: shape `{id}`, member `{name}`: unknown property `{key}` ignored"
                ));
            }
        }
    }
    warnings.sort();
    Ok((shapes, warnings))
}

/// Merges `traits` into the shape or member (`ns#Shape$member`) `target` names; false when
/// there is no such shape or member.
fn apply(
    shapes: &mut BTreeMap<&str, Shape>,
    target: &str,
    traits: &IndexMap<String, Json>,
) -> bool {
    let (id, member) = match target.split_once('$') {
        Some((id, member)) => (id, Some(member)),
        None => (target, None),
    };
    let Some(shape) = shapes.get_mut(id) else {
        return false;
    };
    let slot = match member {
        None => &mut shape.traits,
        Some("member") if shape.member.is_some() => match &mut shape.member {
            Some(m) => &mut m.traits,
            None => return false,
        },
        Some("key") if shape.key.is_some() => match &mut shape.key {
            Some(m) => &mut m.traits,
            None => return false,
        },
        Some("value") if shape.value.is_some() => match &mut shape.value {
            Some(m) => &mut m.traits,
            None => return false,
        },
        Some(name) => match shape.members.get_mut(name) {
            Some(m) => &mut m.traits,
            None => return false,
        },
    };
    slot.extend(traits.iter().map(|(k, v)| (k.clone(), v.clone())));
    true
}

/// The service's `rename` map (shape id → the name it takes in this service, to resolve
/// conflicts between namespaces); every renamed shape must exist.
pub(super) fn renames(
    lw: &Lowerer<'_>,
    service_id: &str,
    service: &Shape,
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (id, name) in &service.rename {
        if lw.shape(id).is_none() {
            return Err(lw.err(
                service_id,
                None,
                format!("`rename` of `{id}`, which does not exist"),
            ));
        }
        out.insert(id.clone(), name.clone());
    }
    Ok(out)
}

/// `shape` with its mixins' members and traits merged in (its own win), recursively.
fn flatten_mixins(
    file: &str,
    shapes: &BTreeMap<&str, Shape>,
    id: &str,
    shape: &Shape,
    depth: usize,
) -> Result<Shape> {
    if shape.mixins.is_empty() {
        return Ok(shape.clone());
    }
    if depth > 32 {
        return Err(Error::model(file, id, None, "mixins form a cycle"));
    }
    let mut members = IndexMap::new();
    let mut inherited_traits = IndexMap::new();
    for m in &shape.mixins {
        let mixin = shapes.get(m.target.as_str()).ok_or_else(|| {
            Error::model(
                file,
                id,
                None,
                format!("mixin `{}` does not exist", m.target),
            )
        })?;
        let flat = flatten_mixins(file, shapes, &m.target, mixin, depth + 1)?;
        members.extend(flat.members);
        for (k, v) in flat.traits {
            if k != "smithy.api#mixin" {
                inherited_traits.insert(k, v);
            }
        }
    }
    let mut out = shape.clone();
    for (name, own) in &shape.members {
        match members.get_mut(name) {
            Some(m) => {
                m.traits.extend(own.traits.clone());
            }
            None => {
                members.insert(name.clone(), own.clone());
            }
        }
    }
    inherited_traits.extend(shape.traits.clone());
    out.members = members;
    out.traits = inherited_traits;
    out.mixins.clear();
    Ok(out)
}
