//! Second pass: gives the blocks their résumé roles (name, header, sections, entries).

use std::collections::{HashMap, HashSet};

use super::blocks::{NOTE_MARKER, Parsed, Top};
use super::recognise::{
    HeadLine, SOFT_BREAK, Wrapped, contact_of, finish_text, link_kind, looks_like_date, push_text,
    slug, split_head, split_lines, split_meta, split_parts, text_of, trim, unwrap_marks, wholly,
};
use crate::diag::{Diagnostic, LineIndex};
use crate::model::{
    Block, Contact, ContactKind, Entry, Inline, Resume, Section, blocks_plain_text, plain_text,
    visit_blocks_mut,
};

/// Builds the résumé body from the first pass. `name` is the front matter's, if any.
pub(crate) fn build(
    parsed: Parsed,
    name: Option<&str>,
    lines: &LineIndex,
    warnings: &mut Vec<Diagnostic>,
) -> Resume {
    let Parsed {
        mut tops,
        footnotes,
        ref_offsets,
        page_breaks,
    } = parsed;
    attach_footnotes(&mut tops, footnotes);
    limit_notes(&mut tops, warnings);

    let mut resume = Resume::default();
    let (summary_prefix, rest_from) = take_name(&tops, name, &mut resume);

    // A contact line closing the document, when the header has none.
    if resume.contacts.is_empty()
        && let Some(last) = tops.last()
        && let Block::Para { c } = &last.block
        && tops.len() > rest_from
        && let Some(contacts) = contact_line(c)
    {
        resume.contacts = contacts;
        tops.pop();
    }

    let rest = &tops[rest_from.min(tops.len())..];
    let (section_level, entry_level) = heading_levels(rest);
    resume.summary = summary_prefix;
    let mut walker = Walker {
        resume: &mut resume,
        entry_from_heading: false,
    };
    let mut breaks = page_breaks.iter().peekable();
    for (i, t) in rest.iter().enumerate() {
        let next_is_heading = rest
            .get(i + 1)
            .is_none_or(|n| matches!(n.block, Block::Heading { .. }));
        // A page break belongs to the block after it; only a section can start a page
        // (a layout cannot break a page inside an entry's box).
        let mut page_break = false;
        while breaks.next_if(|&&b| b < t.offset).is_some() {
            page_break = true;
        }
        let sections = walker.resume.sections.len();
        walker.push(t, section_level, entry_level, next_is_heading);
        if page_break && walker.resume.sections.len() > sections {
            walker.resume.sections.last_mut().unwrap().page_break = true;
        }
    }

    let ids = assign_ids(&mut resume, warnings);
    resolve_refs(&mut resume, &ids, &ref_offsets, lines, warnings);
    resume.visit_mut(&mut |c| finish_text(c));
    resume
}

/// The index of the first heading at or after `from`.
fn heading_at(tops: &[Top], from: usize) -> Option<usize> {
    tops[from..]
        .iter()
        .position(|t| matches!(t.block, Block::Heading { .. }))
        .map(|i| i + from)
}

/// `# Name` when it is the first heading and agrees with the front matter, with the
/// header lines under it. Returns the blocks before it (they open the summary) and where
/// the body starts.
fn take_name(tops: &[Top], name: Option<&str>, resume: &mut Resume) -> (Vec<Block>, usize) {
    let Some(h) = heading_at(tops, 0) else {
        return (Vec::new(), 0);
    };
    let Block::Heading { level: 1, c, .. } = &tops[h].block else {
        return (Vec::new(), 0);
    };
    if name.is_some_and(|n| n.trim() != text_of(c).trim()) {
        return (Vec::new(), 0);
    }
    resume.name = text_of(c).trim().to_string();
    let mut summary_prefix: Vec<Block> = tops[..h].iter().map(|t| t.block.clone()).collect();
    // The name is plain text; a footnote on it keeps its words in the summary.
    for note in notes_in(c) {
        let v = blocks_plain_text(note);
        summary_prefix.push(Block::Para {
            c: vec![Inline::Text { v }],
        });
    }
    let rest_from = h + 1;
    (
        summary_prefix,
        rest_from + take_header(&tops[rest_from..], resume),
    )
}

/// The heading level that opens sections (the first heading's, when it is `#` or `##`)
/// and the one that opens entries (one below, or the first heading's when no level
/// opens sections).
fn heading_levels(rest: &[Top]) -> (Option<u8>, u8) {
    let first = heading_at(rest, 0).map(|i| &rest[i].block);
    let section_level = match first {
        Some(Block::Heading { level, .. }) if *level <= 2 => Some(*level),
        _ => None,
    };
    let entry_level = match (section_level, first) {
        (Some(level), _) => level + 1,
        (None, Some(Block::Heading { level, .. })) => *level,
        (None, _) => 3,
    };
    (section_level, entry_level)
}

/// Walks the top-level blocks, opening sections and entries as headings and bold lines
/// come, and routing every other block to the innermost open container.
struct Walker<'r> {
    resume: &'r mut Resume,
    /// The open entry came from a heading (a bold line could be its subtitle).
    entry_from_heading: bool,
}

impl Walker<'_> {
    fn push(&mut self, t: &Top, section_level: Option<u8>, entry_level: u8, next_is_heading: bool) {
        match &t.block {
            Block::Heading { level, id, c } if section_level.is_some_and(|s| *level <= s) => {
                self.resume.sections.push(Section {
                    title: c.clone(),
                    id: id.clone(),
                    ..Section::default()
                });
            }
            Block::Heading { level, id, c } if *level == entry_level => {
                let mut entry = Entry {
                    id: id.clone(),
                    ..Entry::default()
                };
                entry_from_parts(&mut entry, c, &t.parts);
                self.open_entry(entry, true);
            }
            Block::Para { c } if self.in_section() => {
                if let Some(entry) = self.bold_line_entry(c, next_is_heading) {
                    self.open_entry(entry, false);
                } else if let Some(entry) = self.fresh_entry() {
                    take_meta_lines(entry, c);
                } else {
                    self.add(t.block.clone());
                }
            }
            other => self.add(other.clone()),
        }
    }

    fn in_section(&self) -> bool {
        !self.resume.sections.is_empty()
    }

    fn open_entry(&mut self, entry: Entry, from_heading: bool) {
        if self.resume.sections.is_empty() {
            self.resume.sections.push(Section::default());
        }
        self.resume.sections.last_mut().unwrap().entries.push(entry);
        self.entry_from_heading = from_heading;
    }

    /// The open entry while it still has no body: where subtitle and meta lines go.
    fn fresh_entry(&mut self) -> Option<&mut Entry> {
        let entry = self.resume.sections.last_mut()?.entries.last_mut()?;
        entry.blocks.is_empty().then_some(entry)
    }

    fn add(&mut self, block: Block) {
        match self.resume.sections.last_mut() {
            None => self.resume.summary.push(block),
            Some(section) => match section.entries.last_mut() {
                Some(entry) => entry.blocks.push(block),
                None => section.blocks.push(block),
            },
        }
    }

    /// `**Title** | Org | 2019 – 2021` opens an entry; so does a wholly bold line with
    /// something under it, outside a heading entry.
    fn bold_line_entry(&self, c: &[Inline], next_is_heading: bool) -> Option<Entry> {
        let lines = split_lines(c);
        let first = trim(lines.first()?.clone());
        let Some(Inline::Strong { c: title }) = first.first() else {
            return None;
        };
        let rest = drop_lines(c, 1);
        if let Some(head) = split_head(&first) {
            let mut entry = Entry::default();
            fill_from_head(&mut entry, head, true);
            if !rest.is_empty() {
                take_meta_lines(&mut entry, &rest);
            }
            return Some(entry);
        }
        let parts = split_parts(&first[1..]);
        let has_date = parts.iter().any(|p| looks_like_date(&text_of(p)));
        let wholly_bold = first.len() == 1;
        let has_body = lines.len() > 1 || !next_is_heading;
        let opens = (has_date && !parts.is_empty())
            || (wholly_bold && has_body && !self.entry_from_heading_open());
        if !opens {
            return None;
        }
        let mut entry = Entry {
            title: title.clone(),
            ..Entry::default()
        };
        for part in parts {
            place_meta_part(&mut entry, part);
        }
        if !rest.is_empty() {
            take_meta_lines(&mut entry, &rest);
        }
        Some(entry)
    }

    fn entry_from_heading_open(&self) -> bool {
        self.entry_from_heading
            && self
                .resume
                .sections
                .last()
                .is_some_and(|s| !s.entries.is_empty())
    }
}

/// A heading with `<span>` parts: the first is the title, date-like parts the date.
/// Without them, a head line like `Role | Org | 2019 – 2021` (see [`split_head`]).
fn entry_from_parts(entry: &mut Entry, whole: &[Inline], parts: &[Vec<Inline>]) {
    if parts.len() < 2 {
        match split_head(whole) {
            Some(head) => fill_from_head(entry, head, true),
            None => entry.title = whole.to_vec(),
        }
        return;
    }
    entry.title = parts[0].clone();
    for part in &parts[1..] {
        place_meta_part(entry, part.clone());
    }
}

/// Fills an entry's slots from a head line cut at its date: the first part is the title
/// (when `titled`), the next the subtitle unless there is one, the rest meta.
fn fill_from_head(entry: &mut Entry, head: HeadLine, titled: bool) {
    let mut parts = head.parts.into_iter();
    if titled && let Some(title) = parts.next() {
        entry.title = unwrap_marks(title);
    }
    if entry.subtitle.is_empty()
        && entry.meta.is_empty()
        && let Some(subtitle) = parts.next()
    {
        entry.subtitle = subtitle;
    }
    entry.meta.extend(parts);
    if entry.date.is_empty() {
        entry.date = head.date;
    } else {
        entry.meta.push(head.date);
    }
}

/// Puts one meta part where it belongs: the first date-like part is the date, the first
/// other part the subtitle when there is none yet, the rest meta.
fn place_meta_part(entry: &mut Entry, part: Vec<Inline>) {
    if entry.date.is_empty() && looks_like_date(&text_of(&part)) {
        entry.date = part;
    } else if entry.subtitle.is_empty() && entry.meta.is_empty() {
        entry.subtitle = part;
    } else {
        entry.meta.push(part);
    }
}

/// Consumes the leading wholly-bold (subtitle) and wholly-italic (meta) lines of an
/// entry's first paragraph; what remains becomes the entry's first paragraph.
fn take_meta_lines(entry: &mut Entry, c: &[Inline]) {
    let lines = split_lines(c);
    let mut used = 0;
    for line in &lines {
        match wholly(line) {
            Some((Wrapped::Bold, inner)) if entry.subtitle.is_empty() => {
                if let Some(head) = split_meta(&inner) {
                    fill_from_head(entry, head, false);
                    used += 1;
                    continue;
                }
                let mut parts = split_parts(&inner).into_iter();
                entry.subtitle = parts.next().unwrap_or_default();
                parts.for_each(|p| place_meta_part(entry, p));
            }
            Some((Wrapped::Italic, inner)) if entry.date.is_empty() => {
                if let Some(head) = split_meta(&inner) {
                    entry.meta.extend(head.parts);
                    entry.date = head.date;
                    used += 1;
                    continue;
                }
                for part in split_parts(&inner) {
                    if entry.date.is_empty() && looks_like_date(&text_of(&part)) {
                        entry.date = part;
                    } else {
                        entry.meta.push(part);
                    }
                }
            }
            _ => break,
        }
        used += 1;
    }
    let rest = drop_lines(c, used);
    if !rest.is_empty() {
        entry.blocks.push(Block::Para { c: rest });
    }
}

/// The content after its first `n` lines, with the remaining breaks as they were.
fn drop_lines(c: &[Inline], n: usize) -> Vec<Inline> {
    let mut seen = 0;
    let mut out = Vec::new();
    for inline in c {
        if seen >= n {
            match inline {
                Inline::Text { v } => push_text(&mut out, v),
                other => out.push(other.clone()),
            }
            continue;
        }
        match inline {
            Inline::Break => seen += 1,
            Inline::Text { v } => {
                for (i, piece) in v.split(SOFT_BREAK).enumerate() {
                    if i > 0 {
                        seen += 1;
                    }
                    if seen >= n && (i > 0 || n == 0) {
                        if !out.is_empty() {
                            push_text(&mut out, &SOFT_BREAK.to_string());
                        }
                        push_text(&mut out, piece);
                    }
                }
            }
            _ => {}
        }
    }
    trim(out)
}

/// Reads the paragraphs and lists right under `# Name`: the first line without contacts
/// is the headline, lines with contacts are the contact line. Returns blocks consumed.
fn take_header(tops: &[Top], resume: &mut Resume) -> usize {
    let mut used = 0;
    for t in tops {
        let lines: Vec<Vec<Inline>> = match &t.block {
            Block::Para { c } => split_lines(c),
            // Only a list of one-line items can be a header; anything richer is content.
            Block::List { items, .. } => {
                let lines: Option<Vec<_>> = items
                    .iter()
                    .map(|i| match i.c.as_slice() {
                        [Block::Para { c }] if split_lines(c).len() == 1 => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                match lines {
                    Some(lines) => lines,
                    None => break,
                }
            }
            _ => break,
        };
        if lines.is_empty() {
            break;
        }
        let mut headline = Vec::new();
        let mut contacts = Vec::new();
        let mut plain = false;
        for line in &lines {
            if let Some(found) = contact_line(line) {
                contacts.extend(found);
            } else if resume.headline.is_empty()
                && headline.is_empty()
                && text_of(line).len() <= 160
            {
                headline = trim(line.clone());
            } else {
                plain = true;
            }
        }
        if plain || (contacts.is_empty() && !resume.headline.is_empty()) {
            break;
        }
        if !headline.is_empty() {
            resume.headline = headline;
        }
        resume.contacts.extend(contacts);
        used += 1;
    }
    used
}

/// A line made of contact parts, when at least one part is an email, phone or address.
fn contact_line(c: &[Inline]) -> Option<Vec<Contact>> {
    // Contacts are plain text; a line carrying footnotes or images is content.
    if !notes_in(c).is_empty() || c.iter().any(|i| matches!(i, Inline::Image { .. })) {
        return None;
    }
    let mut contacts = Vec::new();
    let mut recognised = false;
    for line in split_lines(c) {
        for part in split_parts(&line) {
            let contact = contact_of_part(&part);
            recognised |=
                contact.kind != ContactKind::Text && contact.kind != ContactKind::Location;
            contacts.push(contact);
        }
    }
    recognised.then_some(contacts)
}

fn contact_of_part(part: &[Inline]) -> Contact {
    let text = text_of(part).trim().to_string();
    if let [Inline::Link { url, .. }] = part
        && let Some(kind) = link_kind(url)
    {
        return Contact {
            kind,
            text,
            url: Some(url.clone()),
        };
    }
    match contact_of(&text) {
        Some((kind, url)) => Contact {
            kind,
            text,
            url: Some(url),
        },
        None => {
            let kind = if text.chars().any(|c| c.is_ascii_digit()) || text.len() > 40 {
                ContactKind::Text
            } else {
                ContactKind::Location
            };
            Contact {
                kind,
                text,
                url: None,
            }
        }
    }
}

/// The footnotes inside inline content, at any depth.
fn notes_in(c: &[Inline]) -> Vec<&Vec<Block>> {
    let mut out = Vec::new();
    for inline in c {
        match inline {
            Inline::Note { c } => out.push(c),
            other => out.extend(notes_in(other.children())),
        }
    }
    out
}

/// Puts each footnote's definition into its references; definitions nobody references
/// stay where they were written, so their words still print.
fn attach_footnotes(tops: &mut Vec<Top>, footnotes: HashMap<String, (Vec<Block>, usize)>) {
    let mut used = HashSet::new();
    let resolve = |c: &mut Vec<Inline>, used: &mut HashSet<String>, nested: bool| {
        fill_notes(c, &footnotes, used, nested)
    };
    for t in tops.iter_mut() {
        visit_blocks_mut(std::slice::from_mut(&mut t.block), &mut |c| {
            resolve(c, &mut used, false)
        });
        for part in &mut t.parts {
            resolve(part, &mut used, false);
        }
    }
    let mut orphans: Vec<_> = footnotes
        .iter()
        .filter(|(label, _)| !used.contains(*label))
        .collect();
    orphans.sort_by_key(|(_, (_, at))| *at);
    for (_, (blocks, at)) in orphans {
        let index = tops.partition_point(|t| t.offset <= *at);
        let mut blocks = blocks.clone();
        visit_blocks_mut(&mut blocks, &mut |c| resolve(c, &mut HashSet::new(), true));
        for (i, block) in blocks.into_iter().enumerate() {
            tops.insert(
                index + i,
                Top {
                    block,
                    offset: *at,
                    parts: Vec::new(),
                },
            );
        }
    }
}

/// Footnotes beyond this many print inline in brackets: Typst's footnote layout grows
/// steeply with their number (3,000 take half a minute and gigabytes).
pub(crate) const MAX_FOOTNOTES: usize = 200;

fn limit_notes(tops: &mut [Top], warnings: &mut Vec<Diagnostic>) {
    let mut count = 0;
    let mut inlined = 0;
    for t in tops.iter_mut() {
        visit_blocks_mut(std::slice::from_mut(&mut t.block), &mut |c| {
            for inline in c.iter_mut() {
                if let Inline::Note { c: blocks } = inline {
                    count += 1;
                    if count > MAX_FOOTNOTES {
                        *inline = Inline::Text {
                            v: format!(" [{}]", blocks_plain_text(blocks)),
                        };
                        inlined += 1;
                    }
                }
            }
        });
    }
    if inlined > 0 {
        warnings.push(Diagnostic::warning(None, format!(
            "{count} footnotes; beyond the first {MAX_FOOTNOTES}, {inlined} are printed in brackets where they are referenced"
        )));
    }
}

fn fill_notes(
    c: &mut [Inline],
    footnotes: &HashMap<String, (Vec<Block>, usize)>,
    used: &mut HashSet<String>,
    nested: bool,
) {
    for inline in c.iter_mut() {
        let label = match &mut *inline {
            Inline::Note { c: blocks } => match blocks.as_slice() {
                [Block::Para { c }] => match c.as_slice() {
                    [Inline::Text { v }] => v.strip_prefix(NOTE_MARKER).map(str::to_string),
                    _ => None,
                },
                _ => None,
            },
            other => {
                if let Some(c) = other.children_mut() {
                    fill_notes(c, footnotes, used, nested);
                }
                None
            }
        };
        let Some(label) = label else { continue };
        match footnotes.get(&label) {
            // A note inside a note cannot be typeset; print its mark as text instead.
            Some((blocks, _)) if !nested => {
                used.insert(label);
                let mut blocks = blocks.clone();
                visit_blocks_mut(&mut blocks, &mut |c| {
                    fill_notes(c, footnotes, &mut HashSet::new(), true)
                });
                *inline = Inline::Note { c: blocks };
            }
            _ => {
                *inline = Inline::Text {
                    v: format!("[^{label}]"),
                }
            }
        }
    }
}

/// Gives every section, entry and heading a unique id: its `{#id}` or a slug of its text.
/// Returns the ids, the anchors internal links may point at.
fn assign_ids(resume: &mut Resume, warnings: &mut Vec<Diagnostic>) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut suffixes: HashMap<String, usize> = HashMap::new();
    let mut unique = |id: &mut String, text: &[Inline], fallback: &str| {
        let explicit = !id.is_empty();
        let base = if explicit {
            id.clone()
        } else {
            slug(&plain_text(text))
        };
        let base = if base.is_empty() {
            fallback.to_string()
        } else {
            base
        };
        let mut candidate = base.clone();
        let mut n = 0;
        if !seen.insert(candidate.clone()) {
            // Counting on from the last suffix this base got keeps thousands of equal
            // headings linear; trying `-1`, `-2`, … each time was quadratic.
            let next = suffixes.entry(base.clone()).or_insert(0);
            loop {
                *next += 1;
                candidate = format!("{base}-{next}");
                if seen.insert(candidate.clone()) {
                    break;
                }
            }
            n = *next;
        }
        if explicit && n > 0 {
            warnings.push(Diagnostic::warning(
                None,
                format!("id `#{base}` is used twice; the second is `#{candidate}`"),
            ));
        }
        *id = candidate;
    };
    let headings = |blocks: &mut Vec<Block>,
                    unique: &mut dyn FnMut(&mut String, &[Inline], &str)| {
        walk_headings(blocks, unique)
    };
    headings(&mut resume.summary, &mut unique);
    for section in &mut resume.sections {
        unique(&mut section.id, &section.title, "section");
        headings(&mut section.blocks, &mut unique);
        for entry in &mut section.entries {
            unique(&mut entry.id, &entry.title, "entry");
            headings(&mut entry.blocks, &mut unique);
        }
    }
    seen
}

fn walk_headings(blocks: &mut [Block], f: &mut dyn FnMut(&mut String, &[Inline], &str)) {
    for block in blocks {
        match block {
            Block::Heading { id, c, .. } => f(id, c, "heading"),
            Block::List { items, .. } => items.iter_mut().for_each(|i| walk_headings(&mut i.c, f)),
            Block::Quote { c } => walk_headings(c, f),
            _ => {}
        }
    }
}

/// Internal links to anchors that exist stay links; the others keep their text and warn.
fn resolve_refs(
    resume: &mut Resume,
    ids: &HashSet<String>,
    ref_offsets: &HashMap<String, usize>,
    lines: &LineIndex,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut missing: Vec<String> = Vec::new();
    resume.visit_mut(&mut |c| fix_refs(c, ids, &mut missing));
    missing.sort_by_key(|t| ref_offsets.get(t).copied().unwrap_or(usize::MAX));
    missing.dedup();
    for target in missing {
        let pos = ref_offsets.get(&target).map(|&o| lines.pos(o));
        warnings.push(Diagnostic::warning(
            pos,
            format!("link to missing anchor `#{target}`; its text is kept without the link"),
        ));
    }
}

fn fix_refs(c: &mut Vec<Inline>, ids: &HashSet<String>, missing: &mut Vec<String>) {
    let mut out = Vec::with_capacity(c.len());
    for mut inline in c.drain(..) {
        match &mut inline {
            Inline::Ref { target, c } => {
                fix_refs(c, ids, missing);
                if !ids.contains(target.as_str()) {
                    let slugged = slug(target);
                    if ids.contains(&slugged) {
                        *target = slugged;
                    } else {
                        missing.push(target.clone());
                        out.append(c);
                        continue;
                    }
                }
            }
            Inline::Note { c } => visit_blocks_mut(c, &mut |c| fix_refs(c, ids, missing)),
            other => {
                if let Some(c) = other.children_mut() {
                    fix_refs(c, ids, missing);
                }
            }
        }
        out.push(inline);
    }
    *c = out;
}
