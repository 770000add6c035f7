//! Before the Markdown parser: the syntax of other tools that CVs are written in, rewritten
//! into the CommonMark it means, or dropped. Pandoc's title block, fenced divs, attributes
//! and raw TeX ([`tex`]); Hugo shortcodes and Liquid/Jinja tags ([`templates`]). Code
//! (code blocks and spans, as the Markdown parser itself finds them) is copied untouched.
//! One pass over the lines; every look ahead is bounded, so the work stays linear.

mod templates;
mod tex;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

/// How deep TeX arguments and spans nest before the rest is copied as written.
const MAX_DEPTH: usize = 8;
/// How far a construct's end is looked for: a line of ten thousand `[` or `{{` must not
/// make the pass quadratic. Nobody's `\textbf{…}` or shortcode is longer.
const LOOKAHEAD: usize = 2048;

/// The first [`LOOKAHEAD`] bytes of `s`, on a character boundary.
fn window(s: &str) -> &str {
    if s.len() <= LOOKAHEAD {
        return s;
    }
    let mut end = LOOKAHEAD;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The rewritten text, where it came from, and what was found on the way.
pub(crate) struct Rewritten {
    pub text: String,
    /// `(offset in text, offset in the input)` at each piece's start, increasing.
    pub map: Vec<(usize, usize)>,
    /// Offsets in `text` where a page break was asked for.
    pub page_breaks: Vec<usize>,
    /// `(offset in the input, message)`, one per distinct cause.
    pub warnings: Vec<(usize, String)>,
}

impl Rewritten {
    /// The input offset that `offset` in the rewritten text came from.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|&(out, _)| out <= offset);
        match i.checked_sub(1).map(|i| self.map[i]) {
            Some((out, input)) => input + (offset - out),
            None => offset,
        }
    }
}

struct Out {
    r: Rewritten,
    warned: HashSet<String>,
    /// The input's code: what prints as written.
    code: Ranges,
    /// R Markdown chunks marked `include=FALSE`: run by knitr, never shown.
    hidden: Ranges,
}

impl Out {
    /// Appends `s`, which stands for the input at `from`.
    fn push(&mut self, from: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        let at = self.r.text.len();
        let continues = self
            .r
            .map
            .last()
            .is_some_and(|&(out, input)| input + (at - out) == from);
        if !continues {
            self.r.map.push((at, from));
        }
        self.r.text.push_str(s);
    }

    /// What a dropped command leaves: one space between the words around it, none where
    /// there is one already. `rest` is the input after it; returns how many of its spaces
    /// are taken along (as TeX takes those after a command).
    fn space(&mut self, at: usize, rest: &str) -> usize {
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let before = self.r.text.ends_with(char::is_whitespace) || self.r.text.is_empty();
        if !before && spaces < rest.len() {
            self.push(at, " ");
        }
        spaces
    }

    fn warn_once(&mut self, at: usize, cause: String, message: String) {
        if self.warned.insert(cause) {
            self.r.warnings.push((at, message));
        }
    }

    fn code_end(&mut self, pos: usize) -> Option<usize> {
        self.code.end_at(pos)
    }
}

/// Ranges of the input, in order, and the first not yet passed.
#[derive(Default)]
struct Ranges {
    v: Vec<Range<usize>>,
    next: usize,
}

impl Ranges {
    /// Where the range that input offset `pos` is in ends, if it is in one. Asked with
    /// offsets that only grow, so each range is passed once.
    fn end_at(&mut self, pos: usize) -> Option<usize> {
        while self.v.get(self.next).is_some_and(|r| r.end <= pos) {
            self.next += 1;
        }
        let r = self.v.get(self.next)?;
        (r.start <= pos).then_some(r.end)
    }
}

/// Code blocks and code spans of `body` as the Markdown parser reads them (what is written
/// there prints as written), and the R chunks among them that are not to be shown.
fn code_ranges(body: &str) -> (Ranges, Ranges) {
    let (mut code, mut hidden) = (Ranges::default(), Ranges::default());
    // `knitr::opts_chunk$set(echo = FALSE)` in a setup chunk hides every chunk's code.
    let squeezed: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let echo_off = squeezed.contains("opts_chunk$set(") && squeezed.contains("echo=F");
    for (event, range) in Parser::new_ext(body, super::blocks::options()).into_offset_iter() {
        let fresh = code.v.last().is_none_or(|last| last.end <= range.start);
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if fresh && is_hidden_chunk(&info, echo_off) =>
            {
                hidden.v.push(range.clone());
                code.v.push(range);
            }
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) if fresh => code.v.push(range),
            _ => {}
        }
    }
    (code, hidden)
}

/// Whether a code block's info string is an R Markdown or Quarto chunk (`{r …}`,
/// `{python …}`) whose code knitr would not show: `include=FALSE`, `echo=FALSE`, or any
/// chunk without `echo=TRUE` when the document turns echo off for all (`echo_off`). What
/// such a chunk would print when run is not ours to make: it is left out.
fn is_hidden_chunk(info: &str, echo_off: bool) -> bool {
    let squeezed: String = info.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(inner) = squeezed.strip_prefix('{') else {
        return false;
    };
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false; // `{=latex}`, `{.python}`: not a chunk
    }
    let options: Vec<&str> = inner.trim_end_matches('}').split(',').collect();
    let has = |o: &[&str]| options.iter().any(|x| o.contains(x));
    has(&["include=FALSE", "include=F", "echo=FALSE", "echo=F"])
        || (echo_off && !has(&["echo=TRUE", "echo=T"]))
}

/// Rewrites `body`; `title_block` when it starts the file (no front matter before it).
pub(crate) fn rewrite(body: &str, title_block: bool) -> Rewritten {
    let (code, hidden) = code_ranges(body);
    let mut out = Out {
        r: Rewritten {
            text: String::with_capacity(body.len()),
            map: Vec::new(),
            page_breaks: Vec::new(),
            warnings: Vec::new(),
        },
        warned: HashSet::new(),
        code,
        hidden,
    };
    let mut at = if title_block {
        title(&mut out, body)
    } else {
        0
    };
    let mut lines = body[at..].split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let content = line.trim_end_matches(['\n', '\r']);
        let setext = lines.peek().is_some_and(|next| is_setext_underline(next));
        rewrite_line(&mut out, at, content, setext);
        out.push(at + content.len(), &line[content.len()..]);
        at += line.len();
    }
    out.r
}

/// `% Name`, `% headline`, `% date` opening the file: the name as a `#` heading, the
/// other lines joined into one header line (a second line would not read as a headline).
/// Returns the length of input taken; the lines it took are kept as lines.
fn title(out: &mut Out, body: &str) -> usize {
    let mut at = 0;
    let mut n = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let Some(text) = content.strip_prefix('%') else {
            break;
        };
        let text_at = at + 1 + (text.len() - text.trim_start().len());
        let text = text.trim();
        match n {
            0 if !text.is_empty() => out.push(at, "# "),
            0 | 1 => {}
            _ if !text.is_empty() => out.push(at, " · "),
            _ => {}
        }
        inline(out, text_at, text, 0);
        if n == 0 {
            out.push(at + content.len(), "\n");
        }
        n += 1;
        at += line.len();
    }
    if n > 0 {
        // The lines joined above, kept as empty ones so that later lines keep their numbers.
        out.push(at, &"\n".repeat(n - 1));
    }
    at
}

/// Whether `line` underlines the line before it as a setext heading (`===`, `---`).
fn is_setext_underline(line: &str) -> bool {
    let t = line.trim_end();
    let body = t.trim_start();
    t.len() - body.len() < 4
        && (body.bytes().all(|b| b == b'=') || body.bytes().all(|b| b == b'-'))
        && !body.is_empty()
}

/// One line: the rules that need a whole line (fences of divs, `\newpage` alone, heading
/// attributes), then the inline ones. `setext`: the next line makes this one a heading.
fn rewrite_line(out: &mut Out, at: usize, line: &str, setext: bool) {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if out.hidden.end_at(at + indent).is_some() {
        return; // its line ending stays, so that later lines keep their numbers
    }
    if out.code_end(at + indent).is_some() || indent >= 4 {
        inline(out, at, line, 0);
        return;
    }
    if trimmed.starts_with(":::") {
        return; // a fenced div's fence: its content stays, the fence goes
    }
    if is_import(trimmed) {
        out.warn_once(
            at + indent,
            "@import".into(),
            format!(
                "`{}` dropped: an editor's style sheet (Markdown Preview Enhanced), not text",
                trimmed.trim_end()
            ),
        );
        return;
    }
    if tex::is_lone_page_break(trimmed) {
        out.r.page_breaks.push(out.r.text.len());
        return;
    }
    if trimmed.starts_with('#') || setext {
        heading(out, at, line);
        return;
    }
    inline(out, at, line, 0);
}

/// Whether `line` is Markdown Preview Enhanced's `@import "file.css"` alone.
fn is_import(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix("@import ") else {
        return false;
    };
    let quoted = |q: char| rest.len() > 1 && rest.starts_with(q) && rest.ends_with(q);
    quoted('"') || quoted('\'')
}

/// A heading whose trailing `{.class #id key=value}` keeps only the `#id` (an anchor).
fn heading(out: &mut Out, at: usize, line: &str) {
    let body = line.trim_end();
    if let Some(open) = body.rfind('{')
        && body.ends_with('}')
        && out.code_end(at + open).is_none()
        && let Some(attrs) = attributes(&body[open + 1..body.len() - 1])
    {
        inline(out, at, &body[..open], 0);
        if let Some(id) = attrs.iter().find_map(|a| a.strip_prefix('#')) {
            out.push(at + open, &format!("{{#{id}}}"));
        }
        return;
    }
    inline(out, at, line, 0);
}

/// The parts of a pandoc attribute block (`.class`, `#id`, `key=value`, `key="a b"`,
/// `-`), or `None` when the braces hold something else.
fn attributes(inner: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let end = part_end(rest)?;
        parts.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    let ok = !parts.is_empty()
        && parts.iter().all(|p| {
            *p == "-"
                || (p.len() > 1 && (p.starts_with('.') || p.starts_with('#')) && !p.contains('='))
                || p.find('=').is_some_and(|i| i > 0)
        });
    ok.then_some(parts)
}

/// The length of the attribute at the start of `s`: up to white space, a quoted value
/// taken whole. `None` when a quote is not closed.
fn part_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => return Some(i),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote.is_none().then_some(s.len())
}

/// Inline syntax of `s` (at input offset `at`); code copied as written.
fn inline(out: &mut Out, at: usize, s: &str, depth: usize) {
    let mut i = 0;
    // Whether the text before `i` ends a link, an image or code, which attributes follow.
    let mut attributable = false;
    while i < s.len() {
        let rest = &s[i..];
        if let Some(end) = out.code_end(at + i) {
            let n = (end - (at + i)).min(rest.len());
            out.push(at + i, &rest[..n]);
            i += n;
            attributable = true;
            continue;
        }
        let taken = match rest.as_bytes()[0] {
            _ if depth >= MAX_DEPTH => None,
            b'\\' => tex::command(out, at + i, rest, depth),
            b'{' => templates::tag(out, at + i, rest)
                .or_else(|| attributable.then(|| dropped_attributes(rest)).flatten())
                .or_else(|| tex::group(out, at + i, rest, depth)),
            b'[' => span(out, at + i, rest, depth),
            _ => None,
        };
        let n = taken.unwrap_or_else(|| {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            out.push(at + i, &rest[..len]);
            len
        });
        attributable = rest[..n].ends_with(')');
        i += n;
    }
}

/// `{width=80%}` after an image, a link or code: the length of what is dropped.
fn dropped_attributes(rest: &str) -> Option<usize> {
    let (inner, len) = braced(rest)?;
    attributes(inner)?;
    Some(len)
}

/// The braced argument at the start of `s`: its inside and the length taken.
fn braced(s: &str) -> Option<(&str, usize)> {
    if !s.starts_with('{') {
        return None;
    }
    let mut level = 0usize;
    for (i, b) in window(s).bytes().enumerate() {
        match b {
            b'{' => level += 1,
            b'}' => {
                level -= 1;
                if level == 0 {
                    return Some((&s[1..i], i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// `[text]{.smallcaps}`: the text, without its attributes.
fn span(out: &mut Out, at: usize, rest: &str, depth: usize) -> Option<usize> {
    let mut level = 0usize;
    let close = window(rest).bytes().enumerate().find_map(|(i, b)| {
        match b {
            b'[' => level += 1,
            b']' => {
                level -= 1;
                if level == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        None
    })?;
    let (inner, len) = braced(&rest[close + 1..])?;
    attributes(inner)?;
    inline(out, at + 1, &rest[1..close], depth + 1);
    Some(close + 1 + len)
}

#[cfg(test)]
mod tests;
