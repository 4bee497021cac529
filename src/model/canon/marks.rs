//! Sensitive and unknown attribute paths (state `sensitive_attributes`, plan
//! `after_sensitive`/`after_unknown`) as they bear on one part.

use crate::state::{Resource, Step};

fn head(path: &[Step]) -> Option<&str> {
    match path.first() {
        Some(Step::Attr(a)) => Some(a),
        _ => None,
    }
}

/// Whether any sensitive path starts at one of `attrs` (or covers the whole resource).
pub fn sensitive(res: &Resource, attrs: &[&str]) -> bool {
    res.sensitive
        .iter()
        .any(|p| p.is_empty() || head(p).is_some_and(|h| attrs.contains(&h)))
}

/// Whether the attribute `key` as a whole is unknown until apply.
pub fn unknown_whole(res: &Resource, key: &str) -> bool {
    res.unknown
        .iter()
        .any(|p| p.len() == 1 && head(p) == Some(key))
}

/// The pending leaf paths under `attrs`, relative to the part: the attribute names of the
/// path joined by `.`, list positions left out. With `inline`, the first step (the inline
/// block's own name) is dropped, since the part already names it. A whole part is `*`.
pub fn pending(res: &Resource, attrs: &[&str], inline: bool) -> Vec<String> {
    let mut out: Vec<String> = res
        .unknown
        .iter()
        .filter(|p| head(p).is_some_and(|h| attrs.contains(&h)))
        .map(|p| {
            let names: Vec<&str> = p
                .iter()
                .skip(usize::from(inline))
                .filter_map(|s| match s {
                    Step::Attr(a) => Some(a.as_str()),
                    Step::Index(_) => None,
                })
                .collect();
            if names.is_empty() {
                "*".to_string()
            } else {
                names.join(".")
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(unknown: Vec<Vec<Step>>, sensitive: Vec<Vec<Step>>) -> Resource {
        Resource {
            unknown,
            sensitive,
            ..Resource::test_bucket(json!({}))
        }
    }

    #[test]
    fn pending_paths_relative_to_the_part() {
        let a = |s: &str| Step::Attr(s.into());
        let r = res(
            vec![
                vec![a("logging"), Step::Index(0), a("target_bucket")],
                vec![a("versioning")],
            ],
            vec![],
        );
        assert_eq!(pending(&r, &["logging"], true), vec!["target_bucket"]);
        assert_eq!(pending(&r, &["versioning"], true), vec!["*"]);
        assert!(unknown_whole(&r, "versioning"));
        assert!(!unknown_whole(&r, "logging"));
        assert!(pending(&r, &["policy"], true).is_empty());
    }

    #[test]
    fn sensitive_by_head_attribute() {
        let a = |s: &str| Step::Attr(s.into());
        let r = res(vec![], vec![vec![a("tags_all"), a("secret")]]);
        assert!(sensitive(&r, &["tags", "tags_all"]));
        assert!(!sensitive(&r, &["policy"]));
    }
}
