//! Native syntax (`.tf`) into the neutral tree, with lines from hcl-edit's byte spans.
//! (hcl-rs, which the backend reader uses, keeps no spans; hcl-edit is its parser and does.)

use super::tree::{Body, Entry, EntryKind, FileId, Lines, Pos, Value};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{self, Structure};
use hcl_edit::template::Element;
use hcl_edit::Span;

/// Parses one `.tf` file; the error is the parser's message, with its line and column.
pub fn parse(text: &str, file: FileId) -> Result<Body, String> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| e.to_string())?;
    let lines = Lines::new(text);
    Ok(convert_body(&body, file, &lines))
}

fn convert_body(body: &structure::Body, file: FileId, lines: &Lines) -> Body {
    let pos = |span: Option<std::ops::Range<usize>>| Pos {
        file,
        line: span.map_or(0, |s| lines.line(s.start)),
    };
    let entries = body
        .iter()
        .map(|s| match s {
            Structure::Attribute(a) => Entry {
                name: a.key.as_str().to_string(),
                pos: pos(a.key.span()),
                kind: EntryKind::Attribute(convert_expr(&a.value, file, lines)),
            },
            Structure::Block(b) if b.ident.as_str() == "dynamic" && b.labels.len() == 1 => Entry {
                name: b.labels[0].as_str().to_string(),
                pos: pos(b.ident.span()),
                kind: EntryKind::Dynamic,
            },
            Structure::Block(b) => Entry {
                name: b.ident.as_str().to_string(),
                pos: pos(b.ident.span()),
                kind: EntryKind::Block {
                    labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                    body: convert_body(&b.body, file, lines),
                },
            },
        })
        .collect();
    Body {
        entries,
        keys_known: true,
    }
}

fn convert_expr(expr: &Expression, file: FileId, lines: &Lines) -> Value {
    match expr {
        Expression::String(s) => Value::Literal(Some(s.value().clone())),
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) => Value::Literal(None),
        Expression::Array(items) => {
            if items
                .iter()
                .all(|e| convert_expr(e, file, lines).is_literal())
            {
                Value::Literal(None)
            } else {
                Value::Computed
            }
        }
        Expression::Object(object) => {
            let mut body = Body {
                entries: Vec::new(),
                keys_known: true,
            };
            for (key, value) in object.iter() {
                let name = match key {
                    ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                    ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
                    ObjectKey::Expression(_) => None,
                };
                let Some(name) = name else {
                    body.keys_known = false;
                    continue;
                };
                body.entries.push(Entry {
                    name,
                    pos: Pos {
                        file,
                        line: key.span().map_or(0, |s| lines.line(s.start)),
                    },
                    kind: EntryKind::Attribute(convert_expr(value.expr(), file, lines)),
                });
            }
            Value::Object(body)
        }
        Expression::StringTemplate(t) => literal_template(t.iter()),
        Expression::HeredocTemplate(h) => literal_template(h.template.iter()),
        Expression::Parenthesis(p) => convert_expr(p.inner(), file, lines),
        // `-1`: a negative number is written as an operator on a literal.
        Expression::UnaryOp(op) => match convert_expr(&op.expr, file, lines) {
            Value::Literal(_) => Value::Literal(None),
            _ => Value::Computed,
        },
        // A policy document written inline: `jsonencode({ … })` of a literal is a literal.
        Expression::FuncCall(call)
            if call.name.namespace.is_empty()
                && call.name.name.as_str() == "jsonencode"
                && call.args.len() == 1 =>
        {
            match call
                .args
                .iter()
                .next()
                .map(|a| convert_expr(a, file, lines))
            {
                Some(v) if v.is_literal() => Value::Literal(None),
                _ => Value::Computed,
            }
        }
        _ => Value::Computed,
    }
}

/// A template is literal when it has no interpolation or directive.
fn literal_template<'a>(mut elements: impl Iterator<Item = &'a Element>) -> Value {
    let mut text = String::new();
    let all_literal = elements.all(|e| match e {
        Element::Literal(s) => {
            text.push_str(s.value());
            true
        }
        _ => false,
    });
    if all_literal {
        Value::Literal(Some(text))
    } else {
        Value::Computed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_blocks_attributes_and_object_keys() {
        let text = r#"
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "b" {
  tags = {
    owner     = "data"
    "cost-center" = "42"
    (var.k)   = "x"
  }
  dynamic "lifecycle_rule" {
    for_each = var.rules
    content {}
  }
  policy = jsonencode({ Version = "2012-10-17" })
  other  = jsonencode({ Version = var.v })
  doc    = <<EOT
plain
EOT
}
"#;
        let body = parse(text, 3).unwrap();
        assert_eq!(body.entries.len(), 2);
        let versioning = &body.entries[0];
        assert_eq!(versioning.pos, Pos { file: 3, line: 2 });
        let EntryKind::Block {
            labels,
            body: inner,
        } = &versioning.kind
        else {
            panic!("a block")
        };
        assert_eq!(labels, &["aws_s3_bucket_versioning", "this"]);
        assert_eq!(inner.entries[0].kind, EntryKind::Attribute(Value::Computed));
        let EntryKind::Block { body: vc, .. } = &inner.entries[1].kind else {
            panic!("a block")
        };
        assert_eq!(inner.entries[1].pos.line, 5);
        assert_eq!(vc.entries[0].pos.line, 6);
        assert_eq!(
            vc.entries[0].kind,
            EntryKind::Attribute(Value::Literal(Some("Enabled".into())))
        );

        let EntryKind::Block { body: bucket, .. } = &body.entries[1].kind else {
            panic!("a block")
        };
        let EntryKind::Attribute(Value::Object(tags)) = &bucket.entries[0].kind else {
            panic!("an object")
        };
        assert!(!tags.keys_known, "a computed key");
        let keys: Vec<(&str, u32)> = tags
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.pos.line))
            .collect();
        assert_eq!(keys, vec![("owner", 12), ("cost-center", 13)]);
        assert_eq!(bucket.entries[1].name, "lifecycle_rule");
        assert_eq!(bucket.entries[1].kind, EntryKind::Dynamic);
        let value = |i: usize| match &bucket.entries[i].kind {
            EntryKind::Attribute(v) => v.is_literal(),
            _ => panic!("an attribute"),
        };
        assert!(value(2), "jsonencode of a literal");
        assert!(!value(3), "jsonencode of a reference");
        assert!(value(4), "a heredoc without interpolation");
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = parse("resource \"a\" {\n  x = \n}\n", 0).unwrap_err();
        assert!(err.contains('2') || err.contains("line"), "{err}");
    }
}
