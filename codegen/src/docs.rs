//! The one normalization from model documentation (Smithy docs are CommonMark with HTML, and
//! AWS models are mostly HTML) to rustdoc-safe Markdown.
//!
//! Rules, each with its reason:
//! - tags are removed; `<p>`, `<li>`, `<br>` become paragraph or line breaks, `<code>` becomes
//!   backticks, `<a href>` becomes a Markdown link (rustdoc warns on raw HTML and bare URLs);
//! - `[` and `]` outside links are escaped (rustdoc would try to resolve them as intra-doc links);
//! - leading indentation is removed and code fences are dropped (indented or fenced text would
//!   become a doctest that cannot compile);
//! - bare URLs are wrapped in `<...>` (rustdoc's `bare_urls` lint);
//! - entities other than `&lt;`/`&gt;`/`&amp;` are decoded; those three stay escaped so text
//!   like `<name>` is not read as an HTML tag.

/// HTML elements found in model documentation; anything else in angle brackets is text.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "b",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "examples",
    "fullname",
    "h1",
    "h2",
    "h3",
    "h4",
    "i",
    "important",
    "li",
    "note",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Normalizes one documentation string.
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    let mut link: Option<String> = None;
    let mut in_code = false;
    let mut tick = false;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt], in_code, &mut tick);
        rest = &rest[lt..];
        // A tag starts `<x` or `</x` with x a letter; any other `<` is text (`a << b`).
        let starts_tag = rest[1..]
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic());
        if !starts_tag {
            push_text(&mut out, "<", in_code, &mut tick);
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            push_text(&mut out, rest, in_code, &mut tick);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            (
                "p" | "ul" | "ol" | "div" | "dl" | "note" | "important" | "h1" | "h2" | "h3" | "h4",
                _,
            ) => out.push_str("\n\n"),
            ("li" | "dt" | "dd", false) => out.push_str("\n\n- "),
            ("br", _) => out.push('\n'),
            ("code" | "i" | "b" | "em" | "strong", _) if name == "code" => {
                if !in_code || closing {
                    out.push('`');
                }
                in_code = !closing;
            }
            ("a", false) => {
                link = href(tag);
                if link.is_some() {
                    out.push('[');
                }
            }
            ("a", true) => {
                if let Some(url) = link.take() {
                    out.push_str(&format!("]({url})"));
                }
            }
            (name, _) if !KNOWN_TAGS.contains(&name) => {
                // Not HTML (e.g. `a < b` or `<Tag>` in prose): keep the text, escaped.
                let code = in_code || tick;
                out.push_str(if code { "<" } else { "&lt;" });
                push_text(&mut out, tag, in_code, &mut tick);
                out.push_str(if code { ">" } else { "&gt;" });
            }
            _ => {}
        }
    }
    push_text(&mut out, rest, in_code, &mut tick);
    if in_code || tick {
        out.push('`');
    }
    if link.is_some() {
        out.push(']');
    }
    tidy(&out)
}

fn href(tag: &str) -> Option<String> {
    let i = tag.find("href=")?;
    let rest = &tag[i + 5..];
    let quote = rest.chars().next()?;
    let url = if quote == '"' || quote == '\'' {
        let rest = &rest[1..];
        &rest[..rest.find(quote)?]
    } else {
        rest.split_whitespace().next()?
    };
    let url = url.trim();
    (url.starts_with("http://") || url.starts_with("https://")).then(|| {
        url.replace(' ', "%20")
            .replace(')', "%29")
            .replace('(', "%28")
    })
}

/// Appends text, escaped for Markdown outside code spans and verbatim inside them (a code span
/// shows backslashes and entities literally). `tick` tracks the backtick code spans the text
/// itself opens and closes; `in_code` is a `<code>` element.
fn push_text(out: &mut String, text: &str, in_code: bool, tick: &mut bool) {
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'");
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        let code = in_code || *tick;
        match c {
            '`' if in_code => out.push('\''),
            '`' => {
                *tick = !*tick;
                out.push('`');
            }
            // Inside code, entities of the source become the characters they stand for.
            '&' if code => {
                let rest: String = chars.clone().take(4).collect();
                let (entity, ch) = if rest.starts_with("lt;") {
                    (3, '<')
                } else if rest.starts_with("gt;") {
                    (3, '>')
                } else if rest.starts_with("amp;") {
                    (4, '&')
                } else {
                    (0, '&')
                };
                for _ in 0..entity {
                    chars.next();
                }
                out.push(ch);
            }
            _ if code => out.push(c),
            '[' | ']' | '*' | '_' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Collapses whitespace, trims lines, drops code fences, wraps bare URLs, and keeps at most
/// one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut bullet = false;
    for para in text.split("\n\n") {
        let lines: Vec<String> = para
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty() && !l.starts_with("```"))
            .map(|l| wrap_urls(&l))
            .collect();
        // Line breaks inside a paragraph carry no meaning in Markdown; one line per paragraph
        // keeps list items intact and generated files short.
        let p = lines.join(" ");
        if p == "-" {
            bullet = true;
            continue;
        }
        if p.is_empty() {
            continue;
        }
        if std::mem::take(&mut bullet) && !p.starts_with("- ") {
            paragraphs.push(format!("- {p}"));
        } else {
            paragraphs.push(p);
        }
    }
    paragraphs.join("\n\n")
}

fn wrap_urls(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("http") {
        let (before, candidate) = rest.split_at(i);
        if !(candidate.starts_with("http://") || candidate.starts_with("https://")) {
            out.push_str(before);
            out.push_str("http");
            rest = &candidate[4..];
            continue;
        }
        let end = candidate
            .find(|c: char| c.is_whitespace() || c == ')' || c == '`' || c == '\\' || c == '&')
            .unwrap_or(candidate.len());
        let url = candidate[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push_str(before);
        // Already a link target (`](url)`, but not after an escaped `\]`), wrapped (`<url>`) or
        // code: leave it.
        let link_target = before.ends_with("](") && !before.ends_with("\\](");
        if link_target || before.ends_with('<') || before.ends_with('`') {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &candidate[url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn html_to_markdown() {
        assert_eq!(
            normalize("<p>Gets a <code>Job</code> by <a href=\"https://x.test/a\">id</a>.</p><p>See [docs].</p>"),
            "Gets a `Job` by [id](https://x.test/a).\n\nSee \\[docs\\]."
        );
        assert_eq!(
            normalize("<ul><li><p>One</p></li><li>Two</li></ul>"),
            "- One\n\n- Two"
        );
        assert_eq!(
            normalize("Use <Tag> and http://a.test/x."),
            "Use &lt;Tag&gt; and <http://a.test/x>."
        );
        assert_eq!(
            normalize("see (http://a.test/x) and [a](http://a.test/y)"),
            "see (<http://a.test/x>) and \\[a\\](<http://a.test/y>)"
        );
        assert_eq!(normalize("    indented\n    code"), "indented code");
        assert_eq!(normalize("a_b *c*"), "a\\_b \\*c\\*");
        assert_eq!(
            normalize("only `create_time` or <code>a&lt;b_c</code>"),
            "only `create_time` or `a<b_c`"
        );
        assert_eq!(
            normalize("`Option<String>` or Option<String>"),
            "`Option<String>` or Option&lt;String&gt;"
        );
    }
}
