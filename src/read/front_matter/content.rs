//! Résumé content kept in front matter for a template (pandoc CVs that hold everything in
//! YAML: `sections: [{title, items: [{label, text}]}]`), written out as Markdown in our
//! conventions (docs/FORMAT.md) so that the body's reader gives it its roles. Values are
//! Markdown already, as pandoc reads them.

use serde_yaml_ng::Value;

const TITLE: &[&str] = &["title", "name", "position", "role", "degree", "heading"];
const SUBTITLE: &[&str] = &[
    "organization",
    "organisation",
    "company",
    "employer",
    "institution",
    "school",
    "university",
    "org",
    "publisher",
    "journal",
];
const DATE: &[&str] = &["date", "dates", "year", "years", "period", "when"];
const PLACE: &[&str] = &["location", "place", "city", "where"];
const ITEMS: &[&str] = &[
    "items",
    "entries",
    "content",
    "bullets",
    "highlights",
    "list",
];

/// The content keys (with their values) as Markdown sections, `##` each.
pub(crate) fn as_markdown(content: &[(String, Value, Option<crate::diag::Pos>)]) -> String {
    let mut out = String::new();
    for (key, value) in content.iter().map(|(k, v, _)| (k, v)) {
        match value {
            Value::Sequence(items) if !items.is_empty() && items.iter().all(is_section) => {
                for item in items {
                    section_from_mapping(item, &humanise(key), &mut out);
                }
            }
            Value::Mapping(_) if is_section(value) => {
                section_from_mapping(value, &humanise(key), &mut out)
            }
            _ => {
                out.push_str(&format!("\n\n## {}\n\n", humanise(key)));
                body(value, &mut out);
            }
        }
    }
    out
}

/// A mapping with a title and a list of items: a section of its own.
fn is_section(value: &Value) -> bool {
    field(value, &["title", "heading", "name"]).is_some() && list_field(value).is_some()
}

fn section_from_mapping(value: &Value, fallback: &str, out: &mut String) {
    let title = field(value, &["title", "heading", "name"]).unwrap_or_else(|| fallback.into());
    out.push_str(&format!("\n\n## {}\n\n", one_line(&title)));
    if let Some(items) = list_field(value) {
        body(items, out);
    }
}

/// A section's content: text as paragraphs, a list of texts as bullets, a list of
/// mappings as entries, a mapping as `key: value` bullets.
fn body(value: &Value, out: &mut String) {
    match value {
        Value::Sequence(items) => {
            for item in items {
                match item {
                    Value::Mapping(_) => entry(item, out),
                    other => bullet(&scalar_text(other), out),
                }
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                let (Some(k), text) = (k.as_str(), scalar_text(v)) else {
                    continue;
                };
                bullet(&format!("**{}:** {text}", humanise(k)), out);
            }
        }
        other => out.push_str(&format!("{}\n\n", scalar_text(other))),
    }
}

/// One item as an entry: title, organisation, a meta line of date and place, then its
/// other texts and lists.
fn entry(item: &Value, out: &mut String) {
    let text = field(item, TEXT);
    // pandoc CV templates put a date (`2019–2021`) or a name (`Polish`) in `label`.
    let label = field(item, LABEL);
    let (label_date, label_title) = match label {
        Some(l) if l.chars().any(|c| c.is_ascii_digit()) => (Some(l), None),
        other => (None, other),
    };
    let title = field(item, TITLE).or(label_title).or_else(|| text.clone());
    let Some(title) = title else {
        return body_of_rest(item, out);
    };
    out.push_str(&format!("\n### {}\n\n", one_line(&title)));
    if let Some(org) = field(item, SUBTITLE) {
        out.push_str(&format!("**{}**\n\n", one_line(&org)));
    }
    let date = field(item, DATE).or(label_date).or_else(|| range(item));
    let meta: Vec<String> = [date, field(item, PLACE)].into_iter().flatten().collect();
    if !meta.is_empty() {
        out.push_str(&format!("_{}_\n\n", one_line(&meta.join(" · "))));
    }
    if let Some(text) = text.filter(|t| *t != title) {
        out.push_str(&format!("{text}\n\n"));
    }
    if let Some(items) = list_field(item) {
        body(items, out);
    }
    other_fields(item, out);
}

/// The names of the fields an entry reads into its slots.
const TEXT: &[&str] = &["text", "description", "summary", "details", "body", "value"];
const FROM: &[&str] = &["from", "start", "start_date", "startdate"];
const TO: &[&str] = &["to", "end", "end_date", "enddate"];
const LABEL: &[&str] = &["label"];

/// The fields of an entry that fill none of its slots (`url`, `grade`, `note`…), as
/// labelled bullets: nothing a template would have printed is lost.
fn other_fields(item: &Value, out: &mut String) {
    let Some(map) = item.as_mapping() else {
        return;
    };
    let slots = [TITLE, SUBTITLE, DATE, PLACE, ITEMS, TEXT, FROM, TO, LABEL];
    for (k, v) in map {
        let Some(k) = k.as_str() else { continue };
        let known = slots
            .iter()
            .any(|names| names.iter().any(|n| n.eq_ignore_ascii_case(k)));
        let text = scalar_text(v);
        if !known && !text.trim().is_empty() {
            bullet(&format!("**{}:** {text}", humanise(k)), out);
        }
    }
}

/// An item without a title: its texts, as they come.
fn body_of_rest(item: &Value, out: &mut String) {
    if let Value::Mapping(map) = item {
        for v in map.values() {
            body(v, out);
        }
    }
}

/// `from`/`to` (or `start`/`end`) as a range.
fn range(item: &Value) -> Option<String> {
    let from = field(item, FROM)?;
    let to = field(item, TO).unwrap_or_else(|| "Present".into());
    Some(format!("{from} – {to}"))
}

fn bullet(text: &str, out: &mut String) {
    let text = text.trim().replace('\n', "\n  ");
    if !text.is_empty() {
        out.push_str(&format!("- {text}\n"));
    }
}

/// The first of `names` that `value` has as a scalar, as text.
fn field(value: &Value, names: &[&str]) -> Option<String> {
    let map = value.as_mapping()?;
    names.iter().find_map(|n| {
        map.iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(n)))
            .map(|(_, v)| scalar_text(v))
            .filter(|t| !t.trim().is_empty())
    })
}

fn list_field(value: &Value) -> Option<&Value> {
    let map = value.as_mapping()?;
    ITEMS.iter().find_map(|n| {
        map.iter()
            .find(|(k, v)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(n)) && v.is_sequence())
            .map(|(_, v)| v)
    })
}

/// A value as text: scalars as written, lists joined with commas.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Sequence(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Mapping(m) => m.values().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Null => String::new(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `work_experience` → `Work experience`.
fn humanise(key: &str) -> String {
    let words = key.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(yaml: &str) -> String {
        let map: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(yaml).unwrap();
        let content: Vec<_> = map
            .into_iter()
            .map(|(k, v)| (k.as_str().unwrap().to_string(), v, None))
            .collect();
        as_markdown(&content)
    }

    #[test]
    fn a_list_of_titled_sections_becomes_sections_of_entries() {
        let out = md(
            "sections:\n  - title: Education\n    items:\n      - {label: 2010–2014, text: \"PhD in Physics, Oxford\"}\n",
        );
        assert!(out.contains("## Education"), "{out}");
        assert!(
            out.contains("### PhD in Physics, Oxford\n\n_2010–2014_"),
            "{out}"
        );
    }

    #[test]
    fn keys_become_section_titles_and_lists_bullets() {
        let out = md(
            "work_experience:\n  - {position: Engineer, company: Acme, from: 2019}\nhobbies: [chess, climbing]\n",
        );
        assert!(out.contains("## Work experience"), "{out}");
        assert!(
            out.contains("### Engineer\n\n**Acme**\n\n_2019 – Present_"),
            "{out}"
        );
        assert!(out.contains("## Hobbies\n\n- chess\n- climbing"), "{out}");
    }

    #[test]
    fn fields_that_fill_no_slot_still_print() {
        let out = md(
            "talks:\n  - {title: Rust at scale, year: 2021, url: \"https://example.org/t\", venue: RustConf}\n",
        );
        assert!(out.contains("### Rust at scale"), "{out}");
        assert!(out.contains("- **Url:** https://example.org/t"), "{out}");
        assert!(out.contains("- **Venue:** RustConf"), "{out}");
        assert!(
            !out.contains("**Title:**") && !out.contains("**Year:**"),
            "{out}"
        );
    }
}
