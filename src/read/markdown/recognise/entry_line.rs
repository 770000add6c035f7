//! Entry heads as people write them on one line: `**Dropbox** — Senior Product Manager
//! (2021–Present)`, `**Senior Engineer**, Acme, Berlin — *2019–2021*`,
//! `### Role | Org | 2019 – 2021`, `*Acme · Berlin · Jan 2019 – heute*`.
//!
//! A line is split only when one of its parts is wholly a date by its form (see
//! [`is_date`]): that part is the date, and the rest is cut at the strongest separator it
//! holds (`|`, `·` or `•`; then a spaced dash or `@`; then a comma), so `Berlin, Germany`
//! stays one part in a line cut at `|`. A line without such a date, a cut that would fall
//! inside formatting, a link or code, or a line too long to be a head, is left as written.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Inline, plain_text};

/// The longest line (in bytes) read as a head, and the most separators in one: a head is
/// short, and the search below looks at every run of parts.
const MAX_LEN: usize = 400;
const MAX_SEPARATORS: usize = 16;

/// A head line cut into its date and its other parts, in the order written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeadLine {
    pub(crate) date: Vec<Inline>,
    pub(crate) parts: Vec<Vec<Inline>>,
}

// Month names (English, German, French, Spanish, Italian, Dutch, Portuguese; full and
// short), the words for "now" in those languages and in Chinese, Japanese and Korean.
// Matched against lower-cased text: a case-insensitive regex would pull in Unicode's case
// tables, which take milliseconds to compile.
const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|\
    november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|januar|februar|\
    märz|maerz|mai|juni|juli|oktober|dezember|jänner|jän|mrz|okt|dez|janvier|février|\
    fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|\
    decembre|janv|févr|fevr|avr|juil|déc|enero|febrero|marzo|abril|mayo|junio|julio|\
    agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|abr|ago|dic|gennaio|\
    febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|gen|mag|giu|lug|set|\
    ott|januari|februari|maart|mei|augustus|janeiro|fevereiro|março|maio|junho|julho|\
    setembro|outubro|fev|out|spring|summer|autumn|fall|winter";
const NOW: &str = "present|current|now|today|ongoing|heute|jetzt|aktuell|présent|\
    aujourd'hui|aujourd’hui|actuel|actualidad|actual|presente|oggi|attuale|heden|nu|atual|\
    至今|現在|现在|目前|今|현재";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let year = "(?:19|20)[0-9][0-9]";
    let point = format!(
        "(?:(?:(?:{MONTHS})\\.?,?[ ]+)?(?:[0-9]{{1,2}}\\.?[ ]+)?{year}\
         |[0-9]{{1,2}}[./][0-9]{{4}}|{year}[./-][0-9]{{1,2}}\
         |{year}[ ]*年(?:[ ]*[0-9]{{1,2}}[ ]*月)?|{NOW})"
    );
    let to =
        "(?:[ ]*(?:–|—|---|--|-|~|～|〜|至)[ ]*|[ ]+(?:to|bis|until|till|au|à|a|al|hasta|tot)[ ]+)";
    let since = "(?:(?:since|seit|depuis|desde|dal|from|expected|exp\\.)[ ]+)";
    Regex::new(&format!("^{since}?{point}(?:{to}{point})?$")).unwrap()
});

/// Separators between the parts of a head, strongest first; the three levels of `level`.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t]*[|·•][ \t]*|[ \t]+(?:---|--|—|–|-|@)[ \t]+|,[ \t]+").unwrap()
});

/// A date written in parentheses at the end of a part: `Senior PM (2021–Present)`.
static TRAILING_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t]*\(([^()]*)\)[ \t]*$").unwrap());

/// Whether `text` is wholly a date or a date range by its form: years, month names, the
/// words for "now", numeric months (`09/2019`, `2019-09`), `2014年9月`, ranges with `–`,
/// `-`, `--`, `to`, `bis`…, in parentheses or not.
pub(crate) fn is_date(text: &str) -> bool {
    let text = text.trim();
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    let lower = text.trim().to_lowercase().replace('\u{a0}', " ");
    DATE.is_match(&lower)
}

fn level(separator: &str) -> u8 {
    let s = separator.trim();
    if s.contains(['|', '·', '•']) {
        3
    } else if s.is_empty() || s == "," {
        1
    } else {
        2
    }
}

/// Splits a head line at its date, or `None` when it has no date part, nothing else, or
/// cannot be cut without cutting through formatting.
pub(crate) fn split_head(line: &[Inline]) -> Option<HeadLine> {
    split(line, false)
}

/// [`split_head`] for a meta line, whose other parts (place, team) are cut only where the
/// line's strongest separator stands: `_Jan 2021 – Present · Berlin, Germany_` keeps
/// `Berlin, Germany` whole, where a head line cuts `Engineer, Acme, Berlin — 2019` at
/// its commas into title, subtitle and place.
pub(crate) fn split_meta(line: &[Inline]) -> Option<HeadLine> {
    split(line, true)
}

fn split(line: &[Inline], meta: bool) -> Option<HeadLine> {
    let text = plain_text(line);
    if text.len() > MAX_LEN {
        return None;
    }
    // What is in parentheses is one part: `Lisbon (2013 – 2015)`, `(Contract, Remote)`.
    let depth = paren_depths(&text);
    let seps: Vec<(usize, usize)> = SEPARATOR
        .find_iter(&text)
        .filter(|m| depth[m.start()] == 0)
        .map(|m| (m.start(), m.end()))
        .collect();
    if seps.len() > MAX_SEPARATORS {
        return None;
    }
    let (date, pieces) = find_date(&text, &seps)?;
    let floor = match meta {
        true => seps
            .iter()
            .map(|&(s, e)| level(&text[s..e]))
            .max()
            .unwrap_or(0),
        false => 0,
    };
    let mut cuts = pieces_at_strongest(&text, &pieces, &seps, (date, floor));
    if cuts.is_empty() {
        return None;
    }
    cuts.push(date);
    cuts.sort_unstable();
    let mut spans = cut(line, &cuts)?;
    let at = cuts.iter().position(|c| *c == date)?;
    let date = unwrap_marks(spans.remove(at));
    Some(HeadLine { date, parts: spans })
}

/// How many parentheses are open at each byte of `text`.
fn paren_depths(text: &str) -> Vec<u32> {
    let mut depth = 0u32;
    let mut out = Vec::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push(depth);
    }
    out
}

/// A byte range of a line's plain text.
type Span = (usize, usize);

/// The date's span in `text` and the spans of the parts around it (each trimmed of the
/// separators next to it). The date is the first, longest run of parts that reads as one,
/// or a part's trailing parentheses that do.
fn find_date(text: &str, seps: &[Span]) -> Option<(Span, Vec<Span>)> {
    let mut pieces: Vec<Span> = Vec::with_capacity(seps.len() + 1);
    let mut from = 0;
    for &(s, e) in seps {
        pieces.push((from, s));
        from = e;
    }
    pieces.push((from, text.len()));
    for i in 0..pieces.len() {
        // A range's own dash separates its ends: runs of parts joined by dashes.
        for j in (i..pieces.len()).rev() {
            let inner = &seps[i..j];
            if inner.iter().any(|&(s, e)| level(&text[s..e]) != 2) {
                continue;
            }
            let span = (pieces[i].0, pieces[j].1);
            if is_date(&text[span.0..span.1]) {
                let rest = pieces[..i]
                    .iter()
                    .chain(&pieces[j + 1..])
                    .copied()
                    .collect();
                return Some((span, rest));
            }
        }
        let (s, e) = pieces[i];
        if let Some(caps) = TRAILING_PARENS.captures(&text[s..e])
            && is_date(&caps[1])
        {
            let whole = caps.get(0).unwrap();
            let inner = caps.get(1).unwrap();
            let mut rest: Vec<Span> = pieces.clone();
            rest[i] = (s, s + whole.start());
            rest.retain(|&(a, b)| a < b);
            return Some(((s + inner.start(), s + inner.end()), rest));
        }
    }
    None
}

/// The parts other than the date, cut only at the strongest separators between them
/// (the weaker ones stay inside a part: `Berlin, Germany` in a line cut at `|`), and
/// never joined across the date.
fn pieces_at_strongest(
    text: &str,
    pieces: &[Span],
    seps: &[Span],
    (date, floor): (Span, u8),
) -> Vec<Span> {
    let between = |a: &Span, b: &Span| {
        seps.iter()
            .filter(|&&(s, e)| s >= a.1 && e <= b.0)
            .map(|&(s, e)| level(&text[s..e]))
            .max()
    };
    let strongest = pieces
        .windows(2)
        .filter_map(|w| between(&w[0], &w[1]))
        .max()
        .unwrap_or(0)
        .max(floor);
    let mut out: Vec<Span> = Vec::new();
    for piece in pieces.iter().filter(|p| !text[p.0..p.1].trim().is_empty()) {
        match out.last_mut() {
            Some(last)
                if between(last, piece).is_some_and(|l| l < strongest)
                    && !(last.1 <= date.0 && piece.0 >= date.1) =>
            {
                last.1 = piece.1;
            }
            _ => out.push(*piece),
        }
    }
    out
}

/// The top-level inlines of `line` inside each of `spans` (byte ranges of its plain text,
/// in order), or `None` if a span's end falls inside an inline that is not plain text.
fn cut(line: &[Inline], spans: &[Span]) -> Option<Vec<Vec<Inline>>> {
    let mut out: Vec<Vec<Inline>> = vec![Vec::new(); spans.len()];
    let mut at = 0;
    for inline in line {
        let len = plain_text(std::slice::from_ref(inline)).len();
        let (start, end) = (at, at + len);
        at = end;
        for (k, &(s, e)) in spans.iter().enumerate() {
            if e <= start || s >= end {
                continue;
            }
            match inline {
                Inline::Text { v } => {
                    let piece = &v[s.max(start) - start..e.min(end) - start];
                    super::push_text(&mut out[k], piece);
                }
                _ if s <= start && e >= end => out[k].push(inline.clone()),
                _ => return None,
            }
        }
    }
    let out: Vec<Vec<Inline>> = out.into_iter().map(super::trim).collect();
    out.iter().all(|p| !p.is_empty()).then_some(out)
}

/// A part wholly in bold or italics, without them: the layout sets each slot its own way.
pub(crate) fn unwrap_marks(part: Vec<Inline>) -> Vec<Inline> {
    match super::wholly(&part) {
        Some((_, inner)) => inner,
        None => part,
    }
}

#[cfg(test)]
mod tests;
