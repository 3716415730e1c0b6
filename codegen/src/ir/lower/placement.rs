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

/// Where each type lives and what it is called.
#[derive(Debug, Default)]
pub(super) struct Placement {
    /// The module of every structure that does not live in `types`.
    pub(super) module_of: BTreeMap<String, Module>,
    /// The Rust name of every type (structures, unions, enums, synthesized inputs and outputs).
    pub(super) rust_names: BTreeMap<String, String>,
}

/// Places the types, checking and fixing names.
pub(super) fn place(lw: &Lowerer<'_>, ops: &mut Operations) -> Result<Placement> {
    // Which module each structure lives in: an input/output used by one operation only, and
    // not as a member anywhere, lives in that operation's module, named `<Operation>Input` or
    // `<Operation>Output` whatever the model calls it (as aws-sdk-rust names them).
    let member_targets: BTreeSet<String> = ops
        .closure
        .iter()
        .filter_map(|id| lw.shape(id))
        .flat_map(|s| shape_members(s).into_iter().map(|(_, m)| m.target))
        .collect();
    let mut placement = Placement::default();
    for id in ops
        .closure
        .iter()
        .chain(ops.synthesized.iter().map(|(id, _)| id))
    {
        let is_type = matches!(
            lw.kind_of(id),
            Some("structure" | "union" | "enum" | "intEnum") | None
        );
        if is_type {
            placement
                .rust_names
                .insert(id.clone(), naming::type_name(lw.name(id)));
        }
    }
    for op in &ops.operations {
        for (id, suffix) in [(&op.input, "Input"), (&op.output, "Output")] {
            let single = ops.io_uses.get(id).copied().unwrap_or(1) == 1
                && !member_targets.contains(id)
                && !op_errors_contain(&ops.operations, id);
            if single {
                let module = Module::Operation(op.method.clone());
                placement.module_of.insert(id.clone(), module);
                let name = naming::type_name(&format!("{}{suffix}", op.name));
                placement.rust_names.insert(id.clone(), name);
            }
        }
    }

    // Type names must be unique in their module.
    let mut seen: BTreeMap<(Module, &str), &str> = BTreeMap::new();
    for (id, rust) in &placement.rust_names {
        let module = placement
            .module_of
            .get(id)
            .cloned()
            .unwrap_or(Module::Types);
        if let Some(prev) = seen.insert((module, rust.as_str()), id.as_str()) {
            return Err(Error::model(
                lw.file,
                id,
                None,
                format!("its Rust name `{rust}` collides with that of `{prev}`"),
            ));
        }
    }

    // The error enum and fluent builder live in the operation's module, beside its input and
    // output: on a clash with those, take the longer name.
    for op in &mut ops.operations {
        let module = Module::Operation(op.method.clone());
        let local: Vec<&str> = [&op.input, &op.output]
            .into_iter()
            .filter(|id| placement.module_of.get(*id) == Some(&module))
            .filter_map(|id| placement.rust_names.get(id).map(String::as_str))
            .collect();
        let stem = naming::stem(&op.name);
        if local.contains(&op.error_type.as_str()) {
            op.error_type = format!("{stem}OperationError");
        }
        if local.contains(&op.builder_type.as_str()) {
            op.builder_type = format!("{stem}OperationFluentBuilder");
        }
    }
    Ok(placement)
}

fn op_errors_contain(operations: &[OperationIr], id: &str) -> bool {
    operations.iter().any(|o| o.errors.iter().any(|e| e == id))
}
