//! Serde types mirroring the Smithy JSON AST (2.0), and nothing more.
//!
//! Every property of every shape type of the specification is read, `apply` statements
//! included. A property the specification may add later is kept in `unknown` (lowering warns
//! about it and goes on) rather than failing the load. Loading only checks JSON syntax and the
//! AST's own structure; meaning (dangling targets, unsupported kinds, bad trait values) is
//! checked while lowering into the IR.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value as Json;

use crate::error::{Error, Result};

/// A whole model file.
#[derive(Debug, Deserialize)]
pub struct Model {
    /// The IDL version (`"2.0"` or `"1.0"`).
    pub smithy: String,
    /// Free-form metadata.
    #[serde(default)]
    pub metadata: IndexMap<String, Json>,
    /// Shapes by absolute shape id.
    #[serde(default)]
    pub shapes: IndexMap<String, Shape>,
    /// Properties this generator does not know (a newer AST may add some): warned about,
    /// otherwise ignored.
    #[serde(flatten)]
    pub unknown: IndexMap<String, Json>,
}

/// A reference to a shape: `{"target": "ns#Name"}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    /// The absolute shape id.
    pub target: String,
}

/// A member: its target and traits.
#[derive(Debug, Clone, Deserialize)]
pub struct MemberDef {
    /// The absolute shape id of the target.
    pub target: String,
    /// Traits by absolute shape id.
    #[serde(default)]
    pub traits: IndexMap<String, Json>,
    /// Properties this generator does not know.
    #[serde(flatten)]
    pub unknown: IndexMap<String, Json>,
}

/// One shape. Every shape type shares this struct; which fields are meaningful depends on
/// `type` and is checked during lowering.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// The shape type (`structure`, `string`, `operation`, ..., or `apply`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Members of structures, unions, enums and intEnums.
    #[serde(default)]
    pub members: IndexMap<String, MemberDef>,
    /// The member of a list or set.
    pub member: Option<MemberDef>,
    /// The key of a map.
    pub key: Option<MemberDef>,
    /// The value of a map.
    pub value: Option<MemberDef>,
    /// Operation input.
    pub input: Option<Target>,
    /// Operation output.
    pub output: Option<Target>,
    /// Operation or service errors.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Service version.
    pub version: Option<String>,
    /// Operations bound to a service or resource.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Resources bound to a service or resource.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Operations bound to a resource's collection rather than to one instance.
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    /// Resource `create` lifecycle operation.
    pub create: Option<Target>,
    /// Resource `put` lifecycle operation.
    pub put: Option<Target>,
    /// Resource `read` lifecycle operation.
    pub read: Option<Target>,
    /// Resource `update` lifecycle operation.
    pub update: Option<Target>,
    /// Resource `delete` lifecycle operation.
    pub delete: Option<Target>,
    /// Resource `list` lifecycle operation.
    pub list: Option<Target>,
    /// Resource identifiers.
    #[serde(default)]
    pub identifiers: IndexMap<String, Target>,
    /// Resource properties.
    #[serde(default)]
    pub properties: IndexMap<String, Target>,
    /// Service shape renames.
    #[serde(default)]
    pub rename: IndexMap<String, String>,
    /// Mixins applied to this shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Traits by absolute shape id (for `apply` statements, the traits they apply).
    #[serde(default)]
    pub traits: IndexMap<String, Json>,
    /// Properties this generator does not know.
    #[serde(flatten)]
    pub unknown: IndexMap<String, Json>,
}

/// Parses a model file's text. `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Model> {
    serde_json::from_str(text).map_err(|e| Error::Syntax {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

/// serde_json appends " at line L column C"; the error already carries both.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
