//! `@paginated`, resolved for one operation: the service's defaults merged in, the input
//! token as a member position, the output token and items as member paths through nested
//! output structures.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::traits::*;
use super::Lowerer;
use crate::error::Result;
use crate::ir::{ItemsIr, PaginatedIr, RustType};
use crate::model::{Shape, Target};
use crate::naming;

/// The `@paginated` trait of `op`, or `None` when it has none (or names no tokens).
pub(super) fn paginated(
    lw: &Lowerer<'_>,
    op_id: &str,
    op: &Shape,
    service: &Shape,
) -> Result<Option<PaginatedIr>> {
    let Some(p) = op.traits.get(PAGINATED) else {
        return Ok(None);
    };
    let defaults = service.traits.get(PAGINATED);
    let get = |key: &str| -> Result<Option<String>> {
        match p.get(key).or_else(|| defaults.and_then(|d| d.get(key))) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(lw.err(
                op_id,
                None,
                format!("`smithy.api#paginated` `{key}` must be a string"),
            )),
        }
    };
    let (Some(input_token), Some(output_token)) = (get("inputToken")?, get("outputToken")?) else {
        // Paginated with only `items`/`pageSize`: no tokens to follow.
        return Ok(None);
    };
    let structure_of = |id: Option<&Target>, what: &str| -> Result<Shape> {
        id.and_then(|t| lw.shape(&t.target))
            .filter(|s| s.kind == "structure")
            .cloned()
            .ok_or_else(|| {
                lw.err(
                    op_id,
                    None,
                    format!("`smithy.api#paginated` needs an {what} structure"),
                )
            })
    };
    let input = structure_of(op.input.as_ref(), "input")?;
    let output = structure_of(op.output.as_ref(), "output")?;
    let input_token_index = input.members.get_index_of(&input_token).ok_or_else(|| {
        lw.err(
            op_id,
            None,
            format!("`smithy.api#paginated` inputToken `{input_token}` is not an input member"),
        )
    })?;
    // Walks a dotted path through nested output structures: (positions, last member target).
    let walk_path = |path: &str, what: &str| -> Result<(Vec<usize>, Vec<String>, String)> {
        let mut shape = output.clone();
        let mut positions = Vec::new();
        let mut fields = Vec::new();
        let mut target = String::new();
        for (i, name) in path.split('.').enumerate() {
            if i > 0 {
                shape = lw
                    .shape(&target)
                    .filter(|s| s.kind == "structure")
                    .cloned()
                    .ok_or_else(|| lw.err(op_id, None, format!("`smithy.api#paginated` {what} `{path}` goes through a non-structure")))?;
            }
            let (index, _, member) = shape.members.get_full(name).ok_or_else(|| {
                lw.err(
                    op_id,
                    None,
                    format!("`smithy.api#paginated` {what} `{path}`: no member `{name}`"),
                )
            })?;
            positions.push(index);
            fields.push(naming::snake(name));
            target = member.target.clone();
        }
        Ok((positions, fields, target))
    };
    let (output_token_path, _, _) = walk_path(&output_token, "outputToken")?;
    let items = match get("items")? {
        None => None,
        Some(path) => {
            let (_, fields, target) = walk_path(&path, "items")?;
            let module_of = BTreeMap::new();
            let (item, map) = match super::shapes::rust_type(lw, &target, &module_of) {
                RustType::Vec(inner) => (*inner, false),
                RustType::Map(inner) => (*inner, true),
                _ => {
                    return Err(lw.err(
                        op_id,
                        None,
                        format!("`smithy.api#paginated` items `{path}` must be a list or map"),
                    ))
                }
            };
            Some(ItemsIr { fields, item, map })
        }
    };
    Ok(Some(PaginatedIr {
        input_token,
        input_token_index,
        output_token,
        output_token_path,
        items,
        page_size: get("pageSize")?,
    }))
}
