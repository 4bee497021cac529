//! The doctor report as text: a checklist per region, then the trails found, the denied
//! calls and the fixes.
//!
//! ```text
//! eu-west-1
//!   ✗ trail           no trail logs eu-west-1  [fix create-trail]
//!   ✗ CWL-012 alarm   no trail logs eu-west-1, so no metric filter can see its bucket changes
//!   bucket app-data
//!     ✗ trail           no trail logs eu-west-1  [fix create-trail]
//!     ✓ access logging  server access logs go to s3://logs/app-data/ — …
//! ```

use crate::doctor::verdict::Verdict;
use crate::doctor::DoctorReport;
use crate::report::escape::clean;
use std::io::{self, Write};

/// The width of the check column.
const LABEL: usize = 16;

fn line(indent: &str, v: &Verdict, out: &mut impl Write) -> io::Result<()> {
    let fix = v
        .fix
        .as_deref()
        .map(|id| format!("  [fix {}]", clean(id)))
        .unwrap_or_default();
    writeln!(
        out,
        "{indent}{} {:<LABEL$}{}{fix}",
        v.status.mark(),
        v.check.label(),
        clean(&v.reason)
    )
}

fn block(text: &str, indent: &str, out: &mut impl Write) -> io::Result<()> {
    for l in text.lines() {
        if l.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "{indent}{}", clean(l))?;
        }
    }
    Ok(())
}

/// Writes the report as text.
pub fn render(report: &DoctorReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "s3drift doctor: can s3drift see every change?")?;
    if report.regions.is_empty() {
        writeln!(out, "\nNo bucket in scope.")?;
    }
    for r in &report.regions {
        writeln!(out, "\n{}", clean(&r.region))?;
        for v in &r.checks {
            line("  ", v, out)?;
        }
        for b in &r.buckets {
            writeln!(out, "  bucket {}", clean(&b.bucket))?;
            for v in &b.checks {
                line("    ", v, out)?;
            }
        }
    }
    if !report.trails.is_empty() {
        writeln!(out, "\nTrails")?;
        for t in &report.trails {
            let scope = if t.multi_region {
                format!("multi-region, home {}", t.home_region)
            } else {
                format!("single-region in {}", t.home_region)
            };
            let logging = match t.logging {
                Some(true) => "logging",
                Some(false) => "not logging",
                None => "logging unknown",
            };
            let mut parts = vec![scope, logging.to_string()];
            if t.organization {
                parts.push("organisation trail".to_string());
            }
            if let Some(s) = &t.cloudtrail_source {
                parts.push(format!("--cloudtrail {s}"));
            }
            if let Some(g) = &t.log_group {
                parts.push(format!("log group {g}"));
            }
            writeln!(out, "  {}: {}", clean(&t.name), clean(&parts.join(", ")))?;
        }
    }
    writeln!(out, "\nPermissions")?;
    if report.permissions.is_empty() {
        writeln!(out, "  ✓ no call was denied")?;
    } else {
        for d in &report.permissions {
            writeln!(
                out,
                "  ✗ {} ({} on {}): {}",
                clean(&d.action),
                clean(&d.api),
                clean(&d.scope),
                clean(&d.reason)
            )?;
        }
        writeln!(
            out,
            "  `s3drift iam-policy --doctor` prints a policy with every action s3drift and doctor need."
        )?;
    }
    if !report.fixes.is_empty() {
        writeln!(out, "\nFixes")?;
        for f in &report.fixes {
            writeln!(out, "\n  [{}] {}", clean(&f.id), clean(&f.title))?;
            writeln!(out, "    Terraform:")?;
            block(&f.hcl, "      ", out)?;
            writeln!(out, "    AWS CLI:")?;
            block(&f.cli, "      ", out)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", clean(&super::verdict_line(report)))
}
