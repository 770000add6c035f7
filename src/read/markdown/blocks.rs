//! First pass: pulldown-cmark events to the model's blocks and inlines, in document order.
//!
//! Nothing here knows about résumés; [`super::structure`] gives the blocks their roles.

use std::collections::{HashMap, HashSet};
use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, OffsetIter, Options, Parser, Tag,
    TagEnd,
};

use super::html::{self, Host, InlineMark, InlineTag};
use super::pandoc::Rewritten;
use super::recognise::{SOFT_BREAK, link_kind, push_text, trim};
use crate::diag::{Diagnostic, LineIndex};
use crate::model::{Align, Block, Definition, Inline, Item};

/// Lists and quotes nested deeper than this are flattened into their parent, and inline
/// formatting nested deeper is dropped (its text kept): Typst reads data and lays out
/// content with a bounded recursion depth, and nobody reads a thirteenth level of bullets.
pub(crate) const MAX_NESTING: usize = 12;

/// A top-level block with where it starts and, for headings, its `<span>` parts.
#[derive(Debug, Clone)]
pub(crate) struct Top {
    pub block: Block,
    pub offset: usize,
    /// A heading written as `<span>Left</span> <span>Right</span>`, split into its parts.
    pub parts: Vec<Vec<Inline>>,
}

/// Checks an image path and returns the path the layout should load with the image's
/// format, or why not.
pub type ImageCheck<'a> = &'a dyn Fn(&str) -> Result<(String, String), String>;

/// What the first pass found.
pub(crate) struct Parsed {
    pub tops: Vec<Top>,
    /// Footnote definitions, by label.
    pub footnotes: HashMap<String, (Vec<Block>, usize)>,
    /// Where each internal link target is first used.
    pub ref_offsets: HashMap<String, usize>,
    /// Where a page break was asked for (`\newpage`), in the parsed text's offsets.
    pub page_breaks: Vec<usize>,
}

/// Smart punctuation stays off: what the user typed is what prints (`--`, straight quotes).
/// Heading attributes are read by [`take_heading_id`], not pulldown-cmark, whose parser
/// would swallow any trailing `{…}` (`### #{panic()}`) as attributes.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
}

/// Footnote references travel as a note holding this marker until definitions are known.
/// CommonMark turns NUL in the input into U+FFFD, so no user text can look like it.
pub(crate) const NOTE_MARKER: &str = "\u{0}note:";

pub(crate) struct Builder<'s, 'w> {
    events: Peekable<OffsetIter<'s, pulldown_cmark::DefaultBrokenLinkCallback>>,
    /// Offset of the parsed text inside the whole file.
    base: usize,
    lines: &'w LineIndex<'w>,
    warnings: &'w mut Vec<Diagnostic>,
    images: ImageCheck<'w>,
    footnotes: HashMap<String, (Vec<Block>, usize)>,
    ref_offsets: HashMap<String, usize>,
    /// Inline HTML not printed: a comment (which may run on across paragraphs, as before)
    /// or an element such as `<svg>` up to its end tag.
    skip: Skip,
    /// The causes already warned about: each is told once.
    warned: HashSet<String>,
    /// The text parsed, to look ahead for the end of a `<style>` that runs on.
    text: &'s str,
    /// A `<style>`, `<script>`, `<svg>`… left open by an HTML block: the blocks that follow,
    /// up to its end tag, are its content, not Markdown (a blank line inside a `<style>`
    /// within `<head>` ends the HTML block, not the style).
    runs_on: Option<&'static str>,
    /// The element of `runs_on` carried into the paragraph being read.
    carried: Option<&'static str>,
    /// Where each such element's last end tag is in `text`, once needed.
    last_close: Option<HashMap<&'static str, usize>>,
    /// Lists and quotes currently open.
    depth: usize,
    /// Where the parsed text came from, when it was rewritten (see [`super::pandoc`]).
    map: Option<&'w Rewritten>,
}

impl<'s, 'w> Builder<'s, 'w> {
    pub(crate) fn new(
        text: &'s str,
        base: usize,
        lines: &'w LineIndex<'w>,
        warnings: &'w mut Vec<Diagnostic>,
        images: ImageCheck<'w>,
    ) -> Self {
        Self {
            events: Parser::new_ext(text, options())
                .into_offset_iter()
                .peekable(),
            base,
            lines,
            warnings,
            images,
            footnotes: HashMap::new(),
            ref_offsets: HashMap::new(),
            skip: Skip::None,
            warned: HashSet::new(),
            text,
            runs_on: None,
            carried: None,
            last_close: None,
            depth: 0,
            map: None,
        }
    }

    /// Positions in the parsed text are told as those of the input it was rewritten from.
    pub(crate) fn with_map(mut self, map: &'w Rewritten) -> Self {
        self.map = Some(map);
        self
    }

    /// The file offset of `offset` in the parsed text.
    fn abs(&self, offset: usize) -> usize {
        self.base + self.map.map_or(offset, |m| m.source_offset(offset))
    }

    pub(crate) fn run(mut self) -> Parsed {
        let tops = if html::is_document(self.text) {
            // A saved HTML page: one HTML document (pulldown-cmark would cut it at blank
            // lines, inside its `<style>` or `<head>`), read as such, its body unwrapped.
            let mut host = HtmlHost {
                b: &mut self,
                at: 0,
            };
            let tops = html::read_block(host.b.text, &mut host);
            tops.into_iter()
                .map(|t| Top {
                    block: t.block,
                    offset: 0,
                    parts: t.parts,
                })
                .collect()
        } else {
            self.blocks(None)
        };
        Parsed {
            tops,
            footnotes: self.footnotes,
            ref_offsets: self.ref_offsets,
            page_breaks: Vec::new(),
        }
    }

    fn warn(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(self.abs(offset));
        self.warnings.push(Diagnostic::warning(Some(pos), message));
    }

    /// Blocks until the end of the enclosing container (consumed), or the end of input.
    fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Top> {
        let mut out = Vec::new();
        // Containers opened past the nesting limit: passed through without recursing, so
        // that 50,000 `>` in a row cannot overflow the stack; their ends are matched here.
        let mut flattened: Vec<TagEnd> = Vec::new();
        while let Some((event, range)) = self.events.peek().cloned() {
            if self.runs_on.is_some() && self.inside_runs_on(&event, &range) {
                continue;
            }
            match event {
                Event::Start(tag @ (Tag::BlockQuote(_) | Tag::List(_) | Tag::Item))
                    if self.depth >= MAX_NESTING =>
                {
                    self.events.next();
                    flattened.push(tag.to_end());
                }
                Event::End(e) if flattened.last() == Some(&e) => {
                    self.events.next();
                    flattened.pop();
                }
                Event::End(e) if Some(e) == end => {
                    self.events.next();
                    break;
                }
                Event::End(_) => {
                    // An unbalanced end cannot come from pulldown-cmark; skip rather than loop.
                    self.events.next();
                }
                Event::Start(tag) if !is_inline_tag(&tag) => {
                    self.events.next();
                    out.extend(self.block(tag, range));
                }
                Event::Rule => {
                    self.events.next();
                    out.push(top(Block::Rule, range.start));
                }
                Event::Html(_) => {
                    // Html events outside an HtmlBlock do not occur; treat as a block anyway.
                    out.extend(self.html_block(range.start));
                }
                _ => {
                    // Text directly in a container (tight list items): an implicit paragraph.
                    let (c, _) = self.inlines(None);
                    let c = trim(c);
                    if !c.is_empty() {
                        out.push(top(Block::Para { c }, range.start));
                    }
                }
            }
        }
        out
    }

    fn block(&mut self, tag: Tag<'s>, range: Range<usize>) -> Vec<Top> {
        let at = range.start;
        match tag {
            Tag::Paragraph => {
                let (c, _) = self.inlines(Some(TagEnd::Paragraph));
                vec![top(paragraph_or_image(trim(c)), at)]
            }
            Tag::Heading { level, .. } => vec![self.heading(level, at)],
            Tag::BlockQuote(_) => self.quote(at),
            Tag::CodeBlock(kind) => vec![top(self.code_block(kind), at)],
            Tag::HtmlBlock => self.html_block(at),
            Tag::List(start) => self.list(start, at),
            Tag::Table(aligns) => vec![top(self.table(&aligns), at)],
            Tag::DefinitionList => vec![top(self.definitions(), at)],
            Tag::FootnoteDefinition(label) => {
                self.footnote_definition(&label, at);
                Vec::new()
            }
            other => {
                // Containers we do not enable (definition lists, metadata): keep their text.
                let end = other.to_end();
                self.blocks(Some(end))
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, at: usize) -> Top {
        let (mut c, mut parts) = self.inlines(Some(TagEnd::Heading(level)));
        let id = take_heading_id(&mut c);
        if let Some(last) = parts.last_mut() {
            take_heading_id(last);
        }
        let block = Block::Heading {
            level: heading_level(level),
            id,
            c: trim(c),
        };
        Top {
            block,
            offset: at,
            parts,
        }
    }

    /// A block quote, or, nested too deep, its content to splice into the parent.
    fn quote(&mut self, at: usize) -> Vec<Top> {
        self.depth += 1;
        let c = self.blocks(Some(TagEnd::BlockQuote(None)));
        self.depth -= 1;
        if self.depth >= MAX_NESTING {
            return c;
        }
        let c = c.into_iter().map(|t| t.block).collect();
        vec![top(Block::Quote { c }, at)]
    }

    fn code_block(&mut self, kind: CodeBlockKind) -> Block {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        let mut v = String::new();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Text(t) => v.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let v = v.trim_end_matches('\n').to_string();
        Block::Code { lang, v }
    }

    fn footnote_definition(&mut self, label: &str, at: usize) {
        let blocks = self.blocks(Some(TagEnd::FootnoteDefinition));
        let blocks = blocks.into_iter().map(|t| t.block).collect();
        // A label defined twice: references get the first definition; the second is kept
        // under a key no reference can name, so it prints where it stands.
        let mut key = label.to_string();
        while self.footnotes.contains_key(&key) {
            key.push('\u{0}');
        }
        self.footnotes.insert(key, (blocks, at));
    }

    /// A list, or, nested too deep, its items' content to splice into the parent.
    fn list(&mut self, start: Option<u64>, at: usize) -> Vec<Top> {
        self.depth += 1;
        let mut items = Vec::new();
        let mut flat = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let task = match self.events.peek() {
                        Some((Event::TaskListMarker(done), _)) => {
                            let done = *done;
                            self.events.next();
                            Some(done)
                        }
                        _ => None,
                    };
                    let c = self.blocks(Some(TagEnd::Item));
                    if self.depth >= MAX_NESTING {
                        flat.extend(c);
                    } else {
                        let c = c.into_iter().map(|t| t.block).collect();
                        items.push(Item { task, c });
                    }
                }
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        self.depth -= 1;
        if !flat.is_empty() {
            return flat;
        }
        let list = Block::List {
            ordered: start.is_some(),
            start: start.unwrap_or(1),
            items,
        };
        vec![top(list, at)]
    }

    /// A definition list: each term with the blocks of its definitions.
    fn definitions(&mut self) -> Block {
        let mut items: Vec<Definition> = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::DefinitionListTitle) => {
                    let (c, _) = self.inlines(Some(TagEnd::DefinitionListTitle));
                    items.push(Definition {
                        term: trim(c),
                        c: Vec::new(),
                    });
                }
                Event::Start(Tag::DefinitionListDefinition) => {
                    // Counted like a list, so that nesting flattens at the same depth.
                    self.depth += 1;
                    let c = self.blocks(Some(TagEnd::DefinitionListDefinition));
                    self.depth -= 1;
                    if items.is_empty() {
                        items.push(Definition {
                            term: Vec::new(),
                            c: Vec::new(),
                        });
                    }
                    let last = items.last_mut().unwrap();
                    last.c.extend(c.into_iter().map(|t| t.block));
                }
                Event::End(TagEnd::DefinitionList) => break,
                _ => {}
            }
        }
        Block::Defs { items }
    }

    fn table(&mut self, aligns: &[Alignment]) -> Block {
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::Auto,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => {
                    let (c, _) = self.inlines(Some(TagEnd::TableCell));
                    row.push(trim(c));
                }
                Event::End(TagEnd::TableHead) => head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { align, head, rows }
    }

    /// An HTML block, read by the HTML parser (see [`html`]); Markdown between HTML blocks
    /// is read by pulldown-cmark as usual, but nothing inside one is re-read as Markdown,
    /// so its indentation never becomes a code block.
    fn html_block(&mut self, at: usize) -> Vec<Top> {
        let mut raw = String::new();
        let mut end = at;
        while let Some((event, range)) = self.events.peek() {
            end = range.end;
            match event {
                Event::Html(h) => raw.push_str(h),
                Event::End(TagEnd::HtmlBlock) => {
                    self.events.next();
                    break;
                }
                _ => break,
            }
            self.events.next();
        }
        let mut raw = raw.as_str();
        if self.runs_on.is_none()
            && html::is_document(raw)
            && let Some(close) = self.last_close("html").filter(|&c| c >= end)
        {
            // A saved page after some Markdown (`<html>`, a blank line, an indented
            // `<body>`…): one HTML document up to its last `</html>`, never Markdown code.
            let close_end = self.text[close..]
                .find('>')
                .map_or(self.text.len(), |g| close + g + 1);
            self.skip_events_before(close_end);
            raw = &self.text[at..close_end];
        }
        if let Some(name) = self.runs_on {
            // The rest of an element an earlier block left open: what follows its end.
            let lower = raw.to_ascii_lowercase();
            let Some(close) = lower.find(&format!("</{name}")) else {
                return Vec::new();
            };
            self.runs_on = None;
            raw = lower[close..]
                .find('>')
                .map_or("", |gt| &raw[close + gt + 1..]);
        }
        if let Some(name) = html::left_open(&raw.to_ascii_lowercase())
            && self.last_close(name).is_some_and(|c| c >= end)
        {
            self.runs_on = Some(name);
        }
        let mut host = HtmlHost { b: self, at };
        html::read_block(raw, &mut host)
            .into_iter()
            .map(|t| Top {
                block: t.block,
                offset: at,
                parts: t.parts,
            })
            .collect()
    }

    /// Passes over one event of the Markdown blocks inside an element left open by an HTML
    /// block (whose end tag is known to follow), a whole block at a time; an HTML block is
    /// left for [`Self::html_block`], which finds the end tag. Returns whether it did.
    fn inside_runs_on(&mut self, event: &Event, range: &Range<usize>) -> bool {
        match event {
            Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::End(_) => false,
            Event::Start(Tag::Paragraph) => {
                // Its lines may hold the end tag (`</style>` continues a paragraph): read
                // it with the element's content skipped, and go on skipping if it holds none.
                let name = self.runs_on.take().unwrap_or_default();
                self.skip = Skip::Element {
                    name: name.to_string(),
                    depth: 1,
                };
                self.carried = Some(name);
                false
            }
            Event::Start(_) => {
                // A block holding the end tag (an indented `</style>` read as code) ends
                // the element with it, so that what follows is read again.
                let name = self.runs_on.unwrap_or_default();
                let source = self.text.get(range.clone()).unwrap_or_default();
                if source.to_ascii_lowercase().contains(&format!("</{name}")) {
                    self.runs_on = None;
                }
                let mut depth = 0usize;
                for (e, _) in self.events.by_ref() {
                    match e {
                        Event::Start(_) => depth += 1,
                        Event::End(_) => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
                true
            }
            _ => {
                self.events.next();
                true
            }
        }
    }

    /// Passes over the events of the blocks that start before `offset`, whole.
    fn skip_events_before(&mut self, offset: usize) {
        let mut depth = 0usize;
        while let Some((event, range)) = self.events.peek() {
            if range.start >= offset && depth == 0 {
                break;
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.events.next();
        }
    }

    /// Where the last end tag of `name` is in the text parsed (found once for all).
    fn last_close(&mut self, name: &str) -> Option<usize> {
        let text = self.text;
        let map = self.last_close.get_or_insert_with(|| {
            let lower = text.to_ascii_lowercase();
            html::RUNS_ON
                .iter()
                .chain(&["html"])
                .filter_map(|n| lower.rfind(&format!("</{n}")).map(|i| (*n, i)))
                .collect()
        });
        map.get(name).copied()
    }

    /// Warns about `cause` at `offset`, unless it was told already.
    fn warn_once(&mut self, offset: usize, cause: String) {
        if self.warned.insert(cause.clone()) {
            self.warn(offset, cause);
        }
    }

    /// Inline content up to the end of `end` (consumed), or, with `None`, up to the next
    /// block-level event (not consumed). Also returns the parts between `<span>` tags.
    fn inlines(&mut self, end: Option<TagEnd>) -> (Vec<Inline>, Vec<Vec<Inline>>) {
        let mut run = InlineRun {
            stack: vec![Open::markdown(Frame::Root)],
            markdown_open: 1,
            parts: Vec::new(),
            saw_span: false,
        };
        let mut last = 0;
        while let Some((event, range)) = self.events.peek().cloned() {
            match inline_boundary(&event, run.markdown_open, end) {
                Some(Boundary::Consume) => {
                    self.events.next();
                    break;
                }
                Some(Boundary::Leave) => break,
                None => {}
            }
            self.events.next();
            last = range.start;
            if self.skipped(&event) {
                // Marks still open and close, so that the run's ends are found.
                if matches!(event, Event::Start(_) | Event::End(_)) {
                    self.inline_event(event, range.start, &mut run);
                }
                continue;
            }
            self.inline_event(event, range.start, &mut run);
        }
        // An element left open (`<svg>` without `</svg>`) hides nothing past its line,
        // unless it was carried into this paragraph from an HTML block, with its end later.
        if let Skip::Element { .. } = self.skip {
            self.skip = Skip::None;
            self.runs_on = self.carried;
        }
        self.carried = None;
        // HTML marks left open (`<b>` without `</b>`) end with the line, as in a browser.
        while run.stack.len() > 1 {
            self.close_top(&mut run, last);
        }
        run.finish()
    }

    /// Whether `event` falls inside inline HTML that is not printed; updates the state.
    fn skipped(&mut self, event: &Event) -> bool {
        match &mut self.skip {
            Skip::None => false,
            Skip::Comment => {
                if let Event::InlineHtml(h) | Event::Html(h) = event
                    && h.contains("-->")
                {
                    self.skip = Skip::None;
                }
                true
            }
            Skip::Element { name, depth } => {
                if let Event::InlineHtml(h) = event {
                    let t = h.trim();
                    let named = |p: &str| {
                        t.get(p.len()..p.len() + name.len())
                            .is_some_and(|n| t.starts_with(p) && n.eq_ignore_ascii_case(name))
                    };
                    if named("</") {
                        *depth -= 1;
                    } else if named("<") && !t.ends_with("/>") {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        self.skip = Skip::None;
                    }
                }
                true
            }
        }
    }

    /// Closes the innermost open frame into its parent.
    fn close_top(&mut self, run: &mut InlineRun, at: usize) {
        let open = run.stack.pop().unwrap();
        if open.tag.is_none() {
            run.markdown_open -= 1;
        }
        let parent = &mut run.stack.last_mut().unwrap().c;
        self.close(open.frame, open.c, parent, at);
    }

    /// One inline HTML tag.
    fn inline_html(&mut self, h: &str, at: usize, run: &mut InlineRun) {
        let depth = run.stack.len();
        match html::classify(h) {
            InlineTag::Comment { closed } if !closed => self.skip = Skip::Comment,
            InlineTag::Comment { .. } | InlineTag::Nothing => {}
            InlineTag::LineBreak => run.top().push(Inline::Break),
            InlineTag::SpanOpen if depth == 1 => {
                run.saw_span = true;
                let current = std::mem::take(run.top());
                run.parts.push(current);
            }
            InlineTag::SpanOpen => {}
            InlineTag::Hidden { name, quiet } => {
                if !quiet {
                    self.warn_once(at, format!("raw HTML <{name}> is not printed"));
                }
                self.skip = Skip::Element { name, depth: 1 };
            }
            InlineTag::Open(mark) => {
                let tag = mark.name().to_string();
                let frame = match mark {
                    _ if depth > MAX_NESTING => Frame::Plain,
                    InlineMark::Strong(_) => Frame::Strong,
                    InlineMark::Emph(_) => Frame::Emph,
                    InlineMark::Strike(_) => Frame::Strike,
                    InlineMark::Code(_) => Frame::Code,
                    InlineMark::Link(Some(href)) => {
                        Frame::Link(self.link_target(LinkType::Inline, &href, at))
                    }
                    InlineMark::Link(None) => Frame::Plain,
                };
                run.stack.push(Open {
                    frame,
                    c: Vec::new(),
                    tag: Some(tag),
                });
            }
            InlineTag::Close(name) => {
                // The innermost mark of that name, if no Markdown mark opened inside it.
                let found = run
                    .stack
                    .iter()
                    .rposition(|o| o.tag.is_none() || o.tag.as_deref() == Some(name.as_str()));
                if let Some(i) = found
                    && run.stack[i].tag.as_deref() == Some(name.as_str())
                {
                    while run.stack.len() > i {
                        self.close_top(run, at);
                    }
                }
            }
            InlineTag::Image { src, alt, title } => {
                let parent = run.top();
                let mut out = std::mem::take(parent);
                self.close(
                    Frame::Image { src, title },
                    vec![Inline::Text { v: alt }],
                    &mut out,
                    at,
                );
                *run.top() = out;
            }
            InlineTag::Space => push_text(run.top(), " "),
            InlineTag::Literal => push_text(run.top(), h),
        }
    }

    /// One event inside a run of inline content: text into the innermost frame, a start
    /// or end opening or closing one.
    fn inline_event(&mut self, event: Event<'s>, at: usize, run: &mut InlineRun) {
        let depth = run.stack.len();
        let out = &mut run.stack.last_mut().unwrap().c;
        match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(t) => out.push(Inline::Code { v: t.to_string() }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(out, &t),
            Event::SoftBreak => push_text(out, &SOFT_BREAK.to_string()),
            Event::HardBreak => out.push(Inline::Break),
            Event::FootnoteReference(label) => out.push(Inline::Note {
                c: vec![Block::Para {
                    c: vec![Inline::Text {
                        v: format!("{NOTE_MARKER}{label}"),
                    }],
                }],
            }),
            Event::TaskListMarker(done) => push_text(out, if done { "☑ " } else { "☐ " }),
            Event::InlineHtml(h) | Event::Html(h) => self.inline_html(&h, at, run),
            Event::Start(tag) => {
                let frame = if depth > MAX_NESTING {
                    Frame::Plain
                } else {
                    self.frame(tag, at)
                };
                run.stack.push(Open::markdown(frame));
                run.markdown_open += 1;
            }
            Event::End(_) => {
                if run.markdown_open > 1 {
                    // HTML marks opened inside this Markdown one end with it.
                    while run.stack.last().is_some_and(|o| o.tag.is_some()) {
                        self.close_top(run, at);
                    }
                    self.close_top(run, at);
                }
            }
            Event::Rule => {}
        }
    }

    fn frame(&mut self, tag: Tag<'s>, at: usize) -> Frame {
        match tag {
            Tag::Strong => Frame::Strong,
            Tag::Emphasis => Frame::Emph,
            Tag::Strikethrough => Frame::Strike,
            Tag::Superscript | Tag::Subscript => Frame::Plain,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => Frame::Link(self.link_target(link_type, &dest_url, at)),
            Tag::Image {
                dest_url, title, ..
            } => Frame::Image {
                src: dest_url.to_string(),
                title: (!title.is_empty()).then(|| title.to_string()),
            },
            _ => Frame::Plain,
        }
    }

    fn link_target(&mut self, link_type: LinkType, url: &str, at: usize) -> LinkTarget {
        let url = url.trim();
        if let Some(anchor) = url.strip_prefix('#') {
            let anchor = percent_encoding::percent_decode_str(anchor)
                .decode_utf8_lossy()
                .into_owned();
            let pos = self.abs(at);
            self.ref_offsets.entry(anchor.clone()).or_insert(pos);
            return LinkTarget::Anchor(anchor);
        }
        if link_type == LinkType::Email && !url.to_ascii_lowercase().starts_with("mailto:") {
            return LinkTarget::Url(format!("mailto:{url}"));
        }
        if link_kind(url).is_some() {
            return LinkTarget::Url(url.to_string());
        }
        if url.to_ascii_lowercase().starts_with("www.") {
            return LinkTarget::Url(format!("https://{url}"));
        }
        self.warn(at, format!("link to `{url}` is not a web, mail or phone address; its text is kept without the link"));
        LinkTarget::None
    }

    fn close(&mut self, frame: Frame, c: Vec<Inline>, parent: &mut Vec<Inline>, at: usize) {
        match frame {
            Frame::Strong => parent.push(Inline::Strong { c }),
            Frame::Emph => parent.push(Inline::Emph { c }),
            Frame::Strike => parent.push(Inline::Strike { c }),
            Frame::Code => parent.push(Inline::Code {
                v: super::recognise::text_of(&c),
            }),
            Frame::Link(LinkTarget::Url(url)) => {
                let c = if c.is_empty() {
                    vec![Inline::Text { v: url.clone() }]
                } else {
                    c
                };
                parent.push(Inline::Link { url, c });
            }
            // An internal link without text stays without text: an id is not prose, and
            // printing it would invent words the résumé does not have.
            Frame::Link(LinkTarget::Anchor(target)) => parent.push(Inline::Ref { target, c }),
            Frame::Link(LinkTarget::None) | Frame::Plain | Frame::Root => parent.extend(c),
            Frame::Image { src, title } => {
                let alt = super::recognise::text_of(&c);
                match (self.images)(&src) {
                    Ok((src, format)) => parent.push(Inline::Image {
                        src,
                        alt,
                        title,
                        format,
                    }),
                    Err(why) => {
                        self.warn(at, format!("image `{src}` left out: {why}"));
                        // Keep the words of the alt text and title.
                        parent.extend(c);
                        if let Some(title) = title {
                            push_text(parent, &format!(" ({title})"));
                        }
                    }
                }
            }
        }
    }
}

/// Inline HTML the reader does not print, at the moment.
enum Skip {
    None,
    Comment,
    /// Inside `<svg>`…`</svg>` (or `<script>`, …), `depth` of them open.
    Element {
        name: String,
        depth: usize,
    },
}

/// What [`html::read_block`] asks of the reader: links and images vetted as Markdown ones.
struct HtmlHost<'b, 's, 'w> {
    b: &'b mut Builder<'s, 'w>,
    /// Where the HTML block starts.
    at: usize,
}

impl Host for HtmlHost<'_, '_, '_> {
    fn link(&mut self, href: &str, c: Vec<Inline>, out: &mut Vec<Inline>) {
        let target = self.b.link_target(LinkType::Inline, href, self.at);
        self.b.close(Frame::Link(target), c, out, self.at);
    }

    fn image(&mut self, src: &str, alt: &str, title: Option<&str>, out: &mut Vec<Inline>) {
        let frame = Frame::Image {
            src: src.to_string(),
            title: title.map(str::to_string),
        };
        let alt = vec![Inline::Text { v: alt.to_string() }];
        self.b.close(frame, alt, out, self.at);
    }

    fn left_out(&mut self, cause: String, offset: usize) {
        self.b.warn_once(self.at + offset, cause);
    }
}

enum Frame {
    Root,
    Strong,
    Emph,
    Strike,
    /// `<code>`, `<kbd>`: its text as code.
    Code,
    Plain,
    Link(LinkTarget),
    Image {
        src: String,
        title: Option<String>,
    },
}

enum LinkTarget {
    Url(String),
    Anchor(String),
    None,
}

fn top(block: Block, offset: usize) -> Top {
    Top {
        block,
        offset,
        parts: Vec::new(),
    }
}

/// Strips a trailing `{#id}` from a heading and returns the id (empty when none).
fn take_heading_id(c: &mut Vec<Inline>) -> String {
    let Some(Inline::Text { v }) = c.last_mut() else {
        return String::new();
    };
    let trimmed = v.trim_end();
    let Some(open) = trimmed.strip_suffix('}').and_then(|t| t.rfind("{#")) else {
        return String::new();
    };
    let id = &trimmed[open + 2..trimmed.len() - 1];
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'));
    if !valid {
        return String::new();
    }
    let id = id.to_string();
    v.truncate(open);
    let kept = v.trim_end().len();
    v.truncate(kept);
    if v.is_empty() {
        c.pop();
    }
    id
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// A paragraph that is nothing but one image is an image block.
pub(crate) fn paragraph_or_image(c: Vec<Inline>) -> Block {
    if let [
        Inline::Image {
            src,
            alt,
            title,
            format,
        },
    ] = c.as_slice()
    {
        return Block::Image {
            src: src.clone(),
            alt: alt.clone(),
            title: title.clone(),
            format: format.clone(),
        };
    }
    Block::Para { c }
}

/// Heading parts joined back with spaces, for places that want the whole heading.
fn join_parts(parts: &[Vec<Inline>]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            push_text(&mut out, " ");
        }
        for inline in part {
            match inline {
                Inline::Text { v } => push_text(&mut out, v),
                other => out.push(other.clone()),
            }
        }
    }
    out
}

/// Where a run of inline content stands: the open frames (marks, links) innermost last,
/// and the parts already closed off by `<span>` tags.
struct InlineRun {
    stack: Vec<Open>,
    /// How many of the open frames are Markdown's (the root included): only those decide
    /// where the run ends, whatever HTML tags are left open.
    markdown_open: usize,
    parts: Vec<Vec<Inline>>,
    saw_span: bool,
}

/// An open frame and its content so far; `tag` names the HTML tag that opened it.
struct Open {
    frame: Frame,
    c: Vec<Inline>,
    tag: Option<String>,
}

impl Open {
    fn markdown(frame: Frame) -> Self {
        Self {
            frame,
            c: Vec::new(),
            tag: None,
        }
    }
}

impl InlineRun {
    /// The content of the innermost open frame.
    fn top(&mut self) -> &mut Vec<Inline> {
        &mut self.stack.last_mut().unwrap().c
    }

    /// The run's content, and its `<span>` parts when it had any.
    fn finish(mut self) -> (Vec<Inline>, Vec<Vec<Inline>>) {
        // Unclosed frames cannot come from pulldown-cmark, but never lose their text.
        while self.stack.len() > 1 {
            let open = self.stack.pop().unwrap();
            self.stack.last_mut().unwrap().c.extend(open.c);
        }
        let rest = self.stack.pop().unwrap().c;
        if !self.saw_span {
            return (rest, Vec::new());
        }
        self.parts.push(rest);
        let parts: Vec<_> = self
            .parts
            .into_iter()
            .map(trim)
            .filter(|p| !p.is_empty())
            .collect();
        (join_parts(&parts), parts)
    }
}

/// How a run of inline content ends at an event.
enum Boundary {
    /// At the end it was asked to read up to: taken.
    Consume,
    /// At a block-level event: left for the caller.
    Leave,
}

/// Whether `event`, met with `depth` frames open, ends a run of inline content that
/// reads up to `end`.
fn inline_boundary(event: &Event, depth: usize, end: Option<TagEnd>) -> Option<Boundary> {
    if depth != 1 {
        return None;
    }
    match event {
        Event::End(e) if Some(*e) == end => Some(Boundary::Consume),
        Event::End(e) if !is_inline_end(e) => Some(Boundary::Leave),
        Event::Start(tag) if !is_inline_tag(tag) => Some(Boundary::Leave),
        Event::Html(_) | Event::Rule => Some(Boundary::Leave),
        _ => None,
    }
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
