//! Which members must be boxed: a structure or union that contains itself directly (through
//! no list or map) would have infinite size.

use std::collections::BTreeSet;

use super::Lowerer;

/// The (structure id, member name) pairs that must be boxed: members whose target is a
/// structure or union in the same strongly connected component of the "contains directly"
/// graph (lists and maps already add indirection).
pub(super) fn recursive_members(
    lw: &Lowerer<'_>,
    closure: &BTreeSet<String>,
) -> BTreeSet<(String, String)> {
    let direct = |id: &str| -> Vec<(String, String)> {
        let Some(s) = lw.shape(id) else {
            return Vec::new();
        };
        if !matches!(s.kind.as_str(), "structure" | "union") {
            return Vec::new();
        }
        s.members
            .iter()
            .filter(|(_, m)| matches!(lw.kind_of(&m.target), Some("structure" | "union")))
            .map(|(n, m)| (n.clone(), m.target.clone()))
            .collect()
    };
    // Reachability by DFS per node: model sizes (hundreds of shapes) make this cheap enough
    // and simpler than Tarjan.
    let mut boxed = BTreeSet::new();
    for id in closure {
        for (member, target) in direct(id) {
            let mut seen = BTreeSet::new();
            let mut stack = vec![target.clone()];
            let mut cycle = false;
            while let Some(n) = stack.pop() {
                if n == *id {
                    cycle = true;
                    break;
                }
                if !seen.insert(n.clone()) {
                    continue;
                }
                stack.extend(direct(&n).into_iter().map(|(_, t)| t));
            }
            if cycle {
                boxed.insert((id.clone(), member));
            }
        }
    }
    boxed
}
