//! Compares two versions of one service model and says what changed for users of the generated
//! crate: [`Version::load`] each, [`diff`] them, then render the [`Report`] as
//! [text](Report::text) or [Markdown](Report::markdown) (for a pull-request comment).
//!
//! The comparison is made on the lowered IR, that is, on what users see: Rust paths
//! (`types::Foo`, `operation::get_foo::GetFooInput`), field names, Rust types, error enum
//! variants, enum variants. Types are matched by Rust path, members by field (or union
//! variant), enum values by variant, operations by name. What the IR does not keep
//! (`@length`, `@range`, `@pattern` as values) is read from the model's resolved shapes.
//! Which wire attributes count depends on the protocol: a `@jsonName` matters to restJson1 but
//! not to awsJson1_1, whose crates it does not change; such changes are not reported.
//!
//! A type is *input* when some operation's input reaches it, *output* when some operation's
//! output or error reaches it (in either version); a type that is both gets the worse impact.
//!
//! # Rules
//!
//! Every change has an [`Impact`] on the generated crate's semver: breaking (major), additive
//! (minor) or documentation only (patch). Generated structs, unions and enums are
//! `#[non_exhaustive]`, enums and unions have an `Unknown` variant, error enums an `Unhandled`
//! one, every field is an `Option`, and the runtime rejects an input without a `@required`
//! member that has no `@default`, and fills in, in outputs, `@required` members the service
//! left out (client error correction). Hence:
//!
//! | Change | Impact | Why |
//! |---|---|---|
//! | operation added | additive | a new `Client` method and module; nothing existing changes |
//! | operation removed (or now left out, e.g. an event stream) | breaking | its method, module, builder and error enum disappear |
//! | operation's input, output, error enum or builder type renamed or moved | breaking | code naming the old path no longer compiles |
//! | `@http` method, URI or status code changed (REST protocols) | breaking | requests go elsewhere; calls fail unless the service changed in step |
//! | endpoint host prefix or auth changed | breaking | requests go to another host or are signed differently |
//! | `@httpChecksumRequired` or `@requestCompression` changed | additive | the runtime adds or drops a header or an encoding; no caller code changes |
//! | paginator added | additive | a new `into_paginator()` |
//! | paginator removed | breaking | `into_paginator()` disappears |
//! | paginator tokens changed | breaking | the paginator follows other members; against the same service it may stop early or loop |
//! | paginator items added | additive | `.items()` now streams them (`into_paginator()`'s type gains its item parameter, which code rarely names) |
//! | paginator items removed, moved or of another type | breaking | `.items()` yields something else, and `into_paginator()`'s type changes |
//! | paginator page size member changed | documentation | generated code does not use it |
//! | error added to an operation | additive | a new variant of a `#[non_exhaustive]` enum; the error was `Unhandled` before |
//! | error removed from an operation | breaking | its variant and `is_<error>()` disappear, so matches on them no longer compile (the service no longer returning it breaks nobody; the Rust enum does) |
//! | error variant's type moved | breaking | the variant's payload type changes |
//! | type added | additive | new items only |
//! | type removed, or moved to another module | breaking | code naming the old path no longer compiles |
//! | type kind changed (structure, union, enum, int enum) | breaking | a different Rust item |
//! | type becomes an error, or stops being one | additive, breaking | `Error`/`Display` impls are added, or removed |
//! | error code changed | breaking | error responses are matched by code |
//! | error status or fault changed | additive | metadata and retry classification change; no caller code does |
//! | type or member `@sensitive` added or removed | additive | API and wire are unchanged; only what `Debug` and serde show changes (review removals) |
//! | member added: optional, or required with a default, or in an output-only type, or a union variant | additive | `#[non_exhaustive]` types gain a field or variant |
//! | member added: required, no default, in an input type | breaking | calls that do not set it now fail the required-member check |
//! | member removed | breaking | its field, getter and setters disappear |
//! | member's Rust type changed | breaking | field, getter and setter types change |
//! | member's target changed, same Rust type | documentation | only the docs can differ |
//! | input member becomes required (no default) | breaking | calls that did not set it now fail before sending |
//! | input member no longer required | additive | every call accepted before still is |
//! | output member no longer required | breaking | it is no longer filled in when absent: a getter that never returned `None` now can |
//! | output member becomes required | additive | the runtime now fills it in when the service leaves it out |
//! | `@default` added, removed or changed, `@clientOptional` toggled | breaking | the getter's type (numbers, booleans) or the value read and sent for an unset member changes |
//! | `@length`/`@range`/`@pattern` added or narrowed on an input member | breaking | the service may reject values it accepted |
//! | `@length`/`@range`/`@pattern` removed or widened on an input member | additive | every value accepted before still is |
//! | constraint changed on an output-only member | documentation | the client never checks constraints; they are documented |
//! | wire name or location changed (`@httpHeader` and other bindings, `@jsonName`, `@xmlName`, `@xmlAttribute`, `@xmlFlattened`, `@xmlNamespace`, `@ec2QueryName`, `@timestampFormat`, `@hostLabel`) where the protocol reads it | breaking | the crate sends or reads other bytes; calls fail unless the service changed in step |
//! | `@idempotencyToken` added | additive | the runtime now fills the member in |
//! | `@idempotencyToken` removed | breaking | calls that relied on the automatic token send none |
//! | enum value added | additive | enums are `#[non_exhaustive]`; the value was `Unknown` before |
//! | enum value removed | breaking | its variant disappears |
//! | enum value's wire value changed | breaking | the same variant sends and matches other bytes |
//! | service protocol, signing, endpoint, regional endpoints, XML namespace or query compatibility changed | breaking | every call changes on the wire |
//! | service version changed | breaking for awsQuery and ec2Query, else documentation | only the query protocols send it |
//! | any documentation, service title | documentation | docs only |
//!
//! The overall impact of a report is the worst of its changes.

mod compare;
mod render;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::ir::{self, ServiceIr};
use crate::model::{self, Shape};

/// One version of a service model, loaded for comparison.
#[derive(Debug)]
pub struct Version {
    /// The model file, as named in the report and in errors.
    pub file: String,
    ir: ServiceIr,
    shapes: BTreeMap<String, Shape>,
}

impl Version {
    /// Parses and lowers a model's text; `file` names it in the report and in errors.
    /// `service` picks a service shape (id, or shape name) when the model has several.
    pub fn load(file: &str, text: &str, service: Option<&str>) -> Result<Version> {
        let model = model::parse(file, text)?;
        let service_id = match service {
            None => crate::only_service(file, &model)?,
            Some(s) => ir::services(&model)
                .into_iter()
                .find(|id| id == s || ir::shape_name(id) == s)
                .ok_or_else(|| Error::Model {
                    file: file.to_owned(),
                    shape: None,
                    member: None,
                    message: format!("the model has no service `{s}`"),
                })?,
        };
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ir = ir::lower(
            file,
            &model,
            &service_id,
            &ir::LowerOptions {
                crate_suffix: stem,
                config: Default::default(),
                config_file: String::new(),
            },
        )?;
        let shapes = ir::resolved_shapes(file, &model)?;
        Ok(Version {
            file: file.to_owned(),
            ir,
            shapes,
        })
    }

    /// The lowered service.
    pub fn ir(&self) -> &ServiceIr {
        &self.ir
    }
}

/// Compares two versions of a service model.
pub fn diff(old: &Version, new: &Version) -> Report {
    let mut changes = compare::compare(old, new);
    changes.sort_by(|a, b| {
        (a.section, &a.item, a.kind, &a.detail).cmp(&(b.section, &b.item, b.kind, &b.detail))
    });
    changes.dedup();
    Report {
        service: new.ir.name.clone(),
        old_file: old.file.clone(),
        new_file: new.file.clone(),
        changes,
    }
}

/// What a change does to the generated crate's semver; ordered from harmless to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Documentation only (a patch release).
    Documentation,
    /// New API or compatible behavior; nothing that compiled or worked breaks (a minor release).
    Additive,
    /// Code that compiled may not, or calls that worked may fail (a major release).
    Breaking,
}

impl Impact {
    /// `breaking`, `additive` or `documentation`.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Documentation => "documentation",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

/// The kind of item a change is about: the report's sections, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The service: protocol, signing, endpoint, version, docs.
    Service,
    /// Operations: the `Client` methods, their types, HTTP bindings, paginators.
    Operations,
    /// The errors of operations: variants of their error enums.
    OperationErrors,
    /// Generated types (structures, unions, enums).
    Types,
    /// Members of structures and unions (and elements of lists and maps).
    Members,
    /// Values of string and int enums.
    EnumValues,
}

impl Section {
    /// The section's title.
    pub fn title(self) -> &'static str {
        match self {
            Section::Service => "Service",
            Section::Operations => "Operations",
            Section::OperationErrors => "Operation errors",
            Section::Types => "Types",
            Section::Members => "Members",
            Section::EnumValues => "Enum values",
        }
    }
}

/// Whether the item was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The item is new.
    Added,
    /// The item is gone.
    Removed,
    /// The item is in both versions and differs.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference between the versions (an item changed in several ways has several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind of item.
    pub section: Section,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The semver impact.
    pub impact: Impact,
    /// The item as users name it: `Client::get_foo`, `types::Foo`, `types::Foo.bar`,
    /// `GetFooError::NotFound`, `types::Status::Done`.
    pub item: String,
    /// What changed, with code in backticks.
    pub detail: String,
}

/// The differences between two versions of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The service shape name (of the new version).
    pub service: String,
    /// The old model file.
    pub old_file: String,
    /// The new model file.
    pub new_file: String,
    /// The changes, sorted by section, item, kind and detail.
    pub changes: Vec<Change>,
}

impl Report {
    /// The worst impact of the changes; `None` when nothing changed.
    pub fn impact(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).max()
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.impact() == Some(Impact::Breaking)
    }

    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }
}
