//! YAML front matter: finding it, reading it, and reporting mistakes by line and key.

use serde::{Deserialize, Deserializer};

use crate::diag::{InputError, Pos, Warning};

/// The keys a résumé's front matter may set; all optional.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    #[serde(deserialize_with = "scalar_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub headline: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub email: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub phone: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub location: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub website: Option<String>,
    pub links: Vec<LinkSpec>,
    #[serde(deserialize_with = "scalar_string")]
    pub layout: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub paper: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub accent: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub lang: Option<String>,
    #[serde(deserialize_with = "scalar_string")]
    pub font: Option<String>,
    pub font_size: Option<f64>,
    pub fit: Option<u32>,
    pub kind: Option<DocKind>,
    pub keywords: Vec<String>,
}

/// An entry of `links:`: a bare URL or a labelled one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged, expecting = "a URL or a mapping with `label` and `url`")]
pub enum LinkSpec {
    Url(String),
    Labeled { label: String, url: String },
}

/// Chooses the PDF title suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Resume,
    Cv,
}

/// Phone numbers and years are often written unquoted; YAML then reads a number.
fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged, expecting = "a string")]
    enum Scalar {
        S(String),
        I(i64),
        F(f64),
        B(bool),
    }
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| match s {
        Scalar::S(s) => s,
        Scalar::I(i) => i.to_string(),
        Scalar::F(f) => f.to_string(),
        Scalar::B(b) => b.to_string(),
    }))
}

/// The front matter split off a document.
pub struct Split<'a> {
    /// The YAML text, without the fences; `None` when the document has no front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds a leading `---` … `---` (or `...`) block whose first line reads like a YAML key,
/// so that a résumé opening with a thematic break is not mistaken for front matter.
pub fn split(source: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        yaml_line: 0,
        body_start: 0,
    };
    let mut lines = line_spans(source);
    let Some((_, first)) = lines.next() else {
        return none;
    };
    if first.trim_end() != "---" {
        return none;
    }
    let yaml_start = first.len();
    let mut first_content = None;
    for (start, line) in lines {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim_end() == "---" || bare.trim_end() == "..." {
            let looks_like_yaml = first_content.is_none_or(|l: &str| {
                let l = l.trim_start();
                l.starts_with('#') || yaml_key_prefix(l)
            });
            if !looks_like_yaml {
                return none;
            }
            return Split {
                yaml: Some(&source[yaml_start..start]),
                yaml_line: 2,
                body_start: start + line.len(),
            };
        }
        if first_content.is_none() && !bare.trim().is_empty() {
            first_content = Some(bare);
        }
    }
    none
}

fn yaml_key_prefix(line: &str) -> bool {
    let key_end = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    key_end > 0 && line[key_end..].trim_start().starts_with(':')
}

/// Lines with their byte offsets, each including its line ending.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let span = (start, &text[start..end]);
        start = end;
        Some(span)
    })
}

/// Reads the YAML; type errors name the key and the line, unknown keys become warnings.
pub fn parse(yaml: &str, first_line: usize) -> Result<(FrontMatter, Vec<Warning>), InputError> {
    if yaml.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    let mut unknown = Vec::new();
    let de = serde_yaml_ng::Deserializer::from_str(yaml);
    let parsed: Result<FrontMatter, _> =
        serde_ignored::deserialize(de, |path| unknown.push(path.to_string()));
    let fm = parsed.map_err(|err| {
        let pos = err.location().map(|l| Pos {
            line: l.line() + first_line - 1,
            col: l.column(),
        });
        InputError::new(
            pos,
            format!("front matter: {}", strip_location(&err.to_string())),
        )
    })?;
    let warnings = unknown
        .into_iter()
        .map(|key| {
            let top = key.split(['.', '[']).next().unwrap_or(&key);
            let pos = key_lines(yaml, first_line)
                .into_iter()
                .find(|(k, _)| k == top)
                .map(|(_, line)| Pos { line, col: 1 });
            Warning::new(pos, format!("front matter: unknown key `{key}` ignored"))
        })
        .collect();
    Ok((fm, warnings))
}

/// The file line of each top-level key (the YAML starts at `first_line`), for messages
/// about its value.
pub fn key_lines(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let (key, _) = l.split_once(':')?;
            (!l.starts_with([' ', '\t', '-', '#']))
                .then(|| (key.trim_end().to_string(), i + first_line))
        })
        .collect()
}

/// serde_yaml_ng writes YAML-relative positions into its messages; ours are relative to
/// the file and given separately.
fn strip_location(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail
            .find(" column ")
            .filter(|&c| tail[..c].chars().all(|ch| ch.is_ascii_digit()))
            .map(|c| {
                c + " column ".len()
                    + tail[c + 8..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .count()
            });
        match skip {
            Some(n) => rest = &tail[n..],
            None => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_body_offset() {
        let src = "---\nname: Ada\n---\n# Body\n";
        let s = split(src);
        assert_eq!(s.yaml, Some("name: Ada\n"));
        assert_eq!(&src[s.body_start..], "# Body\n");
    }

    #[test]
    fn a_leading_rule_is_not_front_matter() {
        let s = split("---\nSome text\n---\n");
        assert!(s.yaml.is_none());
    }

    #[test]
    fn wrong_type_names_key_and_file_line() {
        let err = parse("name: Ada\nlinks: 3\n", 2).unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(3));
        assert!(err.message.contains("links"), "{}", err.message);
    }

    #[test]
    fn unknown_keys_warn_with_line() {
        let (fm, w) = parse("name: Ada\ncolour: red\n", 2).unwrap();
        assert_eq!(fm.name.as_deref(), Some("Ada"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].pos.map(|p| p.line), Some(3));
        assert!(w[0].message.contains("colour"));
    }

    #[test]
    fn unquoted_phone_number_is_a_string() {
        let (fm, _) = parse("phone: 5550100\n", 2).unwrap();
        assert_eq!(fm.phone.as_deref(), Some("5550100"));
    }
}
