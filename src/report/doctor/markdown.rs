//! The doctor report as Markdown, for `$GITHUB_STEP_SUMMARY`: one table per region, the
//! denied calls, and each fix folded in a `<details>` block (HCL, then the AWS CLI).

use crate::doctor::verdict::Verdict;
use crate::doctor::DoctorReport;
use std::io::{self, Write};

/// Text for a table cell: one line, `|` escaped, HTML-significant characters neutralised.
fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' => "\\|".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Text inside an HTML element: `&`, `<` and `>` escaped, one line.
fn html(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    let text = cell(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, text: &str, out: &mut impl Write) -> io::Result<()> {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    writeln!(out, "{fence}{lang}")?;
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    writeln!(out, "{fence}")
}

fn row(bucket: &str, v: &Verdict, out: &mut impl Write) -> io::Result<()> {
    let fix = v.fix.as_deref().map(code).unwrap_or_default();
    writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        v.status.mark(),
        cell(v.check.label()),
        cell(bucket),
        cell(&v.reason),
        fix
    )
}

/// Writes the report as Markdown.
pub fn render(report: &DoctorReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "## s3drift doctor\n")?;
    let mark = if report.attribution_ready {
        "✅"
    } else {
        "❌"
    };
    writeln!(out, "{mark} **{}**", super::verdict_line(report))?;
    if report.regions.is_empty() {
        writeln!(out, "\nNo bucket in scope.")?;
    }
    for r in &report.regions {
        writeln!(out, "\n### {}\n", cell(&r.region))?;
        writeln!(out, "| | check | bucket | reason | fix |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for v in &r.checks {
            row("", v, out)?;
        }
        for b in &r.buckets {
            for v in &b.checks {
                row(&b.bucket, v, out)?;
            }
        }
    }
    if !report.permissions.is_empty() {
        writeln!(out, "\n### Denied calls\n")?;
        writeln!(out, "| action | call | on | reason |")?;
        writeln!(out, "|---|---|---|---|")?;
        for d in &report.permissions {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                code(&d.action),
                cell(&d.api),
                cell(&d.scope),
                cell(&d.reason)
            )?;
        }
        writeln!(
            out,
            "\n`s3drift iam-policy --doctor` prints a policy with every action s3drift and doctor need."
        )?;
    }
    if !report.fixes.is_empty() {
        writeln!(out, "\n### Fixes")?;
        for f in &report.fixes {
            writeln!(
                out,
                "\n<details><summary><code>{}</code>: {}</summary>\n",
                html(&f.id),
                html(&f.title)
            )?;
            fenced("hcl", &f.hcl, out)?;
            writeln!(out)?;
            fenced("sh", &f.cli, out)?;
            writeln!(out, "\n</details>")?;
        }
    }
    Ok(())
}
