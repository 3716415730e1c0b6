//! Evaluates a compiled [`Expression`] against a [`Variable`].
//!
//! Evaluation recurses along the expression tree only, whose depth the parser bounds; data is
//! walked by loops. Results share structure with the input (see [`Variable`]).

use std::sync::Arc;

use super::ast::{Comparator, Expression, Node, NodeId};
use super::error::{ErrorKind, RuntimeError};
use super::functions::{Arg, Function};
use super::variable::{insert, Members, Variable};

impl Expression {
    /// Evaluates the expression against `data`.
    ///
    /// Anything that does not match gives `null` (a missing member, an index out of range, a
    /// projection of a non-array, an ordering comparison of non-numbers); errors come only from
    /// function arguments of the wrong type ([`ErrorKind::InvalidType`]).
    pub fn search(&self, data: &Variable) -> Result<Variable, RuntimeError> {
        self.eval(self.root, data)
    }

    /// Evaluates node `id` against `current`.
    ///
    /// Recursion passes through here once per tree level, so this frame is kept small (which
    /// matters in unoptimized builds): every arm that needs locals is a separate function.
    pub(super) fn eval(&self, id: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        let Some(node) = self.nodes.get(id) else {
            return Err(malformed());
        };
        match node {
            Node::Identity => Ok(current.clone()),
            Node::Field(key) => Ok(current.get(key).cloned().unwrap_or_default()),
            Node::Literal(value) => Ok(value.clone()),
            Node::Index(i) => Ok(index(current, *i)),
            Node::Slice { start, stop, step } => Ok(slice(current, *start, *stop, *step)),
            Node::Sub(lhs, rhs) => self.sub(*lhs, *rhs, current),
            Node::ListProjection(lhs, rhs) => self.list_projection(*lhs, *rhs, current),
            Node::ObjectProjection(lhs, rhs) => self.object_projection(*lhs, *rhs, current),
            Node::FilterProjection { lhs, cond, rhs } => {
                self.filter_projection(*lhs, *cond, *rhs, current)
            }
            Node::Flatten(inner) => self.flatten(*inner, current),
            Node::MultiList(items) => self.multi_list(items, current),
            Node::MultiHash(pairs) => self.multi_hash(pairs, current),
            Node::Or(lhs, rhs) => self.or(*lhs, *rhs, current),
            Node::And(lhs, rhs) => self.and(*lhs, *rhs, current),
            Node::Not(operand) => self.not(*operand, current),
            Node::Compare(op, lhs, rhs) => self.compare(*op, *lhs, *rhs, current),
            Node::Function(function, args) => self.call(*function, args, current),
            Node::ExpRef(_) => Err(RuntimeError::invalid_type(
                "an expression reference (&expr) can only be a function argument",
            )),
        }
    }

    /// `lhs.rhs`, `lhs[i]`, `lhs | rhs`.
    fn sub(&self, lhs: NodeId, rhs: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        let left = self.eval(lhs, current)?;
        self.eval(rhs, &left)
    }

    fn list_projection(
        &self,
        lhs: NodeId,
        rhs: Option<NodeId>,
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        match self.eval(lhs, current)? {
            Variable::Array(items) => self.project(items.iter(), rhs),
            _ => Ok(Variable::Null),
        }
    }

    fn object_projection(
        &self,
        lhs: NodeId,
        rhs: Option<NodeId>,
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        match self.eval(lhs, current)? {
            Variable::Object(members) => self.project(members.iter().map(|(_, v)| v), rhs),
            _ => Ok(Variable::Null),
        }
    }

    fn filter_projection(
        &self,
        lhs: NodeId,
        cond: NodeId,
        rhs: Option<NodeId>,
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        let Variable::Array(items) = self.eval(lhs, current)? else {
            return Ok(Variable::Null);
        };
        let mut kept = Vec::new();
        for item in items.iter() {
            if self.eval(cond, item)?.is_truthy() {
                kept.push(item);
            }
        }
        self.project(kept.into_iter(), rhs)
    }

    fn flatten(&self, inner: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        let Variable::Array(items) = self.eval(inner, current)? else {
            return Ok(Variable::Null);
        };
        let mut flat = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item {
                Variable::Array(sub) => flat.extend(sub.iter().cloned()),
                other => flat.push(other.clone()),
            }
        }
        Ok(Variable::array(flat))
    }

    fn multi_list(&self, items: &[NodeId], current: &Variable) -> Result<Variable, RuntimeError> {
        if current.is_null() {
            return Ok(Variable::Null);
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.eval(*item, current)?);
        }
        Ok(Variable::array(out))
    }

    fn multi_hash(
        &self,
        pairs: &[(Arc<str>, NodeId)],
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        if current.is_null() {
            return Ok(Variable::Null);
        }
        let mut members = Members::with_capacity(pairs.len());
        for (key, value) in pairs {
            insert(&mut members, key.clone(), self.eval(*value, current)?);
        }
        Ok(Variable::Object(members.into()))
    }

    fn or(&self, lhs: NodeId, rhs: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        let left = self.eval(lhs, current)?;
        if left.is_truthy() {
            Ok(left)
        } else {
            self.eval(rhs, current)
        }
    }

    fn and(&self, lhs: NodeId, rhs: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        let left = self.eval(lhs, current)?;
        if left.is_truthy() {
            self.eval(rhs, current)
        } else {
            Ok(left)
        }
    }

    fn not(&self, operand: NodeId, current: &Variable) -> Result<Variable, RuntimeError> {
        Ok(Variable::Bool(!self.eval(operand, current)?.is_truthy()))
    }

    fn compare(
        &self,
        op: Comparator,
        lhs: NodeId,
        rhs: NodeId,
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        let left = self.eval(lhs, current)?;
        let right = self.eval(rhs, current)?;
        Ok(compare(op, &left, &right))
    }

    /// Evaluates the arguments (an `&expr` argument stays unevaluated) and calls `function`.
    fn call(
        &self,
        function: Function,
        arg_nodes: &[NodeId],
        current: &Variable,
    ) -> Result<Variable, RuntimeError> {
        let mut args = Vec::with_capacity(arg_nodes.len());
        for &arg in arg_nodes {
            args.push(match self.nodes.get(arg) {
                Some(Node::ExpRef(body)) => Arg::Expr(*body),
                _ => Arg::Value(self.eval(arg, current)?),
            });
        }
        function.call(self, &args)
    }

    /// Applies `rhs` (or nothing) to each element, keeping the non-null results.
    fn project<'v>(
        &self,
        elements: impl Iterator<Item = &'v Variable>,
        rhs: Option<NodeId>,
    ) -> Result<Variable, RuntimeError> {
        let mut out = Vec::new();
        for element in elements {
            let value = match rhs {
                Some(rhs) => self.eval(rhs, element)?,
                None => element.clone(),
            };
            if !value.is_null() {
                out.push(value);
            }
        }
        Ok(Variable::array(out))
    }
}

/// The error for a node id the parser did not make (which cannot happen).
#[cold]
fn malformed() -> RuntimeError {
    RuntimeError::new(ErrorKind::InvalidValue, "malformed compiled expression")
}

/// `current[i]`: `null` unless `current` is an array with that position.
fn index(current: &Variable, i: i64) -> Variable {
    match current {
        Variable::Array(items) => resolve_index(items.len(), i)
            .and_then(|i| items.get(i))
            .cloned()
            .unwrap_or_default(),
        _ => Variable::Null,
    }
}

/// The position that index `i` (negative: from the end) names in an array of `len`.
fn resolve_index(len: usize, i: i64) -> Option<usize> {
    let len = len as i128;
    let i = i128::from(i);
    let i = if i < 0 { len + i } else { i };
    if (0..len).contains(&i) {
        usize::try_from(i).ok()
    } else {
        None
    }
}

/// `current[start:stop:step]`: `null` unless `current` is an array.
fn slice(current: &Variable, start: Option<i64>, stop: Option<i64>, step: i64) -> Variable {
    match current {
        Variable::Array(items) => Variable::array(slice_items(items, start, stop, step)),
        _ => Variable::Null,
    }
}

/// `items[start:stop:step]` with Python's rules: negative bounds count from the end, bounds
/// are clamped to the array, and a negative step walks backwards. `step` is never 0.
fn slice_items(
    items: &[Variable],
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
) -> Vec<Variable> {
    let len = items.len() as i128;
    let step = i128::from(step);
    let clamp = |bound: i64| -> i128 {
        let bound = i128::from(bound);
        if bound < 0 {
            let from_end = bound + len;
            if from_end >= 0 {
                from_end
            } else if step < 0 {
                -1
            } else {
                0
            }
        } else if bound >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            bound
        }
    };
    let (first, end) = if step > 0 {
        (start.map_or(0, clamp), stop.map_or(len, clamp))
    } else {
        (start.map_or(len - 1, clamp), stop.map_or(-1, clamp))
    };
    let mut out = Vec::new();
    let mut i = first;
    // `i` moves by `step` towards `end` each time: at most `len` iterations.
    while (step > 0 && i < end) || (step < 0 && i > end) {
        if let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
            out.push(item.clone());
        }
        i += step;
    }
    out
}

/// `==` and `!=` compare any values; the ordering operators compare numbers and give `null`
/// for anything else.
fn compare(op: Comparator, left: &Variable, right: &Variable) -> Variable {
    let ordering = match op {
        Comparator::Eq => return Variable::Bool(left == right),
        Comparator::Ne => return Variable::Bool(left != right),
        _ => match (left, right) {
            (Variable::Number(a), Variable::Number(b)) => a.partial_cmp(b),
            _ => return Variable::Null,
        },
    };
    // NaN (possible in float shapes) compares false with everything, as in IEEE 754.
    let Some(ordering) = ordering else {
        return Variable::Bool(false);
    };
    Variable::Bool(match op {
        Comparator::Lt => ordering.is_lt(),
        Comparator::Le => ordering.is_le(),
        Comparator::Gt => ordering.is_gt(),
        Comparator::Ge => ordering.is_ge(),
        Comparator::Eq | Comparator::Ne => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(v: &[Variable]) -> Vec<f64> {
        v.iter().filter_map(Variable::as_f64).collect()
    }

    #[test]
    fn slices_clamp_and_step() {
        let items: Vec<Variable> = (0..5).map(Variable::from).collect();
        assert_eq!(
            nums(&slice_items(&items, None, None, -1)),
            [4.0, 3.0, 2.0, 1.0, 0.0]
        );
        assert_eq!(
            nums(&slice_items(
                &items,
                Some(i64::MIN),
                Some(i64::MAX),
                i64::MAX
            )),
            [0.0]
        );
        assert_eq!(
            nums(&slice_items(
                &items,
                Some(i64::MAX),
                Some(i64::MIN),
                i64::MIN
            )),
            [4.0]
        );
        assert_eq!(nums(&slice_items(&items, Some(-2), None, 1)), [3.0, 4.0]);
        assert!(slice_items(&[], None, None, -1).is_empty());
    }

    #[test]
    fn indexes() {
        assert_eq!(resolve_index(3, -1), Some(2));
        assert_eq!(resolve_index(3, -4), None);
        assert_eq!(resolve_index(3, 3), None);
        assert_eq!(resolve_index(3, i64::MIN), None);
    }
}
