//! A neutral view of Terraform configuration, the same for native syntax (`.tf`) and JSON
//! syntax (`.tf.json`): blocks, attributes, and the line each one starts on.
//!
//! The walker here answers one question: where, inside a resource block, is a given nested
//! attribute written? It only ever answers with a line it is sure of. A `dynamic` block, two
//! candidate blocks, or a value computed from a reference stop the walk, and the caller falls
//! back to the last line reached (ultimately the resource block's own line).

/// A file of the module being read: an index into its file list.
pub type FileId = usize;

/// Where an entry starts: a file and a 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: FileId,
    pub line: u32,
}

/// The contents of a block, or of an object constructor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    pub entries: Vec<Entry>,
    /// Whether every key is known without evaluation. An object constructor with a computed
    /// key (`(var.k) = "x"`, `"${var.k}" = "x"`) may hold any key.
    pub keys_known: bool,
}

/// One attribute, block or `dynamic` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The attribute name, block type, or the block type a `dynamic` block generates.
    pub name: String,
    pub pos: Pos,
    pub kind: EntryKind,
}

/// What an entry is.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryKind {
    /// `name = value`, or a JSON property (which may also stand for a nested block: JSON
    /// syntax does not tell the two apart without the provider's schema).
    Attribute(Value),
    /// `name "label" … { body }`.
    Block { labels: Vec<String>, body: Body },
    /// `dynamic "name" { … }`: any number of `name` blocks, known only after evaluation.
    Dynamic,
}

/// An attribute's value, as far as it matters for locations.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Written out in full, with no reference, interpolation or function (other than
    /// `jsonencode` of a literal). Holds the text of a string literal.
    Literal(Option<String>),
    /// An object constructor or JSON object, with its items.
    Object(Body),
    /// Computed: a reference, an interpolation, a conditional, a function call, …
    Computed,
}

impl Value {
    /// Whether the whole value is written out in the code.
    pub fn is_literal(&self) -> bool {
        match self {
            Value::Literal(_) => true,
            Value::Object(body) => {
                body.keys_known
                    && body.entries.iter().all(|e| match &e.kind {
                        EntryKind::Attribute(v) => v.is_literal(),
                        _ => false,
                    })
            }
            Value::Computed => false,
        }
    }
}

pub use crate::parts::locate::Step;

/// Follows `steps` from `body`: how many steps were taken, and the position of the last
/// entry reached (`None` when not even the first step could be taken).
pub fn follow(body: &Body, steps: &[Step]) -> (usize, Option<Pos>) {
    let mut here = body;
    let mut reached = None;
    for (taken, step) in steps.iter().enumerate() {
        match step {
            Step::Block(name) => match nested_blocks(here, name) {
                Some(blocks) if blocks.len() == 1 => {
                    reached = Some(blocks[0].0);
                    here = blocks[0].1;
                }
                _ => return (taken, reached),
            },
            Step::BlockWhere { block, key, value } => {
                let Some(blocks) = nested_blocks(here, block) else {
                    return (taken, reached);
                };
                let mut matching = Vec::new();
                for (pos, inner) in blocks {
                    match string_attribute(inner, key) {
                        Some(Some(v)) if &v == value => matching.push((pos, inner)),
                        Some(Some(_)) => {}
                        // A computed or repeated key could be `value`: no block is certain.
                        _ => return (taken, reached),
                    }
                }
                match matching.as_slice() {
                    [(pos, inner)] => {
                        reached = Some(*pos);
                        here = inner;
                    }
                    _ => return (taken, reached),
                }
            }
            Step::Attribute(name) => match single_attribute(here, name) {
                Some((pos, value)) if value.is_literal() => reached = Some(pos),
                _ => return (taken, reached),
            },
            Step::ObjectKey { attribute, key } => {
                let Some((_, Value::Object(object))) = single_attribute(here, attribute) else {
                    return (taken, reached);
                };
                if !object.keys_known {
                    return (taken, reached);
                }
                match single_attribute(object, key) {
                    Some((pos, value)) if value.is_literal() => reached = Some(pos),
                    _ => return (taken, reached),
                }
            }
        }
        // Attributes end a walk: nothing is nested below them.
        if matches!(step, Step::Attribute(_) | Step::ObjectKey { .. }) {
            return (taken + 1, reached);
        }
    }
    (steps.len(), reached)
}

/// The nested blocks of type `name` (blocks, or JSON objects under that property), or
/// `None` when a `dynamic` block may add more of them.
fn nested_blocks<'a>(body: &'a Body, name: &str) -> Option<Vec<(Pos, &'a Body)>> {
    let mut out = Vec::new();
    for e in body.entries.iter().filter(|e| e.name == name) {
        match &e.kind {
            EntryKind::Block { body, .. } => out.push((e.pos, body)),
            EntryKind::Attribute(Value::Object(body)) => out.push((e.pos, body)),
            EntryKind::Dynamic => return None,
            // `name = [ … ]` computed, or a scalar: not a block whose contents are known.
            EntryKind::Attribute(_) => return None,
        }
    }
    Some(out)
}

/// The one attribute `name` of `body`, if there is exactly one.
fn single_attribute<'a>(body: &'a Body, name: &str) -> Option<(Pos, &'a Value)> {
    let mut found = body.entries.iter().filter(|e| e.name == name);
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    match &first.kind {
        EntryKind::Attribute(v) => Some((first.pos, v)),
        _ => None,
    }
}

/// The string value of attribute `key`: `None` when absent, `Some(None)` when present but
/// not a literal string.
fn string_attribute(body: &Body, key: &str) -> Option<Option<String>> {
    let matches: Vec<&Entry> = body.entries.iter().filter(|e| e.name == key).collect();
    match matches.as_slice() {
        [] => None,
        [one] => Some(match &one.kind {
            EntryKind::Attribute(Value::Literal(Some(s))) => Some(s.clone()),
            _ => None,
        }),
        _ => Some(None),
    }
}

/// Applies an override body the way Terraform merges override files: each attribute
/// replaces the attribute of the same name, and the blocks of one type replace every block
/// of that type in the original.
pub fn apply_override(base: &mut Body, over: &Body) {
    let mut names: Vec<&str> = over.entries.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    base.entries
        .retain(|e| names.binary_search(&e.name.as_str()).is_err());
    base.entries.extend(over.entries.iter().cloned());
}

/// Byte offsets to 1-based line numbers for one text.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let index = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32) -> Pos {
        Pos { file: 0, line }
    }

    fn attr(name: &str, line: u32, value: Value) -> Entry {
        Entry {
            name: name.into(),
            pos: pos(line),
            kind: EntryKind::Attribute(value),
        }
    }

    fn block(name: &str, line: u32, entries: Vec<Entry>) -> Entry {
        Entry {
            name: name.into(),
            pos: pos(line),
            kind: EntryKind::Block {
                labels: vec![],
                body: body(entries),
            },
        }
    }

    fn body(entries: Vec<Entry>) -> Body {
        Body {
            entries,
            keys_known: true,
        }
    }

    fn lit(s: &str) -> Value {
        Value::Literal(Some(s.into()))
    }

    #[test]
    fn follows_blocks_to_a_literal_attribute() {
        let b = body(vec![block(
            "versioning_configuration",
            3,
            vec![attr("status", 4, lit("Enabled"))],
        )]);
        let steps = [
            Step::Block("versioning_configuration".into()),
            Step::Attribute("status".into()),
        ];
        assert_eq!(follow(&b, &steps), (2, Some(pos(4))));
    }

    #[test]
    fn a_computed_value_stops_at_its_block() {
        let b = body(vec![block(
            "versioning_configuration",
            3,
            vec![attr("status", 4, Value::Computed)],
        )]);
        let steps = [
            Step::Block("versioning_configuration".into()),
            Step::Attribute("status".into()),
        ];
        assert_eq!(follow(&b, &steps), (1, Some(pos(3))));
    }

    #[test]
    fn dynamic_or_repeated_blocks_stop_the_walk() {
        let dynamic = body(vec![
            block("rule", 2, vec![attr("id", 3, lit("a"))]),
            Entry {
                name: "rule".into(),
                pos: pos(9),
                kind: EntryKind::Dynamic,
            },
        ]);
        let by_id = [Step::BlockWhere {
            block: "rule".into(),
            key: "id".into(),
            value: "a".into(),
        }];
        assert_eq!(follow(&dynamic, &by_id), (0, None));
        let twice = body(vec![block("rule", 2, vec![]), block("rule", 5, vec![])]);
        assert_eq!(follow(&twice, &[Step::Block("rule".into())]), (0, None));
    }

    #[test]
    fn rules_are_found_by_literal_id_only() {
        let b = body(vec![
            block("rule", 2, vec![attr("id", 3, lit("a"))]),
            block("rule", 6, vec![attr("id", 7, lit("b"))]),
        ]);
        let find = |id: &str| {
            follow(
                &b,
                &[Step::BlockWhere {
                    block: "rule".into(),
                    key: "id".into(),
                    value: id.into(),
                }],
            )
        };
        assert_eq!(find("b"), (1, Some(pos(6))));
        assert_eq!(find("c"), (0, None));
        let computed = body(vec![
            block("rule", 2, vec![attr("id", 3, lit("a"))]),
            block("rule", 6, vec![attr("id", 7, Value::Computed)]),
        ]);
        // The computed id could be "a" too.
        let steps = [Step::BlockWhere {
            block: "rule".into(),
            key: "id".into(),
            value: "a".into(),
        }];
        assert_eq!(follow(&computed, &steps), (0, None));
    }

    #[test]
    fn object_keys_need_a_literal_object() {
        let tags = body(vec![attr(
            "tags",
            5,
            Value::Object(body(vec![attr("owner", 6, lit("data"))])),
        )]);
        let step = |key: &str| {
            [Step::ObjectKey {
                attribute: "tags".into(),
                key: key.into(),
            }]
        };
        assert_eq!(follow(&tags, &step("owner")), (1, Some(pos(6))));
        assert_eq!(follow(&tags, &step("team")), (0, None));
        let open = body(vec![attr(
            "tags",
            5,
            Value::Object(Body {
                entries: vec![attr("owner", 6, lit("data"))],
                keys_known: false,
            }),
        )]);
        assert_eq!(follow(&open, &step("owner")), (0, None));
    }

    #[test]
    fn overrides_replace_attributes_and_block_types() {
        let mut base = body(vec![
            attr("bucket", 1, lit("a")),
            block("rule", 2, vec![]),
            block("rule", 4, vec![]),
            attr("tags", 6, Value::Computed),
        ]);
        let over = body(vec![
            Entry {
                name: "rule".into(),
                pos: Pos { file: 1, line: 2 },
                kind: EntryKind::Block {
                    labels: vec![],
                    body: Body::default(),
                },
            },
            Entry {
                name: "bucket".into(),
                pos: Pos { file: 1, line: 5 },
                kind: EntryKind::Attribute(lit("b")),
            },
        ]);
        apply_override(&mut base, &over);
        let names: Vec<(&str, u32, usize)> = base
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.pos.line, e.pos.file))
            .collect();
        assert_eq!(
            names,
            vec![("tags", 6, 0), ("rule", 2, 1), ("bucket", 5, 1)]
        );
    }

    #[test]
    fn lines_from_offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(3), 2);
        assert_eq!(lines.line(5), 3);
        assert_eq!(lines.line(6), 4);
    }
}
