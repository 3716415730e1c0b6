//! The AWS partitions table behind the `aws.partition` rules function.
//!
//! Role: map a region name to the facts about its partition (DNS suffixes, FIPS and dual-stack
//! support, the implicit global region). Input: a partitions document (JSON, as AWS SDKs ship
//! it: `{"version": "1.1", "partitions": [{"id", "regionRegex", "regions", "outputs"}]}`).
//! Output: a [`Partition`] for a region.
//!
//! A table is shipped with this module (`partitions.json`, see below) and
//! parsed once, on first use, by [`Partitions::embedded`]. Callers may parse their own with
//! [`Partitions::parse`] and resolve with [`RuleSet::resolve_with`](super::RuleSet::resolve_with).
//!
//! Resolution, as the rules specification describes it:
//! 1. the first partition that lists the region in its `regions` map, with that region's
//!    overrides (any of the output fields) applied to the partition's `outputs`;
//! 2. otherwise the first partition whose `regionRegex` matches the whole region name (see
//!    the `regex` module for the supported pattern syntax);
//! 3. otherwise the partition whose id is `aws`, if any.
//!
//! The shipped `partitions.json` is byte-identical to `aws/sdk/aws-models/sdk-partitions.json`
//! of `smithy-lang/smithy-rs` at commit `56ee88c5c6edd967967656f1e29f46b229105e79` (release
//! 1.1.7), copied 2026-12-01; Apache-2.0, license text beside it in `LICENSE-partitions`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::error::ParseError;
use super::json::{self, Loc};
use super::regex::Regex;

/// The table shipped with this module.
const EMBEDDED: &str = include_str!("partitions.json");

/// What `aws.partition` returns for a region: the partition's outputs, with the region's
/// overrides applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Partition {
    /// The partition's name, such as `aws` or `aws-cn`.
    pub name: String,
    /// The default DNS suffix, such as `amazonaws.com`.
    pub dns_suffix: String,
    /// The dual-stack DNS suffix, such as `api.aws`.
    pub dual_stack_dns_suffix: String,
    /// Whether the partition has FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints.
    pub supports_dual_stack: bool,
    /// The region that global services of the partition sign for.
    pub implicit_global_region: String,
}

/// A parsed partitions table.
#[derive(Clone, Debug)]
pub struct Partitions {
    /// Partitions in document order.
    partitions: Vec<Entry>,
    /// Explicitly listed regions → index into `outputs`.
    regions: HashMap<String, usize>,
    /// The outputs of every partition (at each entry's `outputs` index) followed by the merged
    /// outputs of each region that has overrides.
    outputs: Vec<Partition>,
    /// Index into `outputs` of the `aws` partition.
    aws: Option<usize>,
}

#[derive(Clone, Debug)]
struct Entry {
    region_regex: Regex,
    outputs: usize,
}

impl Partitions {
    /// The table shipped with this module, parsed on first use.
    ///
    /// The shipped table is checked by this module's tests; were it ever unparsable, this would
    /// be an empty table (every `aws.partition` call yields nothing) rather than a panic.
    pub fn embedded() -> &'static Partitions {
        static TABLE: OnceLock<Partitions> = OnceLock::new();
        TABLE.get_or_init(|| Partitions::parse(EMBEDDED).unwrap_or_else(|_| Partitions::empty()))
    }

    /// A table without partitions.
    fn empty() -> Partitions {
        Partitions {
            partitions: Vec::new(),
            regions: HashMap::new(),
            outputs: Vec::new(),
            aws: None,
        }
    }

    /// Parses a partitions document.
    pub fn parse(json: &str) -> Result<Partitions, ParseError> {
        let document = json::parse_document(json)?;
        let root = Loc::Root;
        let top = json::object(&document, &root)?;
        let list_loc = root.key("partitions");
        let list = json::array(json::member(top, "partitions", &root)?, &list_loc)?;
        let mut table = Partitions::empty();
        for (i, item) in list.iter().enumerate() {
            let loc = list_loc.index(i);
            let partition = json::object(item, &loc)?;
            let id = json::string(json::member(partition, "id", &loc)?, &loc.key("id"))?;
            let regex_loc = loc.key("regionRegex");
            let pattern = json::string(json::member(partition, "regionRegex", &loc)?, &regex_loc)?;
            let region_regex = Regex::new(pattern)
                .map_err(|e| regex_loc.error(format!("unsupported regular expression: {e}")))?;
            let outputs_loc = loc.key("outputs");
            let outputs = json::object(json::member(partition, "outputs", &loc)?, &outputs_loc)?;
            let base = read_outputs(outputs, &outputs_loc)?;
            let outputs_index = table.outputs.len();
            if id == "aws" && table.aws.is_none() {
                table.aws = Some(outputs_index);
            }
            table.outputs.push(base);
            if let Some(regions) = json::get(partition, "regions") {
                let regions_loc = loc.key("regions");
                for (region, overrides) in json::object(regions, &regions_loc)? {
                    let region_loc = regions_loc.key(region);
                    let overrides = json::object(overrides, &region_loc)?;
                    // The first partition that lists a region wins.
                    if table.regions.contains_key(region) {
                        continue;
                    }
                    let index = match merge_overrides(
                        &table.outputs[outputs_index],
                        overrides,
                        &region_loc,
                    )? {
                        Some(merged) => {
                            table.outputs.push(merged);
                            table.outputs.len() - 1
                        }
                        None => outputs_index,
                    };
                    table.regions.insert(region.clone(), index);
                }
            }
            table.partitions.push(Entry {
                region_regex,
                outputs: outputs_index,
            });
        }
        Ok(table)
    }

    /// The partition of `region` (see the module documentation for the order of matching), or
    /// `None` when nothing matches and the table has no `aws` partition.
    pub fn resolve(&self, region: &str) -> Option<&Partition> {
        let index = match self.regions.get(region) {
            Some(&index) => Some(index),
            None => self
                .partitions
                .iter()
                .find(|entry| entry.region_regex.is_match(region))
                .map(|entry| entry.outputs)
                .or(self.aws),
        };
        index.and_then(|index| self.outputs.get(index))
    }
}

/// Reads a complete `outputs` object.
fn read_outputs(outputs: &Map<String, Value>, loc: &Loc<'_>) -> Result<Partition, ParseError> {
    let string = |key: &'static str| -> Result<String, ParseError> {
        json::string(json::member(outputs, key, loc)?, &loc.key(key)).map(str::to_owned)
    };
    let boolean = |key: &'static str| -> Result<bool, ParseError> {
        json::boolean(json::member(outputs, key, loc)?, &loc.key(key))
    };
    Ok(Partition {
        name: string("name")?,
        dns_suffix: string("dnsSuffix")?,
        dual_stack_dns_suffix: string("dualStackDnsSuffix")?,
        supports_fips: boolean("supportsFIPS")?,
        supports_dual_stack: boolean("supportsDualStack")?,
        implicit_global_region: string("implicitGlobalRegion")?,
    })
}

/// `base` with the output fields present in a region entry applied, or `None` when the entry
/// overrides nothing (it usually only has a `description`). Unknown members are ignored.
fn merge_overrides(
    base: &Partition,
    overrides: &Map<String, Value>,
    loc: &Loc<'_>,
) -> Result<Option<Partition>, ParseError> {
    let mut merged = base.clone();
    let mut changed = false;
    for (key, value) in overrides {
        let value_loc = loc.key(key);
        match key.as_str() {
            "name" => merged.name = json::string(value, &value_loc)?.to_owned(),
            "dnsSuffix" => merged.dns_suffix = json::string(value, &value_loc)?.to_owned(),
            "dualStackDnsSuffix" => {
                merged.dual_stack_dns_suffix = json::string(value, &value_loc)?.to_owned()
            }
            "implicitGlobalRegion" => {
                merged.implicit_global_region = json::string(value, &value_loc)?.to_owned()
            }
            "supportsFIPS" => merged.supports_fips = json::boolean(value, &value_loc)?,
            "supportsDualStack" => merged.supports_dual_stack = json::boolean(value, &value_loc)?,
            _ => continue,
        }
        changed = true;
    }
    Ok(changed.then_some(merged))
}

#[cfg(test)]
mod tests {
    use super::Partitions;

    #[test]
    fn embedded_table_parses() {
        let table = Partitions::parse(super::EMBEDDED).expect("shipped table parses");
        assert_eq!(table.partitions.len(), 8);
        assert!(table.aws.is_some());
    }

    #[test]
    fn resolution_order() {
        let table = Partitions::embedded();
        let name = |region: &str| table.resolve(region).map(|p| p.name.as_str());
        // Listed regions.
        assert_eq!(name("us-east-1"), Some("aws"));
        assert_eq!(name("cn-north-1"), Some("aws-cn"));
        assert_eq!(name("us-gov-west-1"), Some("aws-us-gov"));
        assert_eq!(name("aws-global"), Some("aws"));
        assert_eq!(name("aws-cn-global"), Some("aws-cn"));
        // By pattern.
        assert_eq!(name("us-west-9"), Some("aws"));
        assert_eq!(name("cn-south-7"), Some("aws-cn"));
        assert_eq!(name("us-gov-north-3"), Some("aws-us-gov"));
        assert_eq!(name("us-isob-west-4"), Some("aws-iso-b"));
        assert_eq!(name("eusc-de-west-2"), Some("aws-eusc"));
        // Fallback.
        assert_eq!(name("mars-east-1"), Some("aws"));
        assert_eq!(name(""), Some("aws"));
        let cn = table.resolve("cn-north-1").expect("listed");
        assert_eq!(cn.dns_suffix, "amazonaws.com.cn");
        assert_eq!(cn.dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
        assert_eq!(cn.implicit_global_region, "cn-northwest-1");
        assert!(cn.supports_fips && cn.supports_dual_stack);
    }

    const CUSTOM: &str = r#"{
        "version": "1.1",
        "partitions": [
            {"id": "first", "regionRegex": "^f\\-\\d+$",
             "outputs": {"name": "first", "dnsSuffix": "one.example", "dualStackDnsSuffix": "ds.one.example",
                         "supportsFIPS": true, "supportsDualStack": false, "implicitGlobalRegion": "f-1"},
             "regions": {"f-1": {"description": "plain"},
                         "special": {"supportsFIPS": false, "dnsSuffix": "special.example"}}},
            {"id": "aws", "regionRegex": "^a\\-\\d+$",
             "outputs": {"name": "aws", "dnsSuffix": "aws.example", "dualStackDnsSuffix": "ds.aws.example",
                         "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "a-1"},
             "regions": {"special": {"dnsSuffix": "ignored, listed earlier"}}}
        ]
    }"#;

    #[test]
    fn region_overrides_apply() {
        let table = Partitions::parse(CUSTOM).expect("valid");
        let special = table.resolve("special").expect("listed");
        assert_eq!(special.name, "first");
        assert_eq!(special.dns_suffix, "special.example");
        assert!(!special.supports_fips);
        assert_eq!(special.dual_stack_dns_suffix, "ds.one.example");
        // The pattern match takes the partition outputs unchanged.
        let plain = table.resolve("f-22").expect("matched");
        assert_eq!(plain.dns_suffix, "one.example");
        assert!(plain.supports_fips);
        assert_eq!(table.resolve("zzz").expect("fallback").name, "aws");
    }

    #[test]
    fn no_aws_partition_means_none() {
        let json = CUSTOM.replace("\"id\": \"aws\"", "\"id\": \"other\"");
        let table = Partitions::parse(&json).expect("valid");
        assert!(table.resolve("zzz").is_none());
        assert_eq!(table.resolve("a-3").map(|p| p.name.as_str()), Some("aws"));
    }

    #[test]
    fn malformed_tables_are_errors() {
        let cases = [
            ("", ""),
            ("[]", ""),
            ("{}", ""),
            (r#"{"partitions": {}}"#, "partitions"),
            (r#"{"partitions": [1]}"#, "partitions[0]"),
            (r#"{"partitions": [{"id": "x"}]}"#, "partitions[0]"),
            (
                r#"{"partitions": [{"id": "x", "regionRegex": "a{2}", "outputs": {}}]}"#,
                "partitions[0].regionRegex",
            ),
            (
                r#"{"partitions": [{"id": "x", "regionRegex": "a", "outputs": {"name": "x"}}]}"#,
                "partitions[0].outputs",
            ),
        ];
        for (json, location) in cases {
            let error = Partitions::parse(json).expect_err(json);
            assert_eq!(error.location(), location, "{json}: {error}");
        }
        let bad_override = CUSTOM.replace(r#""supportsFIPS": false,"#, r#""supportsFIPS": "no","#);
        let error = Partitions::parse(&bad_override).expect_err("bad override");
        assert_eq!(
            error.location(),
            "partitions[0].regions.special.supportsFIPS"
        );
    }
}
