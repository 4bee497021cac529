//! JSON syntax (`.tf.json`) into the neutral tree, with lines from jsonc-parser's byte ranges
//! (serde_json keeps none).
//!
//! Terraform's JSON syntax puts block labels in nested object keys
//! (`"resource": {"aws_s3_bucket": {"this": {…}}}`), allows an array of objects wherever
//! one object may stand, and treats every string as a template: a string holding `${` or
//! `%{` is computed. A `"//"` key is a comment.

use super::tree::{Body, Entry, EntryKind, FileId, Lines, Pos, Value};
use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

/// How many labels each top-level block type has, for the types locations need.
const LABELS: &[(&str, usize)] = &[("resource", 2), ("module", 1), ("terraform", 0)];

/// Parses one `.tf.json` file into top-level blocks (`resource`, `module`, `terraform`).
pub fn parse(text: &str, file: FileId) -> Result<Body, String> {
    // Terraform reads strict JSON: no comments, trailing commas or bare words.
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options)
        .map_err(|e| e.to_string())?;
    let lines = Lines::new(text);
    let ctx = Ctx {
        file,
        lines: &lines,
    };
    let Some(ast::Value::Object(root)) = parsed.value else {
        return Err("a Terraform JSON file holds one object".to_string());
    };
    let mut out = Body {
        entries: Vec::new(),
        keys_known: true,
    };
    for prop in &root.properties {
        let name = prop.name.as_str();
        if let Some((_, labels)) = LABELS.iter().find(|(n, _)| *n == name) {
            ctx.labelled(
                name,
                *labels,
                Vec::new(),
                &prop.value,
                prop.range.start,
                &mut out,
            );
        }
    }
    Ok(out)
}

struct Ctx<'a> {
    file: FileId,
    lines: &'a Lines,
}

impl Ctx<'_> {
    fn pos(&self, offset: usize) -> Pos {
        Pos {
            file: self.file,
            line: self.lines.line(offset),
        }
    }

    /// A block of type `kind` still missing `left` labels: each object level adds one.
    fn labelled(
        &self,
        kind: &str,
        left: usize,
        labels: Vec<String>,
        value: &ast::Value,
        at: usize,
        out: &mut Body,
    ) {
        match value {
            ast::Value::Array(items) => {
                for item in &items.elements {
                    self.labelled(kind, left, labels.clone(), item, at, out);
                }
            }
            ast::Value::Object(object) if left == 0 => out.entries.push(Entry {
                name: kind.to_string(),
                pos: self.pos(at),
                kind: EntryKind::Block {
                    labels,
                    body: self.body(object),
                },
            }),
            ast::Value::Object(object) => {
                for prop in &object.properties {
                    let mut labels = labels.clone();
                    labels.push(prop.name.as_str().to_string());
                    self.labelled(kind, left - 1, labels, &prop.value, prop.range.start, out);
                }
            }
            // Not a block: Terraform itself reports it.
            _ => {}
        }
    }

    fn body(&self, object: &ast::Object) -> Body {
        let mut body = Body {
            entries: Vec::new(),
            keys_known: true,
        };
        for prop in &object.properties {
            let name = prop.name.as_str();
            if name == "//" {
                continue;
            }
            if is_template(name) {
                body.keys_known = false;
                continue;
            }
            let pos = self.pos(prop.range.start);
            match (&prop.value, name) {
                (ast::Value::Object(generated), "dynamic") => {
                    for g in &generated.properties {
                        body.entries.push(Entry {
                            name: g.name.as_str().to_string(),
                            pos: self.pos(g.range.start),
                            kind: EntryKind::Dynamic,
                        });
                    }
                }
                // An array of objects is a list of nested blocks, one entry each.
                (ast::Value::Array(items), _)
                    if !items.elements.is_empty()
                        && items
                            .elements
                            .iter()
                            .all(|e| matches!(e, ast::Value::Object(_))) =>
                {
                    for item in &items.elements {
                        body.entries.push(Entry {
                            name: name.to_string(),
                            pos: self.pos(item.range().start),
                            kind: EntryKind::Attribute(self.value(item)),
                        });
                    }
                }
                (value, _) => body.entries.push(Entry {
                    name: name.to_string(),
                    pos,
                    kind: EntryKind::Attribute(self.value(value)),
                }),
            }
        }
        body
    }

    fn value(&self, value: &ast::Value) -> Value {
        match value {
            ast::Value::StringLit(s) if is_template(&s.value) => Value::Computed,
            ast::Value::StringLit(s) => Value::Literal(Some(s.value.to_string())),
            ast::Value::NumberLit(_) | ast::Value::BooleanLit(_) | ast::Value::NullKeyword(_) => {
                Value::Literal(None)
            }
            ast::Value::Array(items) => {
                if items.elements.iter().all(|e| self.value(e).is_literal()) {
                    Value::Literal(None)
                } else {
                    Value::Computed
                }
            }
            ast::Value::Object(object) => Value::Object(self.body(object)),
        }
    }
}

/// Whether a JSON string is a template with an interpolation or directive.
fn is_template(s: &str) -> bool {
    s.contains("${") || s.contains("%{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_modules_and_lines() {
        let text = r#"{
  "//": "buckets",
  "resource": {
    "aws_s3_bucket_public_access_block": {
      "this": {
        "bucket": "${aws_s3_bucket.this.id}",
        "block_public_acls": true
      }
    },
    "aws_s3_bucket_lifecycle_configuration": {
      "logs": {
        "rule": [
          {"id": "a", "status": "Enabled"},
          {"id": "b", "status": "${var.s}"}
        ],
        "dynamic": {"transition": {"for_each": "${var.t}"}}
      }
    }
  },
  "module": [{"storage": {"source": "./modules/storage"}}]
}"#;
        let body = parse(text, 7).unwrap();
        let heads: Vec<(&str, Vec<String>, u32)> = body
            .entries
            .iter()
            .map(|e| match &e.kind {
                EntryKind::Block { labels, .. } => (e.name.as_str(), labels.clone(), e.pos.line),
                _ => panic!("a block"),
            })
            .collect();
        assert_eq!(
            heads,
            vec![
                (
                    "resource",
                    vec!["aws_s3_bucket_public_access_block".into(), "this".into()],
                    5
                ),
                (
                    "resource",
                    vec![
                        "aws_s3_bucket_lifecycle_configuration".into(),
                        "logs".into()
                    ],
                    11
                ),
                ("module", vec!["storage".into()], 20),
            ]
        );
        let EntryKind::Block { body: pab, .. } = &body.entries[0].kind else {
            panic!()
        };
        assert_eq!(pab.entries[0].kind, EntryKind::Attribute(Value::Computed));
        assert_eq!(pab.entries[1].pos, Pos { file: 7, line: 7 });
        let EntryKind::Block { body: lc, .. } = &body.entries[1].kind else {
            panic!()
        };
        let lines: Vec<(&str, u32)> = lc
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.pos.line))
            .collect();
        assert_eq!(lines, vec![("rule", 13), ("rule", 14), ("transition", 16)]);
        assert_eq!(lc.entries[2].kind, EntryKind::Dynamic);
    }

    #[test]
    fn bad_json_is_an_error() {
        assert!(parse("{\"resource\": {,}}", 0).is_err());
        assert!(parse("[]", 0).is_err());
        assert!(
            parse("{\"a\": 1,}", 0).is_err(),
            "Terraform rejects trailing commas"
        );
    }
}
