//! Raw HTML in a résumé, read by an HTML5 parser and mapped onto the model.
//!
//! Markdown résumés written for GitHub lean on HTML: centred `<div>` headers, `<img>`
//! photos, `<table>` layouts, inline `<svg>` icons, whole saved HTML pages. Nothing here
//! renders HTML; it recovers what the author meant: headings, paragraphs, lists, tables,
//! links, images and emphasis, and never the markup itself (see docs/FORMAT.md).
//!
//! The parser is html5ever (Servo's, through `scraper`, which keeps the tree in a plain
//! owned `ego_tree` rather than `markup5ever_rcdom`'s reference-counted one, which its
//! authors call unsupported and test-only). A browser-grade parser gets what heuristics
//! did not: entities, unclosed and misnested tags, `<!DOCTYPE>`/`<html>`/`<head>`
//! wrappers, raw-text elements such as `<style>` and `<script>`. It is pure Rust and
//! builds in seconds beside Typst. Each HTML *block* is parsed once as a fragment; inline
//! HTML (one tag per pulldown-cmark event) is classified by name without a parse, except
//! `<a>` and `<img>`, whose attributes a parse of that one tag reads: linear either way.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::blocks::{MAX_NESTING, paragraph_or_image};
use super::recognise::{push_text, trim};
use crate::model::{Align, Block, Inline, Item};

/// What the caller does with the parts of HTML that need the rest of the reader: link
/// targets and images are vetted as Markdown ones are, and left-out parts are told once.
pub(crate) trait Host {
    /// Appends a link to `href` around `c` (or `c` alone, if `href` is not a target).
    fn link(&mut self, href: &str, c: Vec<Inline>, out: &mut Vec<Inline>);
    /// Appends an image, or its alt text and title if it is refused.
    fn image(&mut self, src: &str, alt: &str, title: Option<&str>, out: &mut Vec<Inline>);
    /// Tells, once per `cause`, that something was left out, `offset` bytes into the HTML.
    fn left_out(&mut self, cause: String, offset: usize);
}

/// A block read from HTML, with a heading's `<span>` parts.
pub(crate) struct HtmlTop {
    pub block: Block,
    pub parts: Vec<Vec<Inline>>,
}

/// How an element is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Never printed, text and all (`<svg>`, `<style>`); `quiet` ones without a warning:
    /// a saved page's `<head>` furniture is expected, and holds none of the résumé.
    Hidden {
        quiet: bool,
    },
    Heading(u8),
    /// Starts and ends a paragraph: `div`, `p`, `section`, `center`, `details`, `summary`…
    Container,
    Rule,
    Break,
    List {
        ordered: bool,
    },
    Table,
    Quote,
    Pre,
    Term,
    Strong,
    Emph,
    Strike,
    Code,
    Link,
    Image,
    /// Inline markup whose text is kept as it is (`span`, `sup`, `small`, `u`…).
    Plain,
    /// Not an HTML element: its text is kept, with a warning.
    Unknown,
}

fn kind(name: &str) -> Kind {
    match name {
        "head" | "title" | "meta" | "link" | "base" => Kind::Hidden { quiet: true },
        "script" | "style" | "svg" | "noscript" | "template" | "iframe" | "object" | "embed"
        | "canvas" | "audio" | "video" | "math" | "select" | "button" => {
            Kind::Hidden { quiet: false }
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading(name.as_bytes()[1] - b'0'),
        "hr" => Kind::Rule,
        "br" => Kind::Break,
        "ul" | "menu" | "dir" => Kind::List { ordered: false },
        "ol" => Kind::List { ordered: true },
        "table" => Kind::Table,
        "blockquote" => Kind::Quote,
        "pre" | "listing" | "xmp" | "plaintext" => Kind::Pre,
        "dt" => Kind::Term,
        "strong" | "b" => Kind::Strong,
        "em" | "i" | "cite" | "var" | "dfn" => Kind::Emph,
        "s" | "strike" | "del" => Kind::Strike,
        "code" | "kbd" | "tt" | "samp" => Kind::Code,
        "a" => Kind::Link,
        "img" => Kind::Image,
        _ if BLOCK_ELEMENTS.contains(&name) => Kind::Container,
        _ if INLINE_ELEMENTS.contains(&name) => Kind::Plain,
        _ => Kind::Unknown,
    }
}

/// HTML elements read as plain containers of blocks.
const BLOCK_ELEMENTS: &[&str] = &[
    "html",
    "body",
    "div",
    "p",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "nav",
    "center",
    "address",
    "details",
    "summary",
    "figure",
    "figcaption",
    "dl",
    "dd",
    "li",
    "form",
    "fieldset",
    "legend",
    "caption",
    "hgroup",
    "search",
    "dialog",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
];

/// HTML elements whose text is kept as it stands.
const INLINE_ELEMENTS: &[&str] = &[
    "span", "font", "small", "big", "u", "ins", "mark", "abbr", "acronym", "sup", "sub", "q",
    "time", "bdi", "bdo", "nobr", "wbr", "picture", "source", "ruby", "rt", "rp", "blink",
    "marquee", "data", "output", "meter", "progress", "slot", "map", "area", "track", "param",
    "col", "colgroup", "optgroup", "option", "datalist", "input", "textarea",
];

/// Whether `name` is an HTML element (so a tag with it is markup, not text like `<T>`).
pub(crate) fn is_element(name: &str) -> bool {
    kind(name) != Kind::Unknown
}

/// What one inline HTML fragment (one tag, as pulldown-cmark gives them) means to us.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InlineTag {
    /// `<!-- … -->`; `closed` is false when the comment runs on past this fragment.
    Comment {
        closed: bool,
    },
    LineBreak,
    /// `<span …>`: starts a new part of a heading.
    SpanOpen,
    /// Opens inline markup: `<b>`, `<em>`, `<code>`, `<a href>` (its target), …
    Open(InlineMark),
    /// `</b>`, `</a>`, …: closes the innermost open mark of that name.
    Close(String),
    Image {
        src: String,
        alt: String,
        title: Option<String>,
    },
    /// `<svg>`, `<script>`…: what follows, up to the matching end tag, is not printed.
    Hidden {
        name: String,
        quiet: bool,
    },
    /// A block element met inside a line (`<div>`, `</p>`): a space, so words stay apart.
    Space,
    /// Markup with nothing to print (`</span>`, `<wbr>`, `</img>`).
    Nothing,
    /// Not an HTML tag (`<T>`, `<label-x>`): printed as it stands.
    Literal,
}

/// Inline markup opened by an HTML tag, and the tag's name (which closes it).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InlineMark {
    Strong(String),
    Emph(String),
    Strike(String),
    Code(String),
    Link(Option<String>),
}

impl InlineMark {
    pub(crate) fn name(&self) -> &str {
        match self {
            Self::Strong(n) | Self::Emph(n) | Self::Strike(n) | Self::Code(n) => n,
            Self::Link(_) => "a",
        }
    }
}

pub(crate) fn classify(fragment: &str) -> InlineTag {
    let f = fragment.trim();
    if let Some(rest) = f.strip_prefix("<!--") {
        return InlineTag::Comment {
            closed: rest.contains("-->"),
        };
    }
    // A declaration (`<!a …>`, `<![CDATA[…]]>`) or processing instruction (`<?x …>`) in a
    // line: HTML parses it as a comment, so a browser shows nothing of it.
    if f.starts_with("<!") || f.starts_with("<?") {
        return InlineTag::Comment { closed: true };
    }
    let (closing, name) = tag_name(f);
    if name.is_empty() || !is_element(&name) {
        return InlineTag::Literal;
    }
    let self_closing = f.ends_with("/>");
    match (closing, kind(&name)) {
        (_, Kind::Break) => InlineTag::LineBreak,
        (false, _) if name == "span" => InlineTag::SpanOpen,
        (false, Kind::Hidden { .. }) if self_closing => InlineTag::Nothing,
        (false, Kind::Hidden { quiet }) => InlineTag::Hidden { name, quiet },
        (false, Kind::Image) => image_of(f),
        (false, Kind::Strong) => InlineTag::Open(InlineMark::Strong(name)),
        (false, Kind::Emph) => InlineTag::Open(InlineMark::Emph(name)),
        (false, Kind::Strike) => InlineTag::Open(InlineMark::Strike(name)),
        (false, Kind::Code) => InlineTag::Open(InlineMark::Code(name)),
        (false, Kind::Link) => InlineTag::Open(InlineMark::Link(attribute(f, "a", "href"))),
        (true, Kind::Strong | Kind::Emph | Kind::Strike | Kind::Code | Kind::Link) => {
            InlineTag::Close(name)
        }
        (_, Kind::Plain | Kind::Image | Kind::Hidden { .. }) => InlineTag::Nothing,
        _ => InlineTag::Space,
    }
}

/// One attribute of the first `element` in a one-tag fragment, decoded by the parser.
fn attribute(fragment: &str, element: &str, attr: &str) -> Option<String> {
    let html = Html::parse_fragment(fragment);
    html.tree
        .root()
        .descendants()
        .find_map(|n| match n.value() {
            Node::Element(e) if e.name() == element => e.attr(attr).map(str::to_string),
            _ => None,
        })
}

fn image_of(fragment: &str) -> InlineTag {
    let html = Html::parse_fragment(fragment);
    let found = html
        .tree
        .root()
        .descendants()
        .find_map(|n| match n.value() {
            Node::Element(e) if e.name() == "img" => Some(InlineTag::Image {
                src: e.attr("src").unwrap_or_default().to_string(),
                alt: e.attr("alt").unwrap_or_default().to_string(),
                title: e.attr("title").map(str::to_string),
            }),
            _ => None,
        });
    found.unwrap_or(InlineTag::Nothing)
}

fn tag_name(tag: &str) -> (bool, String) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let name = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    (closing, name)
}

/// Elements whose content may run on past the HTML block that opens them, and is never
/// printed.
pub(crate) const RUNS_ON: &[&str] = &["style", "script", "svg", "template", "noscript"];

/// The element of [`RUNS_ON`] that a block (in lower case) opens more often than it closes.
pub(crate) fn left_open(lower: &str) -> Option<&'static str> {
    RUNS_ON.iter().copied().find(|name| {
        let opens = lower
            .match_indices(&format!("<{name}"))
            .filter(|(i, _)| {
                let next = lower.as_bytes().get(i + name.len() + 1);
                matches!(next, Some(b' ' | b'>' | b'\n' | b'\t'))
            })
            .count();
        opens > lower.matches(&format!("</{name}")).count()
    })
}

/// Whether a body is a whole HTML document (`<!DOCTYPE html>` or `<html>` first).
pub(crate) fn is_document(body: &str) -> bool {
    let start = body.trim_start();
    let head = start.get(..14).unwrap_or(start).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html>") || head.starts_with("<html ")
}

/// Reads one raw HTML block into model blocks.
pub(crate) fn read_block(raw: &str, host: &mut dyn Host) -> Vec<HtmlTop> {
    if !raw.contains('>') {
        // No tag ends in it (`<?0`, `<div` and a line end): not markup, but text.
        let c = vec![Inline::Text { v: collapse(raw) }];
        let block = Block::Para { c: trim(c) };
        return vec![HtmlTop {
            block,
            parts: Vec::new(),
        }];
    }
    // A whole page is parsed as one, so that its `<head>` (quiet) holds its furniture.
    let html = match is_document(raw) {
        true => Html::parse_document(raw),
        false => Html::parse_fragment(raw),
    };
    let mut walk = Walk {
        host,
        lower: raw.to_ascii_lowercase(),
        cursor: 0,
        closes: HashMap::new(),
        out: Vec::new(),
        para: Vec::new(),
    };
    walk.children(html.tree.root(), 0);
    walk.flush();
    walk.out
}

/// Where a block walk stands: the blocks done and the paragraph being filled.
struct Walk<'h> {
    host: &'h mut dyn Host,
    /// The raw HTML in lower case, to find where a left-out element starts.
    lower: String,
    /// How far into `lower` the elements told about so far were found: the walk meets
    /// elements in source order, so the next one of a name is the next one after it.
    cursor: usize,
    /// Per element name, from where its end tag was last looked for, and where it was.
    closes: HashMap<String, (usize, Option<usize>)>,
    out: Vec<HtmlTop>,
    para: Vec<Inline>,
}

type Ref<'a> = NodeRef<'a, Node>;

impl Walk<'_> {
    /// Where the next `<name` is in the raw HTML; with `past_end`, the search goes on
    /// after its end tag (an `<svg>`'s own `<title>` is not the next `<title>`). A tag the
    /// parser implied (no `<head>` written) is not found, and leaves the cursor.
    fn locate(&mut self, name: &str, past_end: bool) -> usize {
        let Some(at) = self.lower[self.cursor..].find(&format!("<{name}")) else {
            return self.cursor;
        };
        let at = self.cursor + at;
        self.cursor = at + 1;
        if past_end && let Some(end) = self.close_after(name, at) {
            self.cursor = end;
        }
        at
    }

    /// The first `</name` after `at`. The answer holds for any later `at` short of it, so
    /// it is kept: unclosed `<button>`s by the thousand are searched past once, not each.
    fn close_after(&mut self, name: &str, at: usize) -> Option<usize> {
        if let Some(&(from, found)) = self.closes.get(name)
            && at >= from
            && found.is_none_or(|f| at < f)
        {
            return found;
        }
        let found = self.lower[at..].find(&format!("</{name}")).map(|e| at + e);
        self.closes.insert(name.to_string(), (at, found));
        found
    }

    fn flush(&mut self) {
        let c = trim(std::mem::take(&mut self.para));
        // A mark the parser reopened after its block (`<p><b>x</p>`, then a line end) holds
        // nothing but white space: no paragraph.
        let blank = c.iter().all(|i| match i {
            Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => {
                crate::model::plain_text(c).trim().is_empty()
            }
            _ => false,
        });
        if !blank {
            self.push(paragraph_or_image(c));
        }
    }

    fn push(&mut self, block: Block) {
        self.out.push(HtmlTop {
            block,
            parts: Vec::new(),
        });
    }

    fn children(&mut self, node: Ref, depth: usize) {
        for child in node.children() {
            self.node(child, depth + 1);
        }
    }

    /// One node met where blocks may stand.
    fn node(&mut self, node: Ref, depth: usize) {
        let Node::Element(e) = node.value() else {
            let mut para = std::mem::take(&mut self.para);
            self.inline(node, depth, &mut para);
            self.para = para;
            return;
        };
        if depth > MAX_NESTING * 4 {
            // Deeper than any résumé: its words only, without recursing further.
            push_text(&mut self.para, &format!(" {} ", descendant_text(node)));
            return;
        }
        match kind(e.name()) {
            Kind::Heading(level) => {
                self.flush();
                let (c, parts) = self.heading(node, depth);
                let id = e.attr("id").unwrap_or_default().to_string();
                let block = Block::Heading { level, id, c };
                self.out.push(HtmlTop { block, parts });
            }
            Kind::Container => {
                self.flush();
                self.children(node, depth);
                self.flush();
            }
            Kind::Term => {
                self.flush();
                let mut c = Vec::new();
                self.inline_children(node, depth, &mut c);
                let c = trim(c);
                if !c.is_empty() {
                    self.push(Block::Para {
                        c: vec![Inline::Strong { c }],
                    });
                }
            }
            Kind::Rule => {
                self.flush();
                self.push(Block::Rule);
            }
            Kind::List { ordered } => {
                self.flush();
                let start = e.attr("start").and_then(|s| s.trim().parse().ok());
                let block = self.list(node, depth, ordered, start.unwrap_or(1));
                self.push(block);
            }
            Kind::Table => {
                self.flush();
                self.table(node, depth);
            }
            Kind::Quote => {
                self.flush();
                let c = self.sub_blocks(node, depth);
                self.push(Block::Quote { c });
            }
            Kind::Pre => {
                self.flush();
                let v = descendant_text(node).trim_end_matches('\n').to_string();
                self.push(Block::Code { lang: None, v });
            }
            _ => {
                let mut para = std::mem::take(&mut self.para);
                self.inline(node, depth, &mut para);
                self.para = para;
            }
        }
    }

    /// The blocks inside `node`, walked on their own.
    fn sub_blocks(&mut self, node: Ref, depth: usize) -> Vec<Block> {
        let outer = std::mem::take(&mut self.out);
        let para = std::mem::take(&mut self.para);
        self.children(node, depth);
        self.flush();
        let inner = std::mem::replace(&mut self.out, outer);
        self.para = para;
        inner.into_iter().map(|t| t.block).collect()
    }

    fn list(&mut self, node: Ref, depth: usize, ordered: bool, start: u64) -> Block {
        let mut items = Vec::new();
        for child in node.children() {
            let is_item = matches!(child.value(), Node::Element(e) if e.name() == "li");
            if !is_item && text_is_blank(child) {
                continue;
            }
            let c = if is_item {
                self.sub_blocks(child, depth + 1)
            } else {
                // Anything else in a list (stray text, a nested list) is an item of its own.
                let outer = std::mem::take(&mut self.out);
                let para = std::mem::take(&mut self.para);
                self.node(child, depth + 1);
                self.flush();
                self.para = para;
                let inner = std::mem::replace(&mut self.out, outer);
                inner.into_iter().map(|t| t.block).collect()
            };
            items.push(Item { task: None, c });
        }
        Block::List {
            ordered,
            start,
            items,
        }
    }

    /// A table of data becomes a table; one used for layout (any cell holding a block, an
    /// image or a line break: a GitHub header with the photo beside the name) is read as
    /// its cells in order, each a container.
    fn table(&mut self, node: Ref, depth: usize) {
        let rows = table_rows(node);
        let layout = rows.iter().flatten().any(|cell| holds_blocks(*cell));
        if layout {
            for cell in rows.into_iter().flatten() {
                self.children(cell, depth + 2);
                self.flush();
            }
            return;
        }
        let mut cells: Vec<Vec<Vec<Inline>>> = Vec::new();
        for row in &rows {
            let mut r = Vec::new();
            for cell in row {
                let mut c = Vec::new();
                self.inline_children(*cell, depth + 2, &mut c);
                r.push(trim(c));
            }
            cells.push(r);
        }
        let width = cells.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        for r in &mut cells {
            r.resize(width, Vec::new());
        }
        let header = rows
            .first()
            .is_some_and(|r| r.iter().all(|c| element_name(*c) == Some("th")));
        let head = if header { cells.remove(0) } else { Vec::new() };
        self.push(Block::Table {
            align: vec![Align::Auto; width],
            head,
            rows: cells,
        });
    }

    /// A heading's content, and its parts when it has `<span>`s: each starts a part.
    fn heading(&mut self, node: Ref, depth: usize) -> (Vec<Inline>, Vec<Vec<Inline>>) {
        let mut parts = vec![Vec::new()];
        let mut spans = false;
        for child in node.children() {
            if element_name(child) == Some("span") {
                spans = true;
                parts.push(Vec::new());
            }
            let part = parts.last_mut().unwrap();
            self.inline(child, depth + 1, part);
        }
        let all: Vec<Inline> = parts.iter().flatten().cloned().collect();
        let c = trim(heading_line(all));
        if !spans {
            return (c, Vec::new());
        }
        let parts = parts
            .into_iter()
            .map(|p| trim(heading_line(p)))
            .filter(|p| !p.is_empty())
            .collect();
        (c, parts)
    }

    fn inner(&mut self, node: Ref, depth: usize) -> Vec<Inline> {
        let mut c = Vec::new();
        self.inline_children(node, depth, &mut c);
        c
    }

    fn inline_children(&mut self, node: Ref, depth: usize, out: &mut Vec<Inline>) {
        for child in node.children() {
            self.inline(child, depth + 1, out);
        }
    }

    /// One node inside a line of text.
    fn inline(&mut self, node: Ref, depth: usize, out: &mut Vec<Inline>) {
        let e = match node.value() {
            Node::Text(t) => return push_text(out, &collapse(t)),
            Node::Element(e) => e,
            _ => return,
        };
        if depth > MAX_NESTING * 4 {
            return push_text(out, &format!(" {} ", descendant_text(node)));
        }
        let name = e.name();
        match kind(name) {
            Kind::Hidden { quiet } => {
                // Void elements have no end tag to look for.
                let void = matches!(name, "meta" | "link" | "base" | "embed");
                let at = self.locate(name, !void);
                if !quiet {
                    self.host
                        .left_out(format!("raw HTML <{name}> is not printed"), at);
                }
            }
            Kind::Break => out.push(Inline::Break),
            Kind::Strong => out.push(Inline::Strong {
                c: self.inner(node, depth),
            }),
            Kind::Emph => out.push(Inline::Emph {
                c: self.inner(node, depth),
            }),
            Kind::Strike => out.push(Inline::Strike {
                c: self.inner(node, depth),
            }),
            Kind::Code => out.push(Inline::Code {
                v: descendant_text(node),
            }),
            Kind::Link => {
                let c = self.inner(node, depth);
                match e.attr("href") {
                    Some(href) => self.host.link(href, c, out),
                    None => out.extend(c),
                }
            }
            Kind::Image => {
                let src = e.attr("src").unwrap_or_default();
                let alt = e.attr("alt").unwrap_or_default();
                self.host.image(src, alt, e.attr("title"), out);
            }
            Kind::Plain => out.extend(self.inner(node, depth)),
            Kind::Unknown => {
                let at = self.locate(name, false);
                self.host.left_out(
                    format!("unknown HTML tag <{name}> dropped; its text is kept"),
                    at,
                );
                out.extend(self.inner(node, depth));
            }
            // A block inside a line (`<a><div>…</div></a>`): its text, set apart by spaces.
            _ => {
                push_text(out, " ");
                out.extend(self.inner(node, depth));
                push_text(out, " ");
            }
        }
    }
}

/// A heading is one line: its breaks become spaces.
fn heading_line(c: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::new();
    for i in c {
        match i {
            Inline::Break => push_text(&mut out, " "),
            Inline::Text { v } => push_text(&mut out, &v),
            other => out.push(other),
        }
    }
    out
}

fn element_name<'a>(node: Ref<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// The rows of a table (`tr`s directly in it or in its `thead`/`tbody`/`tfoot`), each as
/// its cells.
fn table_rows(table: Ref) -> Vec<Vec<Ref>> {
    fn cells<'a>(tr: Ref<'a>) -> Vec<Ref<'a>> {
        tr.children()
            .filter(|c| matches!(element_name(*c), Some("td" | "th")))
            .collect()
    }
    let mut rows = Vec::new();
    for child in table.children() {
        match element_name(child) {
            Some("tr") => rows.push(cells(child)),
            Some("thead" | "tbody" | "tfoot") => rows.extend(
                child
                    .children()
                    .filter(|c| element_name(*c) == Some("tr"))
                    .map(cells),
            ),
            _ => {}
        }
    }
    rows
}

/// Whether a table cell holds more than a line of text.
fn holds_blocks(cell: Ref) -> bool {
    cell.descendants().skip(1).any(|n| {
        element_name(n).is_some_and(|name| {
            matches!(
                kind(name),
                Kind::Image
                    | Kind::Break
                    | Kind::Heading(_)
                    | Kind::Container
                    | Kind::Rule
                    | Kind::List { .. }
                    | Kind::Table
                    | Kind::Quote
                    | Kind::Pre
                    | Kind::Term
            )
        })
    })
}

fn text_is_blank(node: Ref) -> bool {
    match node.value() {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(_) => false,
        _ => true,
    }
}

/// The text under `node`, as written, without what is never printed; iterative, so that
/// any depth is safe.
fn descendant_text(node: Ref) -> String {
    let mut out = String::new();
    let mut skip_until = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) if skip_until.is_none() => match n.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if matches!(kind(e.name()), Kind::Hidden { .. }) => {
                    skip_until = Some(n.id());
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(n) if skip_until == Some(n.id()) => skip_until = None,
            _ => {}
        }
    }
    out
}

/// HTML's white-space rule: each run of spaces, tabs and line ends is one space (a no-break
/// space is not white space there, and stays).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests;
