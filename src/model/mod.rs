//! The résumé model: what the Markdown parser produces and what a layout reads as JSON.
//!
//! The JSON shape is a public contract (documented in `layouts/README.md`); custom
//! layouts depend on it, so field names change only with a major version.

use serde::{Deserialize, Serialize};

mod values;

pub use values::{MAX_FONT_SIZE, MIN_FONT_SIZE};
pub(crate) use values::{check_font_size, parse_color, parse_lang, parse_paper};

/// A parsed résumé, ready to be typeset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resume {
    /// Plain-text name; empty when the input names nobody.
    pub name: String,
    pub headline: Vec<Inline>,
    pub contacts: Vec<Contact>,
    /// Text before the first section.
    pub summary: Vec<Block>,
    pub sections: Vec<Section>,
    pub settings: Settings,
    pub document: DocumentMeta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub kind: ContactKind,
    pub text: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    Email,
    Phone,
    Url,
    Location,
    Text,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Empty for the implicit section of a document that starts with entries.
    pub title: Vec<Inline>,
    pub id: String,
    /// Text between the section title and its first entry.
    pub blocks: Vec<Block>,
    pub entries: Vec<Entry>,
    /// The source asked for a new page before this section (`\newpage`).
    #[serde(default)]
    pub page_break: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub title: Vec<Inline>,
    pub id: String,
    pub subtitle: Vec<Inline>,
    /// The part of the meta line that reads as a date range.
    pub date: Vec<Inline>,
    /// The other parts of the meta line (location, team, …).
    pub meta: Vec<Vec<Inline>>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        v: String,
    },
    /// Text that must not break: a hyphenated word (`high-stakes`), since ATS parsers and
    /// text extraction join a line-end `high-` with `stakes` into one wrong word, or a piece
    /// of a long word, which a line may break after (see `markdown::recognise::words`).
    NoBreak {
        v: String,
    },
    Strong {
        c: Vec<Inline>,
    },
    Emph {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    Code {
        v: String,
    },
    Link {
        url: String,
        c: Vec<Inline>,
    },
    Ref {
        target: String,
        c: Vec<Inline>,
    },
    Break,
    Note {
        c: Vec<Block>,
    },
    Image {
        src: String,
        alt: String,
        title: Option<String>,
        /// The format its first bytes show (`png`, `jpg`, `gif`, `webp`, `svg`), which the
        /// layout passes to Typst: a file's extension may lie.
        format: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    Para {
        c: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Item>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote {
        c: Vec<Block>,
    },
    Code {
        lang: Option<String>,
        v: String,
    },
    Image {
        src: String,
        alt: String,
        title: Option<String>,
        /// The format its first bytes show (`png`, `jpg`, `gif`, `webp`, `svg`), which the
        /// layout passes to Typst: a file's extension may lie.
        format: String,
    },
    /// A definition list (pandoc's `Term` / `:   definition`).
    Defs {
        items: Vec<Definition>,
    },
    Heading {
        level: u8,
        id: String,
        c: Vec<Inline>,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    pub c: Vec<Block>,
}

/// One term of a definition list, with the blocks of its definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub c: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Auto,
    Left,
    Center,
    Right,
}

/// Typesetting settings, resolved: command line over front matter over defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub layout: String,
    pub paper: Paper,
    /// Always a `#rrggbb` hex colour.
    pub accent: String,
    pub lang: String,
    /// `None`: the layout's own choice.
    pub font: Option<String>,
    /// Body size in points; `None`: the layout's own choice.
    pub font_size: Option<f64>,
    /// Factor on type size and spacing, below 1 when fitting to a page count.
    pub scale: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            layout: "classic".into(),
            paper: Paper::A4,
            accent: DEFAULT_ACCENT.into(),
            lang: "en".into(),
            font: None,
            font_size: None,
            scale: 1.0,
        }
    }
}

pub const DEFAULT_ACCENT: &str = "#1f4e79";

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    A4,
    UsLetter,
}

/// PDF metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub title: String,
    pub author: String,
    pub keywords: Vec<String>,
}

/// Concatenates the text of inline content, dropping formatting and footnotes.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { v } | Inline::NoBreak { v } | Inline::Code { v } => out.push_str(v),
            Inline::Break => out.push(' '),
            Inline::Image { alt, .. } => out.push_str(alt),
            other => push_plain(other.children(), out),
        }
    }
}

impl Inline {
    /// The inline content of a formatting inline (strong, emphasis, strike-through, link,
    /// reference); empty for text, code, breaks, images and footnotes (whose content is
    /// blocks). The one place that knows which inlines nest, so walkers need not.
    pub fn children(&self) -> &[Inline] {
        match self {
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Ref { c, .. } => c,
            Inline::Text { .. }
            | Inline::NoBreak { .. }
            | Inline::Code { .. }
            | Inline::Break
            | Inline::Note { .. }
            | Inline::Image { .. } => &[],
        }
    }

    /// [`Inline::children`], to change them; `None` where there are none to have.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Ref { c, .. } => Some(c),
            Inline::Text { .. }
            | Inline::NoBreak { .. }
            | Inline::Code { .. }
            | Inline::Break
            | Inline::Note { .. }
            | Inline::Image { .. } => None,
        }
    }
}

impl Resume {
    /// Calls `f` on every inline of the résumé, depth first, including those inside lists,
    /// tables, quotes and footnotes.
    pub fn visit_inlines(&self, f: &mut dyn FnMut(&Inline)) {
        walk_inline_seq(&self.headline, f);
        walk_blocks(&self.summary, &mut |_| {}, f);
        for s in &self.sections {
            walk_inline_seq(&s.title, f);
            walk_blocks(&s.blocks, &mut |_| {}, f);
            for e in &s.entries {
                for c in [&e.title, &e.subtitle, &e.date].into_iter().chain(&e.meta) {
                    walk_inline_seq(c, f);
                }
                walk_blocks(&e.blocks, &mut |_| {}, f);
            }
        }
    }

    /// Calls `f` on every block, depth first, including blocks inside footnotes.
    pub fn visit_blocks(&self, f: &mut dyn FnMut(&Block)) {
        let mut ignore = |_: &Inline| {};
        walk_blocks(&self.summary, f, &mut ignore);
        for s in &self.sections {
            walk_blocks(&s.blocks, f, &mut ignore);
            for e in &s.entries {
                walk_blocks(&e.blocks, f, &mut ignore);
            }
        }
        // Blocks inside footnotes hang off inlines.
        self.visit_inlines(&mut |i| {
            if let Inline::Note { c } = i {
                walk_blocks(c, f, &mut |_| {});
            }
        });
    }

    /// Calls `f` on every inline sequence of the résumé that lies outside footnotes: the
    /// headline, titles, meta lines and those in blocks; footnotes inside them are `f`'s.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        f(&mut self.headline);
        visit_blocks_mut(&mut self.summary, f);
        for section in &mut self.sections {
            f(&mut section.title);
            visit_blocks_mut(&mut section.blocks, f);
            for entry in &mut section.entries {
                f(&mut entry.title);
                f(&mut entry.subtitle);
                f(&mut entry.date);
                entry.meta.iter_mut().for_each(&mut *f);
                visit_blocks_mut(&mut entry.blocks, f);
            }
        }
    }
}

/// Calls `f` on each inline sequence of `blocks`: paragraphs, headings, table cells, and
/// those of lists and quotes at any depth; footnotes inside them are `f`'s.
pub fn visit_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match block {
            Block::Para { c } | Block::Heading { c, .. } => f(c),
            Block::List { items, .. } => {
                for item in items {
                    visit_blocks_mut(&mut item.c, f);
                }
            }
            Block::Table { head, rows, .. } => {
                head.iter_mut().for_each(&mut *f);
                rows.iter_mut().flatten().for_each(&mut *f);
            }
            Block::Quote { c } => visit_blocks_mut(c, f),
            Block::Defs { items } => {
                for item in items {
                    f(&mut item.term);
                    visit_blocks_mut(&mut item.c, f);
                }
            }
            Block::Code { .. } | Block::Image { .. } | Block::Rule => {}
        }
    }
}

/// The words of blocks, formatting dropped, paragraphs separated by spaces.
pub fn blocks_plain_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    walk_blocks(blocks, &mut |_| {}, &mut |i| match i {
        Inline::Text { v } | Inline::NoBreak { v } | Inline::Code { v } => parts.push(v.clone()),
        Inline::Image { alt, .. } => parts.push(alt.clone()),
        _ => {}
    });
    let mut code = Vec::new();
    walk_blocks(
        blocks,
        &mut |b| {
            if let Block::Code { v, .. } = b {
                code.push(v.clone())
            }
        },
        &mut |_| {},
    );
    parts.extend(code);
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn walk_inline_seq(c: &[Inline], f: &mut dyn FnMut(&Inline)) {
    for inline in c {
        f(inline);
        match inline {
            Inline::Note { c } => walk_blocks(c, &mut |_| {}, f),
            other => walk_inline_seq(other.children(), f),
        }
    }
}

fn walk_blocks(blocks: &[Block], fb: &mut dyn FnMut(&Block), fi: &mut dyn FnMut(&Inline)) {
    for block in blocks {
        fb(block);
        match block {
            Block::Para { c } | Block::Heading { c, .. } => walk_inline_seq(c, fi),
            Block::List { items, .. } => items.iter().for_each(|i| walk_blocks(&i.c, fb, fi)),
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|c| walk_inline_seq(c, fi)),
            Block::Quote { c } => walk_blocks(c, fb, fi),
            Block::Defs { items } => items.iter().for_each(|d| {
                walk_inline_seq(&d.term, fi);
                walk_blocks(&d.c, fb, fi);
            }),
            Block::Code { .. } | Block::Image { .. } | Block::Rule => {}
        }
    }
}
