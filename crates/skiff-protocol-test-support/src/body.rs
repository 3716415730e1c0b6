//! Body comparison by media type, as the Smithy protocol tests define it: JSON structurally
//! (numbers by value), `application/x-www-form-urlencoded` as a multiset of decoded key/value
//! pairs, XML as an element tree (whitespace around text ignored, children in any order except
//! in lists), anything else byte for byte.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value as Json;

use crate::percent_decode;

/// Compares a body with the expected text of a test case; `Err` says how they differ.
pub fn compare_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let media_type = media_type.unwrap_or_default();
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    if essence == "application/json" || essence.ends_with("+json") {
        compare_json(actual, expected)
    } else if essence == "application/x-www-form-urlencoded" {
        compare_form(actual, expected)
    } else if essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml") {
        compare_xml(actual, expected)
    } else if actual == expected.as_bytes() {
        Ok(())
    } else {
        Err(format!(
            "expected {expected:?}, got {:?}",
            String::from_utf8_lossy(actual)
        ))
    }
}

fn compare_json(actual: &[u8], expected: &str) -> Result<(), String> {
    let blank = |b: &[u8]| b.iter().all(u8::is_ascii_whitespace);
    if blank(expected.as_bytes()) {
        return if blank(actual) {
            Ok(())
        } else {
            Err(format!(
                "expected no body, got {:?}",
                String::from_utf8_lossy(actual)
            ))
        };
    }
    let expected_json: Json = serde_json::from_str(expected)
        .map_err(|e| format!("the expected body is not JSON: {e}"))?;
    let actual_json: Json = serde_json::from_slice(actual).map_err(|e| {
        format!(
            "not JSON ({e}): {:?}, expected {expected_json}",
            String::from_utf8_lossy(actual)
        )
    })?;
    if json_equal(&actual_json, &expected_json) {
        Ok(())
    } else {
        Err(format!(
            "JSON differs: got {actual_json}, expected {expected_json}"
        ))
    }
}

fn json_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn form_pairs(body: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = body
        .split('&')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect();
    pairs.sort();
    pairs
}

fn compare_form(actual: &[u8], expected: &str) -> Result<(), String> {
    let actual_text = String::from_utf8_lossy(actual);
    let (got, want) = (form_pairs(&actual_text), form_pairs(expected));
    if got == want {
        return Ok(());
    }
    let missing: Vec<_> = want.iter().filter(|p| !got.contains(p)).collect();
    let extra: Vec<_> = got.iter().filter(|p| !want.contains(p)).collect();
    Err(format!(
        "form pairs differ: missing {missing:?}, unexpected {extra:?} (got {actual_text:?})"
    ))
}

/// An XML element as compared: qualified name, sorted attributes (namespace declarations
/// included), trimmed text, children in order.
#[derive(Debug)]
struct Node {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

fn parse_xml(body: &[u8]) -> Result<Node, String> {
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("not XML: {e}"))?;
        let open = |start: &quick_xml::events::BytesStart<'_>| -> Result<Node, String> {
            let mut attributes = Vec::new();
            for a in start.attributes() {
                let a = a.map_err(|e| format!("not XML: {e}"))?;
                let value = a
                    .unescape_value()
                    .map_err(|e| format!("not XML: {e}"))?
                    .into_owned();
                attributes.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), value));
            }
            attributes.sort();
            Ok(Node {
                name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                attributes,
                text: String::new(),
                children: Vec::new(),
            })
        };
        let mut close = |node: Node, stack: &mut Vec<Node>| match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => root = Some(node),
        };
        match event {
            Event::Start(start) => stack.push(open(&start)?),
            Event::Empty(start) => {
                let node = open(&start)?;
                close(node, &mut stack);
            }
            Event::End(_) => {
                let mut node = stack.pop().ok_or("not XML: unmatched end tag")?;
                node.text = node.text.trim().to_owned();
                close(node, &mut stack);
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| format!("not XML: {e}"))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text);
                }
            }
            Event::CData(data) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| "not XML: no root element".to_owned())
}

/// Whether an element is a list, whose children's order matters: all its children are
/// elements of one name with a single child (element or text) each, like
/// `<List><member>a</member><member>b</member></List>` or a flattened list's parent.
/// Structure members and map entries (`<entry><key/><value/></entry>`) are compared in any
/// order: generated clients keep maps sorted by key, and member order carries no meaning.
fn is_list(node: &Node) -> bool {
    let Some(first) = node.children.first() else {
        return false;
    };
    node.text.is_empty()
        && node.children.iter().all(|c| {
            c.name == first.name && c.children.len() + usize::from(!c.text.is_empty()) == 1
        })
}

/// A canonical rendering of an element: sorted attributes, trimmed text, children sorted
/// unless the element is a list.
fn canonical(node: &Node) -> String {
    let mut children: Vec<String> = node.children.iter().map(canonical).collect();
    if !is_list(node) {
        children.sort();
    }
    let attributes: String = node
        .attributes
        .iter()
        .map(|(k, v)| format!(" {k}={v:?}"))
        .collect();
    format!(
        "<{name}{attributes}>{text}{children}</{name}>",
        name = node.name,
        text = node.text,
        children = children.concat()
    )
}

/// Compares two XML documents as element trees, ignoring whitespace around text, attribute
/// order, and the order of children that do not form a list (a list: children of one name
/// with one child each; structure members and map entries may come in any order).
pub fn compare_xml(actual: &[u8], expected: &str) -> Result<(), String> {
    let blank = |b: &[u8]| b.iter().all(u8::is_ascii_whitespace);
    if blank(expected.as_bytes()) && blank(actual) {
        return Ok(());
    }
    let want = parse_xml(expected.as_bytes()).map_err(|e| format!("expected body: {e}"))?;
    let got = parse_xml(actual).map_err(|e| {
        format!(
            "{e}: {:?}, expected {expected:?}",
            String::from_utf8_lossy(actual)
        )
    })?;
    let (got, want) = (canonical(&got), canonical(&want));
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "XML differs (canonical forms): got {got}, expected {want}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_structural() {
        let media = Some("application/json");
        assert!(compare_body(
            br#"{"a":1,"b":{"c":[1.5]}}"#,
            r#"{"b": {"c": [1.5]}, "a": 1.0}"#,
            media
        )
        .is_ok());
        assert!(compare_body(br#"{"a":1}"#, r#"{"a": 2}"#, media).is_err());
        assert!(compare_body(br#"{"a":1,"x":null}"#, r#"{"a": 1}"#, media).is_err());
    }

    #[test]
    fn forms_are_multisets_of_decoded_pairs() {
        let media = Some("application/x-www-form-urlencoded");
        assert!(compare_body(
            b"Action=A&Version=1&X=a%20b",
            "Action=A&X=a+b&\n  Version=1",
            media
        )
        .is_ok());
        assert!(compare_body(b"Action=A&X=1", "Action=A&X=1&X=1", media).is_err());
    }

    #[test]
    fn xml_ignores_formatting_and_unordered_children() {
        let media = Some("application/xml");
        let expected = "<A xmlns=\"urn:x\" b=\"1\">\n  <C>text</C>\n  <D/>\n</A>\n";
        let ok = |actual: &[u8], expected: &str| compare_body(actual, expected, media).is_ok();
        assert!(ok(
            br#"<A b="1" xmlns="urn:x"><C> text </C><D></D></A>"#,
            expected
        ));
        // Structure members may come in any order; attribute values must match.
        assert!(ok(
            br#"<A b="1" xmlns="urn:x"><D/><C>text</C></A>"#,
            expected
        ));
        assert!(!ok(
            br#"<A b="2" xmlns="urn:x"><C>text</C><D/></A>"#,
            expected
        ));
        // List items keep their order; map entries do not.
        let list = "<L><member>a</member><member>b</member></L>";
        assert!(!ok(b"<L><member>b</member><member>a</member></L>", list));
        let map = "<M><entry><key>a</key><value>1</value></entry>\
                   <entry><key>b</key><value>2</value></entry></M>";
        assert!(ok(
            b"<M><entry><key>b</key><value>2</value></entry><entry><value>1</value><key>a</key></entry></M>",
            map
        ));
        assert!(!ok(
            b"<M><entry><key>b</key><value>1</value></entry><entry><key>a</key><value>2</value></entry></M>",
            map
        ));
    }

    #[test]
    fn other_media_types_compare_bytes() {
        assert!(compare_body(b"abc", "abc", Some("application/octet-stream")).is_ok());
        assert!(compare_body(b"", "", None).is_ok());
        assert!(compare_body(b"{}", "", None).is_err());
    }
}
