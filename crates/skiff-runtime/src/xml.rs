//! A small XML document tree for the XML-based protocols, read with `quick-xml`.
//!
//! Protocol codecs walk a [`Schema`](crate::schema::Schema) over the tree, so the tree keeps only
//! what they match on and read:
//!
//! - element and attribute names are *local* names: prefixes are dropped and namespace URIs are
//!   not resolved, because AWS XML responses are matched by name alone and services are not
//!   consistent about the namespaces they declare;
//! - `xmlns` / `xmlns:p` declarations are not kept as attributes (they are not data);
//! - the text of an element is the concatenation of its text and CDATA children, with the XML
//!   predefined entities and character references decoded; whitespace is kept, because it is
//!   significant in strings (readers trim it where a number, boolean or timestamp is expected);
//! - comments, processing instructions, the XML declaration and a DOCTYPE are skipped; entities
//!   a DOCTYPE would declare are not expanded (an unknown entity is an error), which also rules
//!   out entity-expansion attacks;
//! - nesting is limited to [`MAX_DEPTH`] levels, so that hostile input can exhaust neither the
//!   stack of the recursive schema walk nor that of the tree's `Drop`.
//!
//! Errors describe what is wrong and where (a byte offset), never the document's content, which
//! may be sensitive.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

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

    /// The value of the attribute with local name `name`.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child element with local name `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child element with local name `name`, in document order.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
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
}
