//! The word oracle: the words a reader should find in a résumé's PDF, from its Markdown
//! source read with pulldown-cmark (not our reader), against the words two independent
//! extractors read from the PDF: poppler's `pdftotext` and MuPDF's `mutool draw -F txt`
//! (Debian package `mupdf-tools`). Compared as multisets (a word typed twice must print
//! twice) and in order (a longest common subsequence, so moved blocks show).
//!
//! # What a word is
//!
//! Text is cut at whitespace into tokens, on both sides alike, after these rules:
//! - Unicode NFC; U+200B and U+FEFF are dropped. A line ending in U+00AD (poppler's mark
//!   for an automatic hyphen) joins the next line: hyphenation is the concern of its own
//!   test, not of this one.
//! - `·`, `|` and `•` count as spaces: the reader consumes them as separators (meta lines,
//!   entry lines, contact lines, table syntax) and the layouts print them as decoration.
//! - Punctuation stays inside its token (`$1.2M`, `#1`, `@maya`, `(Read`), so a lost `$`
//!   shows as a missing `$1.2M`. A PDF token with no letter or digit (a bullet `–`, a
//!   checkbox `☐`) is never an *extra*: layouts draw those. A source token without letters
//!   or digits must still be found.
//! - Markdown syntax does not print: heading `#`s, list markers, emphasis marks, link
//!   targets, `{#id}` anchors, HTML comments and the HTML tags our reader knows (see
//!   src/read/markdown/html.rs); an unknown tag (`<label>`) prints as written. An ordered
//!   list item prints its number (`3.`). A footnote reference prints its number glued to
//!   the word before it (`companies1`), numbered in reading order, one per reference, and
//!   each reference prints the note's text at the page foot, the number glued in front.
//! - Code spans and blocks are kept verbatim (split at whitespace only).
//! - Front matter prints its `name`, `headline` (as Markdown), `email`, `phone`,
//!   `location`, `website` and `links` (a URL without `https://`, `www.` or a final `/`; a
//!   `{label, url}` as its label), in that order, before the body.
//! - An image's alt text is expected on the page only when the PDF does not carry it as
//!   an /Alt (a refused image prints its alt text instead), read with lopdf.
//! - Page numbers (`2 / 3`, a line of their own) are the layout's, and dropped.
//! - Characters the bundled fonts lack print as tofu (a box poppler may read as nothing):
//!   the caller may pass a `printable` rule, and a token with any character it refuses is
//!   left out of the source *and* the PDF words (counted, never silently).
//!
//! # Reading order
//!
//! The order expected is the source's, with the layouts' documented moves made explicit:
//! an entry's date (the meta-line part with a year or "Present", or the last part of a
//! `**Title** | Org | Date` line) prints right after its title; in `sidebar`, the header
//! and the sidebar's sections (layouts/sidebar.typ `sidebar-sections`) come before the
//! summary and the main column. Table cells and footnote texts are compared as multisets
//! only: extractors read a table row by row or column by column, and a note sits at the
//! foot of whichever page its reference fell on.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// The sections layouts/sidebar.typ sets in its sidebar (its `sidebar-sections`).
pub const SIDEBAR_SECTIONS: [&str; 9] = [
    "skills",
    "languages",
    "interests",
    "certifications",
    "tools",
    "awards",
    "contact",
    "links",
    "hobbies",
];

/// What a piece of the source is, for the reading-order rules.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// Name, headline, contacts.
    Header,
    Heading(u8),
    /// A paragraph wholly bold (an entry's subtitle) or wholly italic (its meta line).
    Bold,
    Italic,
    /// A `**Title** | Org | Date` line.
    EntryLine,
    Text,
    /// Multiset only (see the module's notes).
    Table,
    /// The right-hand part of an entry's head: its meta line, or an entry line's date.
    /// Multiset only: each extractor places right-aligned text by its own heuristics
    /// (pdftotext reads it after the entry's first paragraph, mutool after the title).
    Right,
    /// A table's header row, again: Typst repeats it on each page the table runs onto, so
    /// its words may print up to once more per further page.
    TableHead,
    Alt(String),
    /// A footnote definition, by label.
    Note(String),
}

/// One block of the source: its role, the `##` section it is in, and its text as printed.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub role: Role,
    pub section: Option<String>,
    pub text: String,
}

/// The words expected on the page: `ordered` in reading order, `floating` anywhere.
#[derive(Debug, Default)]
pub struct Expected {
    pub ordered: Vec<String>,
    pub floating: Vec<String>,
    /// Words that may print again on each further page (table header rows).
    pub repeatable: Vec<String>,
}

/// Opens a footnote reference in a chunk's text, closed by [`NOTE_END`].
const NOTE_START: char = '\u{E000}';
const NOTE_END: char = '\u{E001}';
/// Where a `<span>` heading's right-hand part starts.
const RIGHT: &str = "\u{E002}";

/// The extensions resume-pdf reads (src/read/markdown/blocks.rs `options`).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
}

/// Cuts `text` into words by the module's rules.
pub fn tokens(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    let text = text
        .replace("\u{AD}\n", "")
        .replace(['\u{AD}', '\u{200B}', '\u{FEFF}'], "");
    text.split(|c: char| c.is_whitespace() || "·|•".contains(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn has_word_char(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Splits `md` into its front matter (by the documented rule: the first line inside the
/// `---` lines reads like a YAML key or comment) and its body.
pub fn split_front_matter(md: &str) -> (Option<&str>, &str) {
    let yaml_key = regex::Regex::new(r"^\s*(#|[\p{L}\p{N}_-]+\s*:)").unwrap();
    let Some(rest) = md.strip_prefix("---\n") else {
        return (None, md);
    };
    let Some(end) = rest.find("\n---\n") else {
        return (None, md);
    };
    let first = rest[..end].lines().find(|l| !l.trim().is_empty());
    match first.is_none_or(|l| yaml_key.is_match(l)) {
        true => (Some(&rest[..end]), &rest[end + 5..]),
        false => (None, md),
    }
}

/// The front matter's printed values, as header chunks, in the order they print.
fn front_matter_chunks(yaml: &str) -> Vec<Chunk> {
    let Ok(value) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) else {
        return Vec::new();
    };
    let scalar = |key: &str| value.get(key).and_then(scalar_text);
    let mut texts = Vec::new();
    texts.extend(scalar("name"));
    if let Some(headline) = scalar("headline") {
        texts.push(
            markdown_chunks(&headline)
                .into_iter()
                .map(|c| c.text)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    texts.extend(
        ["email", "phone", "location"]
            .iter()
            .filter_map(|k| scalar(k)),
    );
    texts.extend(scalar("website").map(|w| display_url(&w)));
    for link in value
        .get("links")
        .and_then(|l| l.as_sequence())
        .into_iter()
        .flatten()
    {
        match link.get("label").and_then(scalar_text) {
            Some(label) => texts.push(label),
            None => texts.extend(scalar_text(link).map(|u| display_url(&u))),
        }
    }
    texts
        .into_iter()
        .map(|text| Chunk {
            role: Role::Header,
            section: None,
            text,
        })
        .collect()
}

fn scalar_text(v: &serde_yaml_ng::Value) -> Option<String> {
    use serde_yaml_ng::Value::*;
    match v {
        String(s) => Some(s.clone()),
        Number(n) => Some(n.to_string()),
        Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A URL as a contact prints it (the documented rule).
pub fn display_url(url: &str) -> String {
    let u = url.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    u.strip_prefix("www.")
        .unwrap_or(u)
        .trim_end_matches('/')
        .to_string()
}

/// The source's chunks, front matter first, in source order.
pub fn source_chunks(md: &str) -> Vec<Chunk> {
    let md = md.strip_prefix('\u{feff}').unwrap_or(md);
    let (yaml, body) = split_front_matter(md);
    let mut chunks = yaml.map(front_matter_chunks).unwrap_or_default();
    let body = super::foreign::without_foreign_syntax(body, yaml.is_none());
    chunks.extend(markdown_chunks(&body));
    chunks
}

/// Walks pulldown-cmark's events, collecting the printed text of each block.
#[derive(Default)]
struct Walker {
    chunks: Vec<Chunk>,
    section: Option<String>,
    /// The text of the block being read, and of an image's alt text inside it.
    text: String,
    alt: Option<String>,
    /// The title of the image being read: its caption.
    caption: String,
    /// Counts of the inline marks open, and the paragraph's text outside them, to tell a
    /// wholly bold or italic line.
    strong: usize,
    emph: usize,
    plain_outside: bool,
    bold_seen: bool,
    italic_seen: bool,
    /// Ordered lists: the next number of each open list (None: bullets).
    lists: Vec<Option<u64>>,
    table: usize,
    notes: Vec<String>,
    html: String,
    in_comment: bool,
    heading: Option<u8>,
    spans: usize,
    /// The header rows of the tables read so far.
    table_heads: Vec<String>,
}

/// The chunks of a Markdown body (no front matter).
pub fn markdown_chunks(body: &str) -> Vec<Chunk> {
    let mut w = Walker::default();
    w.walk(body);
    w.flush(Role::Text);
    let heads = w.table_heads.into_iter().map(|text| Chunk {
        role: Role::TableHead,
        section: None,
        text,
    });
    w.chunks.extend(heads);
    w.chunks
}

impl Walker {
    fn walk(&mut self, body: &str) {
        for event in Parser::new_ext(body, markdown_options()) {
            self.event(event);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push(&t)
            }
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::FootnoteReference(label) => self.push(&format!("{NOTE_START}{label}{NOTE_END}")),
            Event::InlineHtml(h) => self.inline_html(&h),
            Event::Html(h) => self.html.push_str(&h),
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn push(&mut self, s: &str) {
        match &mut self.alt {
            Some(alt) => alt.push_str(s),
            None => {
                if self.strong == 0 && self.emph == 0 && !s.trim().is_empty() {
                    self.plain_outside = true;
                }
                self.text.push_str(s);
            }
        }
    }

    /// Inline HTML as our reader takes it: comments vanish, `<br>` breaks, known tags are
    /// dropped, anything else prints as written.
    fn inline_html(&mut self, h: &str) {
        let trimmed = h.trim();
        if self.in_comment {
            self.in_comment = !trimmed.contains("-->");
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            self.in_comment = !rest.contains("-->");
            return;
        }
        match tag_name(trimmed) {
            // A heading's second `<span>` starts its right-hand part.
            Some(name)
                if name == "span" && self.heading.is_some() && !trimmed.starts_with("</") =>
            {
                self.spans += 1;
                self.push(if self.spans > 1 { RIGHT } else { " " });
            }
            Some(name) if name == "br" || is_known_tag(&name) => self.push(" "),
            _ => self.push(h),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush(Role::Text);
                self.heading = Some(level as u8);
            }
            Tag::Strong => {
                self.strong += 1;
                self.bold_seen = true;
            }
            Tag::Emphasis => {
                self.emph += 1;
                self.italic_seen = true;
            }
            Tag::Image { title, .. } => {
                self.alt = Some(String::new());
                self.caption = title.to_string();
            }
            Tag::List(start) => {
                self.flush(Role::Text);
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush(Role::Text);
                if let Some(Some(n)) = self.lists.last_mut() {
                    self.text.push_str(&format!("{n}. "));
                    *n += 1;
                }
            }
            Tag::Table(_) => {
                self.flush(Role::Text);
                self.table += 1;
            }
            Tag::FootnoteDefinition(label) => {
                self.flush(Role::Text);
                self.notes.push(label.to_string());
            }
            Tag::HtmlBlock | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.flush(Role::Text)
            }
            Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Paragraph => self.flush(Role::Text),
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Heading(level) => {
                let text = std::mem::take(&mut self.text);
                let (title, right) = text.split_once(RIGHT).unwrap_or((&text, ""));
                self.text = title.to_string();
                self.flush(Role::Heading(level as u8));
                self.text = right.replace(RIGHT, " ");
                self.flush(Role::Right);
                (self.heading, self.spans) = (None, 0);
            }
            TagEnd::Strong => self.strong -= 1,
            TagEnd::Emphasis => self.emph -= 1,
            TagEnd::Image => {
                let alt = self.alt.take().unwrap_or_default();
                self.flush(Role::Text);
                self.chunks.push(Chunk {
                    role: Role::Alt(alt.clone()),
                    section: self.section.clone(),
                    text: alt,
                });
                // The image's title prints as its caption, below it.
                self.text = std::mem::take(&mut self.caption);
                self.flush(Role::Text);
            }
            TagEnd::Paragraph => {
                let role = self.paragraph_role();
                self.flush(role);
            }
            TagEnd::List(_) => {
                self.flush(Role::Text);
                self.lists.pop();
            }
            TagEnd::TableCell => self.push(" "),
            TagEnd::TableHead => self.table_heads.push(self.text.clone()),
            TagEnd::Table => {
                self.flush(Role::Table);
                self.table -= 1;
            }
            TagEnd::FootnoteDefinition => {
                self.flush(Role::Text);
                self.notes.pop();
            }
            TagEnd::HtmlBlock => self.html_block(),
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.flush(Role::Text)
            }
            TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_) => self.flush(Role::Text),
            _ => {}
        }
    }

    /// Bold, italic, an entry line, or text.
    fn paragraph_role(&self) -> Role {
        match (self.plain_outside, self.bold_seen, self.italic_seen) {
            (false, true, false) => Role::Bold,
            (false, false, true) => Role::Italic,
            _ if self.bold_seen && self.text.contains('|') => Role::EntryLine,
            _ => Role::Text,
        }
    }

    /// An HTML block: its text re-read as Markdown, comments and known tags dropped, as
    /// src/read/markdown/html.rs does (`<h1>`… become headings).
    fn html_block(&mut self) {
        let html = std::mem::take(&mut self.html);
        let re = regex::Regex::new(r"(?s)<!--.*?(-->|$)|</?[a-zA-Z][a-zA-Z0-9-]*[^>]*>").unwrap();
        if !re.is_match(&html) {
            self.push(&html);
            self.flush(Role::Text);
            return;
        }
        let mut text = String::new();
        let mut last = 0;
        for m in re.find_iter(&html) {
            text.push_str(&html[last..m.start()].replace('<', "\\<"));
            last = m.end();
            let tag = m.as_str();
            match tag_name(tag) {
                Some(n) if n.len() == 2 && n.starts_with('h') && n != "hr" && n != "h0" => {
                    text.push_str("\n\n");
                    if !tag.starts_with("</") {
                        text.push_str(&"#".repeat(usize::from(n.as_bytes()[1] - b'0')));
                        text.push(' ');
                    }
                }
                Some(n) if n == "br" => text.push_str("  \n"),
                Some(n) if is_known_tag(&n) => text.push_str("\n\n"),
                Some(_) => text.push_str(&tag.replace('<', "\\<")),
                None => {}
            }
        }
        text.push_str(&html[last..].replace('<', "\\<"));
        let mut inner = Walker {
            section: self.section.clone(),
            ..Walker::default()
        };
        inner.walk(&text);
        inner.flush(Role::Text);
        self.table_heads.append(&mut inner.table_heads);
        self.section = inner.section;
        self.chunks.extend(inner.chunks);
    }

    fn flush(&mut self, role: Role) {
        let text = std::mem::take(&mut self.text);
        let role = match (self.table > 0, self.notes.last()) {
            (_, Some(label)) => Role::Note(label.clone()),
            (true, None) => Role::Table,
            _ => role,
        };
        (self.plain_outside, self.bold_seen, self.italic_seen) = (false, false, false);
        if text.trim().is_empty() {
            return;
        }
        // `{#id}` at the end of a heading is an anchor, not text.
        let text = match role {
            Role::Heading(_) => regex::Regex::new(r"\s*\{#[^}]*\}\s*$")
                .unwrap()
                .replace(&text, "")
                .into_owned(),
            _ => text,
        };
        if role == Role::Heading(2) {
            self.section = Some(text.trim().to_lowercase());
        }
        self.chunks.push(Chunk {
            role,
            section: self.section.clone(),
            text,
        });
    }
}

/// The lower-case name of an HTML tag, if `s` starts with one.
fn tag_name(s: &str) -> Option<String> {
    let inner = s.strip_prefix('<')?.trim_start_matches('/');
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

/// The HTML tags our reader drops (src/read/markdown/html.rs `is_known_tag`).
fn is_known_tag(name: &str) -> bool {
    const KNOWN: &str = "a abbr b big blockquote br center cite code dd del details div dl dt \
        em font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nobr ol p picture pre \
        q s section small source span strike strong sub summary sup table tbody td th thead tr \
        tt u ul wbr";
    KNOWN.split_whitespace().any(|k| k == name)
}

/// Whether an italic meta line's part is its date (the documented rule).
fn is_date(part: &str) -> bool {
    regex::Regex::new(r"\b(1[89]|20)\d\d\b|Present")
        .unwrap()
        .is_match(part)
}

/// `chunks` in the order `layout` prints them (the module's reading-order rules), the
/// moved entry dates split out of their lines.
pub fn reading_order(chunks: Vec<Chunk>, layout: &str) -> Vec<Chunk> {
    let chunks = entry_dates_first(chunks);
    if layout != "sidebar" {
        return chunks;
    }
    let header_len = header_len(&chunks);
    let (header, rest) = chunks.split_at(header_len);
    let side = |c: &Chunk| {
        c.section
            .as_deref()
            .is_some_and(|s| SIDEBAR_SECTIONS.contains(&s))
    };
    let mut out = header.to_vec();
    out.extend(rest.iter().filter(|c| side(c)).cloned());
    out.extend(rest.iter().filter(|c| !side(c)).cloned());
    out
}

/// How many leading chunks are the header: the front matter's, then a body's `# Name`
/// (not already named by the front matter) and the paragraph right under it.
fn header_len(chunks: &[Chunk]) -> usize {
    let mut n = chunks.iter().take_while(|c| c.role == Role::Header).count();
    let named = n > 0;
    let photo = |c: &Chunk| matches!(c.role, Role::Alt(_));
    while chunks.get(n).is_some_and(photo) {
        n += 1;
    }
    if chunks.get(n).is_some_and(|c| c.role == Role::Heading(1)) && !named {
        n += 1;
        if chunks.get(n).is_some_and(|c| c.role == Role::Text) {
            n += 1;
        }
    }
    n
}

/// Right-hand parts of entry heads become [`Role::Right`]: the meta line right under a
/// `###` (with or without a subtitle before it), an entry line's date.
fn entry_dates_first(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::with_capacity(chunks.len());
    let mut after_title = 0;
    for c in chunks {
        after_title += 1;
        match c.role {
            Role::Heading(3) => after_title = 0,
            Role::Italic if after_title <= 2 => {
                out.push(Chunk {
                    role: Role::Right,
                    ..c
                });
                continue;
            }
            Role::Bold if after_title == 1 => {
                after_title = 0;
            }
            Role::EntryLine => {
                let mut parts: Vec<&str> = c.text.split('|').collect();
                if parts.len() > 2 && is_date(parts[parts.len() - 1]) {
                    let date = parts.pop().unwrap().to_string();
                    out.push(Chunk {
                        text: parts.join(" "),
                        ..c.clone()
                    });
                    out.push(Chunk {
                        role: Role::Right,
                        text: date,
                        ..c
                    });
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The words expected on the page of `pdf` (for the /Alt rule) from Markdown `md` in
/// `layout`, footnotes numbered in reading order.
pub fn expected_words(md: &str, layout: &str, pdf: &Path) -> Expected {
    let chunks = reading_order(source_chunks(md), layout);
    // A note's text, all its paragraphs.
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    for c in &chunks {
        if let Role::Note(label) = &c.role {
            let text = notes.entry(label.clone()).or_default();
            text.push(' ');
            text.push_str(&c.text);
        }
    }
    let mut referenced = std::collections::BTreeSet::new();
    let note_re = regex::Regex::new(&format!("{NOTE_START}([^{NOTE_END}]*){NOTE_END}")).unwrap();
    let mut number = 0;
    let mut expected = Expected::default();
    for chunk in chunks.iter().filter(|c| !matches!(c.role, Role::Note(_))) {
        if let Role::Alt(alt) = &chunk.role
            && super::has_alt_text(pdf, alt.trim())
        {
            continue;
        }
        // Each reference to a defined note prints a number, and the note's text with it.
        let text = note_re.replace_all(&chunk.text, |c: &regex::Captures| match notes.get(&c[1]) {
            Some(note) => {
                number += 1;
                referenced.insert(c[1].to_string());
                expected
                    .floating
                    .extend(tokens(&format!("{number}{}", note.trim_start())));
                number.to_string()
            }
            None => format!("[^{}]", &c[1]),
        });
        match chunk.role {
            Role::Table | Role::Right => expected.floating.extend(tokens(&text)),
            Role::TableHead => expected.repeatable.extend(tokens(&text)),
            _ => expected.ordered.extend(tokens(&text)),
        }
    }
    // A note nobody refers to still prints its text (nothing is lost), unnumbered.
    for (label, text) in &notes {
        if !referenced.contains(label) {
            expected.floating.extend(tokens(text));
        }
    }
    expected
}

/// `text` as an extractor wrote it, less page-number lines (`2 / 3`) of a document of
/// `pages` pages.
fn without_page_numbers(text: &str, pages: usize) -> String {
    let re = regex::Regex::new(r"^\s*(\d+)\s*/\s*(\d+)\s*$").unwrap();
    text.lines()
        .filter(|l| {
            !re.captures(l).is_some_and(|c| {
                c[2].parse() == Ok(pages) && c[1].parse().is_ok_and(|n: usize| n <= pages)
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words poppler's `pdftotext` reads from `pdf`.
pub fn poppler_words(pdf: &Path) -> Vec<String> {
    let text = super::pdftotext(pdf);
    let pages = text.matches('\u{c}').count().max(1);
    tokens(&without_page_numbers(&text, pages))
}

/// The words MuPDF's `mutool draw -F txt` reads from `pdf`.
pub fn mupdf_words(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("mutool")
        .args(["draw", "-q", "-F", "txt", "-o", "-"])
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("mutool is needed for the tests (apt-get install mupdf-tools): {e}")
        });
    assert!(
        out.status.success(),
        "mutool failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let pages = super::pdfinfo(pdf)["Pages"].parse().unwrap();
    tokens(&without_page_numbers(&text, pages))
}

/// What the comparison found wrong; empty when the page reads as the source.
#[derive(Debug, Default)]
pub struct Report {
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// Words found but out of order, each with a little of its source context.
    pub out_of_order: Vec<String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.out_of_order.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |v: &[String]| {
            let shown: Vec<&str> = v.iter().take(30).map(String::as_str).collect();
            format!(
                "{} {:?}{}",
                v.len(),
                shown,
                if v.len() > 30 { " …" } else { "" }
            )
        };
        writeln!(f, "missing: {}", list(&self.missing))?;
        writeln!(f, "extra: {}", list(&self.extra))?;
        write!(f, "out of order: {}", list(&self.out_of_order))
    }
}

fn counts(words: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

/// `want` less `have`, as multisets, each word as often as it is short.
fn less(want: &BTreeMap<&str, usize>, have: &BTreeMap<&str, usize>) -> Vec<String> {
    want.iter()
        .flat_map(|(w, &n)| {
            let short = n.saturating_sub(have.get(w).copied().unwrap_or(0));
            std::iter::repeat_n(w.to_string(), short)
        })
        .collect()
}

/// Compares the expected words with those found: multisets, then order.
/// `pages` is the PDF's page count (for [`Expected::repeatable`]).
pub fn compare(expected: &Expected, found: &[String], pages: usize) -> Report {
    let all: Vec<String> = expected
        .ordered
        .iter()
        .chain(&expected.floating)
        .cloned()
        .collect();
    let found = &rejoin_broken_words(&all, found);
    let (want, have) = (counts(&all), counts(found));
    let missing = less(&want, &have);
    let mut allowed = want.clone();
    for w in &expected.repeatable {
        *allowed.entry(w.as_str()).or_insert(0) += pages.saturating_sub(1);
    }
    let extra = less(&have, &allowed)
        .into_iter()
        .filter(|w| has_word_char(w))
        .collect();
    // Words of the ordered part the longest common subsequence leaves out, but which are
    // on the page: those were moved.
    let kept = lcs_mask(&expected.ordered, found);
    let mut unplaced: BTreeMap<&str, usize> = counts(&missing);
    let mut out_of_order = Vec::new();
    for (i, w) in expected.ordered.iter().enumerate() {
        if kept[i] {
            continue;
        }
        match unplaced.get_mut(w.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out_of_order.push(context(&expected.ordered, i)),
        }
    }
    Report {
        missing,
        extra,
        out_of_order,
    }
}

/// `found` with runs of consecutive words that join into a source word the page otherwise
/// lacks made one: a line may break after a hyphen or slash (`cross-` / `team`), and a word
/// longer than its line anywhere (layouts/common.typ's long-word rule); extractors read
/// the pieces as words.
fn rejoin_broken_words(source: &[String], found: &[String]) -> Vec<String> {
    let missing = less(&counts(source), &counts(found));
    let mut out = found.to_vec();
    for word in &missing {
        'start: for i in 0..out.len() {
            let mut joined = String::new();
            for j in i..out.len() {
                joined.push_str(&out[j]);
                if !word.starts_with(joined.as_str()) {
                    continue 'start;
                }
                if joined == *word && j > i {
                    out.splice(i..=j, [word.clone()]);
                    break 'start;
                }
            }
        }
    }
    out
}

/// Word `i` of `words` with two words either side.
fn context(words: &[String], i: usize) -> String {
    let from = i.saturating_sub(2);
    let to = (i + 3).min(words.len());
    let around: Vec<String> = (from..to)
        .map(|j| match j == i {
            true => format!("[{}]", words[j]),
            false => words[j].clone(),
        })
        .collect();
    around.join(" ")
}

/// For each word of `a`, whether a longest common subsequence of `a` and `b` keeps it.
/// Common ends are matched first, so the table is only as large as the middle that differs.
pub fn lcs_mask(a: &[String], b: &[String]) -> Vec<bool> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut mask = vec![true; a.len()];
    let inner = lcs_table_mask(am, bm);
    mask[prefix..prefix + am.len()].copy_from_slice(&inner);
    mask
}

/// The classic dynamic programme, lengths in two rows and the choices in a bit table.
fn lcs_table_mask(a: &[String], b: &[String]) -> Vec<bool> {
    let (n, m) = (a.len(), b.len());
    let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
    let mut all = Vec::with_capacity(n + m);
    for w in a.iter().chain(b) {
        let next = ids.len() as u32;
        all.push(*ids.entry(w.as_str()).or_insert(next));
    }
    let (ai, bi) = all.split_at(n);
    // diag[i*(m+1)+j]: cell (i, j) took the diagonal; up[…]: it came from (i-1, j).
    let mut diag = vec![false; (n + 1) * (m + 1)];
    let mut up = vec![false; (n + 1) * (m + 1)];
    let mut prev = vec![0u32; m + 1];
    let mut row = vec![0u32; m + 1];
    for i in 1..=n {
        for j in 1..=m {
            let k = i * (m + 1) + j;
            if ai[i - 1] == bi[j - 1] {
                row[j] = prev[j - 1] + 1;
                diag[k] = true;
            } else if prev[j] >= row[j - 1] {
                row[j] = prev[j];
                up[k] = true;
            } else {
                row[j] = row[j - 1];
            }
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let mut mask = vec![false; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let k = i * (m + 1) + j;
        if diag[k] {
            mask[i - 1] = true;
            (i, j) = (i - 1, j - 1);
        } else if up[k] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    mask
}

/// Both extractors' words of `pdf` against `md` in `layout`: the failures, by extractor.
pub fn check_pdf(md: &str, layout: &str, pdf: &Path) -> Result<(), String> {
    let expected = expected_words(md, layout, pdf);
    let pages = super::pdfinfo(pdf)["Pages"].parse().unwrap();
    let mut failures = Vec::new();
    for (name, found) in [
        ("pdftotext", poppler_words(pdf)),
        ("mutool", mupdf_words(pdf)),
    ] {
        let report = compare(&expected, &found, pages);
        if !report.is_empty() {
            failures.push(format!("{layout}, read by {name}:\n{report}"));
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(failures.join("\n")),
    }
}

/// [`check_pdf`] for the Markdown file `md`, panicking with the report.
pub fn assert_every_word(md: &Path, layout: &str, pdf: &Path) {
    let source = std::fs::read_to_string(md).unwrap();
    if let Err(report) = check_pdf(&source, layout, pdf) {
        panic!(
            "{}: the PDF does not read as the source:\n{report}",
            md.display()
        );
    }
}

/// `words` with each character `printable` refuses taken for a space (the module's rule for
/// tofu: extractors read such a glyph as nothing, or as a word of its own).
pub fn printable_only(words: &[String], printable: impl Fn(char) -> bool) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| {
            w.split(|c| !printable(c))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

impl Expected {
    /// The words [`printable_only`] keeps.
    pub fn printable_only(&self, printable: impl Fn(char) -> bool + Copy) -> Expected {
        Expected {
            ordered: printable_only(&self.ordered, printable),
            floating: printable_only(&self.floating, printable),
            repeatable: printable_only(&self.repeatable, printable),
        }
    }
}
