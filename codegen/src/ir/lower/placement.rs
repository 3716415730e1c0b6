//! Pass 5: where each generated type lives and what it is called. Reads the operations pass's
//! output; produces the module of every structure that does not live in `types` (an input or
//! output used by one operation only, and nowhere as a member or error, lives in that
//! operation's module), checks that type names are unique in the crate, and renames an
//! operation's error enum or fluent builder that would clash with its input or output.

use std::collections::{BTreeMap, BTreeSet};

use super::operations::Operations;
use super::{shape_members, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{Module, OperationIr};
use crate::naming;

/// Places the types, checking and fixing names; returns the module of each placed shape.
pub(super) fn place(lw: &Lowerer<'_>, ops: &mut Operations) -> Result<BTreeMap<String, Module>> {
    // Which module each structure lives in: an input/output used by one operation only, and
    // not as a member anywhere, lives in that operation's module.
    let member_targets: BTreeSet<String> = ops
        .closure
        .iter()
        .filter_map(|id| lw.shape(id))
        .flat_map(|s| shape_members(s).into_iter().map(|(_, m)| m.target))
        .collect();
    let mut module_of: BTreeMap<String, Module> = BTreeMap::new();
    for op in &ops.operations {
        for id in [&op.input, &op.output] {
            let single = ops.io_uses.get(id).copied().unwrap_or(1) == 1
                && !member_targets.contains(id)
                && !op_errors_contain(&ops.operations, id);
            if single {
                module_of.insert(id.clone(), Module::Operation(op.method.clone()));
            }
        }
    }

    // Names: type names must be unique in the crate.
    let mut type_names: BTreeMap<String, String> = BTreeMap::new();
    let mut check_type_name = |id: &str, rust: &str| -> Result<()> {
        if let Some(prev) = type_names.insert(rust.to_owned(), id.to_owned()) {
            return Err(Error::model(
                lw.file,
                id,
                None,
                format!("its Rust name `{rust}` collides with that of `{prev}`"),
            ));
        }
        Ok(())
    };
    for id in ops.closure.iter() {
        if matches!(
            lw.kind_of(id),
            Some("structure" | "union" | "enum" | "intEnum")
        ) {
            check_type_name(id, &naming::type_name(lw.name(id)))?;
        }
    }
    for (id, _) in &ops.synthesized {
        check_type_name(id, &naming::type_name(lw.name(id)))?;
    }

    // The error enum and fluent builder live in the operation's module, beside its input and
    // output: on a clash with those, take the longer name.
    for op in &mut ops.operations {
        let local: Vec<String> = [&op.input, &op.output]
            .into_iter()
            .filter(|id| module_of.get(*id) == Some(&Module::Operation(op.method.clone())))
            .map(|id| naming::type_name(lw.name(id)))
            .collect();
        let stem = naming::stem(&op.name);
        if local.contains(&op.error_type) {
            op.error_type = format!("{stem}OperationError");
        }
        if local.contains(&op.builder_type) {
            op.builder_type = format!("{stem}OperationFluentBuilder");
        }
    }

    Ok(module_of)
}

fn op_errors_contain(operations: &[OperationIr], id: &str) -> bool {
    operations.iter().any(|o| o.errors.iter().any(|e| e == id))
}
