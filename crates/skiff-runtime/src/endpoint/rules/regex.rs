//! A tiny regular-expression matcher for the `regionRegex` values of the partitions table.
//!
//! Role: decide whether a region name belongs to a partition when the region is not listed
//! explicitly (for example `us-east-9` matches `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`).
//! Input: the pattern text (compiled once, when the table is parsed) and a candidate string.
//! Output: whether the whole candidate matches.
//!
//! Supported syntax, which covers every pattern in the shipped table with room to spare:
//!
//! * literal characters, and `\` followed by any non-alphanumeric character (`\-`, `\.`, ...);
//! * `.` (any character but `\n`), `\d` (ASCII digit), `\w` (ASCII letter, digit or `_`),
//!   `\s` (ASCII whitespace);
//! * bracket classes such as `[a-z0-9-]` or `[^.]`, with ranges and the escapes above;
//! * groups `(...)` and `(?:...)` (nothing is captured), alternation `|`;
//! * the quantifiers `*`, `+` and `?`;
//! * `^` as the first and `$` as the last character of the pattern.
//!
//! Anything else (counted repetition `{m,n}`, back references, look-around, ...) is rejected
//! when the pattern is compiled. A match is always a whole-string match (like Java's
//! `Matcher.matches`, which the Smithy reference implementation uses), so `^` and `$` change
//! nothing. Matching simulates the compiled automaton over all states at once, so it takes time
//! proportional to `pattern length × input length`, never backtracks, and never recurses.

/// Deepest group nesting accepted when compiling a pattern.
const MAX_NESTING: usize = 32;
/// Longest pattern accepted, in characters.
const MAX_PATTERN_CHARS: usize = 1024;

/// A compiled pattern.
#[derive(Clone, Debug)]
pub(super) struct Regex {
    program: Vec<Inst>,
}

#[derive(Clone, Debug)]
enum Inst {
    /// Consume one character accepted by the matcher.
    Char(CharMatcher),
    /// Continue at both targets.
    Split(usize, usize),
    /// Continue at the target.
    Jump(usize),
    /// The whole pattern matched.
    Match,
}

#[derive(Clone, Debug)]
enum CharMatcher {
    Literal(char),
    Any,
    Class(Class),
}

#[derive(Clone, Debug)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Clone, Copy, Debug)]
enum ClassItem {
    Range(char, char),
    Digit,
    Word,
    Space,
}

impl ClassItem {
    fn accepts(self, c: char) -> bool {
        match self {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Digit => c.is_ascii_digit(),
            ClassItem::Word => c.is_ascii_alphanumeric() || c == '_',
            ClassItem::Space => c.is_ascii_whitespace(),
        }
    }
}

impl CharMatcher {
    fn accepts(&self, c: char) -> bool {
        match self {
            CharMatcher::Literal(l) => *l == c,
            CharMatcher::Any => c != '\n',
            CharMatcher::Class(class) => {
                class.items.iter().any(|item| item.accepts(c)) != class.negated
            }
        }
    }
}

/// The syntax tree of a pattern.
#[derive(Debug)]
enum Node {
    Char(CharMatcher),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Optional(Box<Node>),
}

impl Regex {
    /// Compiles `pattern`, or says (in a short message) what is not supported.
    pub(super) fn new(pattern: &str) -> Result<Regex, String> {
        let mut chars: Vec<char> = pattern.chars().collect();
        if chars.len() > MAX_PATTERN_CHARS {
            return Err(format!(
                "pattern longer than {MAX_PATTERN_CHARS} characters"
            ));
        }
        if chars.first() == Some(&'^') {
            chars.remove(0);
        }
        // A trailing `$` is an anchor unless it is escaped (`\$`).
        if chars.last() == Some(&'$') {
            let backslashes = chars[..chars.len() - 1]
                .iter()
                .rev()
                .take_while(|&&c| c == '\\')
                .count();
            if backslashes % 2 == 0 {
                chars.pop();
            }
        }
        let mut parser = Parser {
            chars: &chars,
            pos: 0,
        };
        let node = parser.alternation(0)?;
        if parser.pos != chars.len() {
            return Err(format!("unexpected `{}`", chars[parser.pos]));
        }
        let mut program = Vec::new();
        compile(&node, &mut program);
        program.push(Inst::Match);
        Ok(Regex { program })
    }

    /// Whether the whole of `input` matches.
    pub(super) fn is_match(&self, input: &str) -> bool {
        let n = self.program.len();
        let mut current: Vec<usize> = Vec::with_capacity(n);
        let mut next: Vec<usize> = Vec::with_capacity(n);
        // `seen[pc] == generation` when `pc` is already in the list being built.
        let mut seen = vec![0usize; n];
        let mut stack = Vec::with_capacity(n);
        let mut generation = 1;
        self.add_thread(0, &mut current, &mut seen, generation, &mut stack);
        for c in input.chars() {
            if current.is_empty() {
                return false;
            }
            generation += 1;
            next.clear();
            for &pc in &current {
                if let Inst::Char(m) = &self.program[pc] {
                    if m.accepts(c) {
                        self.add_thread(pc + 1, &mut next, &mut seen, generation, &mut stack);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
            .iter()
            .any(|&pc| matches!(self.program[pc], Inst::Match))
    }

    /// Adds `pc` and everything reachable from it without consuming input to `list`.
    fn add_thread(
        &self,
        pc: usize,
        list: &mut Vec<usize>,
        seen: &mut [usize],
        generation: usize,
        stack: &mut Vec<usize>,
    ) {
        stack.clear();
        stack.push(pc);
        // Each instruction is visited at most once per generation, so this loop is bounded
        // by the program length.
        while let Some(pc) = stack.pop() {
            if seen[pc] == generation {
                continue;
            }
            seen[pc] = generation;
            match self.program[pc] {
                Inst::Jump(target) => stack.push(target),
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Char(_) | Inst::Match => list.push(pc),
            }
        }
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Char(m) => program.push(Inst::Char(m.clone())),
        Node::Concat(nodes) => {
            for node in nodes {
                compile(node, program);
            }
        }
        Node::Alt(alternatives) => {
            // split L1, next; L1: a; jump end; next: split L2, next2; ... last: z; end:
            let mut jumps = Vec::new();
            let count = alternatives.len();
            for (i, alternative) in alternatives.iter().enumerate() {
                if i + 1 < count {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    compile(alternative, program);
                    jumps.push(program.len());
                    program.push(Inst::Jump(0));
                    let next = program.len();
                    program[split] = Inst::Split(split + 1, next);
                } else {
                    compile(alternative, program);
                }
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Star(inner) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            program.push(Inst::Jump(split));
            let end = program.len();
            program[split] = Inst::Split(split + 1, end);
        }
        Node::Plus(inner) => {
            let start = program.len();
            compile(inner, program);
            let after = program.len() + 1;
            program.push(Inst::Split(start, after));
        }
        Node::Optional(inner) => {
            let split = program.len();
            program.push(Inst::Split(split + 1, 0));
            compile(inner, program);
            let end = program.len();
            program[split] = Inst::Split(split + 1, end);
        }
    }
}

struct Parser<'p> {
    chars: &'p [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_NESTING {
            return Err("groups nested too deeply".to_owned());
        }
        let mut alternatives = vec![self.concatenation(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.concatenation(depth)?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alternatives)
        })
    }

    fn concatenation(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = match self.peek() {
                Some('*') => Node::Star(Box::new(atom)),
                Some('+') => Node::Plus(Box::new(atom)),
                Some('?') => Node::Optional(Box::new(atom)),
                Some('{') => return Err("counted repetition `{m,n}` is not supported".to_owned()),
                _ => {
                    items.push(atom);
                    continue;
                }
            };
            self.pos += 1;
            if matches!(self.peek(), Some('*' | '+' | '?')) {
                return Err("lazy or possessive quantifiers are not supported".to_owned());
            }
            items.push(atom);
        }
        Ok(Node::Concat(items))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let Some(c) = self.peek() else {
            return Err("unexpected end of pattern".to_owned());
        };
        self.pos += 1;
        match c {
            '(' => {
                if self.peek() == Some('?') {
                    if self.chars.get(self.pos + 1) == Some(&':') {
                        self.pos += 2;
                    } else {
                        return Err("only `(?:` group modifiers are supported".to_owned());
                    }
                }
                let inner = self.alternation(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err("unclosed `(`".to_owned());
                }
                self.pos += 1;
                Ok(inner)
            }
            '[' => self
                .class()
                .map(|class| Node::Char(CharMatcher::Class(class))),
            '.' => Ok(Node::Char(CharMatcher::Any)),
            '\\' => match self.escape()? {
                Escaped::Char(c) => Ok(Node::Char(CharMatcher::Literal(c))),
                Escaped::Item(item) => Ok(Node::Char(CharMatcher::Class(Class {
                    negated: false,
                    items: vec![item],
                }))),
            },
            '*' | '+' | '?' => Err(format!("`{c}` with nothing to repeat")),
            '^' | '$' => Err(format!(
                "`{c}` is only supported at the ends of the pattern"
            )),
            '{' | '}' | ']' => Err(format!("unescaped `{c}`")),
            c => Ok(Node::Char(CharMatcher::Literal(c))),
        }
    }

    /// Parses what follows a `\` (already consumed).
    fn escape(&mut self) -> Result<Escaped, String> {
        let Some(c) = self.peek() else {
            return Err("pattern ends with `\\`".to_owned());
        };
        self.pos += 1;
        match c {
            'd' => Ok(Escaped::Item(ClassItem::Digit)),
            'w' => Ok(Escaped::Item(ClassItem::Word)),
            's' => Ok(Escaped::Item(ClassItem::Space)),
            'n' => Ok(Escaped::Char('\n')),
            't' => Ok(Escaped::Char('\t')),
            c if c.is_ascii_alphanumeric() => Err(format!("escape `\\{c}` is not supported")),
            c => Ok(Escaped::Char(c)),
        }
    }

    /// Parses a bracket class; the `[` is already consumed.
    fn class(&mut self) -> Result<Class, String> {
        let mut class = Class {
            negated: false,
            items: Vec::new(),
        };
        if self.peek() == Some('^') {
            class.negated = true;
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err("unclosed `[`".to_owned());
            };
            self.pos += 1;
            if c == ']' && !first {
                return Ok(class);
            }
            first = false;
            let lo = match c {
                '\\' => match self.escape()? {
                    Escaped::Char(c) => c,
                    Escaped::Item(item) => {
                        class.items.push(item);
                        continue;
                    }
                },
                '[' => return Err("nested `[` in a class is not supported".to_owned()),
                c => c,
            };
            // A range `lo-hi`, unless the `-` is the last character of the class.
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']') {
                self.pos += 1;
                let Some(hi) = self.peek() else {
                    return Err("unclosed `[`".to_owned());
                };
                self.pos += 1;
                let hi = if hi == '\\' {
                    match self.escape()? {
                        Escaped::Char(c) => c,
                        Escaped::Item(_) => return Err("class escape as a range end".to_owned()),
                    }
                } else {
                    hi
                };
                if hi < lo {
                    return Err(format!("range `{lo}-{hi}` is out of order"));
                }
                class.items.push(ClassItem::Range(lo, hi));
            } else {
                class.items.push(ClassItem::Range(lo, lo));
            }
        }
    }
}

enum Escaped {
    Char(char),
    Item(ClassItem),
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn matches(pattern: &str, input: &str) -> bool {
        Regex::new(pattern).expect("valid pattern").is_match(input)
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(matches(aws, "us-east-1"));
        assert!(matches(aws, "mx-central-12"));
        assert!(!matches(aws, "us-gov-west-1"));
        assert!(!matches(aws, "cn-north-1"));
        assert!(!matches(aws, "us-east-1a"));
        assert!(!matches(aws, "xus-east-1"));
        assert!(!matches(aws, "us-east-"));
        assert!(!matches(aws, ""));
        let eusc = r"^eusc\-(de)\-\w+\-\d+$";
        assert!(matches(eusc, "eusc-de-east-1"));
        assert!(!matches(eusc, "eusc-fr-east-1"));
        let gov = r"^us\-gov\-\w+\-\d+$";
        assert!(matches(gov, "us-gov-west-1"));
        assert!(!matches(gov, "us-gov-west"));
    }

    #[test]
    fn general_syntax() {
        assert!(matches("a*b", "b"));
        assert!(matches("a*b", "aaab"));
        assert!(!matches("a*b", "aaa"));
        assert!(matches("(ab)+", "ababab"));
        assert!(!matches("(ab)+", ""));
        assert!(matches("colou?r", "color"));
        assert!(matches("colou?r", "colour"));
        assert!(matches("[a-c0-9-]+", "ab-09c"));
        assert!(!matches("[a-c]+", "abd"));
        assert!(matches("[^.]+", "abc"));
        assert!(!matches("[^.]+", "a.c"));
        assert!(matches("(?:x|y)z", "yz"));
        assert!(matches(r"a\$", "a$"));
        assert!(matches("a.c", "abc"));
        assert!(matches("(|a)b", "b"));
        assert!(matches("()*a", "a"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
    }

    #[test]
    fn pathological_input_is_fast() {
        let pattern = "(a*)*(a*)*(a*)*b";
        let input = "a".repeat(10_000);
        assert!(!matches(pattern, &input));
    }

    #[test]
    fn unsupported_syntax_is_rejected() {
        for pattern in [
            "a{2}", "(a", "a)", "[a", r"\b", "*a", "a**", "a^", "(?=a)", "[b-a]", "\\",
        ] {
            assert!(Regex::new(pattern).is_err(), "{pattern}");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(Regex::new(&deep).is_err());
    }
}
