//! Which words a line must not break inside, and where a word too long for a line may.
//!
//! A break right after a hyphen costs the hyphen in text extraction: pdftotext (and the ATS
//! parsers built like it) take a line that ends in `-` for a hyphenated line end and join
//! `Müller-` and `Lüdenscheidt` into `MüllerLüdenscheidt`. And a word with no break
//! opportunity runs off the page and out of the text layer. Neither may be fixed with
//! characters (a zero-width space or a soft hyphen reaches the text layer and breaks URLs),
//! so such words travel as [`Inline::NoBreak`], which layouts set in boxes (a line breaks
//! between boxes, never inside one that fits it): a hyphenated word as one inline, a word
//! over [`LONG_WORD`] characters as several, cut before its hyphens and at most every
//! [`PIECE`] characters. See `nobreak-box` in `layouts/common.typ` for the Typst side.

use std::mem;
use std::sync::LazyLock;

use regex::Regex;

use super::{SOFT_BREAK, push_text};
use crate::model::{Inline, visit_blocks_mut};

/// A word longer than this (in characters), even one made of differently formatted runs
/// (`aaa**bbb**ccc`), is set as pieces a line may break between. Shorter words are left
/// whole: a narrow column holds about this many.
pub(crate) const LONG_WORD: usize = 30;

/// The longest piece of a long word, in characters; a piece is at least [`MIN_PIECE`] long
/// when it ends at a natural break such as a `/`.
const PIECE: usize = 10;
const MIN_PIECE: usize = 4;

/// The last pass over text: soft-break markers become spaces, and words that must not
/// break at a hyphen, or that may be too long for a line, become [`Inline::NoBreak`].
/// Footnotes are finished as the paragraphs they are.
pub(crate) fn finish_text(inlines: &mut Vec<Inline>) {
    normalise(inlines);
    let mut scan = Scan::default();
    scan.walk(inlines);
    scan.end_word();
    let mut leaf = 0;
    rebuild(inlines, &scan.edges, &mut leaf);
}

/// Soft breaks to spaces; no leading space after a `<br>`.
fn normalise(inlines: &mut Vec<Inline>) {
    let mut after_break = false;
    for inline in inlines.iter_mut() {
        match &mut *inline {
            Inline::Text { v } => {
                if v.contains(SOFT_BREAK) {
                    *v = v.replace(SOFT_BREAK, " ");
                }
                // `<br>` followed by a line end would start the next line with a space.
                if after_break && v.starts_with(char::is_whitespace) {
                    *v = v.trim_start().to_string();
                }
            }
            Inline::Note { c } => visit_blocks_mut(c, &mut |c| finish_text(c)),
            other => {
                if let Some(c) = other.children_mut() {
                    normalise(c);
                }
            }
        }
        after_break = matches!(inline, Inline::Break);
    }
    inlines.retain(|i| !matches!(i, Inline::Text { v } if v.is_empty()));
}

/// Finds the words that run across several inlines and are longer than [`LONG_WORD`].
/// Formatting is transparent (`**b**` inside a word is part of it); line breaks, footnote
/// marks and images end a word, as they may break a line.
#[derive(Default)]
struct Scan {
    /// Per text leaf, in document order: whether its first and its last word belong to
    /// such a word.
    edges: Vec<(bool, bool)>,
    /// The word being read: its length in characters, the inlines it touches, and its
    /// parts that are text leaves, as (leaf, is the leaf's first word, is its last word).
    chars: usize,
    nodes: usize,
    parts: Vec<(usize, bool, bool)>,
}

impl Scan {
    fn walk(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { v } => self.leaf(v),
                // Typst sets inline code and boxed words in the flow of the text around
                // them: they are part of the word, though not pieces we can box.
                Inline::Code { v } | Inline::NoBreak { v } => {
                    if v.contains(char::is_whitespace) {
                        self.end_word();
                    } else {
                        self.chars += v.chars().count();
                        self.nodes += 1;
                    }
                }
                Inline::Break | Inline::Note { .. } | Inline::Image { .. } => self.end_word(),
                // Formatting is transparent.
                other => self.walk(other.children()),
            }
        }
    }

    fn leaf(&mut self, v: &str) {
        let leaf = self.edges.len();
        self.edges.push((false, false));
        let mut pieces = v.split(char::is_whitespace).peekable();
        let mut first = true;
        while let Some(piece) = pieces.next() {
            if !first {
                self.end_word();
            }
            if !piece.is_empty() {
                self.chars += piece.chars().count();
                self.nodes += 1;
                self.parts.push((leaf, first, pieces.peek().is_none()));
            }
            first = false;
        }
    }

    fn end_word(&mut self) {
        let parts = mem::take(&mut self.parts);
        if self.nodes > 1 && self.chars > LONG_WORD {
            for (leaf, first, last) in parts {
                let edge = &mut self.edges[leaf];
                edge.0 |= first;
                edge.1 |= last;
            }
        }
        self.chars = 0;
        self.nodes = 0;
    }
}

/// Replaces each text leaf by text and [`Inline::NoBreak`] words, in the order [`Scan`]
/// numbered the leaves.
fn rebuild(inlines: &mut Vec<Inline>, edges: &[(bool, bool)], leaf: &mut usize) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines.drain(..) {
        match &mut inline {
            Inline::Text { v } => {
                push_words(v, edges[*leaf], &mut out);
                *leaf += 1;
                continue;
            }
            other => {
                if let Some(c) = other.children_mut() {
                    rebuild(c, edges, leaf);
                }
            }
        }
        out.push(inline);
    }
    *inlines = out;
}

/// Pushes `text`, its words that must be boxed as [`Inline::NoBreak`]; `edges` says whether
/// its first and last word are runs of a long word that continues in other inlines.
fn push_words(text: &str, edges: (bool, bool), out: &mut Vec<Inline>) {
    // Most text has neither: no word longer in bytes than LONG_WORD is in characters.
    if edges == (false, false)
        && !text.contains('-')
        && text
            .split(char::is_whitespace)
            .all(|w| w.len() <= LONG_WORD)
    {
        push_text(out, text);
        return;
    }
    let mut pushed = 0;
    let mut pos = 0;
    while let Some(gap) = text[pos..].find(|c: char| !c.is_whitespace()) {
        let from = pos + gap;
        let to = text[from..]
            .find(char::is_whitespace)
            .map_or(text.len(), |n| from + n);
        let word = &text[from..to];
        let long = word.chars().nth(LONG_WORD).is_some();
        let joined = (from == 0 && edges.0) || (to == text.len() && edges.1);
        if long || joined {
            push_text(out, &text[pushed..from]);
            out.extend(pieces(word).map(|v| Inline::NoBreak { v: v.into() }));
            pushed = to;
        } else if word.trim_end_matches('-').contains('-') {
            push_text(out, &text[pushed..from]);
            out.push(Inline::NoBreak { v: word.into() });
            pushed = to;
        }
        pos = to;
    }
    push_text(out, &text[pushed..]);
}

/// `word` cut into pieces where a line may break: before each hyphen inside it, and in a
/// stretch without hyphens every [`PIECE`] characters at most, preferably after a `/`,
/// `.`, `_`, `?`, `&`, `=`, `#`, `:`, `@` or `,`. A piece thus never ends in a hyphen, has
/// one only at its start (where no line breaks, even in a box too narrow for it), and is
/// never cut before a combining mark or inside a joined emoji.
fn pieces(word: &str) -> impl Iterator<Item = &str> {
    hyphen_parts(word).flat_map(chunks)
}

/// `word` split before each run of hyphens, except at its start and end.
fn hyphen_parts(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let body = rest.len() - rest.trim_start_matches('-').len();
        let end = rest[body..]
            .find('-')
            .map(|i| body + i)
            .filter(|&i| !rest[i..].trim_start_matches('-').is_empty())
            .unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        rest = tail;
        Some(part)
    })
}

/// `part` (hyphens only at its start, and maybe at its end) in chunks of at most [`PIECE`]
/// characters (leading hyphens aside), as even in length as the natural breaks allow.
fn chunks(part: &str) -> Vec<&str> {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)(?:\P{M}\p{M}*|\p{M}+)(?:\u{200D}\P{M}\p{M}*)*").unwrap()
    });
    // Where a chunk may end: after any unit but a hyphen.
    let ends: Vec<usize> = UNIT
        .find_iter(part)
        .map(|m| m.end())
        .filter(|&e| !part[..e].ends_with('-'))
        .collect();
    let soft = |e: usize| part[..e].ends_with(['/', '.', '_', '?', '&', '=', '#', ':', '@', ',']);
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < ends.len() {
        let left = ends.len() - i;
        // Even lengths, unless a natural break is in reach that leaves no stub behind.
        let size = left.div_ceil(left.div_ceil(PIECE));
        let take = if left <= PIECE {
            left
        } else {
            (MIN_PIECE..=PIECE)
                .filter(|&t| soft(ends[i + t - 1]) && left - t >= MIN_PIECE)
                .min_by_key(|&t| t.abs_diff(size))
                .unwrap_or(size)
        };
        let end = ends[i + take - 1];
        out.push(&part[start..end]);
        start = end;
        i += take;
    }
    // Trailing hyphens go with the last chunk.
    match out.last_mut() {
        Some(last) if start < part.len() => *last = &part[start - last.len()..],
        None => out.push(part),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { v: s.into() }
    }

    fn nobreak(s: &str) -> Inline {
        Inline::NoBreak { v: s.into() }
    }

    fn nobreaks(pieces: &[&str]) -> Vec<Inline> {
        pieces.iter().map(|p| nobreak(p)).collect()
    }

    #[test]
    fn hyphenated_words_are_boxed_whole() {
        let mut c = vec![text("a high-stakes, cross-team plan - ok end- -5%")];
        finish_text(&mut c);
        assert_eq!(
            c,
            vec![
                text("a "),
                nobreak("high-stakes,"),
                text(" "),
                nobreak("cross-team"),
                text(" plan - ok end- "),
                nobreak("-5%"),
            ]
        );
    }

    #[test]
    fn long_words_are_cut_where_a_line_may_break() {
        let word = "x".repeat(LONG_WORD);
        let mut c = vec![text(&format!("{word} fits"))];
        finish_text(&mut c);
        assert_eq!(c, vec![text(&format!("{word} fits"))]);

        let url = "https://example.com/projects/payments-ledger-rewrite/step-x-y-z";
        let mut c = vec![text(&format!("see {url} now"))];
        finish_text(&mut c);
        let mut want = vec![text("see ")];
        want.extend(nobreaks(&[
            "https://",
            "example.",
            "com/",
            "projects/",
            "payments",
            "-ledger",
            "-rewrite/",
            "step",
            "-x",
            "-y",
            "-z",
        ]));
        want.push(text(" now"));
        assert_eq!(c, want);

        // No natural break: every PIECE characters, but never right after a hyphen, nor
        // between a letter and its combining mark.
        let hard = format!(
            "{}-{}{}",
            "a".repeat(15),
            "e\u{301}".repeat(16),
            "b".repeat(5)
        );
        let got: Vec<String> = pieces(&hard).map(String::from).collect();
        assert_eq!(got.concat(), hard);
        assert_eq!(got[..2], ["a".repeat(8), "a".repeat(7)]);
        let tail = pieces(
            "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft.",
        );
        assert!(
            tail.map(|p| p.chars().count())
                .all(|n| (8..=PIECE).contains(&n))
        );
        assert!(
            got.iter()
                .all(|p| !p.ends_with('-') && !p.starts_with('\u{301}'))
        );
        assert!(got.iter().all(|p| !p.trim_start_matches('-').contains('-')));
        let letters = |p: &str| {
            p.trim_start_matches('-')
                .chars()
                .filter(|c| *c != '\u{301}')
                .count()
        };
        assert!(got.iter().all(|p| letters(p) <= PIECE));
    }

    #[test]
    fn a_long_word_across_runs_is_cut_run_by_run() {
        let run = |c: char| c.to_string().repeat(8);
        let strong = |c: Vec<Inline>| Inline::Strong { c };
        let emph = |c: Vec<Inline>| Inline::Emph { c };
        let mut c = vec![
            text(&format!("see {}", run('a'))),
            strong(vec![text(&run('b'))]),
            text(&run('c')),
            emph(vec![text(&format!("{} and", run('d')))]),
        ];
        finish_text(&mut c);
        assert_eq!(
            c,
            vec![
                text("see "),
                nobreak(&run('a')),
                strong(vec![nobreak(&run('b'))]),
                nobreak(&run('c')),
                emph(vec![nobreak(&run('d')), text(" and")]),
            ]
        );
        // A short word across runs stays as it is: `**Rust**,` must not break before the comma.
        let mut c = vec![strong(vec![text("Rust")]), text(", Go")];
        finish_text(&mut c);
        assert_eq!(c, vec![strong(vec![text("Rust")]), text(", Go")]);
    }

    #[test]
    fn soft_breaks_become_spaces_and_no_line_starts_with_one() {
        let mut c = vec![text("one\ntwo"), Inline::Break, text("\nthree")];
        finish_text(&mut c);
        assert_eq!(c, vec![text("one two"), Inline::Break, text("three")]);
    }

    #[test]
    fn finishing_twice_changes_nothing() {
        let mut c = vec![
            text(&format!("a {} b-c", "z".repeat(70))),
            Inline::Emph {
                c: vec![text(&"q".repeat(70))],
            },
        ];
        finish_text(&mut c);
        let once = c.clone();
        finish_text(&mut c);
        assert_eq!(c, once);
    }
}
