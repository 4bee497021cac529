//! The `tree` output: the desired set as one pretty-printed JSON document, byte for byte
//! what `serde_json::to_writer_pretty` writes, with the bucket trees rendered on several
//! threads. A large state's trees print as tens of megabytes, and rendering them on one
//! thread while the others idle was a sixth of `s3drift tree`.
//!
//! The trees are cut into pieces of consecutive trees, dealt in turn to the writing thread
//! and its helpers. A helper hands each piece over through a channel that holds one, so
//! the writer takes them in order and at most two pieces a helper are held at once,
//! however large the state.

use crate::model::{DesiredSet, DesiredTree};
use std::io::{self, Write};
use std::sync::mpsc;

/// Trees rendered as one piece: enough that handing a piece over costs nothing next to
/// rendering it, few enough that the pieces in flight stay well under a megabyte each.
const TREES_PER_PIECE: usize = 64;

/// The frame's text up to the trees: `buckets` is `DesiredSet`'s first field, and the
/// frame is rendered with no trees, so its list is empty (`[]`).
const HEAD: &[u8] = b"{\n  \"buckets\": [";

/// Writes `set` as pretty JSON, the bucket trees rendered on up to `workers` threads. The
/// trees are taken out of `set` while the frame around them is rendered, and put back.
pub fn write(set: &mut DesiredSet, workers: usize, out: &mut dyn Write) -> io::Result<()> {
    let buckets = std::mem::take(&mut set.buckets);
    let frame = serde_json::to_vec_pretty(&*set);
    set.buckets = buckets;
    let frame = frame?;
    let rest = match frame.strip_prefix(HEAD) {
        Some(rest) if !set.buckets.is_empty() => rest,
        // Nothing to render apart: the frame is the whole document.
        _ => return serde_json::to_writer_pretty(&mut *out, &*set).map_err(io::Error::from),
    };
    out.write_all(HEAD)?;
    write_trees(&set.buckets, workers, out)?;
    // `rest` starts with the empty list's `]`; the trees end on their last line.
    out.write_all(b"\n  ")?;
    out.write_all(rest)
}

/// Writes the trees as the elements of a list nested two levels deep, in order. This
/// thread renders every `workers`-th piece itself and writes them all.
fn write_trees(trees: &[DesiredTree], workers: usize, out: &mut dyn Write) -> io::Result<()> {
    let pieces: Vec<&[DesiredTree]> = trees.chunks(TREES_PER_PIECE).collect();
    let workers = workers.clamp(1, pieces.len());
    std::thread::scope(|scope| {
        // One lane per worker; `None` is a lane this thread renders: the first, and any
        // whose thread the system refused.
        let lanes: Vec<Option<mpsc::Receiver<io::Result<Vec<u8>>>>> = (0..workers)
            .map(|lane| {
                let (send, receive) = mpsc::sync_channel(1);
                let mine = pieces.iter().enumerate().skip(lane).step_by(workers);
                let helper = move || {
                    for (i, piece) in mine {
                        // The writer has stopped (a write failed): so does this thread.
                        if send.send(render(piece, i == 0)).is_err() {
                            return;
                        }
                    }
                };
                (lane > 0)
                    .then(|| std::thread::Builder::new().spawn_scoped(scope, helper).ok())
                    .flatten()
                    .map(|_| receive)
            })
            .collect();
        for (i, piece) in pieces.iter().enumerate() {
            let rendered = match &lanes[i % workers] {
                None => render(piece, i == 0),
                // A helper stops early only by panicking; the scope then passes it on.
                Some(lane) => lane
                    .recv()
                    .map_err(|_| io::Error::other("a rendering thread stopped"))?,
            };
            out.write_all(&rendered?)?;
        }
        Ok(())
    })
}

/// Renders consecutive trees as list elements: each after a comma (but the list's first)
/// and a line break, indented by the list's depth.
fn render(trees: &[DesiredTree], first_in_list: bool) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut alone = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        out.extend_from_slice(if first_in_list && i == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        alone.clear();
        serde_json::to_writer_pretty(&mut alone, tree)?;
        indent(&alone, &mut out);
    }
    Ok(out)
}

/// Copies a tree rendered alone, whose lines start at the margin, as a list element two
/// levels in: four spaces after each line break. A raw line break is only ever the pretty
/// printer's own: inside a JSON string it is escaped. (Indenting as the printer writes
/// costs a search per write, and the printer writes every key and comma on its own.)
fn indent(alone: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', alone) {
        out.extend_from_slice(&alone[start..=at]);
        out.extend_from_slice(b"    ");
        start = at + 1;
    }
    out.extend_from_slice(&alone[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountTree, Unresolved};
    use crate::warning::{Warning, WarningCode};

    /// The demo's trees, repeated under other names up to `count`, with a line break and
    /// non-ASCII text in strings (escaped or kept, never a raw break).
    fn trees(count: usize) -> Vec<DesiredTree> {
        let text = include_str!("../../fixtures/demo/terraform.tfstate");
        let loaded = crate::state::parse_state("terraform.tfstate", text).unwrap();
        let demo = crate::model::build::build(&[loaded]).buckets;
        (0..count)
            .map(|i| {
                let mut tree = demo[i % demo.len()].clone();
                tree.bucket = format!("{}-{i:05}", tree.bucket);
                tree.source = format!("line\nbreak, état {i}");
                tree
            })
            .collect()
    }

    fn frame(buckets: Vec<DesiredTree>, rest: bool) -> DesiredSet {
        let mut set = DesiredSet {
            buckets,
            ..DesiredSet::default()
        };
        if rest {
            set.accounts.push(AccountTree {
                account: "111122223333".into(),
                address: "aws_s3_account_public_access_block.this".into(),
                source: "a.tfstate".into(),
                parts: Default::default(),
                resources: vec!["aws_s3_account_public_access_block.this".into()],
            });
            set.unresolved.push(Unresolved {
                address: "aws_s3_bucket_policy.x".into(),
                reason: "no bucket".into(),
            });
            set.warnings.push(Warning::new(
                WarningCode::StateContent,
                "a.tfstate",
                "read around\n\"this\"",
            ));
        }
        set
    }

    #[test]
    fn writes_what_the_pretty_printer_writes() {
        // Below one piece, one piece and a bit, and more pieces than lanes, each with and
        // without the fields after the trees, on one thread and on several.
        for count in [
            0,
            1,
            2,
            TREES_PER_PIECE,
            TREES_PER_PIECE + 1,
            5 * TREES_PER_PIECE + 7,
        ] {
            for rest in [false, true] {
                let mut set = frame(trees(count), rest);
                let want = serde_json::to_vec_pretty(&set).unwrap();
                for workers in [0, 1, 2, 3, 8] {
                    let mut got = Vec::new();
                    write(&mut set, workers, &mut got).unwrap();
                    assert!(
                        got == want,
                        "{count} trees, rest {rest}, {workers} workers:\n{}",
                        String::from_utf8_lossy(&got)
                    );
                    assert_eq!(set.buckets.len(), count, "the trees are put back");
                }
            }
        }
    }

    /// A writer that fails after `left` bytes.
    struct Failing {
        left: usize,
    }

    impl Write for Failing {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if bytes.len() > self.left {
                return Err(io::Error::other("disk full"));
            }
            self.left -= bytes.len();
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_every_thread_and_keeps_the_trees() {
        // The helpers are blocked handing over pieces when the write fails: the run returns
        // (the scope would wait on them forever if they were not told), with the error.
        let mut set = frame(trees(20 * TREES_PER_PIECE), true);
        let err = write(&mut set, 3, &mut Failing { left: 100_000 }).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(set.buckets.len(), 20 * TREES_PER_PIECE);
    }
}
