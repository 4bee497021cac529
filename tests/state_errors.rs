//! Every class of bad input gets its own error code, a message naming the file, a labelled
//! place in the file and a hint; sensitive values never appear in the snippet; and no input
//! makes the reader panic.

mod shared_corpus;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use s3drift::diag::{ErrorCode, InputError};
use s3drift::state::{expand_patterns, load_local, parse_plan, parse_state, SourceKind};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/state")
        .join(name)
}

fn load_err(name: &str) -> InputError {
    load_local(&fixture(name), SourceKind::State).unwrap_err()
}

/// The diagnostic as a user sees it, without colours, with the whole file as context.
fn render(err: &InputError) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_context_lines(1000)
        .render_report(&mut out, err as &dyn Diagnostic)
        .unwrap();
    out
}

/// The first `len` bytes of the (masked) source text attached to the error.
fn snippet_source(err: &InputError, len: usize) -> String {
    let source = err.source_code().expect("a snippet");
    let contents = source.read_span(&(0, len).into(), 0, 0).unwrap();
    String::from_utf8(contents.data().to_vec()).unwrap()
}

/// The labelled text of the error's snippet.
fn labelled(err: &InputError) -> String {
    let label = err.labels().expect("a label").next().unwrap();
    let source = err.source_code().expect("a snippet");
    let contents = source.read_span(label.inner(), 0, 0).unwrap();
    String::from_utf8(contents.data().to_vec()).unwrap()
}

#[test]
fn empty_file() {
    let err = load_err("bad/empty.tfstate");
    assert_eq!(err.code, ErrorCode::Empty);
    assert!(err.message.contains("empty.tfstate is empty"));
    assert!(err.help.is_some());
}

#[test]
fn missing_file() {
    let err = load_err("bad/does-not-exist.tfstate");
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err.message.contains("no such file"), "{}", err.message);
    assert!(err.message.contains("does-not-exist.tfstate"));
}

#[test]
fn not_json() {
    let err = load_err("bad/not-json.tfstate");
    assert_eq!(err.code, ErrorCode::NotJson);
    assert!(
        err.message
            .contains("is not JSON (it does not start with `{`)"),
        "{}",
        err.message
    );
    assert!(
        render(&err).contains("not-json.tfstate:1:1"),
        "{}",
        render(&err)
    );
    assert!(err
        .help
        .as_deref()
        .unwrap()
        .contains("terraform show -json"));
}

#[test]
fn invalid_json_points_at_the_error_and_masks_values() {
    let text = "{\n  \"version\": 4,\n  \"outputs\": {\"pw\": {\"value\": \"hunter2\", \"sensitive\": true}},\n  \"resources\": [,]\n}\n";
    let err = parse_state("bad.tfstate", text).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotJson);
    assert!(
        err.message.contains("is not valid JSON: expected value"),
        "{}",
        err.message
    );
    let shown = render(&err);
    assert!(shown.contains("bad.tfstate:4:17"), "{shown}");
    // The line before the error is shown, its keys readable and its values masked.
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("\"outputs\": {\"pw\""), "{shown}");
}

#[test]
fn truncated_json_masks_every_string_value() {
    let err = load_err("bad/truncated.tfstate");
    assert_eq!(err.code, ErrorCode::NotJson);
    assert!(err.message.contains("truncated"), "{}", err.message);
    // Nothing was parsed, so even a sensitive output's value is masked, keys are not.
    let text = std::fs::read_to_string(fixture("mixed.tfstate")).unwrap();
    for (secret, cut_after) in [
        ("output-secret-value", "\"type\": \"str"),
        ("acme-logs", "\"type\": \"str"),
    ] {
        let at = text.find(secret).unwrap();
        let cut = at + text[at..].find(cut_after).unwrap() + cut_after.len();
        let err = parse_state("cut.tfstate", &text[..cut]).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotJson);
        let shown = render(&err);
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.contains("\"value\": \"*"), "{shown}");
    }
}

#[test]
fn format_3_says_how_to_upgrade() {
    let text = r#"{"version": 3, "terraform_version": "0.9.8", "modules": []}"#;
    let err = parse_state("old.tfstate", text).unwrap_err();
    assert_eq!(err.code, ErrorCode::StateVersion);
    assert!(err.message.contains("format version 3"));
    let help = err.help.as_deref().unwrap();
    assert!(help.contains("Terraform 0.12"), "{help}");
    assert_eq!(labelled(&err), "3");
}

#[test]
fn unknown_and_missing_versions() {
    let err = load_err("bad/version-5.tfstate");
    assert_eq!(err.code, ErrorCode::StateVersion);
    assert!(err.message.contains("version 5"));
    assert_eq!(labelled(&err), "5");

    let err = parse_state("s.tfstate", r#"{"resources": []}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::StateVersion);
    assert!(err.message.contains("no `version`"));

    let err = parse_state("s.tfstate", r#"{"version": "4", "resources": []}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(err
        .message
        .contains("`version` must be a whole number, found a string"));
    assert_eq!(labelled(&err), "\"4\"");
}

#[test]
fn resources_not_a_list() {
    let err = load_err("bad/resources-not-a-list.tfstate");
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(err
        .message
        .contains("`resources` must be a list, found an object"));
    assert!(labelled(&err).starts_with('{'));
    assert!(
        render(&err).contains("resources-not-a-list.tfstate:4:16"),
        "{}",
        render(&err)
    );
}

#[test]
fn attributes_not_an_object_and_secrets_masked() {
    let err = load_err("bad/attributes-not-an-object.tfstate");
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(
        err.message
            .contains("`attributes` of aws_s3_bucket_policy.p must be an object, found a string"),
        "{}",
        err.message
    );
    assert!(labelled(&err).starts_with("\"{\\\"bucket"));
    let shown = render(&err);
    assert!(!shown.contains("planted-secret-3"), "{shown}");
    // Values not marked sensitive stay readable.
    assert!(shown.contains("acme-logs"), "{shown}");
}

/// `mixed.tfstate` with each `from` replaced by its `to` (which puts a mistake next to a
/// secret), parsed: the rendered diagnostic.
fn shown_with(edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(fixture("mixed.tfstate")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let err = parse_state("mixed.tfstate", &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape, "{}", err.message);
    render(&err)
}

#[test]
fn shape_error_masks_marked_values_and_outputs() {
    let text = std::fs::read_to_string(fixture("mixed.tfstate"))
        .unwrap()
        .replace(r#""index_key": 1,"#, r#""index_key": 1, "status": 7,"#);
    let err = parse_state("mixed.tfstate", &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(err
        .message
        .contains("`status` must be a string, found a number"));
    assert_eq!(labelled(&err), "7");

    // A mistake on the line next to each secret: the secret is in the snippet, masked,
    // and the values around it that are not marked stay readable.
    let shown = shown_with(&[(
        "\"bucket\": \"acme-logs\",\n            \"tags_all\"",
        "\"bucket\": 7,\n            \"tags_all\"",
    )]);
    assert!(!shown.contains("planted-secret-1"), "{shown}");
    assert!(
        shown.contains("\"api_token\": \"****************\""),
        "{shown}"
    );
    assert!(shown.contains("\"team\": \"platform\""), "{shown}");

    let shown = shown_with(&[("\"bucket\": \"acme-replica-0\"", "\"bucket\": 7")]);
    assert!(!shown.contains("planted-secret-2"), "{shown}");
    assert!(shown.contains("\"policy\": \"*"), "{shown}");

    let shown = shown_with(&[(
        "\"bucket\": \"acme-logs\",\n            \"rule\"",
        "\"bucket\": 7,\n            \"rule\"",
    )]);
    assert!(!shown.contains("tmp/"), "{shown}");
    assert!(shown.contains("\"expire\""), "{shown}");

    let shown = shown_with(&[
        ("\"terraform_version\": \"1.11.2\",", ""),
        (
            "\"outputs\": {\n    \"db_password\": {\n      \"value\"",
            "\"terraform_version\": 12, \"outputs\": {\"db_password\": {\"value\"",
        ),
    ]);
    assert!(!shown.contains("output-secret-value"), "{shown}");
    assert!(shown.contains("\"db_password\""), "{shown}");
}

#[test]
fn wrong_types_inside_instances() {
    let base = |inst: &str| {
        format!(
            r#"{{"version":4,"resources":[{{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider.aws","instances":[{inst}]}}]}}"#
        )
    };
    for (inst, want) in [
        (
            r#"{"attributes":{},"index_key":true}"#,
            "`index_key` must be a whole number or a string",
        ),
        (r#"{"attributes":{},"status":"gone"}"#, "unknown status"),
        (
            r#"{"attributes":{},"schema_version":"0"}"#,
            "`schema_version` must be a whole number",
        ),
        (
            r#"{"attributes":{},"identity":[]}"#,
            "`identity` of aws_s3_bucket.b must be an object",
        ),
        (
            r#"{"attributes_flat":{"bucket":"b"}}"#,
            "legacy flat attributes",
        ),
        (r#"{}"#, "has no `attributes`"),
        (r#"7"#, "an instance must be an object"),
    ] {
        let err = parse_state("s.tfstate", &base(inst)).unwrap_err();
        assert_eq!(err.code, ErrorCode::Shape, "{inst}");
        assert!(err.message.contains(want), "{inst}: {}", err.message);
        assert!(err.labels().is_some() && err.help.is_some());
    }
    let err = parse_state(
        "s.tfstate",
        r#"{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider.aws","instances":7}]}"#,
    )
    .unwrap_err();
    assert!(err
        .message
        .contains("`instances` must be a list, found a number"));
    assert_eq!(labelled(&err), "7");
    let err = parse_state(
        "s.tfstate",
        r#"{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"aws","instances":[]}]}"#,
    )
    .unwrap_err();
    assert!(err.message.contains("not a provider address"));
    let err = parse_state(
        "s.tfstate",
        r#"{"version":4,"resources":[{"mode":"managed","name":"b"}]}"#,
    )
    .unwrap_err();
    assert!(err.message.contains("no `type`"), "{}", err.message);
}

#[test]
fn encrypted_opentofu_state() {
    let err = load_err("bad/encrypted.tfstate");
    assert_eq!(err.code, ErrorCode::Encrypted);
    assert!(err.message.contains("OpenTofu state encryption"));
    assert!(err.help.as_deref().unwrap().contains("tofu state pull"));
    let err = load_local(&fixture("bad/encrypted.tfstate"), SourceKind::Plan).unwrap_err();
    assert_eq!(err.code, ErrorCode::Encrypted);
}

#[test]
fn not_a_state_at_all() {
    let err = parse_state("trail.json", r#"{"Records": []}"#).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(err
        .message
        .contains("not a Terraform/OpenTofu state or plan"));
    let err = parse_plan("list.json", "[1, 2]").unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(err.message.contains("found a list"));
}

#[test]
fn binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.gz");
    std::fs::write(&path, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe]).unwrap();
    let err = load_local(&path, SourceKind::State).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotJson);
    assert!(err.message.contains("gzip-compressed"), "{}", err.message);
}

#[test]
fn patterns() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["b.tfstate", "a.tfstate", "sub/c.tfstate", "notes.txt"] {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "{}").unwrap();
    }
    let d = dir.path().display().to_string();
    let got = expand_patterns(&[
        format!("{d}/*.tfstate"),
        format!("{d}/a.tfstate"),
        format!("{d}/**/*.tfstate"),
    ])
    .unwrap();
    let names: Vec<String> = got
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, vec!["a.tfstate", "b.tfstate", "sub/c.tfstate"]);

    let literal = dir.path().join("env[prod].tfstate");
    std::fs::write(&literal, "{}").unwrap();
    assert_eq!(
        expand_patterns(&[literal.display().to_string()]).unwrap(),
        vec![literal.clone()]
    );

    let err = expand_patterns(&[format!("{d}/*.tfstat")]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Pattern);
    assert!(err.message.contains("matches no files"));
    assert!(err.help.is_some());

    let err = expand_patterns(&[format!("{d}/[.tfstate")]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Pattern);
    assert!(err.message.contains("not a valid glob"));

    let err = expand_patterns(&[format!("{d}/missing.tfstate")]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);

    let err = expand_patterns(std::slice::from_ref(&d)).unwrap_err();
    assert!(err.message.contains("is a directory"));

    let err = expand_patterns(&["s3://bucket/key".to_string()]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Pattern);
}

fn corpus_files() -> Vec<PathBuf> {
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes");
    let mut files = Vec::new();
    let mut folders = vec![shapes.join("state"), shapes.join("plan")];
    if let Some(corpus) = shared_corpus::dir() {
        folders.extend([corpus.join("tfstate"), corpus.join("plan")]);
    }
    for folder in folders {
        for e in std::fs::read_dir(folder).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    files.push(fixture("mixed.tfstate"));
    files.sort();
    files
}

/// Both readers on `text`; each error is rendered too, since a span that miette cannot
/// place would panic there.
fn check_no_panic(text: &str) {
    for result in [parse_state("x", text), parse_plan("x", text)] {
        if let Err(e) = result {
            render_short(&e);
        }
    }
}

/// The diagnostic with miette's default context (one line each side).
fn render_short(err: &InputError) {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, err as &dyn Diagnostic)
        .unwrap();
}

/// Every prefix of every input (at a stride, plus the last 64 bytes one by one) through
/// both readers: each must answer Ok or Err, never panic.
#[test]
fn truncations_never_panic() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let len = text.len();
        let mut cuts: Vec<usize> = (0..len).step_by((len / 150).max(1)).collect();
        cuts.extend(len.saturating_sub(64)..len);
        for cut in cuts {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let part = &text[..cut];
            check_no_panic(part);
        }
    }
}

/// Pseudo-random garbage and mutations (a fixed-seed generator keeps the test
/// reproducible) must not panic either.
#[test]
fn garbage_never_panics() {
    let mut seed: u64 = 0x5eed_1234_abcd_0001;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const PIECES: [&str; 24] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "null",
        "true",
        "4",
        "-1",
        "1e999",
        "\"version\"",
        "\"resources\"",
        "\"instances\"",
        "\"attributes\"",
        "\"sensitive_attributes\"",
        "\"type\"",
        "\"index\"",
        "\"value\"",
        "\"module\"",
        "\"provider\"",
        "é",
    ];
    for _ in 0..3000 {
        let n = (next() % 40) as usize;
        let s: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        check_no_panic(&s);
    }
    // Mutations of a real state: swap one value for another type.
    let text = std::fs::read_to_string(fixture("mixed.tfstate")).unwrap();
    for needle in ["{", "[", "\"", "0", "4", "true", "null"] {
        for (i, _) in text.match_indices(needle) {
            for repl in ["7", "\"x\"", "null", "[]", "{}"] {
                let mutated = format!("{}{}{}", &text[..i], repl, &text[i + needle.len()..]);
                if let Err(e) = parse_state("m", &mutated) {
                    render_short(&e);
                }
            }
        }
    }
    // The same for a plan with drift, changes and configuration.
    let plan = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes/plan/sensitive-drift.json"),
    )
    .unwrap();
    for needle in ["{", "[", "\"", "true", "null"] {
        for (i, _) in plan.match_indices(needle).step_by(5) {
            for repl in ["7", "\"x\"", "null", "[]", "{}"] {
                let mutated = format!("{}{}{}", &plan[..i], repl, &plan[i + needle.len()..]);
                if let Err(e) = parse_plan("m", &mutated) {
                    render_short(&e);
                }
            }
        }
    }
}

#[test]
fn duplicate_instances_and_bad_module_paths() {
    let r = r#"{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider.aws","instances":[{"attributes":{}}]}"#;
    let err = parse_state(
        "s.tfstate",
        &format!(r#"{{"version":4,"resources":[{r},{r}]}}"#),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(
        err.message.contains("aws_s3_bucket.b appears twice"),
        "{}",
        err.message
    );

    let bad = r.replace(r#""mode""#, r#""module":"storage","mode""#);
    let err = parse_state(
        "s.tfstate",
        &format!(r#"{{"version":4,"resources":[{bad}]}}"#),
    )
    .unwrap_err();
    assert!(
        err.message.contains("not a module address"),
        "{}",
        err.message
    );
    assert_eq!(labelled(&err), "\"storage\"");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{\"a\":"] {
        let text = open.repeat(100_000);
        let err = parse_state("deep.tfstate", &text).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotJson);
        render_short(&err);
    }
}

/// A large state with a sensitive value in every instance and a mistake at the very end:
/// locating and masking stay linear in the file size.
#[test]
fn large_state_with_many_marks_fails_fast_and_masks_all() {
    let instance = r#"{"index_key": N, "attributes": {"bucket": "b-N", "policy": "secret-N"},
        "sensitive_attributes": [[{"type": "get_attr", "value": "policy"}]]}"#;
    let instances: Vec<String> = (0..20_000)
        .map(|i| instance.replace('N', &i.to_string()))
        .collect();
    let text = format!(
        r#"{{"version": 4, "resources": [{{"mode": "managed", "type": "aws_s3_bucket_policy", "name": "p",
        "provider": "provider.aws", "instances": [{}]}}, {{"mode": 7}}]}}"#,
        instances.join(",\n")
    );
    let started = std::time::Instant::now();
    let err = parse_state("big.tfstate", &text).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        err.message.contains("`mode` must be a string"),
        "{}",
        err.message
    );
    let masked = snippet_source(&err, text.len());
    assert!(!masked.contains("secret-"));
    assert!(masked.contains("b-19999"));
}

#[test]
fn a_key_given_twice_is_masked_in_both_places() {
    let text = r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_s3_bucket", "name": "b",
        "provider": "provider.aws", "instances": [{"attributes": {"policy": "decoy", "policy": "real-secret"},
        "sensitive_attributes": [[{"type": "get_attr", "value": "policy"}]], "status": 1}]}]}"#;
    let err = parse_state("dup.tfstate", text).unwrap_err();
    let masked = snippet_source(&err, text.len());
    assert!(!masked.contains("real-secret") && !masked.contains("decoy"));
}
