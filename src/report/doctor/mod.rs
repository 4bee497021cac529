//! Renderers of the doctor report ([`crate::doctor::DoctorReport`]): `text` (a checklist per
//! region), `json` (the stable schema `check --coverage` reads back) and `markdown` (for a
//! GitHub step summary). Pure: they write to any `impl Write`.

pub mod json;
pub mod markdown;
pub mod text;

use crate::doctor::DoctorReport;

/// The closing sentence every format shows: whether attribution has what it needs.
pub(crate) fn verdict_line(report: &DoctorReport) -> String {
    let s = &report.summary;
    let others = s.gaps + s.unknown - s.blocking;
    let rest = match others {
        0 => String::new(),
        1 => "; 1 other check is not in place".to_string(),
        n => format!("; {n} other checks are not in place"),
    };
    if report.attribution_ready {
        return format!("Everything attribution needs is in place{rest}.");
    }
    let gaps = if s.blocking == 1 {
        "1 gap leaves".to_string()
    } else {
        format!("{} gaps leave", s.blocking)
    };
    let which: Vec<String> = report
        .regions
        .iter()
        .flat_map(|r| {
            r.checks.iter().filter(|v| v.blocking()).map(move |v| {
                if r.region == crate::doctor::assess::UNKNOWN_REGION {
                    format!("{} for buckets of unknown region", v.check.label())
                } else {
                    format!("{} in {}", v.check.label(), r.region)
                }
            })
        })
        .collect();
    format!(
        "{gaps} findings unattributable ({}){rest}.",
        which.join(", ")
    )
}
