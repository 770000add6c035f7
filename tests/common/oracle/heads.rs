//! The oracle's reading of an entry head written on one line (docs/FORMAT.md, "Entry
//! lines"): when one part of the line is wholly a date, the date moves to the head's right
//! and the separators between the other parts do not print; the other parts are cut only
//! at the strongest separator between them (`|`, `·`, `•`; then a spaced dash or `@`;
//! then a comma), so the weaker ones print as written. A line with no date part prints as
//! written. Read from the words, independently of src/read/markdown/recognise/entry_line.rs.

use std::sync::LazyLock;

use regex::Regex;

/// A date or date range by its form, in the languages the fixtures are written in.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|märz|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    let point = format!(
        r"(?:{month} )?(?:19|20)\d\d|present|now|heute|至今|現在|(?:19|20)\d\d年(?:\d{{1,2}}月)?"
    );
    let to = r"(?: ?(?:–|—|-|--|～|~) ?| to | bis )";
    Regex::new(&format!(
        r"(?i)^(?:since )?(?:{point})(?:{to}(?:{point}))?$"
    ))
    .unwrap()
});

/// How strongly a separator token parts a line, if it is one.
fn level(token: &str) -> Option<u8> {
    match token {
        "|" | "·" | "•" => Some(3),
        "—" | "–" | "-" | "--" | "---" | "@" => Some(2),
        _ => None,
    }
}

/// One part of a line, and the level of the separator after it (1: a comma).
struct Part {
    words: Vec<String>,
    then: Option<(u8, String)>,
}

/// The line's parts as printed (title, subtitle, meta) and its date, when the line has a
/// date part.
pub fn split(line: &str) -> Option<(Vec<String>, String)> {
    split_with(line, false)
}

/// [`split`] for a meta line: its other parts are cut only at the line's strongest
/// separator (`Jan 2021 – Present · Berlin, Germany` keeps `Berlin, Germany`).
pub fn split_meta(line: &str) -> Option<(Vec<String>, String)> {
    split_with(line, true)
}

fn split_with(line: &str, meta: bool) -> Option<(Vec<String>, String)> {
    let spaced: String = line
        .chars()
        .map(|c| match c {
            '|' | '·' | '•' => format!(" {c} "),
            c => c.to_string(),
        })
        .collect();
    let mut parts = vec![Part {
        words: Vec::new(),
        then: None,
    }];
    // What is in parentheses is one part: `Lisbon (2013 – 2015)`.
    let mut depth = 0usize;
    for token in spaced.split_whitespace() {
        let last = parts.last_mut().unwrap();
        let outside = depth == 0;
        depth += token.matches('(').count();
        depth = depth.saturating_sub(token.matches(')').count());
        if !outside || depth > 0 {
            last.words.push(token.to_string());
        } else if let Some(l) = level(token) {
            last.then = Some((l, token.to_string()));
            parts.push(Part {
                words: Vec::new(),
                then: None,
            });
        } else if let Some(word) = token.strip_suffix(',') {
            last.words.push(word.to_string());
            last.then = Some((1, ",".to_string()));
            parts.push(Part {
                words: Vec::new(),
                then: None,
            });
        } else {
            last.words.push(token.to_string());
        }
    }
    parts.retain(|p| !p.words.is_empty());
    let (from, to, date) = find_date(&mut parts)?;
    if parts.len() == to + 1 - from {
        return None;
    }
    let floor = match meta {
        true => parts
            .iter()
            .filter_map(|p| p.then.as_ref().map(|t| t.0))
            .max()
            .unwrap_or(0),
        false => 0,
    };
    Some((join_others(&parts, from, to, floor), date))
}

/// The first, longest run of parts joined by dashes that reads as a date, or a part's
/// trailing `(…)` that does (cut off that part).
fn find_date(parts: &mut Vec<Part>) -> Option<(usize, usize, String)> {
    let text = |ps: &[Part]| {
        let mut s = String::new();
        for (k, p) in ps.iter().enumerate() {
            s.push_str(&p.words.join(" "));
            if k + 1 < ps.len() {
                s.push_str(&format!(" {} ", p.then.as_ref().unwrap().1));
            }
        }
        s
    };
    for i in 0..parts.len() {
        for j in (i..parts.len()).rev() {
            let dashed = parts[i..j]
                .iter()
                .all(|p| p.then.as_ref().is_some_and(|t| t.0 == 2));
            let t = text(&parts[i..=j]);
            let bare = t.trim_start_matches('(').trim_end_matches(')');
            if dashed && DATE.is_match(bare) {
                return Some((i, j, bare.to_string()));
            }
        }
        let words = &parts[i].words;
        if let Some(open) = words.iter().rposition(|w| w.starts_with('('))
            && open > 0
            && words.last().unwrap().ends_with(')')
        {
            let inner = words[open..].join(" ");
            let inner = &inner[1..inner.len() - 1];
            if DATE.is_match(inner) {
                let date = inner.to_string();
                parts[i].words.truncate(open);
                // The date is a part of its own after this one.
                let then = parts[i].then.take();
                parts[i].then = Some((0, String::new()));
                parts.insert(
                    i + 1,
                    Part {
                        words: vec![date.clone()],
                        then,
                    },
                );
                return Some((i + 1, i + 1, date));
            }
        }
    }
    None
}

/// The parts other than the date (`from..=to`), cut at the strongest separator between
/// them: a weaker one prints (a comma back on its word, a dash as a word of its own). The
/// separators on either side of the date part the words around it, and never print.
fn join_others(parts: &[Part], from: usize, to: usize, floor: u8) -> Vec<String> {
    let level = |k: usize| {
        let own = parts[k].then.as_ref().map_or(0, |t| t.0);
        match k + 1 == from {
            true => own.max(parts[to].then.as_ref().map_or(0, |t| t.0)),
            false => own,
        }
    };
    let others: Vec<usize> = (0..parts.len())
        .filter(|k| !(from..=to).contains(k))
        .collect();
    let strongest = others[..others.len() - 1]
        .iter()
        .map(|&k| level(k))
        .max()
        .unwrap_or(0)
        .max(floor);
    let mut out: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for (n, &k) in others.iter().enumerate() {
        words.extend(parts[k].words.iter().cloned());
        let last = n + 1 == others.len();
        match &parts[k].then {
            _ if last || k + 1 == from || level(k) >= strongest => {
                out.push(std::mem::take(&mut words).join(" "))
            }
            Some((_, sep)) if sep == "," => words.last_mut().unwrap().push(','),
            Some((_, sep)) if !sep.is_empty() => words.push(sep.clone()),
            _ => {}
        }
    }
    out
}
