//! Parses tokens into an [`Expression`]: a Pratt (top-down operator precedence) parser.
//!
//! Binding powers, loosest first: `|` 1, `||` 2, `&&` 3, comparators 5, `[]` 9, `*`/`[*]`
//! 20, `[?` 21, `.` 40, `!` 45, `[` 55. A projection (`[*]`, `*`, `[]`, `[?…]`, slices)
//! applies what follows it to every element, up to the first token that binds looser than
//! [`PROJECTION_STOP`] (a pipe, `||`, `&&`, a comparator or `[]`).
//!
//! `!` binds tighter than `.` and `[`, as in the reference implementations: `!a.b` means
//! `(!a).b`; write `!(a.b)`.
//!
//! Function names and arities are checked here, so `unknown-function` and `invalid-arity`
//! are compile-time errors. Parser recursion and tree depth are both bounded by
//! [`MAX_EXPRESSION_DEPTH`].

use std::sync::Arc;

use super::ast::{Comparator, Expression, Node, NodeId};
use super::error::{ErrorKind, ParseError};
use super::functions::Function;
use super::lexer::{tokenize, Token, TokenKind};

/// The deepest nesting an expression may have, both of the parsed tree (so of evaluation's
/// recursion) and of the parser's own; deeper expressions fail with
/// [`ErrorKind::LimitExceeded`].
pub const MAX_EXPRESSION_DEPTH: usize = 128;

const BP_PIPE: u8 = 1;
const BP_OR: u8 = 2;
const BP_AND: u8 = 3;
const BP_COMPARE: u8 = 5;
const BP_FLATTEN: u8 = 9;
/// Tokens binding at least this tightly continue a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;
const BP_STAR: u8 = 20;
const BP_FILTER: u8 = 21;
const BP_DOT: u8 = 40;
const BP_NOT: u8 = 45;
const BP_BRACKET: u8 = 55;
/// `&expr` takes everything up to the end of its argument.
const BP_EXPREF: u8 = 0;

/// The left binding power of tokens that continue an expression (zero for all others).
fn lbp(kind: &TokenKind) -> u8 {
    match kind {
        TokenKind::Pipe => BP_PIPE,
        TokenKind::Or => BP_OR,
        TokenKind::And => BP_AND,
        TokenKind::Eq
        | TokenKind::Ne
        | TokenKind::Lt
        | TokenKind::Le
        | TokenKind::Gt
        | TokenKind::Ge => BP_COMPARE,
        TokenKind::Flatten => BP_FLATTEN,
        TokenKind::Filter => BP_FILTER,
        TokenKind::Dot => BP_DOT,
        TokenKind::LBracket => BP_BRACKET,
        _ => 0,
    }
}

/// A short description of a token, for error messages.
fn describe(kind: &TokenKind) -> &'static str {
    match kind {
        TokenKind::Identifier(_) => "an identifier",
        TokenKind::QuotedIdentifier(_) => "a quoted identifier",
        TokenKind::Literal(_) => "a literal",
        TokenKind::Number(_) => "a number",
        TokenKind::Dot => "'.'",
        TokenKind::Star => "'*'",
        TokenKind::At => "'@'",
        TokenKind::Ampersand => "'&'",
        TokenKind::Comma => "','",
        TokenKind::Colon => "':'",
        TokenKind::Pipe => "'|'",
        TokenKind::Or => "'||'",
        TokenKind::And => "'&&'",
        TokenKind::Not => "'!'",
        TokenKind::Eq => "'=='",
        TokenKind::Ne => "'!='",
        TokenKind::Lt => "'<'",
        TokenKind::Le => "'<='",
        TokenKind::Gt => "'>'",
        TokenKind::Ge => "'>='",
        TokenKind::LBracket => "'['",
        TokenKind::RBracket => "']'",
        TokenKind::Filter => "'[?'",
        TokenKind::Flatten => "'[]'",
        TokenKind::LBrace => "'{'",
        TokenKind::RBrace => "'}'",
        TokenKind::LParen => "'('",
        TokenKind::RParen => "')'",
        TokenKind::Eof => "end of expression",
    }
}

static EOF: TokenKind = TokenKind::Eof;

/// Compiles `source`.
pub(super) fn parse(source: &str) -> Result<Expression, ParseError> {
    let mut parser = Parser {
        tokens: tokenize(source)?,
        pos: 0,
        end: source.len(),
        nodes: Vec::new(),
        depths: Vec::new(),
        nesting: 0,
    };
    let root = parser.expression(0)?;
    if *parser.peek() != TokenKind::Eof {
        return Err(parser.unexpected());
    }
    Ok(Expression {
        source: source.into(),
        nodes: parser.nodes,
        root,
    })
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// The source's length: the offset reported at its end.
    end: usize,
    nodes: Vec<Node>,
    /// The height of each node's subtree (1 for a leaf).
    depths: Vec<usize>,
    /// How many `expression` calls are active.
    nesting: usize,
}

/// What `[...]` with numbers and colons holds.
enum Bracket {
    Index(i64),
    Slice(Node),
}

impl Parser {
    fn peek(&self) -> &TokenKind {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &TokenKind {
        self.tokens.get(self.pos + ahead).map_or(&EOF, |t| &t.kind)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.offset)
    }

    /// Takes the current token and its offset, moving to the next one.
    fn advance(&mut self) -> (TokenKind, usize) {
        match self.tokens.get_mut(self.pos) {
            Some(token) => {
                self.pos += 1;
                (
                    std::mem::replace(&mut token.kind, TokenKind::Eof),
                    token.offset,
                )
            }
            None => (TokenKind::Eof, self.end),
        }
    }

    // Errors are built out of line: the parser recurses once per nesting level, and keeping
    // formatting temporaries out of its frames keeps them small in unoptimized builds.

    /// A syntax error: `expected` (what was wanted), then the token `found` at `offset`.
    #[cold]
    #[inline(never)]
    fn found(&self, offset: usize, expected: &str, found: &TokenKind) -> ParseError {
        ParseError::new(
            ErrorKind::Syntax,
            offset,
            format!("{expected}, found {}", describe(found)),
        )
    }

    /// A syntax error naming the current token as unexpected.
    #[cold]
    #[inline(never)]
    fn unexpected(&self) -> ParseError {
        ParseError::new(
            ErrorKind::Syntax,
            self.offset(),
            format!("unexpected {}", describe(self.peek())),
        )
    }

    /// The error for nesting beyond [`MAX_EXPRESSION_DEPTH`].
    #[cold]
    #[inline(never)]
    fn too_deep(offset: usize) -> ParseError {
        ParseError::new(
            ErrorKind::LimitExceeded,
            offset,
            format!("expression nests deeper than {MAX_EXPRESSION_DEPTH} levels"),
        )
    }

    /// Consumes the current token if it is `kind`; fails with `expected` otherwise.
    fn expect(&mut self, kind: TokenKind, expected: &str) -> Result<(), ParseError> {
        if *self.peek() == kind {
            self.advance();
            Ok(())
        } else {
            Err(self.found(self.offset(), expected, self.peek()))
        }
    }

    /// Adds a node whose children are already in the arena.
    fn push(&mut self, node: Node, offset: usize) -> Result<NodeId, ParseError> {
        let height = node
            .children()
            .iter()
            .map(|&child| self.depths.get(child).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
            + 1;
        if height > MAX_EXPRESSION_DEPTH {
            return Err(Self::too_deep(offset));
        }
        self.nodes.push(node);
        self.depths.push(height);
        Ok(self.nodes.len() - 1)
    }

    /// An expression of operators binding tighter than `rbp`.
    fn expression(&mut self, rbp: u8) -> Result<NodeId, ParseError> {
        if self.nesting >= MAX_EXPRESSION_DEPTH {
            return Err(Self::too_deep(self.offset()));
        }
        self.nesting += 1;
        let result = self.expression_body(rbp);
        self.nesting -= 1;
        result
    }

    fn expression_body(&mut self, rbp: u8) -> Result<NodeId, ParseError> {
        let mut left = self.nud()?;
        // Each `led` consumes at least one token.
        while rbp < lbp(self.peek()) {
            left = self.led(left)?;
        }
        Ok(left)
    }

    /// A token that starts an expression.
    fn nud(&mut self) -> Result<NodeId, ParseError> {
        let offset = self.offset();
        match self.peek() {
            TokenKind::At => {
                self.advance();
                self.push(Node::Identity, offset)
            }
            TokenKind::Identifier(_) if *self.peek_at(1) == TokenKind::LParen => {
                self.function(offset)
            }
            TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_) | TokenKind::Literal(_) => {
                self.leaf(offset)
            }
            TokenKind::Star => {
                self.advance();
                let current = self.push(Node::Identity, offset)?;
                let rhs = self.projection_rhs(BP_STAR)?;
                self.push(Node::ObjectProjection(current, rhs), offset)
            }
            TokenKind::LBracket => {
                self.advance();
                self.bracket(None, offset)
            }
            TokenKind::Flatten => {
                self.advance();
                let current = self.push(Node::Identity, offset)?;
                self.flatten(current, offset)
            }
            TokenKind::Filter => {
                self.advance();
                let current = self.push(Node::Identity, offset)?;
                self.filter(current, offset)
            }
            TokenKind::LBrace => {
                self.advance();
                self.multi_hash(offset)
            }
            TokenKind::LParen => {
                self.advance();
                let inner = self.expression(0)?;
                self.expect(TokenKind::RParen, "expected ')'")?;
                Ok(inner)
            }
            TokenKind::Not => {
                self.advance();
                let operand = self.expression(BP_NOT)?;
                self.push(Node::Not(operand), offset)
            }
            TokenKind::Ampersand => {
                self.advance();
                let body = self.expression(BP_EXPREF)?;
                self.push(Node::ExpRef(body), offset)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A field or a literal.
    fn leaf(&mut self, offset: usize) -> Result<NodeId, ParseError> {
        let node = match self.advance().0 {
            TokenKind::Identifier(name) | TokenKind::QuotedIdentifier(name) => Node::Field(name),
            TokenKind::Literal(value) => Node::Literal(value),
            other => return Err(self.found(offset, "expected a field or a literal", &other)),
        };
        self.push(node, offset)
    }

    /// A token that continues the expression `left` (one with a nonzero [`lbp`]).
    fn led(&mut self, left: NodeId) -> Result<NodeId, ParseError> {
        let (token, offset) = self.advance();
        let comparator = match token {
            TokenKind::Dot => {
                let rhs = self.dot_rhs(BP_DOT)?;
                return self.push(Node::Sub(left, rhs), offset);
            }
            TokenKind::Pipe => {
                let rhs = self.expression(BP_PIPE)?;
                return self.push(Node::Sub(left, rhs), offset);
            }
            TokenKind::Or => {
                let rhs = self.expression(BP_OR)?;
                return self.push(Node::Or(left, rhs), offset);
            }
            TokenKind::And => {
                let rhs = self.expression(BP_AND)?;
                return self.push(Node::And(left, rhs), offset);
            }
            TokenKind::LBracket => return self.bracket(Some(left), offset),
            TokenKind::Flatten => return self.flatten(left, offset),
            TokenKind::Filter => return self.filter(left, offset),
            TokenKind::Eq => Comparator::Eq,
            TokenKind::Ne => Comparator::Ne,
            TokenKind::Lt => Comparator::Lt,
            TokenKind::Le => Comparator::Le,
            TokenKind::Gt => Comparator::Gt,
            TokenKind::Ge => Comparator::Ge,
            other => return Err(self.found(offset, "expected an operator", &other)),
        };
        let rhs = self.expression(BP_COMPARE)?;
        self.push(Node::Compare(comparator, left, rhs), offset)
    }

    /// What follows a projection: `None` when the next token ends it, else the expression
    /// applied to each element.
    fn projection_rhs(&mut self, rbp: u8) -> Result<Option<NodeId>, ParseError> {
        match self.peek() {
            kind if lbp(kind) < PROJECTION_STOP => Ok(None),
            TokenKind::Dot => {
                self.advance();
                Ok(Some(self.dot_rhs(rbp)?))
            }
            TokenKind::LBracket | TokenKind::Filter => Ok(Some(self.expression(rbp)?)),
            _ => Err(self.unexpected()),
        }
    }

    /// What may follow a `.`: an identifier, a function call, `*`, or a multi-select.
    fn dot_rhs(&mut self, rbp: u8) -> Result<NodeId, ParseError> {
        let offset = self.offset();
        match self.peek() {
            TokenKind::Identifier(_) | TokenKind::QuotedIdentifier(_) | TokenKind::Star => {
                self.expression(rbp)
            }
            TokenKind::LBracket => {
                self.advance();
                self.multi_list(offset)
            }
            TokenKind::LBrace => {
                self.advance();
                self.multi_hash(offset)
            }
            other => Err(self.found(
                offset,
                "expected an identifier, '*', '[' or '{' after '.'",
                other,
            )),
        }
    }

    /// After `[`: an index, a slice or `[*]` (of `left`, or of the current value), or, at the
    /// start of an expression, a multi-select list.
    fn bracket(&mut self, left: Option<NodeId>, offset: usize) -> Result<NodeId, ParseError> {
        match (self.peek(), self.peek_at(1)) {
            (TokenKind::Number(_) | TokenKind::Colon, _) => match self.index_or_slice()? {
                Bracket::Index(i) => {
                    let index = self.push(Node::Index(i), offset)?;
                    match left {
                        Some(left) => self.push(Node::Sub(left, index), offset),
                        None => Ok(index),
                    }
                }
                Bracket::Slice(slice) => {
                    let mut sliced = self.push(slice, offset)?;
                    if let Some(left) = left {
                        sliced = self.push(Node::Sub(left, sliced), offset)?;
                    }
                    let rhs = self.projection_rhs(BP_STAR)?;
                    self.push(Node::ListProjection(sliced, rhs), offset)
                }
            },
            (TokenKind::Star, TokenKind::RBracket) => {
                self.advance();
                self.advance();
                let lhs = match left {
                    Some(left) => left,
                    None => self.push(Node::Identity, offset)?,
                };
                let rhs = self.projection_rhs(BP_STAR)?;
                self.push(Node::ListProjection(lhs, rhs), offset)
            }
            _ if left.is_none() => self.multi_list(offset),
            (other, _) => Err(self.found(
                self.offset(),
                "expected a number, ':' or '*' after '['",
                other,
            )),
        }
    }

    /// `n]`, or a slice `start:stop:step]` with each part optional; after the `[`.
    fn index_or_slice(&mut self) -> Result<Bracket, ParseError> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut colons = 0;
        let mut step_offset = self.offset();
        // Each iteration consumes a token; at most 2 colons and 3 numbers are accepted.
        loop {
            let (token, offset) = self.advance();
            match token {
                TokenKind::Number(n) if parts[colons].is_none() => parts[colons] = Some(n),
                TokenKind::Colon if colons < 2 => {
                    colons += 1;
                    step_offset = self.offset();
                }
                TokenKind::RBracket => break,
                other => return Err(self.found(offset, "expected a number, ':' or ']'", &other)),
            }
        }
        match (colons, parts) {
            (0, [Some(i), _, _]) => Ok(Bracket::Index(i)),
            (0, _) => Err(self.found(step_offset, "expected an index", &TokenKind::RBracket)),
            (_, [start, stop, step]) => {
                let step = step.unwrap_or(1);
                if step == 0 {
                    return Err(ParseError::new(
                        ErrorKind::InvalidValue,
                        step_offset,
                        "slice step cannot be 0",
                    ));
                }
                Ok(Bracket::Slice(Node::Slice { start, stop, step }))
            }
        }
    }

    /// `[]` applied to `lhs` (already consumed), and the projection after it.
    fn flatten(&mut self, lhs: NodeId, offset: usize) -> Result<NodeId, ParseError> {
        let flat = self.push(Node::Flatten(lhs), offset)?;
        let rhs = self.projection_rhs(BP_FLATTEN)?;
        self.push(Node::ListProjection(flat, rhs), offset)
    }

    /// After `[?`: the condition, `]`, and the projection after it.
    fn filter(&mut self, lhs: NodeId, offset: usize) -> Result<NodeId, ParseError> {
        let cond = self.expression(0)?;
        self.expect(TokenKind::RBracket, "expected ']' after filter condition")?;
        let rhs = self.projection_rhs(BP_FILTER)?;
        self.push(Node::FilterProjection { lhs, cond, rhs }, offset)
    }

    /// After `[`: `expr, ... ]`.
    fn multi_list(&mut self, offset: usize) -> Result<NodeId, ParseError> {
        let mut items = Vec::new();
        // Each iteration consumes at least one token.
        loop {
            items.push(self.expression(0)?);
            match self.advance() {
                (TokenKind::Comma, _) => {}
                (TokenKind::RBracket, _) => break,
                (other, at) => return Err(self.found(at, "expected ',' or ']' in list", &other)),
            }
        }
        self.push(Node::MultiList(items), offset)
    }

    /// After `{`: `key: expr, ... }`; a repeated key keeps its last expression.
    fn multi_hash(&mut self, offset: usize) -> Result<NodeId, ParseError> {
        let mut pairs: Vec<(Arc<str>, NodeId)> = Vec::new();
        // Each iteration consumes at least one token.
        loop {
            let key = match self.advance() {
                (TokenKind::Identifier(k) | TokenKind::QuotedIdentifier(k), _) => k,
                (other, at) => return Err(self.found(at, "expected a key in '{...}'", &other)),
            };
            self.expect(TokenKind::Colon, "expected ':' after key")?;
            let value = self.expression(0)?;
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
            match self.advance() {
                (TokenKind::Comma, _) => {}
                (TokenKind::RBrace, _) => break,
                (other, at) => {
                    return Err(self.found(at, "expected ',' or '}' in '{...}'", &other))
                }
            }
        }
        self.push(Node::MultiHash(pairs), offset)
    }

    /// A function call, at its name (followed by `(`).
    fn function(&mut self, offset: usize) -> Result<NodeId, ParseError> {
        let name = match self.advance().0 {
            TokenKind::Identifier(name) => name,
            other => return Err(self.found(offset, "expected a function name", &other)),
        };
        self.expect(TokenKind::LParen, "expected '('")?;
        let mut args = Vec::new();
        if *self.peek() == TokenKind::RParen {
            self.advance();
        } else {
            // Each iteration consumes at least one token.
            loop {
                args.push(self.expression(0)?);
                match self.advance() {
                    (TokenKind::Comma, _) => {}
                    (TokenKind::RParen, _) => break,
                    (other, at) => {
                        return Err(self.found(at, "expected ',' or ')' in arguments", &other))
                    }
                }
            }
        }
        let function = resolve_function(&name, args.len(), offset)?;
        self.push(Node::Function(function, args), offset)
    }
}

/// The function `name` called with `arity` arguments at `offset`, or the error.
#[inline(never)]
fn resolve_function(name: &str, arity: usize, offset: usize) -> Result<Function, ParseError> {
    let function = Function::from_name(name).ok_or_else(|| {
        ParseError::new(
            ErrorKind::UnknownFunction,
            offset,
            format!("unknown function {name}()"),
        )
    })?;
    function
        .check_arity(arity)
        .map_err(|message| ParseError::new(ErrorKind::InvalidArity, offset, message))?;
    Ok(function)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(src: &str) -> ErrorKind {
        parse(src).unwrap_err().kind()
    }

    #[test]
    fn errors_have_kinds() {
        assert_eq!(kind("foo."), ErrorKind::Syntax);
        assert_eq!(kind("nope(@)"), ErrorKind::UnknownFunction);
        assert_eq!(kind("abs(@, @)"), ErrorKind::InvalidArity);
        assert_eq!(kind("a[::0]"), ErrorKind::InvalidValue);
        assert_eq!(kind(""), ErrorKind::Syntax);
        assert_eq!(kind("a[1 2]"), ErrorKind::Syntax);
        assert_eq!(kind("[:]:"), ErrorKind::Syntax);
    }

    #[test]
    fn offsets_point_at_the_problem() {
        let e = parse("foo.bar baz").unwrap_err();
        assert_eq!(e.offset(), 8);
        let e = parse("length(a, b)").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidArity, 0));
    }

    #[test]
    fn nesting_is_bounded() {
        let n = MAX_EXPRESSION_DEPTH * 4;
        for deep in [
            "(".repeat(n) + "a" + &")".repeat(n),
            "[".repeat(n) + "a" + &"]".repeat(n),
            "!".repeat(n) + "a",
            "abs(".repeat(n) + "a" + &")".repeat(n),
            vec!["a"; n].join("."),
            vec!["a"; n].join(" || "),
            "a".to_string() + &"[0]".repeat(n),
            "a".to_string() + &"[*].b".repeat(n),
            "{a:".repeat(n) + "b" + &"}".repeat(n),
            "& ".repeat(n) + "a",
            "[".repeat(100_000),
        ] {
            assert_eq!(kind(&deep), ErrorKind::LimitExceeded, "{}", &deep[..20]);
        }
        assert!(parse(&vec!["a"; MAX_EXPRESSION_DEPTH - 1].join(".")).is_ok());
        // Wide is fine: only depth is limited.
        assert!(parse(&format!("[{}]", vec!["a"; 10_000].join(","))).is_ok());
    }
}
