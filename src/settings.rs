//! Settings: defaults, then front matter, then the command line.

use crate::diag::{InputError, Pos};
use crate::model::{DocumentMeta, Paper, Settings, plain_text};
use crate::read::front_matter::DocKind;
use crate::read::markdown::Document;

/// Body text smaller than this is hard to read; `font_size` and fitting stop here.
pub const MIN_FONT_SIZE: f64 = 8.5;
pub const MAX_FONT_SIZE: f64 = 16.0;

/// Settings given on the command line; each wins over the front matter.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub layout: Option<String>,
    pub paper: Option<Paper>,
    pub accent: Option<String>,
    pub lang: Option<String>,
    pub font: Option<String>,
    pub font_size: Option<f64>,
    pub fit: Option<u32>,
}

/// What the render needs besides the model's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub settings: Settings,
    /// Shrink to at most this many pages.
    pub fit: Option<u32>,
}

/// Merges front matter and overrides into the document's settings and PDF metadata.
pub fn apply(doc: &mut Document, over: &Overrides) -> Result<Resolved, InputError> {
    let fm = &doc.front_matter;
    let at = |key: &str| {
        doc.front_matter_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|&(_, line)| Pos { line, col: 1 })
    };
    let bad =
        |key: &str, msg: String| InputError::new(at(key), format!("front matter `{key}`: {msg}"));

    let mut s = Settings::default();
    if let Some(layout) = over.layout.clone().or_else(|| fm.layout.clone()) {
        s.layout = layout.trim().to_string();
    }
    s.paper = match (over.paper, &fm.paper) {
        (Some(p), _) => p,
        (None, Some(p)) => parse_paper(p).map_err(|m| bad("paper", m))?,
        (None, None) => s.paper,
    };
    if let Some(accent) = &over.accent {
        s.accent =
            parse_color(accent).map_err(|m| InputError::new(None, format!("--accent: {m}")))?;
    } else if let Some(accent) = &fm.accent {
        s.accent = parse_color(accent).map_err(|m| bad("accent", m))?;
    }
    if let Some(lang) = over.lang.as_ref().or(fm.lang.as_ref()) {
        s.lang = parse_lang(lang).map_err(|m| match over.lang {
            Some(_) => InputError::new(None, format!("--lang: {m}")),
            None => bad("lang", m),
        })?;
    }
    s.font = over
        .font
        .clone()
        .or_else(|| fm.font.clone())
        .map(|f| f.trim().to_string());
    s.font_size = match (over.font_size, fm.font_size) {
        (Some(size), _) => Some(size),
        (None, Some(size)) => Some(check_font_size(size).map_err(|m| bad("font_size", m))?),
        (None, None) => None,
    };
    let fit = over.fit.or(fm.fit);
    if fit == Some(0) {
        return Err(bad("fit", "must be at least 1 page".into()));
    }

    let kind = match fm.kind {
        Some(DocKind::Cv) => "CV",
        _ => "Résumé",
    };
    let resume = &mut doc.resume;
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
    resume.document = DocumentMeta {
        title,
        author: resume.name.clone(),
        keywords,
    };
    resume.settings = s.clone();
    Ok(Resolved { settings: s, fit })
}

pub fn parse_paper(value: &str) -> Result<Paper, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "a4" => Ok(Paper::A4),
        "us-letter" | "letter" | "us_letter" => Ok(Paper::UsLetter),
        other => Err(format!("unknown paper `{other}`; use a4 or us-letter")),
    }
}

/// A hex colour (`#1f6feb`, `#abc`) or a CSS colour name (`teal`), as `#rrggbb`.
pub fn parse_color(value: &str) -> Result<String, String> {
    let color = csscolorparser::parse(value.trim()).map_err(|_| {
        format!("`{value}` is not a colour; use a hex code like #1f6feb or a name like teal")
    })?;
    let [r, g, b, _] = color.to_rgba8();
    Ok(format!("#{r:02x}{g:02x}{b:02x}"))
}

/// An ISO 639 language code, as Typst accepts it.
pub fn parse_lang(value: &str) -> Result<String, String> {
    let v = value.trim().to_ascii_lowercase();
    if (2..=3).contains(&v.len()) && v.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(v)
    } else {
        Err(format!(
            "`{value}` is not a language code; use an ISO 639 code like en or de"
        ))
    }
}

pub fn check_font_size(size: f64) -> Result<f64, String> {
    if (MIN_FONT_SIZE..=MAX_FONT_SIZE).contains(&size) {
        Ok(size)
    } else {
        Err(format!(
            "{size} pt is outside {MIN_FONT_SIZE}–{MAX_FONT_SIZE} pt"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(parse_color("#1F6FEB").unwrap(), "#1f6feb");
        assert_eq!(parse_color("teal").unwrap(), "#008080");
        assert!(parse_color("#zzz").is_err());
    }

    #[test]
    fn papers_and_languages() {
        assert_eq!(parse_paper("Letter").unwrap(), Paper::UsLetter);
        assert!(parse_paper("a5").is_err());
        assert_eq!(parse_lang("DE").unwrap(), "de");
        assert!(parse_lang("english").is_err());
    }
}
