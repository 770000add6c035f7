//! Bounds on front matter before it is deserialised: how deep its flow collections nest
//! and how large it grows once `*alias` repeats are expanded.
//!
//! Both guard against small files that cost minutes or gigabytes: libyaml rescans its
//! whole stack of open `[`/`{` at every token (time grows with depth × size), and an
//! alias repeated thousands of times copies its anchor's value each time.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::diag::{Diagnostic, Pos};

/// Deeper flow nesting than this is refused before the YAML parser sees it; the
/// deserialiser's own limit (128) would refuse it anyway, only later and slowly.
pub(crate) const MAX_FLOW_DEPTH: usize = 100;
/// The front matter's size with every alias expanded, in bytes of text plus a few bytes
/// per value, may reach this or [`SOURCE_FACTOR`] times its own size, whichever is more.
/// A real résumé's is a few kilobytes.
pub(crate) const MAX_EXPANDED_BYTES: usize = 1024 * 1024;
/// Without aliases a value costs at most 2.5 times the source bytes it takes (`[1,1]`:
/// 5 per 2 bytes), so front matter that repeats nothing never reaches the budget.
const SOURCE_FACTOR: usize = 3;
/// What each value costs besides its text, so that aliases of empty lists count too.
const VALUE_COST: usize = 4;

/// Refuses `[`/`{` nested deeper than [`MAX_FLOW_DEPTH`]. Quotes are followed within a
/// line only: a mistaken quote state then lasts one line, so nothing can hide a deep
/// line from the count, and at worst odd quoted text is refused, never let through.
pub(crate) fn check_flow_depth(yaml: &str, first_line: usize) -> Result<(), Diagnostic> {
    let mut depth = 0;
    for (i, line) in yaml.lines().enumerate() {
        scan_line(line, &mut depth).map_err(|col| {
            Diagnostic::error(
                Some(Pos {
                    line: first_line + i,
                    col,
                }),
                format!(
                    "front matter: lists or mappings nested more than {MAX_FLOW_DEPTH} deep; \
                     a résumé's front matter needs a few levels"
                ),
            )
        })?;
    }
    Ok(())
}

/// Follows one line, `depth` carried over from the lines before. Fails with the column
/// (1-based, in characters) where the depth passes the limit.
fn scan_line(line: &str, depth: &mut usize) -> Result<(), usize> {
    let mut quote = None;
    // The last character outside quotes that is not a space: a quote opens a quoted
    // scalar only where a value can start, so `O'Brien` is plain text.
    let mut before = None;
    let mut prev = None;
    let mut chars = line.chars().enumerate().peekable();
    while let Some((col, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if prev.is_none_or(char::is_whitespace) => return Ok(()),
            (None, '"' | '\'') if before.is_none_or(|b| "[{,:-?".contains(b)) => quote = Some(c),
            (None, '[' | '{') => {
                *depth += 1;
                if *depth > MAX_FLOW_DEPTH {
                    return Err(col + 1);
                }
            }
            (None, ']' | '}') => *depth = depth.saturating_sub(1),
            _ => {}
        }
        if quote.is_none() && !c.is_whitespace() {
            before = Some(c);
        }
        prev = Some(c);
    }
    Ok(())
}

/// Walks the deserialised front matter without keeping it, counting its expanded size.
#[derive(Clone, Copy)]
struct Measure<'a> {
    used: &'a Cell<usize>,
    budget: usize,
}

impl Measure<'_> {
    fn add<E: de::Error>(self, bytes: usize) -> Result<(), E> {
        let used = self.used.get().saturating_add(bytes + VALUE_COST);
        self.used.set(used);
        if used > self.budget {
            return Err(E::custom(format!(
                "it grows past {} KB once its `*alias` repeats are expanded; write the values \
                 out, or repeat fewer of them",
                self.budget / 1024
            )));
        }
        Ok(())
    }
}

/// Fails once the front matter (`source_len` bytes), aliases expanded, passes its budget
/// (see [`MAX_EXPANDED_BYTES`]); the walk stops there, so finding out is bounded too.
pub(crate) fn check_expanded_size<'de, D: Deserializer<'de>>(
    de: D,
    source_len: usize,
) -> Result<(), D::Error> {
    let used = Cell::new(0);
    let budget = MAX_EXPANDED_BYTES.max(SOURCE_FACTOR * source_len);
    Measure {
        used: &used,
        budget,
    }
    .deserialize(de)
}

impl<'de> DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.add(0)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.add(0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.add(v.len())
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.add(v.len())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.add(0)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.add(0)?;
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.add(0)?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.add(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.add(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    /// A tagged value (`!tag x`): its tag and its value both count.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}
