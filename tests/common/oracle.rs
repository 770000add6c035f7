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
//!   targets, `{#id}` anchors. HTML is read as docs/FORMAT.md "HTML inside Markdown"
//!   says (oracle/html.rs): no tag, comment or hidden element's content (`<svg>`,
//!   `<style>`, `<head>`…) prints, entities print decoded, and nothing inside an HTML block
//!   is Markdown; in a line of Markdown, a tag naming no element (`<label>`) prints as
//!   written. A file that opens with `<!DOCTYPE html>` or `<html>` is one HTML page. An ordered
//!   list item prints its number (`3.`). A footnote reference prints its number glued to
//!   the word before it (`companies1`), numbered in reading order, one per reference, and
//!   each reference prints the note's text at the page foot, its number a word of its own
//!   in front (`1 Peak`, never `1Peak`).
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
    /// The body's `# Name`, taken as the name: plain text, so a footnote reference in it
    /// prints no number, and the note's text prints unnumbered at the top of the summary
    /// (src/read/markdown/structure.rs `take_name`). Multiset only, as all notes are.
    Name,
    /// The document's closing paragraph when it names a contact: the reader may move it
    /// into the header (structure.rs, a closing contact line when the header has none), so
    /// multiset only.
    Closing,
    /// An image's alt text in the closing paragraph (a refused image prints it as text, and
    /// the paragraph may then be a contact line).
    ClosingAlt(String),
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

mod heads;
mod html;

/// One block of the source: its role, the `##` section it is in, and its text as printed.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub role: Role,
    pub section: Option<String>,
    pub text: String,
    /// pdftotext may read it in another order (see [`Extractor::Poppler`]).
    pub loose: bool,
}

/// The words expected on the page: `ordered` in reading order, `floating` anywhere.
#[derive(Debug, Default)]
pub struct Expected {
    pub ordered: Vec<String>,
    pub floating: Vec<String>,
    /// Words that may print again on each further page (table header rows).
    pub repeatable: Vec<String>,
    /// Words (also in `floating`) whose pieces, when broken over lines, may be read with
    /// other words between them: a table cell's (pdftotext reads a table line by line,
    /// across its cells) and a block an extractor reads out of order.
    pub scattered: Vec<String>,
    /// The extractor may misplace the boundary between two words, or miss it (see
    /// [`Extractor::Poppler`]): [`compare`] then re-splits what it read.
    pub drifting: bool,
    /// What is left of the words with tofu, run together: their characters beside a
    /// glyph from a fallback font or a box are read as themselves, as nothing, or with a
    /// word boundary moved (pdftotext reads `⿰/ﬓ` as a space, mutool `>𐋠` as nothing), so
    /// such words need not be found, and a word found that is part of this text is no extra.
    /// Their letters are counted by the fuzz suite's letter oracle.
    pub optional: String,
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
            // A link without a label prints its address.
            Some(label) if label.trim().is_empty() => texts.extend(
                link.get("url")
                    .and_then(scalar_text)
                    .map(|u| display_url(&u)),
            ),
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
            loose: false,
        })
        .collect()
}

/// The words a front-matter key that prints nothing of ours may print: a key nobody knows
/// whose value holds five words or more prints as a guessed section (docs/FORMAT.md, "Front
/// matter written for other tools"), titled by the key, with labels and a `Present` of its
/// own. They may print, and need not: the real-world tests check such sections themselves.
fn guessed_sections(md: &str) -> String {
    const PRINTED: &[&str] = &[
        "name", "headline", "email", "phone", "location", "website", "links",
    ];
    let (Some(yaml), _) = split_front_matter(md) else {
        return String::new();
    };
    let Ok(serde_yaml_ng::Value::Mapping(map)) = serde_yaml_ng::from_str(yaml) else {
        return String::new();
    };
    fn leaves(v: &serde_yaml_ng::Value, out: &mut String) {
        match v {
            serde_yaml_ng::Value::Sequence(items) => items.iter().for_each(|i| leaves(i, out)),
            serde_yaml_ng::Value::Mapping(m) => {
                for (k, v) in m {
                    out.extend(scalar_text(k).map(|k| format!(" {k}: {}: ", humanise(&k))));
                    leaves(v, out);
                }
            }
            other => out.extend(scalar_text(other).map(|t| format!(" {t}"))),
        }
    }
    let mut out = String::from(" Present – ");
    for (key, value) in &map {
        let Some(key) = key.as_str().filter(|k| !PRINTED.contains(k)) else {
            continue;
        };
        out.push_str(&format!(" {} ", humanise(key)));
        leaves(value, &mut out);
    }
    out
}

/// `work_experience` → `Work experience`, as a guessed section or label prints a key.
fn humanise(key: &str) -> String {
    let key = key.replace(['_', '-'], " ");
    let mut chars = key.trim().chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
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
    source_chunks_of(md, None)
}

/// [`source_chunks`], the images left out for a missing file told by `pdf`.
fn source_chunks_of(md: &str, pdf: Option<&Path>) -> Vec<Chunk> {
    let md = md.strip_prefix('\u{feff}').unwrap_or(md);
    let (yaml, body) = split_front_matter(md);
    let mut chunks = yaml.map(front_matter_chunks).unwrap_or_default();
    let body = super::foreign::without_foreign_syntax(body, yaml.is_none());
    chunks.extend(walk_chunks(&body, pdf));
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
    /// The address of the image being read.
    image_src: String,
    /// The PDF being checked, which has an /Alt for each image placed (see
    /// [`Walker::left_out`]).
    pdf: Option<std::path::PathBuf>,
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
    /// Inside inline `<svg>`…`</svg>` (or `<script>`…): its name and how many are open.
    hidden: Option<(String, usize)>,
    heading: Option<u8>,
    spans: usize,
    /// The header rows of the tables read so far.
    table_heads: Vec<String>,
    quotes: usize,
    code_block: bool,
    /// Code with a run of spaces between words was read since the last flush.
    gapped: bool,
    /// Where the paragraph being read starts, in chunks, and whether it has a link to a
    /// contact (`http`, `mailto:`, `tel:`).
    para_start: usize,
    para_contact_link: bool,
    /// The chunks from here on, when they are the top-level paragraph that closes the
    /// document and names a contact.
    closing: Option<usize>,
    /// The link being read: its address as it prints without text, and where its text
    /// starts (the text's length, the count of chunks).
    link: Option<(Option<String>, usize, usize)>,
    /// Where the block's first line ends in `text`, and whether the block opens in bold:
    /// an entry head written on one line (see [`heads`]).
    first_break: Option<usize>,
    bold_first: bool,
    /// The block's lines so far: where each ends in `text`, and whether it had text outside
    /// marks, bold, italics; then the same for the line being read.
    lines: Vec<(usize, (bool, bool, bool))>,
    line: (bool, bool, bool),
}

/// The chunks of a Markdown body (no front matter).
pub fn markdown_chunks(body: &str) -> Vec<Chunk> {
    walk_chunks(body, None)
}

/// [`markdown_chunks`], the images left out for a missing file told by `pdf`.
fn walk_chunks(body: &str, pdf: Option<&Path>) -> Vec<Chunk> {
    let mut w = Walker {
        pdf: pdf.map(Path::to_path_buf),
        ..Walker::default()
    };
    // A saved HTML page is one HTML document, whatever blank lines it holds.
    match html::is_document(body) {
        true => {
            w.html = body.to_string();
            w.html_block();
        }
        false => w.walk(body),
    }
    w.flush(Role::Text);
    if let Some(from) = w.closing {
        for c in &mut w.chunks[from..] {
            c.role = match &c.role {
                Role::Alt(alt) => Role::ClosingAlt(alt.clone()),
                _ => Role::Closing,
            };
        }
    }
    let heads = w.table_heads.into_iter().map(|text| Chunk {
        role: Role::TableHead,
        section: None,
        text,
        loose: false,
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
            Event::Code(t) => {
                self.gapped |= has_gap(&t);
                self.push(&t)
            }
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.gapped |= self.code_block && has_gap(&t);
                self.push(&t)
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.alt.is_none() && self.first_break.is_none() {
                    self.first_break = Some(self.text.len());
                }
                if self.alt.is_none() {
                    let line = std::mem::take(&mut self.line);
                    self.lines.push((self.text.len(), line));
                }
                self.push(" ")
            }
            Event::FootnoteReference(label) => self.push(&format!("{NOTE_START}{label}{NOTE_END}")),
            Event::InlineHtml(h) => self.inline_html(&h),
            Event::Html(h) => self.html.push_str(&h),
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    /// Whether the image being read is left out (docs/FORMAT.md, "Images"): by its address
    /// (empty, a web address, absolute, or with `..`), or, with alt text, when the PDF has
    /// no /Alt with that text (a missing file). An image without alt text and an address
    /// of the folder is taken as placed.
    fn left_out(&self) -> bool {
        let src = self.image_src.as_str();
        let outside = src.is_empty()
            || src.contains(':')
            || src.starts_with(['/', '\\'])
            || src.split(['/', '\\']).any(|part| part == "..");
        let alt = self.alt.as_deref().unwrap_or_default().trim();
        let missing = |pdf: &std::path::PathBuf| !alt.is_empty() && !super::has_alt_text(pdf, alt);
        outside || self.pdf.as_ref().is_some_and(missing)
    }

    /// A left-out image's alt text (and its title, in parentheses) prints in its place,
    /// run together with the text around it as any inline text is (`[![](https://x.org/))`
    /// prints `[)`, `**![alt](missing.png)**` prints `**alt**`).
    fn image_left_out(&mut self) {
        let alt = self.alt.take().unwrap_or_default();
        let title = std::mem::take(&mut self.caption);
        self.push(&alt);
        if !title.is_empty() {
            self.push(&format!(" ({title})"));
        }
    }

    fn push(&mut self, s: &str) {
        match &mut self.alt {
            Some(alt) => alt.push_str(s),
            None => {
                if self.strong == 0 && self.emph == 0 && !s.trim().is_empty() {
                    self.plain_outside = true;
                    self.line.0 = true;
                }
                self.text.push_str(s);
            }
        }
    }

    /// Inline HTML by the documented rules: comments and hidden elements (`<svg>` up to its
    /// end tag, within the paragraph) vanish, `<br>` breaks, an image is an image, a block
    /// element's tag (or a `<span>`'s) sets words apart, other elements' tags print nothing,
    /// and a tag that names no HTML element prints as written.
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
        // A declaration or processing instruction is a comment to HTML (docs/FORMAT.md).
        if trimmed.starts_with("<!") || trimmed.starts_with("<?") {
            return;
        }
        let closing = trimmed.starts_with("</");
        let name = tag_name(trimmed).filter(|n| html::is_element(n));
        if let Some((hidden, depth)) = &mut self.hidden {
            if name.as_ref() == Some(hidden) && !trimmed.ends_with("/>") {
                *depth = if closing { *depth - 1 } else { *depth + 1 };
            }
            if *depth == 0 {
                self.hidden = None;
            }
            return;
        }
        match name {
            // A heading's second `<span>` starts its right-hand part.
            Some(name) if name == "span" && self.heading.is_some() && !closing => {
                self.spans += 1;
                self.push(if self.spans > 1 { RIGHT } else { " " });
            }
            Some(name) if html::is_hidden(&name) && !closing && !trimmed.ends_with("/>") => {
                self.hidden = Some((name, 1));
            }
            Some(name) if name == "img" && !closing => {
                let Some((src, alt, title)) = html::image(trimmed) else {
                    return;
                };
                let tag = Tag::Image {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: src.into(),
                    title: title.into(),
                    id: "".into(),
                };
                self.start(tag);
                self.push(&alt);
                self.end(TagEnd::Image);
            }
            Some(name) if name == "br" || html::is_block(&name) => self.push(" "),
            Some(name) if name == "span" && !closing => self.push(" "),
            Some(_) => {}
            None => self.push(h),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush(Role::Text);
                self.heading = Some(level as u8);
            }
            Tag::Strong => {
                self.bold_first |= self.text.trim().is_empty() && self.alt.is_none();
                self.line.1 = true;
                self.strong += 1;
                self.bold_seen = true;
            }
            Tag::Emphasis => {
                self.emph += 1;
                self.italic_seen = true;
                self.line.2 = true;
            }
            Tag::Image {
                title, dest_url, ..
            } => {
                self.alt = Some(String::new());
                self.caption = title.to_string();
                self.image_src = dest_url.to_string();
            }
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                let lower = url.to_ascii_lowercase();
                let contact = ["http://", "https://", "mailto:", "tel:"]
                    .iter()
                    .any(|p| lower.starts_with(p));
                self.para_contact_link |= contact;
                // A web, mail or phone link without text prints its address (`www.`
                // made `https://www.`), src/read/markdown/blocks.rs `close`.
                let shown = match contact {
                    true => Some(url.to_string()),
                    false => lower.starts_with("www.").then(|| format!("https://{url}")),
                };
                self.link = Some((shown, self.text.len(), self.chunks.len()));
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
            Tag::CodeBlock(_) => {
                self.flush(Role::Text);
                self.code_block = true;
            }
            Tag::BlockQuote(_) => {
                self.flush(Role::Text);
                self.quotes += 1;
            }
            Tag::Paragraph => {
                self.flush(Role::Text);
                (self.para_start, self.para_contact_link) = (self.chunks.len(), false);
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        // An element left open (`<svg>` without `</svg>`) hides nothing past its line.
        if matches!(
            end,
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell
        ) {
            self.hidden = None;
        }
        match end {
            TagEnd::Heading(level) => {
                let text = std::mem::take(&mut self.text);
                let (title, right) = text.split_once(RIGHT).unwrap_or((&text, ""));
                let split = heads::split(title).filter(|_| right.is_empty() && level as u8 == 3);
                let split = split.map(|(parts, date)| head_slots(&parts, 2, &date));
                let (title, right) = match &split {
                    Some((words, rest)) => (words.as_str(), rest.as_str()),
                    None => (title, right),
                };
                self.text = title.to_string();
                self.flush(Role::Heading(level as u8));
                self.text = right.replace(RIGHT, " ");
                self.flush(Role::Right);
                (self.heading, self.spans) = (None, 0);
            }
            TagEnd::Link => {
                if let Some((Some(url), text, chunks)) = self.link.take()
                    && (self.text.len(), self.chunks.len()) == (text, chunks)
                {
                    self.push(&url);
                }
            }
            TagEnd::Strong => self.strong -= 1,
            TagEnd::Emphasis => self.emph -= 1,
            TagEnd::Image if self.left_out() => self.image_left_out(),
            TagEnd::Image => {
                let alt = self.alt.take().unwrap_or_default();
                self.flush(Role::Text);
                self.chunks.push(Chunk {
                    role: Role::Alt(alt.clone()),
                    section: self.section.clone(),
                    text: alt,
                    loose: false,
                });
                // The image's title prints as its caption, below it.
                self.text = std::mem::take(&mut self.caption);
                self.flush(Role::Text);
            }
            TagEnd::Paragraph => {
                let role = self.paragraph_role();
                let closing = self.names_a_contact();
                let role = self.split_meta_lines().unwrap_or(role);
                self.split_head_line();
                self.flush(role);
                self.closing = closing.then_some(self.para_start);
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
            TagEnd::CodeBlock => {
                self.flush(Role::Text);
                self.code_block = false;
            }
            TagEnd::BlockQuote(_) => {
                self.flush(Role::Text);
                self.quotes -= 1;
            }
            TagEnd::Item => self.flush(Role::Text),
            _ => {}
        }
    }

    /// The lines right under an entry's heading that are wholly bold (the first: its
    /// subtitle) or wholly italic (meta lines), each as its own chunk, as the reader takes
    /// them line by line (src/read/markdown/structure.rs `take_meta_lines`). Returns the
    /// role of the lines left, if any were taken.
    fn split_meta_lines(&mut self) -> Option<Role> {
        let top = self.lists.is_empty() && self.quotes == 0 && self.table == 0;
        let under_heading = self
            .chunks
            .last()
            .is_some_and(|c| c.role == Role::Heading(3));
        if !top || !under_heading || self.lines.is_empty() || self.notes.last().is_some() {
            return None;
        }
        let mut lines = std::mem::take(&mut self.lines);
        lines.push((self.text.len(), self.line));
        let role_of = |flags| match flags {
            (false, true, false) => Some(Role::Bold),
            (false, false, true) => Some(Role::Italic),
            _ => None,
        };
        let mut start = 0;
        let mut taken = 0;
        for (i, &(end, flags)) in lines.iter().enumerate() {
            match role_of(flags) {
                Some(Role::Bold) if i > 0 => break,
                Some(role) => {
                    let text = self.text[start..end].to_string();
                    self.chunks.push(Chunk {
                        role,
                        section: self.section.clone(),
                        text,
                        loose: false,
                    });
                }
                None => break,
            }
            (start, taken) = (end, i + 1);
        }
        if taken == 0 {
            return None;
        }
        self.text = self.text.split_off(start);
        self.bold_first = false;
        let rest = &lines[taken..];
        let flags = rest.iter().fold((false, false, false), |a, (_, f)| {
            (a.0 || f.0, a.1 || f.1, a.2 || f.2)
        });
        (self.plain_outside, self.bold_seen, self.italic_seen) = flags;
        self.first_break = rest
            .first()
            .filter(|_| rest.len() > 1)
            .map(|(e, _)| e - start);
        Some(self.paragraph_role())
    }

    /// A paragraph that opens in bold with a head line holding a date (see [`heads`]): the
    /// line is an entry head, the rest the entry's text.
    fn split_head_line(&mut self) {
        let top = self.lists.is_empty() && self.quotes == 0 && self.table == 0;
        let end = self.first_break.unwrap_or(self.text.len());
        // A wholly bold line is a title as written: its date is inside the bold.
        let head = top && self.bold_first && self.plain_outside && self.section.is_some();
        if !head || self.notes.last().is_some() {
            return;
        }
        if heads::split(&self.text[..end]).is_some() {
            let rest = self.text.split_off(end);
            self.flush(Role::EntryLine);
            self.text = rest;
        }
    }

    /// Whether the paragraph being read is at the top level, without images or footnote
    /// references, and names a contact as src/read/markdown/recognise.rs `contact_of`
    /// would (an email, a phone number of 7 digits or more, a web address, or a contact link).
    fn names_a_contact(&self) -> bool {
        let top = self.lists.is_empty() && self.quotes == 0 && self.table == 0;
        // The paragraph's text so far: an image inside it flushed what came before.
        let mut text: String = self.chunks[self.para_start.min(self.chunks.len())..]
            .iter()
            .filter(|c| !matches!(c.role, Role::Alt(_)))
            .map(|c| c.text.as_str())
            .collect();
        text.push_str(&self.text);
        let plain = !text.contains(NOTE_START) && self.notes.is_empty();
        let contact = regex::Regex::new(r"(?i)@|https?://|www\.|[a-z0-9-]\.[a-z]{2,}").unwrap();
        let digits = text.chars().filter(char::is_ascii_digit).count();
        top && plain && (self.para_contact_link || digits >= 7 || contact.is_match(&text))
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

    /// An HTML block, read by the documented rules (see [`html`]): nothing inside it is
    /// Markdown. One in which no tag ends (`<?0`, `<div` at a line's end) is text.
    fn html_block(&mut self) {
        let html = std::mem::take(&mut self.html);
        if !html.contains('>') {
            self.push(&html);
            self.flush(Role::Text);
            return;
        }
        let mut inner = Walker {
            section: self.section.clone(),
            pdf: self.pdf.clone(),
            ..Walker::default()
        };
        for event in html::events(&html) {
            inner.event(event);
        }
        inner.flush(Role::Text);
        // Inside a footnote or a table, its blocks are the note's or the table's.
        let outer = match (self.notes.last(), self.table > 0) {
            (Some(label), _) => Some(Role::Note(label.clone())),
            (None, true) => Some(Role::Table),
            _ => None,
        };
        for c in inner.chunks.iter_mut().filter(|_| outer.is_some()) {
            c.role = outer.clone().unwrap();
        }
        self.table_heads.append(&mut inner.table_heads);
        self.section = inner.section;
        // Its last paragraph may close the document as a contact line.
        let top = self.lists.is_empty() && self.quotes == 0 && self.table == 0;
        let closing = inner.closing.filter(|_| top);
        let closing = closing.map(|i| i + self.chunks.len());
        // A block that prints nothing (`</details>`) leaves the paragraph before it last.
        if !inner.chunks.is_empty() {
            self.closing = closing;
        }
        self.chunks.extend(inner.chunks);
    }

    fn flush(&mut self, role: Role) {
        let text = std::mem::take(&mut self.text);
        let loose = std::mem::take(&mut self.gapped) || has_stack(&text);
        let nested = self.quotes > 0 || !self.lists.is_empty();
        let role = match (self.table > 0, self.notes.last(), role) {
            (_, Some(label), _) => Role::Note(label.clone()),
            (true, None, _) => Role::Table,
            // A heading in a quote or a list opens no section and names no one.
            (_, _, Role::Heading(_)) if nested => Role::Text,
            (_, _, role) => role,
        };
        (self.plain_outside, self.bold_seen, self.italic_seen) = (false, false, false);
        (self.first_break, self.bold_first) = (None, false);
        (self.lines, self.line) = (Vec::new(), Default::default());
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
            loose,
        });
        self.closing = None;
    }
}

/// Whether `c` is a combining mark (Unicode category M).
pub fn is_mark(c: char) -> bool {
    static MARK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^\p{M}$").unwrap());
    MARK.is_match(c.encode_utf8(&mut [0; 4]))
}

/// Whether `text` has a letter with two or more combining marks (a stack taller than
/// its line).
fn has_stack(text: &str) -> bool {
    let mut marks = 0;
    for c in text.chars() {
        marks = if is_mark(c) { marks + 1 } else { 0 };
        if marks >= 2 {
            return true;
        }
    }
    false
}

/// Whether code `text` has a run of spaces (or a tab) between two words.
fn has_gap(text: &str) -> bool {
    regex::Regex::new(r"\S(\t| {2,})+\S")
        .unwrap()
        .is_match(text)
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

/// Whether an italic meta line's part is its date (the documented rule).
fn is_date(part: &str) -> bool {
    regex::Regex::new(r"\b(1[89]|20)\d\d\b|Present")
        .unwrap()
        .is_match(part)
}

/// `chunks` in the order `layout` prints them (the module's reading-order rules), the
/// moved entry dates split out of their lines.
pub fn reading_order(chunks: Vec<Chunk>, layout: &str) -> Vec<Chunk> {
    let mut chunks = entry_dates_first(chunks);
    let header_len = name_first(&mut chunks);
    // The header prints its values as typed, a run of spaces as a wide gap.
    for c in &mut chunks[..header_len] {
        c.loose |= has_gap(&c.text);
    }
    if layout != "sidebar" {
        return chunks;
    }
    // pdftotext reads the sidebar and the main column as flows, in the order of their
    // tops, so a header line under the name may be read after the main column's first
    // block, which starts higher (name `a`, a link `ab cd ef gh` that makes a guessed
    // section, and `a` / `:   Aa` as the body read `a a Aa ab cd ef gh L …`).
    for c in chunks.iter_mut().take(header_len).skip(1) {
        c.loose = true;
    }
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

/// Makes the body's `# Name`, when it is taken as the name, a [`Role::Name`] and moves it
/// and the paragraph right under it (its header lines) up to the front matter's header
/// and any photos: what comes before it opens the summary (src/read/markdown/structure.rs
/// `take_name`). The name is the body's first heading, when that is a `#` and the front
/// matter names no one. Returns the header's length, in chunks.
fn name_first(chunks: &mut [Chunk]) -> usize {
    let photo = |c: &Chunk| matches!(c.role, Role::Alt(_));
    let front = chunks.iter().take_while(|c| c.role == Role::Header).count();
    let top = front + chunks[front..].iter().take_while(|c| photo(c)).count();
    let first_heading = chunks[top..]
        .iter()
        .position(|c| matches!(c.role, Role::Heading(_)))
        .map(|i| i + top);
    let Some(name) = first_heading.filter(|&i| chunks[i].role == Role::Heading(1)) else {
        return top;
    };
    if front > 0 {
        return top;
    }
    chunks[name].role = Role::Name;
    // Whatever its marks (`**Engineer** | Berlin` reads as an entry line elsewhere).
    let lines = chunks.get(name + 1).is_some_and(|c| {
        matches!(
            c.role,
            Role::Text | Role::Bold | Role::Italic | Role::EntryLine
        )
    });
    let end = name + 1 + usize::from(lines);
    // Further paragraphs of contacts only (each part an email, a phone number or a web
    // address) may join the header too (structure.rs `take_header`): anywhere, then.
    for c in chunks[end..].iter_mut() {
        if c.role != Role::Text || !contacts_only(&c.text) {
            break;
        }
        c.role = Role::Closing;
    }
    chunks[top..end].rotate_right(end - name);
    top + end - name
}

/// Whether every `·`- or `|`-separated part of `text` is an email, a phone number or a
/// web address.
fn contacts_only(text: &str) -> bool {
    static CONTACT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(\S+@\S+\.\S+|\+?[0-9][0-9 ()-]{6,}|(https?://|www\.)\S+)$").unwrap()
    });
    let mut parts = text
        .split(['·', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    parts.clone().next().is_some() && parts.all(|p| CONTACT.is_match(p))
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
                let text = match heads::split_meta(&c.text) {
                    Some((parts, date)) => format!("{} {date}", parts.join(" ")),
                    None => c.text,
                };
                out.push(Chunk {
                    role: Role::Right,
                    text,
                    ..c
                });
                continue;
            }
            Role::Bold if after_title == 1 => {
                after_title = 0;
                if let Some((parts, date)) = heads::split_meta(&c.text) {
                    push_with_right(&mut out, c, head_slots(&parts, 1, &date));
                    continue;
                }
            }
            Role::EntryLine => {
                if let Some((parts, date)) = heads::split(&c.text) {
                    push_with_right(&mut out, c, head_slots(&parts, 2, &date));
                    continue;
                }
                let mut parts: Vec<&str> = c.text.split('|').collect();
                if parts.len() > 2 && is_date(parts[parts.len() - 1]) {
                    let date = parts.pop().unwrap().to_string();
                    let slots = (parts.join(" "), date);
                    push_with_right(&mut out, c, slots);
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// `c` as two chunks: `words` in its place and role, `right` as [`Role::Right`].
fn push_with_right(out: &mut Vec<Chunk>, c: Chunk, (words, right): (String, String)) {
    out.push(Chunk {
        text: words,
        ..c.clone()
    });
    out.push(Chunk {
        role: Role::Right,
        text: right,
        ..c
    });
}

/// A head line's words in reading order (its first `ordered` parts: title and subtitle, or
/// a subtitle) and those a layout sets on the right: the other parts (place, team) and the
/// date.
fn head_slots(parts: &[String], ordered: usize, date: &str) -> (String, String) {
    let cut = ordered.min(parts.len());
    let right = parts[cut..].join(" ");
    (parts[..cut].join(" "), format!("{right} {date}"))
}

/// The two extractors, and the quirks of each that the oracle excuses by a stated rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extractor {
    /// `pdftotext`. It joins a line ending in `-` to the next and drops that `-` (its
    /// dehyphenation). It takes a wide gap in a line for a column gap, and orders lines by
    /// their glyphs' boxes, so it may read in another order the words of a block with
    /// code, or a header value, that has a run of spaces between words (both print as
    /// typed), with a letter carrying a stack of two
    /// or more marks (taller than its line), or with tofu (a glyph the fonts lack, set as
    /// a blank of its advance): such blocks are multiset only, for poppler only. And it
    /// infers spaces from gaps, so a narrow one (`S y` in a contact) may read as none, and
    /// beside tofu a space may land a letter off (`6{ 6U` read `6{6 U`): words it read
    /// that join into the same characters as up to three consecutive missing source words
    /// are taken as those words (no character may be lost or added), and so are the words of
    /// a line of one-character words, which it reads with no spaces at all (`aAAA`).
    Poppler,
    /// `mutool draw -F txt`.
    Mupdf,
}

impl Extractor {
    pub const BOTH: [Extractor; 2] = [Extractor::Poppler, Extractor::Mupdf];

    pub fn name(self) -> &'static str {
        match self {
            Extractor::Poppler => "pdftotext",
            Extractor::Mupdf => "mutool",
        }
    }

    /// The words this extractor reads from `pdf`, its stated quirks undone against what
    /// is `expected`.
    pub fn read(self, pdf: &Path, expected: &Expected) -> Vec<String> {
        match self {
            Extractor::Poppler => undo_dehyphenation(expected, &poppler_words(pdf)),
            Extractor::Mupdf => mupdf_words(pdf),
        }
    }
}

/// The words expected on the page of `pdf` (for the /Alt rule) from Markdown `md` in
/// `layout`, footnotes numbered in reading order.
pub fn expected_words(md: &str, layout: &str, pdf: &Path) -> Expected {
    expected_words_for(md, layout, pdf, Extractor::Mupdf, |_| true)
}

/// [`expected_words`] as `extractor` is expected to read them (its stated quirks), where
/// the characters `printable` refuses are tofu.
pub fn expected_words_for(
    md: &str,
    layout: &str,
    pdf: &Path,
    extractor: Extractor,
    printable: impl Fn(char) -> bool,
) -> Expected {
    let chunks = reading_order(source_chunks_of(md, Some(pdf)), layout);
    let mut notes = Notes::new(&chunks);
    let mut expected = Expected {
        drifting: extractor == Extractor::Poppler,
        optional: guessed_sections(md),
        ..Expected::default()
    };
    for chunk in chunks.iter().filter(|c| !matches!(c.role, Role::Note(_))) {
        if let Role::Alt(alt) | Role::ClosingAlt(alt) = &chunk.role
            && super::has_alt_text(pdf, alt.trim())
        {
            continue;
        }
        let text = notes.references(chunk, &mut expected.floating);
        let words = tokens(&text);
        let tofu = text.chars().any(|c| !c.is_whitespace() && !printable(c));
        let loose = chunk.loose || tofu;
        let loose = loose && extractor == Extractor::Poppler;
        match chunk.role {
            Role::TableHead => expected.repeatable.extend(words),
            Role::Right | Role::Closing | Role::ClosingAlt(_) => expected.floating.extend(words),
            Role::Table => expected.scatter(words),
            _ if loose => expected.scatter(words),
            // A word too long for a line is cut into pieces (layouts/common.typ), and in a
            // head a right-aligned date may print between them.
            Role::EntryLine | Role::Heading(_) if words.iter().any(|w| w.chars().count() > 30) => {
                for w in words {
                    match w.chars().count() > 30 {
                        true => expected.scatter(vec![w]),
                        false => expected.ordered.push(w),
                    }
                }
            }
            _ => expected.ordered.extend(words),
        }
    }
    // A note nobody refers to still prints its text (nothing is lost), unnumbered.
    for (label, text) in &notes.texts {
        if !notes.referenced.contains(label) {
            expected.floating.extend(tokens(text));
        }
    }
    expected
}

/// The footnotes of a document, numbered as their references are read.
struct Notes {
    /// Each note's text, all its paragraphs, by label.
    texts: BTreeMap<String, String>,
    referenced: std::collections::BTreeSet<String>,
    number: usize,
    reference: regex::Regex,
}

impl Notes {
    fn new(chunks: &[Chunk]) -> Notes {
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        for c in chunks {
            if let Role::Note(label) = &c.role {
                let text = texts.entry(label.clone()).or_default();
                text.push(' ');
                text.push_str(&c.text);
            }
        }
        let re = format!("{NOTE_START}([^{NOTE_END}]*){NOTE_END}");
        let reference = regex::Regex::new(&re).unwrap();
        // A note inside a note prints its mark as text.
        for text in texts.values_mut() {
            *text = reference.replace_all(text, "[^$1]").into_owned();
        }
        Notes {
            texts,
            referenced: Default::default(),
            number: 0,
            reference,
        }
    }

    /// `chunk`'s text as printed: each reference to a defined note prints a number, and
    /// the note's text (into `notes`) with it; in the name, no number and the bare text.
    fn references(&mut self, chunk: &Chunk, notes: &mut Vec<String>) -> String {
        let name = chunk.role == Role::Name;
        let re = self.reference.clone();
        let text = re.replace_all(&chunk.text, |c: &regex::Captures| {
            let Some(note) = self.texts.get(&c[1]) else {
                return format!("[^{}]", &c[1]);
            };
            self.referenced.insert(c[1].to_string());
            if name {
                notes.extend(tokens(note));
                return " ".to_string();
            }
            self.number += 1;
            notes.extend(tokens(&format!("{} {}", self.number, note.trim_start())));
            self.number.to_string()
        });
        text.into_owned()
    }
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
    // The words that may print, for joining broken ones: a table head once more a page.
    let mut may_print = all.clone();
    for _ in 1..pages {
        may_print.extend(expected.repeatable.iter().cloned());
    }
    let found = &rejoin_broken_words(&may_print, found);
    let resplit;
    let found = match expected.drifting {
        true => {
            resplit = resplit_drifted(expected, &may_print, found);
            &resplit
        }
        false => found,
    };
    let found = &rejoin_scattered(&may_print, &expected.scattered, found);
    let (want, have) = (counts(&all), counts(found));
    let missing = less(&want, &have);
    let mut allowed = want.clone();
    for w in &expected.repeatable {
        *allowed.entry(w.as_str()).or_insert(0) += pages.saturating_sub(1);
    }
    let extra = less(&have, &allowed)
        .into_iter()
        .filter(|w| has_word_char(w) && !expected.optional.contains(w.as_str()))
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

/// `found` with runs of one or two words it has and the source lacks that join into the
/// same characters as a run of two or three consecutive source words it lacks (or one
/// word, from two) replaced by those source words (see [`Expected::drifting`]).
fn resplit_drifted(expected: &Expected, source: &[String], found: &[String]) -> Vec<String> {
    let words = counts(source);
    let mut missing = counts(source);
    for w in found {
        if let Some(n) = missing.get_mut(w.as_str()) {
            *n = n.saturating_sub(1);
        }
    }
    let mut runs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for list in [&expected.ordered, &expected.floating] {
        for len in 1..=3 {
            for run in list.windows(len) {
                runs.entry(run.concat()).or_insert_with(|| run.to_vec());
            }
        }
    }
    let extra = |w: &str| !words.contains_key(w);
    let letters = one_letter_runs([&expected.ordered, &expected.floating]);
    let mut out = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        let mut taken = false;
        for k in [2, 1] {
            let Some(piece) = found.get(i..i + k).filter(|p| p.iter().all(|w| extra(w))) else {
                continue;
            };
            let Some(run) = runs.get(&piece.concat()).filter(|r| r.len() + k > 2) else {
                continue;
            };
            if run
                .iter()
                .all(|w| missing.get(w.as_str()).is_some_and(|&n| n > 0))
            {
                for w in run {
                    *missing.get_mut(w.as_str()).unwrap() -= 1;
                }
                out.extend(run.iter().cloned());
                (i, taken) = (i + k, true);
                break;
            }
        }
        if !taken {
            let joined = extra(&found[i]).then(|| one_letter_words(&letters, &found[i]));
            match joined.flatten() {
                Some(run) => {
                    for w in &run {
                        if let Some(n) = missing.get_mut(w.as_str()) {
                            *n = n.saturating_sub(1);
                        }
                    }
                    out.extend(run);
                }
                None => out.push(found[i].clone()),
            }
            i += 1;
        }
    }
    out
}

/// The runs of consecutive one-character words of `lists`, each run's words joined.
fn one_letter_runs(lists: [&[String]; 2]) -> Vec<String> {
    let mut runs = Vec::new();
    for list in lists {
        let one = |w: &String| w.chars().count() == 1;
        for run in list.split(|w| !one(w)).filter(|r| r.len() > 1) {
            runs.push(run.concat());
        }
    }
    runs
}

/// `word` as the one-character source words pdftotext joined into it, if a run of them
/// spells it: pdftotext (poppler 22.12) reads a line whose words are all one character
/// with no spaces at all (`a A A A` as `aAAA`, `W i` as `Wi`; with no gap inside a word to
/// compare the gaps between words with, it takes them for letter spacing), so the line's
/// words may be any number, past the three of [`resplit_drifted`]. The letters are taken
/// as read: one the page has too often is still an extra.
fn one_letter_words(runs: &[String], word: &str) -> Option<Vec<String>> {
    let spelt = word.chars().count() > 1 && runs.iter().any(|r| r.contains(word));
    spelt.then(|| word.chars().map(String::from).collect())
}

/// How many other words may lie between two pieces of a scattered word.
const CELL_GAP: usize = 40;

/// `found` with the pieces of a word of [`Expected::scattered`] broken over lines made
/// one, where the page otherwise lacks it, with up to [`CELL_GAP`] other words between
/// two pieces. The pieces must be in order, and none a word of the source (so that a
/// piece is not taken from a word of its own); the words between stay where they are.
fn rejoin_scattered(source: &[String], cells: &[String], found: &[String]) -> Vec<String> {
    let words = counts(source);
    let missing = less(&words, &counts(found));
    let cells = counts(cells);
    let piece = |w: &str| !words.contains_key(w);
    let mut out = found.to_vec();
    for word in missing.iter().filter(|w| cells.contains_key(w.as_str())) {
        let pieces = (0..out.len()).find_map(|i| cell_pieces(&out, i, word, piece));
        let pieces = pieces.or_else(|| two_pieces(&out, word, piece));
        if let Some(mut pieces) = pieces {
            pieces.sort_unstable();
            for &j in pieces[1..].iter().rev() {
                out.remove(j);
            }
            out[pieces[0]] = word.clone();
        }
    }
    out
}

/// The positions of two pieces of `word` anywhere in `found`, in either order (a block
/// read out of order may put a word's second line first).
fn two_pieces(found: &[String], word: &str, piece: impl Fn(&str) -> bool) -> Option<Vec<usize>> {
    let at: BTreeMap<&str, usize> = found
        .iter()
        .enumerate()
        .filter(|(_, w)| piece(w))
        .map(|(i, w)| (w.as_str(), i))
        .collect();
    found.iter().enumerate().find_map(|(i, head)| {
        let tail = word.strip_prefix(head.as_str()).filter(|t| !t.is_empty())?;
        let j = *at.get(tail).filter(|&&j| j != i)?;
        piece(head).then_some(vec![i, j])
    })
}

/// The positions of the pieces of `word` from `found[start]` on, if they make it.
fn cell_pieces(
    found: &[String],
    start: usize,
    word: &str,
    piece: impl Fn(&str) -> bool,
) -> Option<Vec<usize>> {
    let mut joined = found[start].clone();
    if !word.starts_with(joined.as_str()) || joined == word || !piece(&joined) {
        return None;
    }
    let mut pieces = vec![start];
    let mut skipped = 0;
    let is_piece = piece;
    for (j, piece) in found.iter().enumerate().skip(start + 1) {
        let longer = format!("{joined}{piece}");
        if word.starts_with(longer.as_str()) && is_piece(piece) {
            (joined, skipped) = (longer, 0);
            pieces.push(j);
            if joined == word {
                return Some(pieces);
            }
        } else if skipped == CELL_GAP {
            return None;
        } else {
            skipped += 1;
        }
    }
    None
}

/// pdftotext's words with its dehyphenation undone (see [`Extractor::Poppler`]): a word
/// the source lacks that is the end of a source word ending in `-`, less that `-`, and
/// the start of the source word after it, is read as those two pieces (whole words, or
/// the pieces of words broken over lines, which [`compare`] joins).
pub fn undo_dehyphenation(expected: &Expected, found: &[String]) -> Vec<String> {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for list in [&expected.ordered, &expected.floating] {
        for pair in list.windows(2) {
            if pair[0].ends_with('-') {
                pairs.push((&pair[0], &pair[1]));
            }
        }
    }
    let known = counts(&expected.ordered);
    let floating = counts(&expected.floating);
    let known = |w: &str| known.contains_key(w) || floating.contains_key(w);
    let mut out = Vec::with_capacity(found.len());
    for w in found {
        let split = dehyphenated(w, &pairs).or_else(|| after_floating(w, expected));
        match (!known(w)).then_some(split).flatten() {
            Some((a, b)) => out.extend([a, b]),
            None => out.push(w.clone()),
        }
    }
    out
}

/// `w` split after a floating word (a note's, a right-hand part) that ends in `-`, less
/// that `-`, when the rest starts a source word: such a word may end a line with any line
/// after it (an unreferenced note `!['A-]()` printed above a paragraph `A` reads `'AA`).
fn after_floating(w: &str, expected: &Expected) -> Option<(String, String)> {
    let end = expected.floating.iter().find(|f| {
        f.strip_suffix('-')
            .is_some_and(|stem| w.len() > stem.len() && w.starts_with(stem))
    })?;
    let start = &w[end.len() - 1..];
    let mut words = expected.ordered.iter().chain(&expected.floating);
    words
        .any(|word| word.starts_with(start))
        .then(|| (end.clone(), start.to_string()))
}

/// `w` split where pdftotext dropped the `-` between the end of a source word and the
/// start of the next, for one of `pairs`.
fn dehyphenated(w: &str, pairs: &[(&str, &str)]) -> Option<(String, String)> {
    for (at, _) in w.char_indices().skip(1) {
        let (end, start) = w.split_at(at);
        let end = format!("{end}-");
        if pairs
            .iter()
            .any(|(a, b)| a.ends_with(&end) && b.starts_with(start))
        {
            return Some((end, start.to_string()));
        }
    }
    None
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

/// Both extractors' words of `pdf` against `md` in `layout`, and the leak oracle
/// (tests/common/leaks.rs) on pdftotext's text: the failures, by extractor.
pub fn check_pdf(md: &str, layout: &str, pdf: &Path) -> Result<(), String> {
    let pages = super::pdfinfo(pdf)["Pages"].parse().unwrap();
    let mut failures = Vec::new();
    let leaked = super::leaks::leaks(md, &super::pdftotext(pdf));
    if !leaked.is_empty() {
        failures.push(format!(
            "{layout}: source syntax printed:\n{}",
            leaked.join("\n")
        ));
    }
    for extractor in Extractor::BOTH {
        let expected = expected_words_for(md, layout, pdf, extractor, |_| true);
        let report = compare(&expected, &extractor.read(pdf, &expected), pages);
        if !report.is_empty() {
            failures.push(format!("{layout}, read by {}:\n{report}", extractor.name()));
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(failures.join("\n")),
    }
}

/// [`check_pdf`] for text of which the fonts set only the characters `printable` takes:
/// the others are tofu, by the module's rule for it (see [`printable_only`]).
pub fn check_pdf_printable(
    md: &str,
    layout: &str,
    pdf: &Path,
    printable: impl Fn(char) -> bool + Copy,
) -> Result<(), String> {
    let pages = super::pdfinfo(pdf)["Pages"].parse().unwrap();
    let mut failures = Vec::new();
    for extractor in Extractor::BOTH {
        let expected = expected_words_for(md, layout, pdf, extractor, printable);
        let found = printable_only(&extractor.read(pdf, &expected), printable);
        let report = compare(&expected.printable_only(printable), &found, pages);
        if !report.is_empty() {
            failures.push(format!("{layout}, read by {}:\n{report}", extractor.name()));
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

/// `words` without their tofu (the module's rule for tofu: an extractor reads such a glyph
/// as nothing, as U+FFFD, as a space or a word of its own, so it is left out on both sides,
/// and where the extractor split a word there, [`compare`] joins the pieces): each
/// character `printable` refuses, and each letter that keeps a combining mark `printable`
/// takes (one NFC could not compose), with the mark. Typst 0.15.1 gives each glyph of such
/// a cluster the whole cluster as its text, so poppler reads `C̣` as `C̣C̣` and mutool as
/// U+FFFD; the letters are still counted by the fuzz suite's letter oracle. A refused mark
/// is left out and its letter kept, as pdftotext reads them (`4ే` as `4`; a mark whose
/// letter was lost attaches to the letter before, `é𐵸྆` reading `é྆`).
pub fn printable_only(words: &[String], printable: impl Fn(char) -> bool) -> Vec<String> {
    static CLUSTER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)\P{M}\p{M}*|\p{M}+").unwrap());
    let mut out = Vec::new();
    for w in words {
        // Each cluster's letter, if it prints.
        let word: String = CLUSTER
            .find_iter(w)
            .filter_map(|m| {
                let mut chars = m.as_str().chars().peekable();
                let base = chars.next_if(|&c| !is_mark(c));
                let marked = chars.any(&printable);
                base.filter(|&b| printable(b) && !marked)
            })
            .collect();
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

impl Expected {
    /// Adds `words` to those expected anywhere, their pieces perhaps apart.
    fn scatter(&mut self, words: Vec<String>) {
        self.scattered.extend(words.iter().cloned());
        self.floating.extend(words);
    }

    /// The letters that carry a combining mark `counts` takes somewhere in these words.
    /// Under a mark the fonts lack, extractors read the letter as itself or not at all
    /// (pdftotext reads `&ো` as nothing, `4ే` as `4`; mutool `<ୖ` as `<�`, `>𐋠` as `��`);
    /// and as Typst 0.15.1 gives a glyph used in a cluster the whole cluster as its text,
    /// mutool reads that glyph as the cluster or U+FFFD all over the document (every `X` of
    /// a page with `X̱`). The caller treats these letters as tofu: for pdftotext those of
    /// marks the fonts lack, for mutool all, and [`Expected::decomposed_bases`] too.
    pub fn mark_bases(&self, counts: impl Fn(char) -> bool) -> std::collections::BTreeSet<char> {
        let mut bases = std::collections::BTreeSet::new();
        for word in self.all_words() {
            let mut base = None;
            for c in word.chars() {
                match is_mark(c) {
                    true if counts(c) => bases.extend(base),
                    true => {}
                    false => base = Some(c),
                }
            }
        }
        bases
    }

    /// The base letters of the precomposed letters in these words that are not `composed`:
    /// a font without such a letter's glyph sets it as letter and mark (`Ẋ` as `X` and
    /// U+0307), and mutool then reads every `X` as `Ẋ` (see [`Expected::mark_bases`]).
    pub fn decomposed_bases(
        &self,
        composed: impl Fn(char) -> bool,
    ) -> std::collections::BTreeSet<char> {
        let mut bases = std::collections::BTreeSet::new();
        for c in self
            .all_words()
            .flat_map(|w| w.chars())
            .filter(|&c| !composed(c))
        {
            let mut parts = std::iter::once(c).nfd();
            if parts.clone().any(is_mark) {
                bases.extend(parts.next());
            }
        }
        bases
    }

    fn all_words(&self) -> impl Iterator<Item = &String> {
        self.ordered
            .iter()
            .chain(&self.floating)
            .chain(&self.repeatable)
    }

    /// These words without tofu: those [`printable_only`] leaves whole, the rest moved to
    /// [`Expected::optional`].
    pub fn printable_only(&self, printable: impl Fn(char) -> bool + Copy) -> Expected {
        let mut optional = String::new();
        let mut whole = |words: &[String]| -> Vec<String> {
            let mut out = Vec::new();
            for w in words {
                match printable_only(std::slice::from_ref(w), printable).pop() {
                    Some(p) if p == *w => out.push(p),
                    rest => optional.extend(rest),
                }
            }
            out
        };
        Expected {
            ordered: whole(&self.ordered),
            floating: whole(&self.floating),
            repeatable: whole(&self.repeatable),
            scattered: whole(&self.scattered),
            drifting: self.drifting,
            optional: format!(
                "{} {optional}",
                printable_only(&tokens(&self.optional), printable).join(" ")
            ),
        }
    }
}
