//! Where an event was read from: a file (or a LookupEvents entry) and the record's place in
//! it, written `file: Records[27]`.
//!
//! A trail file holds a few configuration events among hundreds of records, and a year of
//! trail keeps tens of thousands of events: a file's name (often 200 bytes of key) is held
//! once and shared by its events, and only the place is held per event.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

/// Where an event was read from. Reads, compares and serialises as the one string
/// `file` + `place`, so sorting and every output are as if it were that string. (It has no
/// `Hash`: one derived from the two fields would disagree with this equality.)
#[derive(Clone)]
pub struct Origin {
    /// The file, stream or page, shared by every record read from it.
    file: Arc<str>,
    /// The record's place in it, with its separator (`: Records[27]`, `:12`); may be empty.
    place: Box<str>,
}

impl Origin {
    /// The record at `place` (separator included) of `file`.
    pub fn new(file: &Arc<str>, place: impl Into<Box<str>>) -> Origin {
        Origin {
            file: Arc::clone(file),
            place: place.into(),
        }
    }

    /// A record nested in this one (an EventBridge envelope's `detail`, a LookupEvents
    /// answer's `Events[3]`): `suffix` is appended to the place.
    pub fn nested(&self, suffix: &str) -> Origin {
        Origin {
            file: Arc::clone(&self.file),
            place: format!("{}{suffix}", self.place).into(),
        }
    }

    /// The bytes of `file` + `place`.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.file.bytes().chain(self.place.bytes())
    }
}

impl From<&str> for Origin {
    /// A whole origin in one string (tests, single values).
    fn from(text: &str) -> Origin {
        Origin {
            file: text.into(),
            place: "".into(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        f.write_str(&self.place)
    }
}

impl fmt::Debug for Origin {
    /// The string, as an origin was written before it was split.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Ord for Origin {
    /// The order of the strings: what the sort of events has always used.
    fn cmp(&self, other: &Self) -> Ordering {
        if Arc::ptr_eq(&self.file, &other.file) {
            return self.place.cmp(&other.place);
        }
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for Origin {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Origin {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Origin {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares as the strings do, however the text is split between file and place.
    #[test]
    fn origins_order_as_their_strings() {
        let file: Arc<str> = "x.json".into();
        let longer: Arc<str> = "x.json.gz".into();
        let cases = [
            Origin::new(&file, ": Records[27]"),
            Origin::new(&file, ": Records[3]"),
            Origin::new(&longer, ": Records[1]"),
            Origin::from("x.json: Records[27]"),
            Origin::from("x.json"),
            Origin::new(&file, ""),
            Origin::new(&file, ": Records[3]").nested(" detail"),
        ];
        for a in &cases {
            for b in &cases {
                let (sa, sb) = (a.to_string(), b.to_string());
                assert_eq!(a.cmp(b), sa.cmp(&sb), "{sa} against {sb}");
                assert_eq!(a == b, sa == sb, "{sa} against {sb}");
            }
        }
        assert_eq!(cases[6].to_string(), "x.json: Records[3] detail");
        assert_eq!(
            serde_json::to_string(&cases[0]).unwrap(),
            r#""x.json: Records[27]""#
        );
    }
}
