//! Splits an expression into [`Token`]s, resolving quoted identifiers, raw strings and JSON
//! literals on the way. Every step consumes at least one character.

use std::sync::Arc;

use super::error::{ErrorKind, ParseError};
use super::json;
use super::variable::Variable;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind {
    /// `foo`: may also name a function.
    Identifier(Arc<str>),
    /// `"foo"`, decoded.
    QuotedIdentifier(Arc<str>),
    /// `'foo'` (a string literal) or `` `json` `` (any literal).
    Literal(Variable),
    /// `-?[0-9]+`, only meaningful inside brackets.
    Number(i64),
    Dot,
    Star,
    At,
    Ampersand,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `[?`
    Filter,
    /// `[]`
    Flatten,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Eof,
}

/// A token and the byte offset where it starts.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    pub(super) offset: usize,
}

/// The tokens of `source`, ending with [`TokenKind::Eof`].
pub(super) fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        let start = pos;
        let next = bytes.get(pos + 1).copied();
        let (kind, len) = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                pos += 1;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let len = bytes[pos..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                (TokenKind::Identifier(source[pos..pos + len].into()), len)
            }
            b'-' | b'0'..=b'9' => {
                let sign = usize::from(b == b'-');
                let digits = bytes[pos + sign..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if digits == 0 {
                    return Err(syntax(start, "expected digits after '-'"));
                }
                let text = &source[pos..pos + sign + digits];
                let n = text
                    .parse::<i64>()
                    .map_err(|_| syntax(start, "number out of range"))?;
                (TokenKind::Number(n), sign + digits)
            }
            b'"' => {
                let end = closing(bytes, pos, b'"')
                    .ok_or_else(|| syntax(start, "unterminated quoted identifier"))?;
                let name = json::decode_string(&source[pos + 1..end], pos + 1)?;
                (TokenKind::QuotedIdentifier(name.into()), end + 1 - pos)
            }
            b'\'' => {
                let end = closing(bytes, pos, b'\'')
                    .ok_or_else(|| syntax(start, "unterminated raw string"))?;
                let text = unescape(&source[pos + 1..end], '\'');
                (TokenKind::Literal(Variable::from(text)), end + 1 - pos)
            }
            b'`' => {
                let end = closing(bytes, pos, b'`')
                    .ok_or_else(|| syntax(start, "unterminated JSON literal"))?;
                let text = unescape(&source[pos + 1..end], '`');
                let value = json::parse(&text, pos + 1)?;
                (TokenKind::Literal(value), end + 1 - pos)
            }
            b'.' => (TokenKind::Dot, 1),
            b'*' => (TokenKind::Star, 1),
            b'@' => (TokenKind::At, 1),
            b',' => (TokenKind::Comma, 1),
            b':' => (TokenKind::Colon, 1),
            b']' => (TokenKind::RBracket, 1),
            b'{' => (TokenKind::LBrace, 1),
            b'}' => (TokenKind::RBrace, 1),
            b'(' => (TokenKind::LParen, 1),
            b')' => (TokenKind::RParen, 1),
            b'[' => match next {
                Some(b']') => (TokenKind::Flatten, 2),
                Some(b'?') => (TokenKind::Filter, 2),
                _ => (TokenKind::LBracket, 1),
            },
            b'|' => match next {
                Some(b'|') => (TokenKind::Or, 2),
                _ => (TokenKind::Pipe, 1),
            },
            b'&' => match next {
                Some(b'&') => (TokenKind::And, 2),
                _ => (TokenKind::Ampersand, 1),
            },
            b'!' => match next {
                Some(b'=') => (TokenKind::Ne, 2),
                _ => (TokenKind::Not, 1),
            },
            b'=' => match next {
                Some(b'=') => (TokenKind::Eq, 2),
                _ => {
                    return Err(syntax(
                        start,
                        "expected '==' (a single '=' is not an operator)",
                    ))
                }
            },
            b'<' => match next {
                Some(b'=') => (TokenKind::Le, 2),
                _ => (TokenKind::Lt, 1),
            },
            b'>' => match next {
                Some(b'=') => (TokenKind::Ge, 2),
                _ => (TokenKind::Gt, 1),
            },
            _ => return Err(syntax(start, "unexpected character")),
        };
        tokens.push(Token {
            kind,
            offset: start,
        });
        pos += len;
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        offset: source.len(),
    });
    Ok(tokens)
}

fn syntax(offset: usize, message: &str) -> ParseError {
    ParseError::new(ErrorKind::Syntax, offset, message)
}

/// The index of the `quote` byte closing the quoted text opened at `open`; a backslash
/// escapes the byte after it. Multi-byte characters never contain ASCII bytes, so scanning
/// bytes is safe.
fn closing(bytes: &[u8], open: usize, quote: u8) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&b) = bytes.get(i) {
        if b == quote {
            return Some(i);
        }
        i += if b == b'\\' { 2 } else { 1 };
    }
    None
}

/// Replaces each `\<quote>` with `<quote>`; every other backslash is kept, with the character
/// after it (matching how [`closing`] paired them).
fn unescape(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(q) if q == quote => out.push(q),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        tokenize(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("a||b|c&&&d!=!e==f<=<>=>[][?[]"),
            vec![
                Identifier("a".into()),
                Or,
                Identifier("b".into()),
                Pipe,
                Identifier("c".into()),
                And,
                Ampersand,
                Identifier("d".into()),
                Ne,
                Not,
                Identifier("e".into()),
                Eq,
                Identifier("f".into()),
                Le,
                Lt,
                Ge,
                Gt,
                Flatten,
                Filter,
                Flatten,
                Eof
            ]
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(
            kinds(r#""a\"b" 'c\'d\\' `"e\`f"` -12"#),
            vec![
                TokenKind::QuotedIdentifier("a\"b".into()),
                TokenKind::Literal("c'd\\\\".into()),
                TokenKind::Literal("e`f".into()),
                TokenKind::Number(-12),
                TokenKind::Eof
            ]
        );
    }

    #[test]
    fn errors() {
        for bad in [
            "=",
            "\"a",
            "'a",
            "`1",
            "-",
            "#",
            "99999999999999999999",
            "`{`",
            "\"\\q\"",
            "é",
        ] {
            assert_eq!(
                tokenize(bad).unwrap_err().kind(),
                ErrorKind::Syntax,
                "{bad:?}"
            );
        }
    }
}
