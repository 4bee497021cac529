//! How each class of bad state/plan input reads to a user: the rendered diagnostic
//! (message, code, labelled snippet with secrets masked, hint), snapshotted.

mod shared_corpus;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use s3drift::state::{parse_plan, parse_state};
use std::path::Path;

/// The diagnostic for the file `name` (relative to the repository).
fn render(name: &str, plan: bool) -> String {
    render_in(Path::new(env!("CARGO_MANIFEST_DIR")), name, plan)
}

/// The diagnostic for the file `name` under `root`, read under that relative name so no
/// snapshot holds a machine's path.
fn render_in(root: &Path, name: &str, plan: bool) -> String {
    let path = root.join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let result = if plan {
        parse_plan(name, &text)
    } else {
        parse_state(name, &text)
    };
    let err = result.expect_err("a bad input");
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, &err as &dyn Diagnostic)
        .unwrap();
    out
}

#[test]
fn bad_states() {
    for file in [
        "attributes-not-an-object",
        "empty",
        "encrypted",
        "not-json",
        "resources-not-a-list",
        "truncated",
        "version-5",
        "wrong-attribute-type",
    ] {
        let name = format!("fixtures/state/bad/{file}.tfstate");
        insta::assert_snapshot!(format!("state_{file}"), render(&name, false));
    }
}

#[test]
fn format_3_state() {
    insta::assert_snapshot!(render(
        "fixtures/shapes/state/format-3-legacy.tfstate",
        false
    ));
}

#[test]
fn wrong_flags() {
    insta::assert_snapshot!(
        "plan_given_to_state",
        render("fixtures/shapes/plan/format-0.1-create.json", false)
    );
    insta::assert_snapshot!(
        "state_given_to_plan",
        render("fixtures/state/mixed.tfstate", true)
    );
}

#[test]
fn corpus_format_3_state_and_plan_given_to_state() {
    let Some(corpus) = shared_corpus::dir() else {
        return;
    };
    insta::assert_snapshot!(
        "corpus_format_3_state",
        render_in(
            &corpus,
            "tfstate/chewdevs__terraformEbook-live__global-s3-v3.tfstate",
            false
        )
    );
    insta::assert_snapshot!(
        "corpus_plan_given_to_state",
        render_in(
            &corpus,
            "plan/terraform-compliance__cli__s3_encryption_success.json",
            false
        )
    );
}
