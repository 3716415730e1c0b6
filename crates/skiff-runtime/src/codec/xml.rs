//! XML for the XML-based protocols (awsQuery and ec2Query responses, restXml bodies): a small
//! document tree read with `quick-xml`, a writer, and the schema-driven walks between
//! [`Value`]s and XML that those protocols share.
//!
//! # The tree ([`parse`])
//!
//! Protocol codecs walk a [`Schema`] over the tree, so the tree keeps only what they match on
//! and read:
//!
//! - element and attribute names are *local* names: prefixes are dropped and namespace URIs are
//!   not resolved, because AWS XML responses are matched by name alone and services are not
//!   consistent about the namespaces they declare (a schema name with a prefix, such as
//!   `xsi:type`, is matched by its local part too);
//! - `xmlns` / `xmlns:p` declarations are not kept as attributes (they are not data);
//! - the text of an element is the concatenation of its text and CDATA children, with the XML
//!   predefined entities and character references decoded once (`&amp;lt;` is `&lt;`);
//!   whitespace is kept, because it is significant in strings (readers trim it where a number,
//!   boolean or timestamp is expected);
//! - comments, processing instructions, the XML declaration and a DOCTYPE are skipped; entities
//!   a DOCTYPE would declare are not expanded (an unknown entity is an error), which also rules
//!   out entity-expansion attacks;
//! - nesting is limited to [`MAX_DEPTH`] levels, so that hostile input can exhaust neither the
//!   stack of the recursive schema walk nor that of the tree's `Drop`.
//!
//! Errors describe what is wrong and where (a byte offset, a member path), never the document's
//! content, which may be sensitive.
//!
//! # Reading values ([`read_members`], [`read_value`])
//!
//! - A structure member is the child element named by its `@xmlName`, else its member name;
//!   an `@xmlAttribute` member is the attribute of that name on the structure's element; unknown
//!   elements and attributes are ignored (services add members).
//! - Lists: `<List><member>v</member>...</List>` (`member` renamed by the list member's
//!   `@xmlName`); an `@xmlFlattened` list is the structure member's element repeated, one per
//!   item. An empty list element is an empty list, not an unset member.
//! - Maps: `<Map><entry><key>k</key><value>v</value></entry>...</Map>` (`key` / `value` renamed
//!   by the `@xmlName` of the map's members); a flattened map repeats the structure member's
//!   element as the entry. Entries come out sorted by key (the order of [`Value::Map`]); a
//!   repeated key keeps its last value; an entry without a value is a null entry of a `@sparse`
//!   map and is dropped from a dense one.
//! - Unions are read like structures; more than one member set is a malformed response.
//! - Scalars: strings and enums are the text as is (an unknown enum value is kept); other
//!   scalars are the trimmed text: `true`/`false`, decimal integers, floats including `NaN`,
//!   `Infinity` and `-Infinity` (but not Rust's own `inf` or `nan`), base64 blobs (line breaks
//!   allowed), timestamps in `date-time` unless `@timestampFormat` says otherwise. Documents are
//!   refused: no XML protocol supports them.
//! - The message member of an error structure is also found as `Message` or `message`, the two
//!   spellings services use.
//!
//! # Writing values ([`Writer`], [`write_document`])
//!
//! The mirror image of reading, plus namespaces:
//!
//! - every element is written as a start and an end tag (`<a></a>`, never `<a/>`); no XML
//!   declaration is written (it is optional, and some services reject an encoding they do not
//!   expect);
//! - text escapes `&`, `<`, `>` and the carriage return (`&#xD;`, which a parser would otherwise
//!   turn into a line feed); attribute values escape `&`, `<`, `>`, `"` and tab, carriage return
//!   and line feed (which attribute-value normalization would turn into spaces);
//! - an empty list or map is an empty element; an empty flattened list or map writes nothing;
//!   unset members and null list items are left out; a null map value writes its entry with the
//!   key alone (what the reader takes for a null entry);
//! - floats are written in the shortest form that reads back to the same value (a `float` shape
//!   as 32-bit, so `5.5f32` is `5.5`), non-finite ones as `NaN`, `Infinity`, `-Infinity`;
//! - `@xmlNamespace` declares `xmlns="uri"` (or `xmlns:prefix="uri"`) on the element of the
//!   member that has it, else of the member whose target has it; the items of a flattened list
//!   take the structure member's namespace, else the list member's (the list's own is ignored,
//!   as the protocol tests require); a declaration already in scope is not repeated, so a
//!   nested structure with the root's namespace writes none (the protocol tests compare the
//!   declarations literally).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::datetime::{DateTime, TimestampFormat};
use crate::schema::{Kind, Member, Schema};
use crate::value::Value;

/// The deepest element nesting [`parse`] accepts.
pub(crate) const MAX_DEPTH: usize = 100;

/// An XML element: its local name, attributes, child elements and text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    /// The local name (without prefix).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The text directly inside the element (entities decoded, CDATA included, whitespace kept).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The value of the attribute with local name `name` (a prefix in `name` is ignored).
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        let name = local(name);
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element with local name `name` (a prefix in `name` is ignored).
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        let name = local(name);
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with local name `name`, in document order.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        let name = local(name);
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Whether the element has child elements.
    #[cfg(feature = "rest-xml")] // Only restXml needs it.
    pub(crate) fn has_children(&self) -> bool {
        !self.children.is_empty()
    }
}

/// Parses a whole document and returns its root element.
///
/// The document must be well-formed: one root element, matching end tags, known entities,
/// UTF-8 text. Errors say what is wrong and at which byte, without quoting the document.
pub(crate) fn parse(body: &[u8]) -> Result<Element, String> {
    // quick-xml does not skip a byte-order mark on its own when reading a byte slice.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = Reader::from_reader(body);
    // Every end tag must match its start tag (quick-xml's default; stated, since we rely on it).
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(&e, reader.error_position()))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "the XML body nests elements more than {MAX_DEPTH} levels deep \
                         (at byte {position})"
                    ));
                }
                if stack.is_empty() && root.is_some() {
                    return Err(format!(
                        "the XML body has more than one root element (at byte {position})"
                    ));
                }
                stack.push(open(&reader, &start, position)?);
            }
            Event::Empty(start) => {
                let element = open(&reader, &start, position)?;
                close(&mut stack, &mut root, element, position)?;
            }
            Event::End(_) => {
                // With `check_end_names`, quick-xml has already checked that the names match.
                let element = stack.pop().ok_or_else(|| {
                    format!("the XML body has an unmatched end tag (at byte {position})")
                })?;
                close(&mut stack, &mut root, element, position)?;
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| malformed(&e, position))?;
                push_text(&mut stack, &text, position)?;
            }
            Event::CData(data) => {
                let text = data.decode().map_err(|_| {
                    format!("the XML body has text that is not UTF-8 (at byte {position})")
                })?;
                push_text(&mut stack, &text, position)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("the XML body ends inside an element".to_owned());
    }
    root.ok_or_else(|| "the body is not an XML document (no root element)".to_owned())
}

/// A new element from a start tag: its local name and its non-namespace attributes.
fn open(reader: &Reader<&[u8]>, start: &BytesStart<'_>, position: u64) -> Result<Element, String> {
    let name = utf8(start.local_name().into_inner(), position)?;
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| malformed(&quick_xml::Error::InvalidAttr(e), position))?;
        if attribute.key.as_namespace_binding().is_some() {
            continue;
        }
        let key = utf8(attribute.key.local_name().into_inner(), position)?;
        let value = attribute
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| malformed(&e, position))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

/// Attaches a finished element to its parent, or makes it the root.
fn close(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    position: u64,
) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(format!(
                "the XML body has more than one root element (at byte {position})"
            ));
        }
    }
    Ok(())
}

/// Appends text to the open element; outside the root only whitespace is allowed.
fn push_text(stack: &mut [Element], text: &str, position: u64) -> Result<(), String> {
    match stack.last_mut() {
        Some(element) => element.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => {
            return Err(format!(
                "the body is not an XML document (text outside the root element at byte {position})"
            ))
        }
    }
    Ok(())
}

fn utf8(bytes: &[u8], position: u64) -> Result<String, String> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| format!("the XML body has a name that is not UTF-8 (at byte {position})"))
}

/// Describes a quick-xml error by its kind only: its `Display` may quote names or entities of
/// the document.
fn malformed(error: &quick_xml::Error, position: u64) -> String {
    use quick_xml::Error;
    let what = match error {
        Error::Syntax(e) => return format!("the XML body is malformed: {e} (at byte {position})"),
        Error::IllFormed(_) => "it is not well-formed",
        Error::InvalidAttr(_) => "an attribute is malformed",
        Error::Encoding(_) => "it has text that is not UTF-8",
        Error::Escape(_) => "it has an unknown entity or an invalid character reference",
        Error::Namespace(_) => "it has an invalid namespace declaration",
        Error::Io(_) => "it cannot be read",
    };
    format!("the XML body is malformed: {what} (at byte {position})")
}

/// The local part of a name that may carry a prefix (`xsi:type` → `type`).
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

// ---------------------------------------------------------------------------------------------
// Reading values

/// The timestamp format of XML documents when no `@timestampFormat` applies.
pub(crate) const DEFAULT_TIMESTAMP: TimestampFormat = TimestampFormat::DateTime;

/// The element (or attribute) name of a structure member: its `@xmlName`, else its name.
pub(crate) fn member_name(member: &Member) -> &'static str {
    member.xml_name.unwrap_or(member.name)
}

/// Reads every member of structure (or union) `schema` from the children and attributes of
/// `element`. Errors name the member path (in `path`), never a value.
pub(crate) fn read_struct(
    schema: &Schema,
    element: &Element,
    path: &mut String,
) -> Result<Value, String> {
    read_members(schema, element, path, &|_| true)
}

/// Reads the members of structure (or union) `schema` for which `include` holds (the others are
/// left unset) from the children and attributes of `element`.
pub(crate) fn read_members(
    schema: &Schema,
    element: &Element,
    path: &mut String,
    include: &dyn Fn(&Member) -> bool,
) -> Result<Value, String> {
    let mut slots = Vec::with_capacity(schema.members.len());
    for member in schema.members {
        if !include(member) {
            slots.push(None);
            continue;
        }
        let name = member_name(member);
        let len = path.len();
        path.push('.');
        path.push_str(member.name);
        let kind = member.target.kind;
        let value = if kind == Kind::Document {
            None
        } else if member.xml_attribute {
            element
                .attribute(name)
                .map(|text| read_scalar(member, text, path))
                .transpose()?
        } else if member.xml_flattened && kind == Kind::List {
            read_list_items(member, element.children_named(name), path)?
        } else if member.xml_flattened && kind == Kind::Map {
            read_map(member.target, element.children_named(name), path)?
        } else {
            let child = element.child(name).or_else(|| {
                // Error structures: services spell the message member either way.
                let message = schema.error.is_some() && member.name.eq_ignore_ascii_case("message");
                message
                    .then(|| {
                        element
                            .child("Message")
                            .or_else(|| element.child("message"))
                    })
                    .flatten()
            });
            child.map(|c| read_value(member, c, path)).transpose()?
        };
        path.truncate(len);
        slots.push(value);
    }
    if schema.kind == Kind::Union && slots.iter().filter(|s| s.is_some()).count() > 1 {
        return Err(format!(
            "the union at `{path}` has more than one member set"
        ));
    }
    Ok(Value::Struct(slots))
}

/// Reads the value of `member` (a structure member, or the member of a list or map) from its
/// element.
pub(crate) fn read_value(
    member: &Member,
    element: &Element,
    path: &mut String,
) -> Result<Value, String> {
    let schema = member.target;
    match schema.kind {
        Kind::Structure | Kind::Union => read_struct(schema, element, path),
        Kind::List => {
            let Some(item) = schema.element() else {
                return Ok(Value::List(Vec::new()));
            };
            let items = element.children_named(item.xml_name.unwrap_or("member"));
            Ok(read_list_items(member, items, path)?.unwrap_or(Value::List(Vec::new())))
        }
        Kind::Map => Ok(read_map(schema, element.children_named("entry"), path)?
            .unwrap_or(Value::Map(Vec::new()))),
        Kind::Document => Err(format!(
            "documents are not supported by the XML protocols (at `{path}`)"
        )),
        _ => read_scalar(member, element.text(), path),
    }
}

/// Reads list items, one per element; `None` when there are none (for flattened lists, where no
/// element means an unset member).
fn read_list_items<'a>(
    member: &Member,
    elements: impl Iterator<Item = &'a Element>,
    path: &mut String,
) -> Result<Option<Value>, String> {
    let Some(item) = member.target.element() else {
        return Ok(None);
    };
    let mut out = Vec::new();
    let len = path.len();
    for (i, element) in elements.enumerate() {
        let _ = write!(path, "[{i}]");
        out.push(read_value(item, element, path)?);
        path.truncate(len);
    }
    Ok((!out.is_empty()).then_some(Value::List(out)))
}

/// Reads map entries, one per element (an `<entry>`, or the repeated element of a flattened
/// map); `None` when there are none.
fn read_map<'a>(
    schema: &Schema,
    entries: impl Iterator<Item = &'a Element>,
    path: &mut String,
) -> Result<Option<Value>, String> {
    let (Some(key_member), Some(value_member)) = (schema.members.first(), schema.members.get(1))
    else {
        return Ok(None);
    };
    let key_name = key_member.xml_name.unwrap_or("key");
    let value_name = value_member.xml_name.unwrap_or("value");
    let mut out = BTreeMap::new();
    let mut any = false;
    let len = path.len();
    for (i, entry) in entries.enumerate() {
        any = true;
        // Entries are named by position: keys are data.
        let _ = write!(path, "[entry {}]", i + 1);
        let key = entry
            .child(key_name)
            .ok_or_else(|| format!("expected a map key at `{path}`"))?
            .text()
            .to_owned();
        match entry.child(value_name) {
            Some(value) => {
                out.insert(key, read_value(value_member, value, path)?);
            }
            None if schema.sparse => {
                out.insert(key, Value::Null);
            }
            None => {}
        }
        path.truncate(len);
    }
    Ok(any.then(|| Value::Map(out.into_iter().collect())))
}

/// Reads a scalar of `member`'s target from text (an element's text or an attribute value).
pub(crate) fn read_scalar(member: &Member, text: &str, path: &str) -> Result<Value, String> {
    let mismatch = |what: &str| format!("expected {what} at `{path}`");
    let trimmed = text.trim();
    Ok(match member.target.kind {
        Kind::Boolean => match trimmed {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(mismatch("a boolean")),
        },
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum => {
            Value::Int(trimmed.parse().map_err(|_| mismatch("an integer"))?)
        }
        Kind::Float | Kind::Double => Value::Float(match trimmed {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            // Rust also reads `inf` and `nan`, which are not XML Schema doubles.
            t if t.bytes().any(|b| matches!(b, b'i' | b'I' | b'n' | b'N')) => {
                return Err(mismatch("a number"))
            }
            t => t.parse().map_err(|_| mismatch("a number"))?,
        }),
        Kind::BigInteger | Kind::BigDecimal => {
            if trimmed.is_empty() {
                return Err(mismatch("a number"));
            }
            Value::Str(trimmed.to_owned())
        }
        Kind::String | Kind::Enum => Value::Str(text.to_owned()),
        Kind::Blob => {
            // Base64 may be wrapped over several lines.
            let compact: String = trimmed.split_ascii_whitespace().collect();
            match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
                Ok(bytes) => Value::Blob(bytes),
                Err(_) => return Err(mismatch("base64 data")),
            }
        }
        Kind::Timestamp => {
            let format = member.timestamp_format_or(DEFAULT_TIMESTAMP);
            match DateTime::parse(trimmed, format) {
                Ok(t) => Value::Timestamp(t),
                Err(_) => return Err(mismatch("a timestamp")),
            }
        }
        Kind::Document | Kind::List | Kind::Map | Kind::Structure | Kind::Union => {
            return Err(mismatch("a simple value"))
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Writing values (only restXml writes XML: the writer is compiled with its feature; the text of
// scalars is shared with the query protocols' forms)

#[cfg(feature = "rest-xml")]
/// An XML namespace: `(prefix, uri)`; no prefix is the default namespace.
pub(crate) type Namespace = (Option<&'static str>, &'static str);

/// The text of a scalar value of `member`'s target, as the XML protocols write it (also in
/// awsQuery and ec2Query forms); `None` for values that are not scalars.
pub(crate) fn scalar_text(member: &Member, value: &Value) -> Option<String> {
    Some(match value {
        Value::Bool(b) => (if *b { "true" } else { "false" }).to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_text(member.target.kind, *f),
        Value::Str(s) => s.clone(),
        Value::Blob(b) => base64::engine::general_purpose::STANDARD.encode(b),
        Value::Timestamp(t) => t.fmt(member.timestamp_format_or(DEFAULT_TIMESTAMP)),
        Value::Null | Value::Document(_) | Value::List(_) | Value::Map(_) | Value::Struct(_) => {
            return None
        }
    })
}

fn float_text(kind: Kind, f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        (if f > 0.0 { "Infinity" } else { "-Infinity" }).to_owned()
    } else if kind == Kind::Float && (f as f32).is_finite() {
        // A `float` value was widened from f32: its shortest f32 form is what the caller wrote.
        (f as f32).to_string()
    } else {
        f.to_string()
    }
}

#[cfg(feature = "rest-xml")]
/// Writes an XML document element by element, declaring namespaces only where they are not
/// already in scope.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: String,
    /// The namespace declarations in scope, innermost last, each with the depth of the element
    /// that declared it.
    scope: Vec<(Namespace, usize)>,
    depth: usize,
}

#[cfg(feature = "rest-xml")]
impl Writer {
    /// An empty document.
    pub(crate) fn new() -> Self {
        Writer::default()
    }

    /// Opens element `name`, declaring `namespace` unless it is already in scope, with
    /// `attributes` (names as given, values escaped).
    pub(crate) fn start(
        &mut self,
        name: &str,
        namespace: Option<Namespace>,
        attributes: &[(&str, String)],
    ) {
        self.depth += 1;
        self.out.push('<');
        self.out.push_str(name);
        if let Some((prefix, uri)) = namespace {
            let bound = self
                .scope
                .iter()
                .rev()
                .find(|((p, _), _)| *p == prefix)
                .map(|((_, u), _)| *u);
            if bound != Some(uri) {
                match prefix {
                    Some(prefix) => {
                        let _ = write!(self.out, " xmlns:{prefix}=\"");
                    }
                    None => self.out.push_str(" xmlns=\""),
                }
                escape_attribute(&mut self.out, uri);
                self.out.push('"');
                self.scope.push(((prefix, uri), self.depth));
            }
        }
        for (key, value) in attributes {
            let _ = write!(self.out, " {key}=\"");
            escape_attribute(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// Writes text inside the open element.
    pub(crate) fn text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '\r' => self.out.push_str("&#xD;"),
                c => self.out.push(c),
            }
        }
    }

    /// Closes element `name`, the innermost open one.
    pub(crate) fn end(&mut self, name: &str) {
        let _ = write!(self.out, "</{name}>");
        while self.scope.last().is_some_and(|(_, d)| *d >= self.depth) {
            self.scope.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// The document's bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(feature = "rest-xml")]
fn escape_attribute(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

#[cfg(feature = "rest-xml")]
/// The namespace of a member's element: the member's `@xmlNamespace`, else its target's.
fn namespace_of(member: &Member) -> Option<Namespace> {
    member.xml_namespace.or(member.target.xml_namespace)
}

#[cfg(feature = "rest-xml")]
/// Writes a document whose root element `name` (declaring `namespace`) holds the members of
/// structure or union `schema` for which `include` holds, from the structure value `slots`.
pub(crate) fn write_document(
    name: &str,
    namespace: Option<Namespace>,
    schema: &Schema,
    slots: &[Option<Value>],
    include: &dyn Fn(&Member) -> bool,
) -> Vec<u8> {
    let mut writer = Writer::new();
    write_struct(&mut writer, name, namespace, schema, slots, include);
    writer.finish()
}

#[cfg(feature = "rest-xml")]
/// Writes a structure (or union) element: `@xmlAttribute` members as its attributes, the others
/// as its children, in schema order.
fn write_struct(
    w: &mut Writer,
    name: &str,
    namespace: Option<Namespace>,
    schema: &Schema,
    slots: &[Option<Value>],
    include: &dyn Fn(&Member) -> bool,
) {
    let set = || {
        schema
            .members
            .iter()
            .zip(slots)
            .filter(|(m, _)| include(m))
            .filter_map(|(m, slot)| slot.as_ref().map(|v| (m, v)))
    };
    let attributes: Vec<(&str, String)> = set()
        .filter(|(m, _)| m.xml_attribute)
        .filter_map(|(m, v)| scalar_text(m, v).map(|text| (member_name(m), text)))
        .collect();
    w.start(name, namespace, &attributes);
    for (member, value) in set().filter(|(m, _)| !m.xml_attribute) {
        write_member(w, member, value);
    }
    w.end(name);
}

#[cfg(feature = "rest-xml")]
/// Writes the value of a structure member: its element, or the repeated elements of a
/// flattened list or map.
fn write_member(w: &mut Writer, member: &Member, value: &Value) {
    let name = member_name(member);
    match value {
        Value::List(items) if member.xml_flattened => {
            let Some(item) = member.target.element() else {
                return;
            };
            // The list's own namespace is ignored: the items are the member's elements.
            let namespace = member.xml_namespace.or_else(|| namespace_of(item));
            for value in items {
                write_value(w, name, namespace, item, value);
            }
        }
        Value::Map(entries) if member.xml_flattened => {
            for (key, value) in entries {
                write_entry(w, name, member.xml_namespace, member.target, key, value);
            }
        }
        _ => write_value(w, name, namespace_of(member), member, value),
    }
}

#[cfg(feature = "rest-xml")]
/// Writes `value`, the value of `member` (a structure member, or the member of a list or map),
/// as element `name`. Null and document values write nothing.
fn write_value(
    w: &mut Writer,
    name: &str,
    namespace: Option<Namespace>,
    member: &Member,
    value: &Value,
) {
    let schema = member.target;
    match value {
        Value::Null | Value::Document(_) => {}
        Value::Struct(slots) => write_struct(w, name, namespace, schema, slots, &|_| true),
        Value::List(items) => {
            w.start(name, namespace, &[]);
            if let Some(item) = schema.element() {
                let item_name = item.xml_name.unwrap_or("member");
                for value in items {
                    write_value(w, item_name, namespace_of(item), item, value);
                }
            }
            w.end(name);
        }
        Value::Map(entries) => {
            w.start(name, namespace, &[]);
            for (key, value) in entries {
                write_entry(w, "entry", None, schema, key, value);
            }
            w.end(name);
        }
        scalar => {
            if let Some(text) = scalar_text(member, scalar) {
                w.start(name, namespace, &[]);
                w.text(&text);
                w.end(name);
            }
        }
    }
}

#[cfg(feature = "rest-xml")]
/// Writes one map entry as element `name`: the key, then the value unless it is null.
fn write_entry(
    w: &mut Writer,
    name: &str,
    namespace: Option<Namespace>,
    map: &Schema,
    key: &str,
    value: &Value,
) {
    let (Some(key_member), Some(value_member)) = (map.members.first(), map.members.get(1)) else {
        return;
    };
    w.start(name, namespace, &[]);
    let key_name = key_member.xml_name.unwrap_or("key");
    w.start(key_name, namespace_of(key_member), &[]);
    w.text(key);
    w.end(key_name);
    write_value(
        w,
        value_member.xml_name.unwrap_or("value"),
        namespace_of(value_member),
        value_member,
        value,
    );
    w.end(name);
}

/// Trimmed text, `None` when blank.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_attributes_text() {
        let root = parse(
            br#"<?xml version="1.0"?><!-- c --><a:Root xmlns:a="urn:a" xmlns="urn:d" a:id="7&amp;8"><b>x &lt; y</b><c/><b><![CDATA[<raw>]]></b></a:Root>"#,
        )
        .unwrap();
        assert_eq!(root.name(), "Root");
        assert_eq!(root.attribute("id"), Some("7&8"));
        assert_eq!(root.attribute("xmlns"), None);
        assert_eq!(root.child("b").map(Element::text), Some("x < y"));
        assert_eq!(root.children_named("b").count(), 2);
        assert_eq!(root.child("c").map(Element::text), Some(""));
    }

    #[test]
    fn rejects_malformed_documents() {
        for body in [
            &b"not xml"[..],
            b"",
            b"<a><b></a>",
            b"<a>",
            b"<a></a><b></b>",
            b"<a>&bogus;</a>",
            b"<a x='1' x='2'></a>",
            b"<a",
            b"</a>",
        ] {
            assert!(parse(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn limits_depth() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(deep.as_bytes()).unwrap_err().contains("levels deep"));
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn errors_do_not_quote_the_document() {
        let err = parse(b"<secret-name>&secret-entity;</secret-name>").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        let err = parse(b"<secret-name></other-secret>").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn reads_prefixed_schema_names_by_local_part() {
        let root = parse(br#"<a xmlns:xsi="urn:x" xsi:type="T"><p:b xmlns:p="urn:p">1</p:b></a>"#)
            .unwrap();
        assert_eq!(root.attribute("xsi:type"), Some("T"));
        assert_eq!(root.child("q:b").map(Element::text), Some("1"));
    }

    #[cfg(feature = "rest-xml")]
    #[test]
    fn writer_escapes_text_and_attributes() {
        let mut w = Writer::new();
        w.start("a", None, &[("k", "<\"&'\t\n\r>".to_owned())]);
        w.text("x < y & z > \"q\" \r\n");
        w.end("a");
        assert_eq!(
            String::from_utf8(w.finish()).unwrap(),
            "<a k=\"&lt;&quot;&amp;'&#x9;&#xA;&#xD;&gt;\">x &lt; y &amp; z &gt; \"q\" &#xD;\n</a>"
        );
        // What the writer escapes, the reader restores.
        let mut w = Writer::new();
        w.start("a", None, &[("k", "\t\r\n&".to_owned())]);
        w.text(" \r\n<&> ");
        w.end("a");
        let root = parse(&w.finish()).unwrap();
        assert_eq!(root.attribute("k"), Some("\t\r\n&"));
        assert_eq!(root.text(), " \r\n<&> ");
    }

    #[cfg(feature = "rest-xml")]
    #[test]
    fn writer_declares_namespaces_once_per_scope() {
        let mut w = Writer::new();
        w.start("r", Some((None, "urn:a")), &[]);
        w.start("x", Some((None, "urn:a")), &[]);
        w.end("x");
        w.start("y", Some((None, "urn:b")), &[]);
        w.start("z", Some((None, "urn:b")), &[]);
        w.end("z");
        w.end("y");
        w.start("y", Some((None, "urn:b")), &[]);
        w.end("y");
        w.start("p", Some((Some("p"), "urn:a")), &[]);
        w.end("p");
        w.end("r");
        assert_eq!(
            String::from_utf8(w.finish()).unwrap(),
            concat!(
                r#"<r xmlns="urn:a"><x></x><y xmlns="urn:b"><z></z></y>"#,
                r#"<y xmlns="urn:b"></y><p xmlns:p="urn:a"></p></r>"#
            )
        );
    }

    #[cfg(feature = "rest-xml")]
    #[test]
    fn writes_and_reads_back_a_structure() {
        use crate::schema::prelude;
        static LIST: Schema = Schema::list("L", &[Member::new("member", &prelude::STRING)]);
        static MAP: Schema = Schema::map(
            "M",
            &[
                Member::new("key", &prelude::STRING).xml_name("K"),
                Member::new("value", &prelude::INTEGER),
            ],
        )
        .sparse();
        static S: Schema = Schema::structure(
            "S",
            &[
                Member::new("id", &prelude::STRING).xml_attribute(),
                Member::new("flat", &LIST).xml_flattened(),
                Member::new("wrapped", &LIST).xml_name("Items"),
                Member::new("map", &MAP),
                Member::new("f", &prelude::FLOAT),
                Member::new("t", &prelude::TIMESTAMP),
                Member::new("b", &prelude::BLOB),
            ],
        );
        let strs =
            |v: &[&str]| Value::List(v.iter().map(|s| Value::Str((*s).to_owned())).collect());
        let value = Value::Struct(vec![
            Some(Value::Str("a&b".to_owned())),
            Some(strs(&["x", "y"])),
            Some(strs(&[])),
            Some(Value::Map(vec![
                ("k1".to_owned(), Value::Int(1)),
                ("k2".to_owned(), Value::Null),
            ])),
            Some(Value::Float(f64::from(5.5f32))),
            Some(Value::Timestamp(DateTime::from_secs(1398796238))),
            Some(Value::Blob(b"value".to_vec())),
        ]);
        let Value::Struct(slots) = &value else {
            unreachable!()
        };
        let bytes = write_document("S", Some((None, "urn:s")), &S, slots, &|_| true);
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            concat!(
                r#"<S xmlns="urn:s" id="a&amp;b"><flat>x</flat><flat>y</flat><Items></Items>"#,
                r#"<map><entry><K>k1</K><value>1</value></entry><entry><K>k2</K></entry></map>"#,
                r#"<f>5.5</f><t>2014-04-29T18:30:38Z</t><b>dmFsdWU=</b></S>"#
            )
        );
        let root = parse(&bytes).unwrap();
        assert_eq!(read_struct(&S, &root, &mut "S".to_owned()).unwrap(), value);
    }
}
