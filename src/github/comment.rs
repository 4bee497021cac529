//! The pull-request comment: one per category, created once and then edited, so a pull
//! request never collects one comment per push and matrix jobs (one category each) never
//! overwrite each other.
//!
//! A comment is s3drift's when its body starts with the category's hidden marker,
//! `<!-- s3drift:prod -->`. HTML comments do not show on GitHub, and a reply that quotes the
//! comment starts with `>`, so it is never mistaken for it.

use super::api::Comment;
use crate::diag::{ErrorCode, InputError};
use crate::report::markdown::{self, MarkdownOptions, COMMENT_CHARS};
use crate::report::Report;

/// The category when none is given.
pub const DEFAULT_CATEGORY: &str = "default";

/// What to do with the comment on each run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentMode {
    /// Edit the existing comment in place (create it the first time).
    Update,
    /// Post a fresh comment at the end of the conversation and delete the previous one, so
    /// there is still one.
    New,
    /// No comment.
    Off,
}

/// The hidden marker of a category's comment.
pub fn marker(category: &str) -> String {
    format!("<!-- s3drift:{category} -->")
}

/// Checks a category: it goes into an HTML comment and a heading, so it is kept to letters,
/// digits and `-_./`, and never holds `--`, which would end the comment early.
pub fn check_category(category: &str) -> Result<(), InputError> {
    let ok = !category.is_empty()
        && category.len() <= 100
        && !category.contains("--")
        && category
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok {
        Ok(())
    } else {
        Err(InputError::new(
            ErrorCode::Usage,
            format!("category `{category}` is not usable in a comment marker"),
        )
        .help("use letters, digits and - _ . / (at most 100, no `--`), e.g. prod or 111122223333/eu-west-1"))
    }
}

/// Whether a comment is this category's.
pub fn is_ours(comment: &Comment, category: &str) -> bool {
    let marker = marker(category);
    comment.body.as_deref().is_some_and(|b| {
        b.strip_prefix(&marker).is_some_and(|rest| {
            rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
        })
    })
}

/// The comment's body: the marker, then the report as Markdown within GitHub's limit.
pub fn body(report: &Report, category: &str) -> String {
    let marker = marker(category);
    let opts = MarkdownOptions {
        max_bytes: COMMENT_CHARS - marker.len() - 1,
        title: (category != DEFAULT_CATEGORY).then(|| category.to_string()),
        bucket: None,
    };
    format!("{marker}\n{}", markdown::to_string(report, &opts))
}

/// What a run does with the comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentPlan {
    /// Nothing to do, and why.
    Nothing(&'static str),
    /// Post a new comment.
    Create,
    /// Edit comment `id`; delete `extra`, older duplicates of the same category.
    Update { id: u64, extra: Vec<u64> },
    /// Post a new comment, then delete these.
    Replace { delete: Vec<u64> },
}

/// Plans the run's comment from the pull request's comments. `worth_posting` is false for
/// a report with no findings at all: such a report edits an existing comment (so it stops
/// showing drift that is gone) but does not start a conversation.
pub fn plan(
    mode: CommentMode,
    existing: &[Comment],
    category: &str,
    new_body: &str,
    worth_posting: bool,
) -> CommentPlan {
    if mode == CommentMode::Off {
        return CommentPlan::Nothing("comments are off");
    }
    let ours: Vec<&Comment> = existing.iter().filter(|c| is_ours(c, category)).collect();
    let Some(first) = ours.first() else {
        return if worth_posting {
            CommentPlan::Create
        } else {
            CommentPlan::Nothing("no findings, and no earlier comment to update")
        };
    };
    match mode {
        CommentMode::Update => {
            let extra: Vec<u64> = ours[1..].iter().map(|c| c.id).collect();
            if first.body.as_deref() == Some(new_body) && extra.is_empty() {
                CommentPlan::Nothing("the comment is up to date")
            } else {
                CommentPlan::Update {
                    id: first.id,
                    extra,
                }
            }
        }
        CommentMode::New => CommentPlan::Replace {
            delete: ours.iter().map(|c| c.id).collect(),
        },
        CommentMode::Off => unreachable!("handled above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: u64, body: &str) -> Comment {
        Comment {
            id,
            body: Some(body.to_string()),
            html_url: None,
        }
    }

    #[test]
    fn markers_tell_categories_apart() {
        assert!(is_ours(&c(1, "<!-- s3drift:prod -->\n## s3drift"), "prod"));
        assert!(!is_ours(
            &c(1, "<!-- s3drift:prod -->\n## s3drift"),
            "prod-eu"
        ));
        assert!(!is_ours(&c(1, "<!-- s3drift:prod-eu -->\n"), "prod"));
        assert!(
            !is_ours(&c(1, "> <!-- s3drift:prod -->\n"), "prod"),
            "a quote"
        );
        assert!(!is_ours(&c(1, "LGTM"), "prod"));
    }

    #[test]
    fn categories_are_checked() {
        assert!(check_category("prod").is_ok());
        assert!(check_category("111122223333/eu-west-1").is_ok());
        for bad in ["", "a--b", "a b", "x -->", "<b>"] {
            assert!(check_category(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn update_edits_the_first_and_removes_duplicates() {
        let existing = vec![
            c(10, "LGTM"),
            c(11, "<!-- s3drift:prod -->\nold"),
            c(12, "<!-- s3drift:stage -->\nother"),
            c(13, "<!-- s3drift:prod -->\nraced"),
        ];
        let body = "<!-- s3drift:prod -->\nnew";
        assert_eq!(
            plan(CommentMode::Update, &existing, "prod", body, true),
            CommentPlan::Update {
                id: 11,
                extra: vec![13]
            }
        );
        assert_eq!(
            plan(
                CommentMode::Update,
                &existing[..3],
                "stage",
                "<!-- s3drift:stage -->\nother",
                true
            ),
            CommentPlan::Nothing("the comment is up to date")
        );
        assert_eq!(
            plan(CommentMode::New, &existing, "prod", body, true),
            CommentPlan::Replace {
                delete: vec![11, 13]
            }
        );
        assert_eq!(
            plan(CommentMode::Update, &existing, "eu", body, true),
            CommentPlan::Create
        );
        assert!(matches!(
            plan(CommentMode::Update, &existing, "eu", body, false),
            CommentPlan::Nothing(_)
        ));
        // A clean report still edits an earlier comment, so it stops showing old drift.
        assert!(matches!(
            plan(CommentMode::Update, &existing, "prod", body, false),
            CommentPlan::Update { id: 11, .. }
        ));
        assert!(matches!(
            plan(CommentMode::Off, &existing, "prod", body, true),
            CommentPlan::Nothing(_)
        ));
    }
}
