//! How each class of bad state/plan input reads to a user: the rendered diagnostic
//! (message, code, labelled snippet with secrets masked, hint), snapshotted.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use s3drift::state::{parse_plan, parse_state};
use std::path::Path;

fn render(name: &str, plan: bool) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
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
        "../shared/corpus/tfstate/chewdevs__terraformEbook-live__global-s3-v3.tfstate",
        false
    ));
}

#[test]
fn wrong_flags() {
    insta::assert_snapshot!(
        "plan_given_to_state",
        render(
            "../shared/corpus/plan/terraform-compliance__cli__s3_encryption_success.json",
            false
        )
    );
    insta::assert_snapshot!(
        "state_given_to_plan",
        render("fixtures/state/mixed.tfstate", true)
    );
}
