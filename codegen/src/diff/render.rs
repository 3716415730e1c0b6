//! The two renderings of a [`Report`]: plain text (a terminal) and Markdown (a pull-request
//! comment). Both start with the summary line, then one section per [`Section`] that has
//! changes, in the report's order.

use std::fmt::Write as _;

use super::{Impact, Report, Section};

impl Report {
    /// The summary: overall impact and counts, e.g. `breaking: 4 changes (2 breaking, 1
    /// additive, 1 documentation)`, or `no changes`.
    pub fn summary(&self) -> String {
        match self.impact() {
            None => "no changes".to_owned(),
            Some(impact) => {
                let n = self.changes.len();
                format!(
                    "{}: {n} change{} ({} breaking, {} additive, {} documentation)",
                    impact.label(),
                    if n == 1 { "" } else { "s" },
                    self.count(Impact::Breaking),
                    self.count(Impact::Additive),
                    self.count(Impact::Documentation),
                )
            }
        }
    }

    /// The sections that have changes, in order, with their changes.
    fn sections(&self) -> Vec<(Section, Vec<&super::Change>)> {
        let mut out: Vec<(Section, Vec<&super::Change>)> = Vec::new();
        for c in &self.changes {
            match out.last_mut() {
                Some((s, list)) if *s == c.section => list.push(c),
                _ => out.push((c.section, vec![c])),
            }
        }
        out
    }

    /// Plain text: the summary line with the service and files, then a block per section
    /// with one line per change (`  [impact] kind item: detail`).
    pub fn text(&self) -> String {
        let mut out = format!(
            "{} in {}, {} -> {}\n",
            self.summary(),
            self.service,
            self.old_file,
            self.new_file
        );
        for (section, changes) in self.sections() {
            let _ = write!(out, "\n{}:\n", section.title());
            for c in changes {
                let _ = writeln!(
                    out,
                    "  [{}] {} {}: {}",
                    c.impact.label(),
                    c.kind.label(),
                    c.item,
                    c.detail
                );
            }
        }
        out
    }

    /// Markdown: the summary line in bold with the service and files, then a table per
    /// section (impact, change, item, details; breaking impacts in bold).
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "**Model diff: {}** in {}, {} → {}\n",
            self.summary(),
            code(&self.service),
            code(&self.old_file),
            code(&self.new_file)
        );
        for (section, changes) in self.sections() {
            let _ = write!(
                out,
                "\n#### {}\n\n| Impact | Change | Item | Details |\n|---|---|---|---|\n",
                section.title()
            );
            for c in changes {
                let impact = match c.impact {
                    Impact::Breaking => "**breaking**",
                    other => other.label(),
                };
                let _ = writeln!(
                    out,
                    "| {impact} | {} | {} | {} |",
                    c.kind.label(),
                    cell(&code(&c.item)),
                    cell(&c.detail)
                );
            }
        }
        out
    }
}

/// `text` as a Markdown code span, with a fence longer than any run of backticks inside.
pub(super) fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Text made safe for one Markdown table cell: pipes escaped (in code spans too, as GitHub
/// requires), line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
