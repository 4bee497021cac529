//! The canonical path table: every part's rows, in registry order. The README's table is
//! this one (`s3drift paths`), so the two cannot disagree. Finding paths, ignore rules and
//! source locations use these names.

use super::spec::PathRow;
use crate::registry::Part;

/// Every row of every part.
pub fn rows() -> impl Iterator<Item = &'static PathRow> {
    Part::ALL.iter().flat_map(|p| p.spec().paths.iter())
}

/// The path table as Markdown, for `s3drift paths` and the README.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| path | inline on `aws_s3_bucket` | split resource | S3 API field | CloudTrail field |\n|---|---|---|---|---|\n",
    );
    for row in rows() {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            row.path, row.inline, row.split, row.s3_api, row.cloudtrail
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_starts_with_its_part_key() {
        for part in Part::ALL {
            assert!(!part.spec().paths.is_empty(), "{part} has no path rows");
            for row in part.spec().paths {
                assert_eq!(Part::of_path(row.path), Some(*part), "{}", row.path);
            }
        }
    }
}
