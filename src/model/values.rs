//! The settings' values as text: a paper, a colour, a language code, a type size. Parsed
//! here once, wherever the text comes from (front matter while it is read, the command
//! line, a library caller), so that each says the same thing about the same mistake.

use super::Paper;

/// Body text smaller than this is hard to read; `font_size` and fitting stop here.
pub const MIN_FONT_SIZE: f64 = 8.5;
/// The largest body text size `font_size` accepts.
pub const MAX_FONT_SIZE: f64 = 16.0;

pub(crate) fn parse_paper(value: &str) -> Result<Paper, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "a4" => Ok(Paper::A4),
        "us-letter" | "letter" | "us_letter" => Ok(Paper::UsLetter),
        other => Err(format!("unknown paper `{other}`; use a4 or us-letter")),
    }
}

/// A hex colour (`#1f6feb`, `#abc`) or a CSS colour name (`teal`), as `#rrggbb`.
pub(crate) fn parse_color(value: &str) -> Result<String, String> {
    let color = csscolorparser::parse(value.trim()).map_err(|_| {
        format!("`{value}` is not a colour; use a hex code like #1f6feb or a name like teal")
    })?;
    let [r, g, b, _] = color.to_rgba8();
    Ok(format!("#{r:02x}{g:02x}{b:02x}"))
}

/// An ISO 639 language code, as Typst accepts it.
pub(crate) fn parse_lang(value: &str) -> Result<String, String> {
    let v = value.trim().to_ascii_lowercase();
    if (2..=3).contains(&v.len()) && v.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(v)
    } else {
        Err(format!(
            "`{value}` is not a language code; use an ISO 639 code like en or de"
        ))
    }
}

pub(crate) fn check_font_size(size: f64) -> Result<f64, String> {
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
