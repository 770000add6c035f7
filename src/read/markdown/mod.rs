//! Markdown résumé to [`Resume`]: front matter, then two passes over the body.

mod blocks;
mod html;
mod marks;
mod pandoc;
pub(crate) mod recognise;
mod structure;

use crate::diag::{Diagnostic, LineIndex};
use crate::model::{Block, Contact, ContactKind, DocumentMeta, Inline, Resume, plain_text};
use crate::read::front_matter::{self, DocKind, FrontMatter, LinkSpec};
pub use blocks::ImageCheck;
use recognise::{finish_text, trim};

/// A parsed résumé before settings are applied, with the front matter it came with.
#[derive(Debug)]
pub struct Document {
    pub resume: Resume,
    pub(crate) front_matter: FrontMatter,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a Markdown résumé. `images` vets each image path (returning the path the layout loads and the format, or why it is left out).
pub fn parse(source: &str, images: ImageCheck) -> Result<Document, Diagnostic> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let (source, capped) = marks::cap(source);
    let source = source.as_ref();
    let lines = LineIndex::new(source);
    let split = front_matter::split(source);
    let mut warnings_early = Vec::new();
    let rewritten = pandoc::rewrite(&source[split.body_start..], split.yaml.is_none());
    for (at, message) in &rewritten.warnings {
        let pos = lines.pos(split.body_start + at);
        warnings_early.push(Diagnostic::warning(Some(pos), message.clone()));
    }
    let (front_matter, mut warnings) = match split.yaml {
        Some(yaml) => front_matter::parse(yaml, split.yaml_line)?,
        None => (FrontMatter::default(), Vec::new()),
    };
    warnings.extend(capped);
    warnings.append(&mut warnings_early);

    let mut body = std::borrow::Cow::Borrowed(rewritten.text.as_str());
    if !front_matter.content.is_empty() {
        // After the body, where its positions run past the file: their messages point
        // at the file's end; the guess itself was told at each key's line.
        let generated = front_matter::as_markdown(&front_matter.content);
        // Texts a template would have printed carry its syntax too (`{{% callout %}}`).
        let generated = pandoc::rewrite(&generated, false);
        let at = lines.pos(source.len());
        for (_, message) in generated.warnings {
            warnings.push(Diagnostic::warning(Some(at), message));
        }
        body = format!("{body}\n\n{}", generated.text).into();
    }
    let mut parsed = blocks::Builder::new(&body, split.body_start, &lines, &mut warnings, images)
        .with_map(&rewritten)
        .run();
    parsed.page_breaks = rewritten.page_breaks.clone();
    let mut resume = structure::build(parsed, front_matter.name.as_deref(), &lines, &mut warnings);
    if resume.name.is_empty()
        && let Some(name) = &front_matter.fallback_name
    {
        resume.name = name.trim().to_string();
    }
    apply_front_matter(&mut resume, &front_matter, &lines, &mut warnings, images);
    resume.document = document_meta(&resume, &front_matter);
    Ok(Document {
        resume,
        front_matter,
        warnings,
    })
}

/// Front-matter identity and contacts come first; what the body's header adds follows.
fn apply_front_matter(
    resume: &mut Resume,
    fm: &FrontMatter,
    lines: &LineIndex,
    warnings: &mut Vec<Diagnostic>,
    images: ImageCheck,
) {
    if let Some(name) = &fm.name {
        resume.name = name.trim().to_string();
    }
    if let Some(headline) = &fm.headline {
        let mut c = inline_markdown(headline, lines, warnings, images);
        finish_text(&mut c);
        if !resume.headline.is_empty() && resume.headline != c {
            // Both given: keep the body's words too.
            c.push(Inline::Break);
            c.append(&mut resume.headline);
        }
        resume.headline = c;
    }
    if let Some(summary) = &fm.summary {
        let c = inline_markdown(summary, lines, warnings, images);
        if !c.is_empty() {
            resume.summary.insert(0, Block::Para { c });
        }
    }
    let mut contacts = front_matter_contacts(fm, warnings);
    contacts.append(&mut resume.contacts);
    resume.contacts = contacts;
}

/// The front matter's email, phone, location and links as contacts, in that order.
fn front_matter_contacts(fm: &FrontMatter, warnings: &mut Vec<Diagnostic>) -> Vec<Contact> {
    let mut contacts = Vec::new();
    let mut add = |kind, text: &str, url: Option<String>| {
        let text = text.trim();
        if !text.is_empty() {
            contacts.push(Contact {
                kind,
                text: text.to_string(),
                url,
            });
        }
    };
    if let Some(email) = &fm.email {
        add(
            ContactKind::Email,
            email,
            Some(format!("mailto:{}", email.trim())),
        );
    }
    if let Some(phone) = &fm.phone {
        let digits: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        add(ContactKind::Phone, phone, Some(format!("tel:{digits}")));
    }
    if let Some(location) = &fm.location {
        add(ContactKind::Location, location, None);
    }
    let urls = fm
        .website
        .iter()
        .map(|w| (display_url(w), w.as_str()))
        .chain(fm.links.iter().map(|l| match l {
            LinkSpec::Url(u) => (display_url(u), u.as_str()),
            // A link without a label shows its address rather than vanish.
            LinkSpec::Labeled { label, url } if label.trim().is_empty() => {
                (display_url(url), url.as_str())
            }
            LinkSpec::Labeled { label, url } => (label.clone(), url.as_str()),
        }));
    for (text, url) in urls {
        match web_url(url) {
            Some(url) => add(ContactKind::Url, &text, Some(url)),
            None => {
                warnings.push(Diagnostic::warning(
                    None,
                    format!("front matter: `{url}` is not a web address; shown without a link"),
                ));
                add(ContactKind::Text, &text, None);
            }
        }
    }
    contacts
}

/// The PDF's title, author and keywords: the name, the headline's parts and the front
/// matter's `keywords`.
fn document_meta(resume: &Resume, fm: &FrontMatter) -> DocumentMeta {
    let kind = match fm.kind {
        Some(DocKind::Cv) => "CV",
        _ => "Résumé",
    };
    let title = if resume.name.is_empty() {
        kind.to_string()
    } else {
        format!("{} — {kind}", resume.name)
    };
    let mut keywords: Vec<String> = plain_text(&resume.headline)
        .split(['·', '|', ',', '•', ';'])
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    keywords.extend(fm.keywords.iter().cloned());
    DocumentMeta {
        title,
        author: resume.name.clone(),
        keywords,
    }
}

/// A front-matter string read as one paragraph of inline Markdown.
fn inline_markdown(
    text: &str,
    lines: &LineIndex,
    warnings: &mut Vec<Diagnostic>,
    images: ImageCheck,
) -> Vec<Inline> {
    let parsed = blocks::Builder::new(text, 0, lines, warnings, images).run();
    let mut out = Vec::new();
    for top in parsed.tops {
        if let Block::Para { c } | Block::Heading { c, .. } = top.block {
            if !out.is_empty() {
                out.push(Inline::Text { v: " ".into() });
            }
            out.extend(c);
        }
    }
    trim(out)
}

/// `https://github.com/ada/` prints as `github.com/ada`.
fn display_url(url: &str) -> String {
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

fn web_url(url: &str) -> Option<String> {
    let url = url.trim();
    match recognise::link_kind(url) {
        Some(_) => Some(url.to_string()),
        None => recognise::contact_of(url)
            .filter(|(k, _)| *k == ContactKind::Url)
            .map(|(_, u)| u),
    }
}

#[cfg(test)]
mod tests;
