//! The oracle's reading of HTML inside Markdown (docs/FORMAT.md, "HTML inside Markdown"):
//! an HTML block parsed as a browser would (html5ever, the parser the HTML5 specification's
//! tests are run against), turned into the Markdown events its elements mean, for the
//! oracle's walker to read as it reads Markdown. Written from the documented rules, not
//! from src/read/markdown/html.rs.
//!
//! - Never printed: comments and the contents of `head`, `title`, `meta`, `link`, `base`,
//!   `script`, `style`, `svg`, `noscript`, `template`, `iframe`, `object`, `embed`,
//!   `canvas`, `audio`, `video`, `math`, `select`, `button`.
//! - `h1`–`h6` are headings (a `<span>` in one starts a part); `p`, `div`, `section`,
//!   `center`, `details`, `summary`, `dd`… are containers (their text a paragraph); `dt` is
//!   a bold paragraph; `ul`/`ol`/`li` lists (an `ol` counting from its `start`); `pre` code;
//!   `blockquote` a quote; `hr` a rule; `br` a line break.
//! - A table is a table unless a cell holds a block, an image or a line break: then it is
//!   layout, read cell by cell as containers.
//! - `b`/`strong` bold, `i`/`em`/`cite`/`var`/`dfn` italic, `s`/`strike`/`del` struck,
//!   `code`/`kbd`/`tt`/`samp` code, `a href` a link, `img` an image (`alt`, `title`); other
//!   elements keep their text, glued to what is around them.
//! - Text: entities decoded, each run of white space one space.

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd,
};
use scraper::{ElementRef, Html, Node};

type Ref<'a> = ego_tree::NodeRef<'a, Node>;

const HIDDEN: &str = "head title meta link base script style svg noscript template iframe \
    object embed canvas audio video math select button";

/// Elements read as containers of blocks.
const CONTAINERS: &str = "html body div p section article aside header footer main nav \
    center address details summary figure figcaption dl dd li form fieldset legend caption \
    hgroup search dialog tbody thead tfoot tr td th";

/// Elements that hold blocks: inside a table cell, they make the table layout.
const BLOCKS: &str = "h1 h2 h3 h4 h5 h6 hr ul ol menu dir table blockquote pre listing xmp \
    plaintext dt img br";

/// Inline elements that keep their text as it stands.
const INLINE: &str = "span font small big u ins mark abbr acronym sup sub q time bdi bdo nobr \
    wbr picture source ruby rt rp blink marquee b strong i em cite var dfn s strike del code \
    kbd tt samp a data output meter progress slot map area track param col colgroup \
    optgroup option datalist input textarea";

fn is(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|n| n == name)
}

/// Whether `name` is an HTML element the documented rules name (a tag with another name,
/// `<T>`, prints as written when it stands in a line of Markdown).
pub fn is_element(name: &str) -> bool {
    [HIDDEN, CONTAINERS, BLOCKS, INLINE]
        .iter()
        .any(|l| is(l, name))
}

/// Whether `name` is never printed, its text and all.
pub fn is_hidden(name: &str) -> bool {
    is(HIDDEN, name)
}

/// Whether a tag named `name` inside a line sets its neighbours apart (a block's).
pub fn is_block(name: &str) -> bool {
    name != "img" && name != "br" && (is(CONTAINERS, name) || is(BLOCKS, name))
}

/// The `src`, `alt` and `title` of the image in a one-tag fragment (`<img …>`).
pub fn image(tag: &str) -> Option<(String, String, String)> {
    let html = Html::parse_fragment(tag);
    let img = html
        .root_element()
        .descendants()
        .find(|n| name(*n) == Some("img"))?;
    let e = ElementRef::wrap(img)?.value();
    let attr = |a: &str| e.attr(a).unwrap_or_default().to_string();
    Some((attr("src"), attr("alt"), attr("title")))
}

/// Whether a Markdown body is a whole HTML page (`<!DOCTYPE html>` or `<html>` first),
/// read as one HTML document.
pub fn is_document(body: &str) -> bool {
    let start = body.trim_start().to_ascii_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html>")
        || start.starts_with("<html ")
}

/// The events an HTML block means.
pub fn events(raw: &str) -> Vec<Event<'static>> {
    let html = match is_document(raw) {
        true => Html::parse_document(raw),
        false => Html::parse_fragment(raw),
    };
    let mut w = Events::default();
    w.blocks(html.tree.root());
    w.end_para();
    w.out
}

#[derive(Default)]
struct Events {
    out: Vec<Event<'static>>,
    in_para: bool,
}

fn text(s: &str) -> Event<'static> {
    Event::Text(CowStr::from(s.to_string()))
}

/// HTML's white space rule: each run of spaces, tabs and line ends is one space.
fn collapse(t: &str) -> String {
    let mut out = String::new();
    for (i, word) in t.split([' ', '\t', '\n', '\r', '\x0c']).enumerate() {
        if i > 0 && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn name<'a>(node: Ref<'a>) -> Option<&'a str> {
    ElementRef::wrap(node).map(|e| e.value().name())
}

/// The text under `node`, as written, without what is never printed.
fn raw_text(node: Ref) -> String {
    match node.value() {
        Node::Text(t) => t.to_string(),
        Node::Element(e) if is(HIDDEN, e.name()) => String::new(),
        _ => node.children().map(raw_text).collect(),
    }
}

impl Events {
    fn start_para(&mut self) {
        if !self.in_para {
            self.out.push(Event::Start(Tag::Paragraph));
            self.in_para = true;
        }
    }

    fn end_para(&mut self) {
        if self.in_para {
            self.out.push(Event::End(TagEnd::Paragraph));
            self.in_para = false;
        }
    }

    fn blocks(&mut self, node: Ref) {
        for child in node.children() {
            self.block(child);
        }
    }

    /// One node where blocks may stand.
    fn block(&mut self, node: Ref) {
        let Some(n) = name(node) else {
            if let Node::Text(t) = node.value()
                && (self.in_para || !t.trim_matches([' ', '\t', '\n', '\r', '\x0c']).is_empty())
            {
                self.start_para();
                self.inline(node);
            }
            return;
        };
        let attr = |a: &str| ElementRef::wrap(node).and_then(|e| e.value().attr(a));
        match n {
            _ if is(HIDDEN, n) => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(node, n),
            "dt" => {
                self.end_para();
                self.start_para();
                self.out.push(Event::Start(Tag::Strong));
                self.inlines(node);
                self.out.push(Event::End(TagEnd::Strong));
                self.end_para();
            }
            "hr" => {
                self.end_para();
                self.out.push(Event::Rule);
            }
            "ul" | "menu" | "dir" | "ol" => {
                self.end_para();
                let start = attr("start").and_then(|s| s.trim().parse().ok());
                self.list(node, (n == "ol").then_some(start.unwrap_or(1)));
            }
            "table" => self.table(node),
            "blockquote" => {
                self.end_para();
                self.out.push(Event::Start(Tag::BlockQuote(None)));
                self.blocks(node);
                self.end_para();
                self.out.push(Event::End(TagEnd::BlockQuote(None)));
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.end_para();
                let kind = CodeBlockKind::Fenced(CowStr::from(""));
                self.out.push(Event::Start(Tag::CodeBlock(kind)));
                self.out.push(text(raw_text(node).trim_end_matches('\n')));
                self.out.push(Event::End(TagEnd::CodeBlock));
            }
            _ if is(CONTAINERS, n) => {
                self.end_para();
                self.blocks(node);
                self.end_para();
            }
            _ => {
                self.start_para();
                self.inline(node);
            }
        }
    }

    fn heading(&mut self, node: Ref, n: &str) {
        self.end_para();
        let level = HeadingLevel::try_from(usize::from(n.as_bytes()[1] - b'0')).unwrap();
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        for child in node.children() {
            match name(child) {
                // A span starts a part, as the walker reads inline `<span>`s in headings.
                Some("span") => self.out.push(Event::InlineHtml(CowStr::from("<span>"))),
                Some("br") => {
                    self.out.push(text(" "));
                    continue;
                }
                _ => {}
            }
            self.inline(child);
        }
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    fn list(&mut self, node: Ref, start: Option<u64>) {
        self.out.push(Event::Start(Tag::List(start)));
        for child in node.children() {
            let item = name(child) == Some("li");
            let blank = matches!(child.value(), Node::Text(t) if t.trim().is_empty());
            if !item && (blank || !matches!(child.value(), Node::Text(_) | Node::Element(_))) {
                continue;
            }
            // Anything else in a list (stray text, a nested list) is an item of its own.
            self.out.push(Event::Start(Tag::Item));
            match item {
                true => self.blocks(child),
                false => self.block(child),
            }
            self.end_para();
            self.out.push(Event::End(TagEnd::Item));
        }
        self.out.push(Event::End(TagEnd::List(start.is_some())));
    }

    fn table(&mut self, node: Ref) {
        fn cells(tr: Ref) -> Vec<Ref> {
            tr.children()
                .filter(|c| matches!(name(*c), Some("td" | "th")))
                .collect()
        }
        self.end_para();
        let mut rows: Vec<Vec<Ref>> = Vec::new();
        for child in node.children() {
            match name(child) {
                Some("tr") => rows.push(cells(child)),
                Some("thead" | "tbody" | "tfoot") => rows.extend(
                    child
                        .children()
                        .filter(|c| name(*c) == Some("tr"))
                        .map(cells),
                ),
                _ => {}
            }
        }
        let holds_block = |cell: &Ref| {
            cell.descendants()
                .skip(1)
                .filter_map(name)
                .any(|n| is(BLOCKS, n) || is(CONTAINERS, n))
        };
        if rows.iter().flatten().any(holds_block) {
            for cell in rows.iter().flatten() {
                self.blocks(*cell);
                self.end_para();
            }
            return;
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        let header = rows[0].iter().all(|c| name(*c) == Some("th"));
        self.out
            .push(Event::Start(Tag::Table(vec![Alignment::None; width])));
        for (i, row) in rows.iter().enumerate() {
            let (start, end) = match i == 0 && header {
                true => (Tag::TableHead, TagEnd::TableHead),
                false => (Tag::TableRow, TagEnd::TableRow),
            };
            self.out.push(Event::Start(start));
            for cell in row {
                self.out.push(Event::Start(Tag::TableCell));
                self.inlines(*cell);
                self.out.push(Event::End(TagEnd::TableCell));
            }
            self.out.push(Event::End(end));
        }
        self.out.push(Event::End(TagEnd::Table));
    }

    fn inlines(&mut self, node: Ref) {
        for child in node.children() {
            self.inline(child);
        }
    }

    /// One node inside a line of text.
    fn inline(&mut self, node: Ref) {
        let element = match node.value() {
            Node::Text(t) => return self.out.push(text(&collapse(t))),
            Node::Element(e) => e,
            _ => return,
        };
        let wrap = |w: &mut Self, start: Tag<'static>, end: TagEnd| {
            w.out.push(Event::Start(start));
            w.inlines(node);
            w.out.push(Event::End(end));
        };
        match element.name() {
            n if is(HIDDEN, n) => {}
            "br" => self.out.push(Event::HardBreak),
            "b" | "strong" => wrap(self, Tag::Strong, TagEnd::Strong),
            "i" | "em" | "cite" | "var" | "dfn" => wrap(self, Tag::Emphasis, TagEnd::Emphasis),
            "s" | "strike" | "del" => wrap(self, Tag::Strikethrough, TagEnd::Strikethrough),
            "code" | "kbd" | "tt" | "samp" => {
                self.out.push(Event::Code(CowStr::from(raw_text(node))));
            }
            "a" => match element.attr("href") {
                Some(href) => {
                    let tag = Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(href.to_string()),
                        title: CowStr::from(""),
                        id: CowStr::from(""),
                    };
                    wrap(self, tag, TagEnd::Link);
                }
                None => self.inlines(node),
            },
            "img" => {
                let attr = |a: &str| element.attr(a).unwrap_or_default().to_string();
                self.out.push(Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(attr("src")),
                    title: CowStr::from(attr("title")),
                    id: CowStr::from(""),
                }));
                self.out.push(text(&attr("alt")));
                self.out.push(Event::End(TagEnd::Image));
            }
            // A block inside a line: its text, set apart by spaces.
            n if is(CONTAINERS, n) || is(BLOCKS, n) => {
                self.out.push(text(" "));
                self.inlines(node);
                self.out.push(text(" "));
            }
            _ => self.inlines(node),
        }
    }
}
