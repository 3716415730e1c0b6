//! The shared `config` / `credentials` file format: parsing and merging into a [`ProfileSet`].
//!
//! Input: the text of the config file (`~/.aws/config`) and of the credentials file
//! (`~/.aws/credentials`), either of which may be empty. Output: a [`ProfileSet`] with every
//! profile, `[sso-session NAME]` and `[services NAME]` section, or a [`ProfileParseError`] that
//! names the file, the line and what is wrong, without quoting the line (it may hold a secret).
//!
//! # Format
//!
//! The files are line based:
//!
//! - Blank lines, and lines whose first non-blank character is `#` or `;`, are ignored.
//! - `[...]` starts a section. In the config file a profile is `[profile NAME]` (any spaces or
//!   tabs between `profile` and the name), or `[default]` for the default profile; `[sso-session
//!   NAME]` and `[services NAME]` are the other known sections; anything else is skipped. In the
//!   credentials file the whole bracketed text is the profile name, with no prefix. Names are
//!   trimmed and must consist of ASCII letters, digits and `- / . % @ _ : +`; a section with any
//!   other name is skipped, together with its properties. Only a comment may follow the `]`.
//! - `key = value` defines a property of the current section. The key is trimmed and
//!   case-insensitive (stored lower-cased); keys with other characters than the ones above are
//!   skipped. The value is trimmed and loses any comment that starts with `#` or `;` *preceded by
//!   a space or tab* (`a;b` keeps its `;`).
//! - A line that starts with a space or tab continues the last property: its trimmed text is
//!   appended after a `\n`, comments included. If the property's own value was empty, the
//!   continuation lines are instead *sub-properties* (`key = value` each, e.g. `s3 =` followed by
//!   `  addressing_style = path`); the raw value still holds them, one per line.
//!
//! # Merging
//!
//! Repeated sections merge, a repeated key keeping the last value. In the config file,
//! `[profile default]` wins over `[default]`: as soon as the file has one `[profile default]`
//! section, every `[default]` section of that file is ignored. The credentials file is merged
//! over the config file, its values winning.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt;

/// Which of the two shared files a text comes from; it decides how section headers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The config file (`~/.aws/config`): `[profile NAME]`, `[default]`, `[sso-session NAME]`,
    /// `[services NAME]`.
    Config,
    /// The credentials file (`~/.aws/credentials`): `[NAME]`, with no prefix.
    Credentials,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Config => "config file",
            FileKind::Credentials => "credentials file",
        })
    }
}

/// One named section of a profile file: a profile, an `sso-session` or a `services` section.
///
/// Property keys are case-insensitive. `Debug` hides the values of keys that look secret
/// (see [`is_sensitive_key`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Section {
    name: String,
    properties: BTreeMap<String, Property>,
}

/// A profile: a [`Section`] of the config or credentials file that carries settings.
pub type Profile = Section;

impl Section {
    fn new(name: &str) -> Self {
        Section {
            name: name.to_owned(),
            properties: BTreeMap::new(),
        }
    }

    /// The section's name (for a profile: `default` or the name after `profile`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of a property (case-insensitive key), or `None`.
    ///
    /// A property with sub-properties has the raw text of those as its value (`"\nkey = value"`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(Property::value)
    }

    /// A property with its sub-properties (case-insensitive key), or `None`.
    pub fn property(&self, key: &str) -> Option<&Property> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.properties.get(&key.to_ascii_lowercase())
        } else {
            self.properties.get(key)
        }
    }

    /// The value of sub-property `sub_key` of property `key` (both case-insensitive), or `None`.
    pub fn get_sub(&self, key: &str, sub_key: &str) -> Option<&str> {
        self.property(key)?.sub_property(sub_key)
    }

    /// Every property, by lower-cased key in ascending order.
    pub fn properties(&self) -> impl Iterator<Item = &Property> {
        self.properties.values()
    }

    /// Whether the section has no properties.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    fn merge_from(&mut self, other: Section) {
        self.properties.extend(other.properties);
    }
}

impl fmt::Debug for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Section")
            .field("name", &self.name)
            .field("properties", &self.properties)
            .finish()
    }
}

/// One `key = value` property, with the sub-properties of a nested block.
#[derive(Clone, PartialEq, Eq)]
pub struct Property {
    key: String,
    value: String,
    sub_properties: BTreeMap<String, String>,
}

impl Property {
    /// The key, lower-cased.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value: trimmed, comments removed, continuation lines joined with `\n`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value of a sub-property (case-insensitive key), or `None`.
    pub fn sub_property(&self, key: &str) -> Option<&str> {
        self.sub_properties
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// Every sub-property as `(lower-cased key, value)`, by key. Sub-properties whose key has
    /// invalid characters only appear in [`Property::value`].
    pub fn sub_properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sub_properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl fmt::Debug for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        let mut s = f.debug_struct("Property");
        s.field("key", &self.key);
        if self.sub_properties.is_empty() {
            if is_sensitive_key(&self.key) {
                s.field("value", &REDACTED);
            } else {
                s.field("value", &self.value);
            }
        } else {
            let subs: BTreeMap<&str, &str> = self
                .sub_properties
                .iter()
                .map(|(k, v)| {
                    let shown = if is_sensitive_key(&self.key) || is_sensitive_key(k) {
                        REDACTED
                    } else {
                        v.as_str()
                    };
                    (k.as_str(), shown)
                })
                .collect();
            s.field("sub_properties", &subs);
        }
        s.finish()
    }
}

/// Whether `Debug` output hides the value of a property with this (lower-cased) key: keys
/// containing `secret`, `password`, `session_token` or `security_token`, the Huawei Cloud `sk`,
/// and `credential_process` (a command line can carry secrets).
pub fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "sk"
        || key == "credential_process"
        || ["secret", "password", "session_token", "security_token"]
            .iter()
            .any(|s| key.contains(s))
}

/// Every profile and other section from the config and credentials files, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
}

impl ProfileSet {
    /// Parses and merges the config file text and the credentials file text (pass `""` for a
    /// missing file). See the module docs for the rules.
    pub fn parse(config: &str, credentials: &str) -> Result<ProfileSet, ProfileParseError> {
        Self::parse_sources(&[
            ProfileSource::new(FileKind::Config, config),
            ProfileSource::new(FileKind::Credentials, credentials),
        ])
    }

    /// Parses several files and merges them in order, later ones winning on repeated keys. The
    /// default files are `[config, credentials]` in that order.
    pub fn parse_sources(sources: &[ProfileSource<'_>]) -> Result<ProfileSet, ProfileParseError> {
        let mut set = ProfileSet::default();
        for source in sources {
            let file = parse_file(source)?;
            set.merge_file(source.kind, file);
        }
        Ok(set)
    }

    /// A set from profiles given directly (no file), e.g. for tests: each entry is a profile name
    /// and its `(key, value)` properties.
    pub fn from_profiles<'a, P, K>(profiles: P) -> ProfileSet
    where
        P: IntoIterator<Item = (&'a str, K)>,
        K: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut set = ProfileSet::default();
        for (name, props) in profiles {
            let section = build_section(name, props);
            merge_into(&mut set.profiles, section);
        }
        set
    }

    /// Adds an `sso-session` section given directly (see [`ProfileSet::from_profiles`]).
    pub fn insert_sso_session<'a, K>(&mut self, name: &str, properties: K)
    where
        K: IntoIterator<Item = (&'a str, &'a str)>,
    {
        merge_into(&mut self.sso_sessions, build_section(name, properties));
    }

    /// The profile named `name` (case-sensitive), or `None`.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// The `[sso-session NAME]` section named `name`, or `None`.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// Every `sso-session` section, by name.
    pub fn sso_sessions(&self) -> impl Iterator<Item = &Section> {
        self.sso_sessions.values()
    }

    /// The `[services NAME]` section named `name`, or `None`.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// Whether there are no profiles (other sections are not counted).
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    fn merge_file(&mut self, kind: FileKind, file: ParsedFile) {
        let has_prefixed_default = file.sections.iter().any(|(header, _)| {
            matches!(header, Header::Profile { prefixed: true, name } if name == "default")
        });
        for (header, section) in file.sections {
            match header {
                Header::Profile { prefixed, name } => {
                    let shadowed = kind == FileKind::Config
                        && name == "default"
                        && !prefixed
                        && has_prefixed_default;
                    if !shadowed {
                        merge_into(&mut self.profiles, section);
                    }
                }
                Header::SsoSession(_) => merge_into(&mut self.sso_sessions, section),
                Header::Services(_) => merge_into(&mut self.services, section),
            }
        }
    }
}

fn build_section<'a>(name: &str, props: impl IntoIterator<Item = (&'a str, &'a str)>) -> Section {
    let mut section = Section::new(name);
    for (key, value) in props {
        let key = key.to_ascii_lowercase();
        section.properties.insert(
            key.clone(),
            Property {
                key,
                value: value.to_owned(),
                sub_properties: BTreeMap::new(),
            },
        );
    }
    section
}

fn merge_into(map: &mut BTreeMap<String, Section>, section: Section) {
    match map.get_mut(&section.name) {
        Some(existing) => existing.merge_from(section),
        None => {
            map.insert(section.name.clone(), section);
        }
    }
}

/// One file to parse: its kind, its text, and optionally its path (used in error messages).
#[derive(Debug, Clone, Copy)]
pub struct ProfileSource<'a> {
    /// Config or credentials format.
    pub kind: FileKind,
    /// The whole file text.
    pub text: &'a str,
    /// Where the text was read from, for error messages.
    pub path: Option<&'a str>,
}

impl<'a> ProfileSource<'a> {
    /// A source without a path.
    pub fn new(kind: FileKind, text: &'a str) -> Self {
        ProfileSource {
            kind,
            text,
            path: None,
        }
    }

    /// The same source, naming `path` in error messages.
    pub fn with_path(mut self, path: &'a str) -> Self {
        self.path = Some(path);
        self
    }
}

/// Why a profile file could not be parsed: the file, the 1-based line, and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileParseError {
    file: FileKind,
    path: Option<String>,
    line: usize,
    kind: ParseErrorKind,
}

impl ProfileParseError {
    /// The kind of file that failed.
    pub fn file(&self) -> FileKind {
        self.file
    }

    /// The path of the file, when the caller gave one.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The 1-based line number of the offending line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }
}

impl fmt::Display for ProfileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error parsing the {}", self.file)?;
        if let Some(path) = &self.path {
            write!(f, " `{path}`")?;
        }
        write!(f, " on line {}: {}", self.line, self.kind)
    }
}

impl Error for ProfileParseError {}

/// The problems [`ProfileParseError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A `[` line without a closing `]`.
    UnterminatedSection,
    /// Text other than a comment after the closing `]`.
    TrailingTextAfterSection,
    /// A property line before any section header.
    PropertyOutsideSection,
    /// A continuation line before any section header.
    ContinuationOutsideSection,
    /// A continuation line in a section before any property.
    ContinuationOutsideProperty,
    /// A property line without `=`.
    MissingEquals,
    /// A property line with nothing before the `=`.
    EmptyPropertyName,
    /// A sub-property line without `=`.
    SubPropertyMissingEquals,
    /// A sub-property line with nothing before the `=`.
    EmptySubPropertyName,
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseErrorKind::UnterminatedSection => "Profile definition must end with ']'",
            ParseErrorKind::TrailingTextAfterSection => {
                "Profile definition may only be followed by a comment after ']'"
            }
            ParseErrorKind::PropertyOutsideSection => {
                "Expected a profile definition, found a property"
            }
            ParseErrorKind::ContinuationOutsideSection => {
                "Expected a profile definition, found continuation"
            }
            ParseErrorKind::ContinuationOutsideProperty => {
                "Expected a property definition, found continuation"
            }
            ParseErrorKind::MissingEquals => "Expected an '=' sign defining a property",
            ParseErrorKind::EmptyPropertyName => "Property did not have a name",
            ParseErrorKind::SubPropertyMissingEquals => {
                "Expected an '=' sign defining a sub-property"
            }
            ParseErrorKind::EmptySubPropertyName => "Sub-property did not have a name",
        })
    }
}

/// What a section header means, before merging.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Header {
    /// A profile; `prefixed` is true for `[profile NAME]` in the config file.
    Profile {
        prefixed: bool,
        name: String,
    },
    SsoSession(String),
    Services(String),
}

struct ParsedFile {
    sections: Vec<(Header, Section)>,
}

/// Where the parser is: outside any section, in a kept section, or in a skipped one.
enum Current {
    Nothing,
    Kept,
    Skipped,
}

/// The property continuation lines attach to.
struct OpenProperty {
    key: String,
    /// Whether the property's own value was empty, making continuations sub-properties.
    nested: bool,
    /// Whether the property is stored (a valid key in a kept section).
    kept: bool,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn trim_blank(s: &str) -> &str {
    s.trim_matches(|c| is_blank(c) || c == '\r')
}

/// Whether `name` is a valid profile, section or property name.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-/.%@_:+".contains(&b))
}

fn parse_file(source: &ProfileSource<'_>) -> Result<ParsedFile, ProfileParseError> {
    let err = |line: usize, kind: ParseErrorKind| ProfileParseError {
        file: source.kind,
        path: source.path.map(str::to_owned),
        line,
        kind,
    };
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(source.text);
    let mut sections: Vec<(Header, Section)> = Vec::new();
    let mut current = Current::Nothing;
    let mut open: Option<OpenProperty> = None;

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let trimmed = trim_blank(line);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }

        if line.starts_with(is_blank) {
            // A continuation of the open property.
            match (&current, &open) {
                (Current::Nothing, _) => {
                    return Err(err(line_no, ParseErrorKind::ContinuationOutsideSection))
                }
                (_, None) => return Err(err(line_no, ParseErrorKind::ContinuationOutsideProperty)),
                _ => {}
            }
            let Some(prop) = &open else { continue };
            let sub = if prop.nested {
                let Some((key, value)) = trimmed.split_once('=') else {
                    return Err(err(line_no, ParseErrorKind::SubPropertyMissingEquals));
                };
                let key = trim_blank(key);
                if key.is_empty() {
                    return Err(err(line_no, ParseErrorKind::EmptySubPropertyName));
                }
                Some((key, trim_blank(value)))
            } else {
                None
            };
            if prop.kept {
                if let Some((_, section)) = sections.last_mut() {
                    if let Some(stored) = section.properties.get_mut(&prop.key) {
                        stored.value.push('\n');
                        stored.value.push_str(trimmed);
                        if let Some((key, value)) = sub {
                            if is_valid_name(key) {
                                stored
                                    .sub_properties
                                    .insert(key.to_ascii_lowercase(), value.to_owned());
                            }
                        }
                    }
                }
            }
            continue;
        }

        if trimmed.starts_with('[') {
            open = None;
            let Some(close) = trimmed.find(']') else {
                return Err(err(line_no, ParseErrorKind::UnterminatedSection));
            };
            let inner = trim_blank(&trimmed[1..close]);
            let rest = trim_blank(&trimmed[close + 1..]);
            if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
                return Err(err(line_no, ParseErrorKind::TrailingTextAfterSection));
            }
            match classify_header(source.kind, inner) {
                Some(header) => {
                    let name = match &header {
                        Header::Profile { name, .. } => name.clone(),
                        Header::SsoSession(name) | Header::Services(name) => name.clone(),
                    };
                    sections.push((header, Section::new(&name)));
                    current = Current::Kept;
                }
                None => current = Current::Skipped,
            }
            continue;
        }

        // A property definition.
        if matches!(current, Current::Nothing) {
            return Err(err(line_no, ParseErrorKind::PropertyOutsideSection));
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(err(line_no, ParseErrorKind::MissingEquals));
        };
        let key = trim_blank(key);
        if key.is_empty() {
            return Err(err(line_no, ParseErrorKind::EmptyPropertyName));
        }
        let value = strip_inline_comment(value);
        let key_lower = key.to_ascii_lowercase();
        let kept = matches!(current, Current::Kept) && is_valid_name(key);
        if kept {
            if let Some((_, section)) = sections.last_mut() {
                section.properties.insert(
                    key_lower.clone(),
                    Property {
                        key: key_lower.clone(),
                        value: value.to_owned(),
                        sub_properties: BTreeMap::new(),
                    },
                );
            }
        }
        open = Some(OpenProperty {
            key: key_lower,
            nested: value.is_empty(),
            kept,
        });
    }
    Ok(ParsedFile { sections })
}

/// The trimmed value with any comment removed: a `#` or `;` preceded by a space or tab starts a
/// comment (`value # note`), one preceded by anything else is part of the value (`a;b`).
fn strip_inline_comment(value: &str) -> &str {
    let mut prev_blank = false;
    let mut end = value.len();
    for (i, c) in value.char_indices() {
        if (c == '#' || c == ';') && prev_blank {
            end = i;
            break;
        }
        prev_blank = is_blank(c);
    }
    trim_blank(&value[..end])
}

/// What the trimmed text between `[` and `]` names, or `None` for a skipped section.
fn classify_header(kind: FileKind, inner: &str) -> Option<Header> {
    match kind {
        FileKind::Credentials => is_valid_name(inner).then(|| Header::Profile {
            prefixed: false,
            name: inner.to_owned(),
        }),
        FileKind::Config => {
            if inner == "default" {
                return Some(Header::Profile {
                    prefixed: false,
                    name: inner.to_owned(),
                });
            }
            let (prefix, name) = split_prefix(inner)?;
            if !is_valid_name(name) {
                return None;
            }
            let name = name.to_owned();
            match prefix {
                "profile" => Some(Header::Profile {
                    prefixed: true,
                    name,
                }),
                "sso-session" => Some(Header::SsoSession(name)),
                "services" => Some(Header::Services(name)),
                _ => None,
            }
        }
    }
}

/// Splits `prefix<blanks>name` at the first run of spaces or tabs.
fn split_prefix(inner: &str) -> Option<(&str, &str)> {
    let at = inner.find(is_blank)?;
    let (prefix, rest) = inner.split_at(at);
    Some((prefix, trim_blank(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_comments() {
        assert_eq!(strip_inline_comment(" value # c"), "value");
        assert_eq!(strip_inline_comment(" value;x"), "value;x");
        assert_eq!(strip_inline_comment("\tvalue\t;x"), "value");
        assert_eq!(strip_inline_comment("#x"), "#x");
        assert_eq!(strip_inline_comment(" #x"), "");
        assert_eq!(strip_inline_comment(""), "");
    }

    #[test]
    fn sub_properties_are_parsed() {
        let set = ProfileSet::parse(
            "[profile a]\ns3 =\n  addressing_style = path\n  Max_Concurrent = 3 # x\nregion = r",
            "",
        )
        .unwrap();
        let a = set.get("a").unwrap();
        assert_eq!(a.get_sub("S3", "addressing_style"), Some("path"));
        assert_eq!(a.get_sub("s3", "max_concurrent"), Some("3 # x"));
        assert_eq!(a.get("REGION"), Some("r"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let set = ProfileSet::parse(
            "",
            "[a]\naws_access_key_id = AKID\naws_secret_access_key = SEKRIT\naws_session_token = TOKN",
        )
        .unwrap();
        let text = format!("{set:?}");
        assert!(text.contains("AKID"));
        assert!(!text.contains("SEKRIT"));
        assert!(!text.contains("TOKN"));
    }

    #[test]
    fn errors_name_the_file_and_line_without_content() {
        let e = ProfileSet::parse("[profile a]\nx = 1", "[b]\naws_secret_access_key: SEKRIT")
            .unwrap_err();
        assert_eq!(e.file(), FileKind::Credentials);
        assert_eq!(e.line(), 2);
        let text = e.to_string();
        assert!(text.contains("credentials file on line 2"), "{text}");
        assert!(!text.contains("SEKRIT"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "[",
            "]",
            "[]",
            "[ ]",
            "=",
            " =",
            "[default]\n =",
            "[default]\n\u{1F602}=\u{1F602}",
            "[default]\nk=\n =",
            "\u{feff}[default]\nk=v",
            "[default]\r\nk=v\r\n \tx",
            "\r",
            "[\u{e9}]",
            "[profile \u{e9}]\n \u{e9}",
            "[default] x",
        ] {
            let _ = ProfileSet::parse(text, text);
        }
    }
}
