//! A small strict JSON reader (RFC 8259) for backtick literals, quoted identifiers,
//! `to_number` and [`Variable::from_json`].
//!
//! Input: UTF-8 text (and, for errors, the offset of that text within the expression). Output:
//! a [`Variable`], a decoded string, or a number. Nesting is bounded by [`MAX_JSON_DEPTH`]; every
//! loop consumes input, so the reader is linear in the text's length.

use std::sync::Arc;

use super::error::{ErrorKind, ParseError};
use super::variable::{insert, Members, Variable};

/// The deepest nesting of arrays and objects that [`Variable::from_json`] and backtick
/// literals accept; deeper input fails with [`ErrorKind::LimitExceeded`].
pub const MAX_JSON_DEPTH: usize = 128;

/// Parses a whole JSON text; `base` is its offset in the enclosing input, for error positions.
pub(super) fn parse(text: &str, base: usize) -> Result<Variable, ParseError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        base,
    };
    reader.skip_ws();
    let value = reader.value(0)?;
    reader.skip_ws();
    if reader.pos != reader.bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

/// Decodes the body of a JSON string (the text between the quotes): escapes are resolved, and
/// unescaped `"` and control characters are refused. `base` is the body's offset, for errors.
pub(super) fn decode_string(body: &str, base: usize) -> Result<String, ParseError> {
    let mut reader = Reader {
        text: body,
        bytes: body.as_bytes(),
        pos: 0,
        base,
    };
    let decoded = reader.string_body(false)?;
    Ok(decoded)
}

/// Parses `text` if it is exactly a JSON number (`-?int frac? exp?`), as `to_number` requires.
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        base: 0,
    };
    match reader.number() {
        Ok(Variable::Number(n)) if reader.pos == text.len() => Some(n),
        _ => None,
    }
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: usize,
}

impl Reader<'_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError::new(ErrorKind::Syntax, self.base + self.pos, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Variable) -> Result<Variable, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid JSON value"))
        }
    }

    /// One value at nesting `depth` (the number of enclosing arrays and objects).
    fn value(&mut self, depth: usize) -> Result<Variable, ParseError> {
        match self.peek() {
            None => Err(self.error("expected a JSON value")),
            Some(b'n') => self.expect_word("null", Variable::Null),
            Some(b't') => self.expect_word("true", Variable::Bool(true)),
            Some(b'f') => self.expect_word("false", Variable::Bool(false)),
            Some(b'"') => {
                self.pos += 1;
                let s = self.string_body(true)?;
                Ok(Variable::String(s.into()))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_JSON_DEPTH {
                    return Err(ParseError::new(
                        ErrorKind::LimitExceeded,
                        self.base + self.pos,
                        format!("JSON nests deeper than {MAX_JSON_DEPTH} levels"),
                    ));
                }
                self.pos += 1;
                if open == b'[' {
                    self.array(depth + 1)
                } else {
                    self.object(depth + 1)
                }
            }
            Some(_) => Err(self.error("invalid JSON value")),
        }
    }

    /// The rest of an array, after `[`.
    fn array(&mut self, depth: usize) -> Result<Variable, ParseError> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Variable::array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Variable::array(items));
                }
                _ => return Err(self.error("expected ',' or ']' in JSON array")),
            }
        }
    }

    /// The rest of an object, after `{`. A repeated key keeps its last value.
    fn object(&mut self, depth: usize) -> Result<Variable, ParseError> {
        let mut members = Members::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Variable::Object(Arc::new(members)));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key in JSON object"));
            }
            self.pos += 1;
            let key: Arc<str> = self.string_body(true)?.into();
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' in JSON object"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            insert(&mut members, key, value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Variable::Object(Arc::new(members)));
                }
                _ => return Err(self.error("expected ',' or '}' in JSON object")),
            }
        }
    }

    /// A string body up to its closing quote (consumed) when `quoted`, else up to the end.
    fn string_body(&mut self, quoted: bool) -> Result<String, ParseError> {
        let mut out = String::new();
        let mut clean_from = self.pos;
        loop {
            match self.peek() {
                None if quoted => return Err(self.error("unterminated JSON string")),
                None => {
                    out.push_str(&self.text[clean_from..self.pos]);
                    return Ok(out);
                }
                Some(b'"') if quoted => {
                    out.push_str(&self.text[clean_from..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'"') => return Err(self.error("unescaped '\"' in string")),
                Some(b'\\') => {
                    out.push_str(&self.text[clean_from..self.pos]);
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                    clean_from = self.pos;
                }
                Some(0x00..=0x1f) => return Err(self.error("control character in string")),
                // Other bytes, including the parts of multi-byte characters, are copied as
                // they are; `clean_from` and every stop above are character boundaries.
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The character of an escape sequence, after its backslash.
    fn escape(&mut self) -> Result<char, ParseError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("unpaired surrogate in \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                return char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"));
            }
            _ => return Err(self.error("invalid escape sequence")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        let mut code = 0;
        for d in digits {
            // Checked as ASCII hex digits above.
            code = code * 16 + char::from(*d).to_digit(16).unwrap_or(0);
        }
        self.pos += 4;
        Ok(code)
    }

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Variable, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("invalid JSON number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected digits after '.' in JSON number"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected digits in JSON number exponent"));
            }
            self.digits();
        }
        self.text[start..self.pos]
            .parse::<f64>()
            .map(Variable::Number)
            .map_err(|_| self.error("invalid JSON number"))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let v = parse(
            r#" {"a": [1, -2.5e3, "x\u00e9\ud834\udd1e", true, false, null], "a": 2} "#,
            0,
        )
        .unwrap();
        assert_eq!(v.to_string(), r#"{"a":2}"#);
        let v = parse(r#"[1, -2.5e3, "x\u00e9\ud834\udd1e\n", {}]"#, 0).unwrap();
        assert_eq!(v.to_string(), "[1,-2500,\"xé𝄞\\n\",{}]");
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "[1,]",
            "{\"a\"}",
            "{a:1}",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"a",
            "tru",
            "nul",
            "[1 2]",
            "1 2",
            "\"\u{1}\"",
            "NaN",
            "Infinity",
        ] {
            let e = parse(bad, 0).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Syntax, "{bad:?}");
        }
    }

    #[test]
    fn depth_limit() {
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert!(parse(&ok, 0).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep, 0).unwrap_err().kind(),
            ErrorKind::LimitExceeded
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1e21"), Some(1e21));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        for bad in ["", " 1", "1 ", "0x1", "inf", "1_0", "+1", "1.", "abc"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }
}
