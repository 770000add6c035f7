//! YAML front matter: finding it, reading it, and reporting mistakes by line and key.

mod content;
mod fields;
mod values;

pub(crate) use content::as_markdown;

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::yaml_budget;

use crate::diag::{Diagnostic, Pos};
use crate::model::Paper;

/// The keys a résumé's front matter may set, all optional, and what other tools' keys
/// told us (see [`fields`]). The settings' values are checked while they are read, so a
/// mistake is told at the value's own line and column.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    pub name: Option<String>,
    pub headline: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub links: Vec<LinkSpec>,
    /// A built-in layout's name or a `.typ` file, resolved against the résumé's folder
    /// by the settings.
    pub layout: Option<String>,
    pub paper: Option<Paper>,
    /// As `#rrggbb`.
    pub accent: Option<String>,
    pub lang: Option<String>,
    /// A family name; whether a font has it is the renderer's to say.
    pub font: Option<String>,
    pub font_size: Option<f64>,
    pub fit: Option<u32>,
    pub kind: Option<DocKind>,
    pub keywords: Vec<String>,
    /// The name another tool's key gives (`author`, `title`), for when neither `name`
    /// nor the body's `# Name` gives one.
    pub fallback_name: Option<String>,
    /// A summary another tool's key gives (`aboutme`, `summary`, `abstract`).
    pub summary: Option<String>,
    /// Keys of nobody's whose values carry text: résumé content kept in YAML, with the
    /// key's line.
    pub content: Vec<(String, serde_yaml_ng::Value, Option<Pos>)>,
    /// The file line of each top-level key, for what is checked after reading (whether
    /// a font or a layout file exists).
    pub lines: HashMap<String, usize>,
}

impl FrontMatter {
    /// Where `key` stands in the file, when it is there.
    pub(crate) fn at(&self, key: &str) -> Option<Pos> {
        self.lines.get(key).map(|&line| Pos { line, col: 1 })
    }
}

/// An entry of `links:`: a bare URL or a labelled one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged, expecting = "a URL or a mapping with `label` and `url`")]
pub(crate) enum LinkSpec {
    Url(String),
    Labeled { label: String, url: String },
}

/// Chooses the PDF title suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DocKind {
    Resume,
    Cv,
}

/// The front matter split off a document.
pub(crate) struct Split<'a> {
    /// The YAML text, without the fences; `None` when the document has no front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds a leading `---` … `---` (or `...`) block whose first line reads like a YAML key,
/// so that a résumé opening with a thematic break is not mistaken for front matter.
pub(crate) fn split(source: &str) -> Split<'_> {
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
pub(crate) fn parse(
    yaml: &str,
    first_line: usize,
) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    yaml_budget::check_flow_depth(yaml, first_line)?;
    let to_input_error = |err: serde_yaml_ng::Error| {
        let pos = err.location().map(|l| Pos {
            line: l.line() + first_line - 1,
            col: l.column(),
        });
        let message = strip_location(&err.to_string()).replace(
            "recursion limit exceeded",
            "values nested too deep, or an `*alias` inside the value its `&anchor` names",
        );
        Diagnostic::error(pos, keyed(&message))
    };
    yaml_budget::check_expanded_size(serde_yaml_ng::Deserializer::from_str(yaml), yaml.len())
        .map_err(to_input_error)?;
    let lines: HashMap<String, usize> = key_lines(yaml, first_line).into_iter().rev().collect();
    let mut warnings = Vec::new();
    // A value of ours that does not fit (another tool's meaning, a typo) is told and
    // left out, and the front matter read again without it: at most once per key of ours.
    let mut skip = HashSet::new();
    let read = loop {
        let de = serde_yaml_ng::Deserializer::from_str(yaml);
        match fields::read(de, &skip) {
            Ok(read) => break read,
            Err(err) => {
                let diagnostic = to_input_error(err);
                match fields::key_of(&diagnostic.message) {
                    Some(key) if !skip.contains(&key) => {
                        skip.insert(key);
                        warnings.push(Diagnostic::warning(
                            diagnostic.pos,
                            format!("{} (ignored)", diagnostic.message),
                        ));
                    }
                    _ => return Err(diagnostic),
                }
            }
        }
    };
    let at = |key: &str| lines.get(key).map(|&line| Pos { line, col: 1 });
    for key in &read.unknown {
        warnings.push(Diagnostic::warning(
            at(key),
            format!("front matter: unknown key `{key}` ignored"),
        ));
    }
    let mut fm = read.front_matter;
    for (key, _, pos) in &mut fm.content {
        *pos = at(key);
        warnings.push(Diagnostic::warning(
            *pos,
            format!("front matter `{key}` is not a key of ours; its text is shown as a section (guessed from its shape)"),
        ));
    }
    fm.lines = lines;
    Ok((fm, warnings))
}

/// `front matter `links[0].url`: …` for serde's `links[0].url: …`; a message without a
/// path (a YAML syntax error) as `front matter: …`.
fn keyed(message: &str) -> String {
    match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains(char::is_whitespace) => {
            format!("front matter `{path}`: {rest}")
        }
        _ => format!("front matter: {message}"),
    }
}

/// The file line of each top-level key (the YAML starts at `first_line`), for messages
/// about its value.
fn key_lines(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
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

    /// The one warning reading `yaml` gives: a value of ours that did not fit, passed over.
    fn warned(yaml: &str) -> (FrontMatter, Diagnostic) {
        let (fm, mut w) = parse(yaml, 2).unwrap_or_else(|e| panic!("{yaml:?}: {}", e.message));
        assert_eq!(w.len(), 1, "{yaml:?}: {w:?}");
        let w = w.remove(0);
        assert!(w.message.ends_with(" (ignored)"), "{yaml:?}: {}", w.message);
        (fm, w)
    }

    #[test]
    fn wrong_type_names_key_and_file_line_and_the_rest_is_kept() {
        let (fm, w) = warned("name: Ada\nlinks: 3\nemail: a@b.org\n");
        assert_eq!(w.pos.map(|p| p.line), Some(3));
        assert!(w.message.contains("links"), "{}", w.message);
        assert_eq!(fm.name.as_deref(), Some("Ada"));
        assert_eq!(fm.email.as_deref(), Some("a@b.org"));
    }

    #[test]
    fn other_tools_front_matter_is_understood_or_passed_over() {
        let yaml = "layout: cv\ntitle: Curriculum Vitae\nauthor: [Ada Lovelace]\n\
                    keywords: \"perl, cpan, nginx\"\ndate: 2024-01-01\noutput: pdf_document\n\
                    geometry: margin=1in\nposition: Analyst\ngithub: ada\n";
        let (fm, w) = parse(yaml, 2).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(fm.layout.as_deref(), Some("cv"), "the settings judge it");
        assert_eq!(fm.fallback_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(fm.keywords, ["perl", "cpan", "nginx"]);
        assert_eq!(fm.headline.as_deref(), Some("Analyst"));
        assert_eq!(fm.links, [LinkSpec::Url("https://github.com/ada".into())]);
        let (fm, _) = parse("name: {first: Ada, last: Lovelace}\nsurname: King\n", 2).unwrap();
        assert_eq!(fm.name.as_deref(), Some("Ada Lovelace King"));
    }

    #[test]
    fn front_matter_that_holds_the_resume_is_content() {
        let yaml = "contact: {email: a@b.org, orcid: 0000-0001}\nsections:\n  - title: Education\n    items:\n      - {label: 2010, text: PhD in physics at Oxford}\n";
        let (fm, w) = parse(yaml, 2).unwrap();
        assert_eq!(fm.email.as_deref(), Some("a@b.org"));
        assert_eq!(
            fm.links,
            [LinkSpec::Url("https://orcid.org/0000-0001".into())]
        );
        assert_eq!(fm.content.len(), 1);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("`sections`") && w[0].message.contains("guessed"));
        assert_eq!(w[0].pos.map(|p| p.line), Some(3));
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

    #[test]
    fn repeated_aliases_are_refused_past_the_budget() {
        let label = "x".repeat(5000);
        let refs = vec!["*l"; 5000].join(", ");
        let yaml = format!("l: &l {{label: {label}, url: https://e.org}}\nlinks: [{refs}]\n");
        let err = parse(&yaml, 2).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
        // A few repeats are fine.
        let yaml = "l: &l {label: Home, url: https://e.org}\nlinks: [*l, *l]\n";
        assert_eq!(parse(yaml, 2).unwrap().0.links.len(), 2);
    }

    #[test]
    fn large_front_matter_without_aliases_is_within_the_budget() {
        let keywords = vec!["1"; 400_000].join(",");
        let (fm, _) = parse(&format!("keywords: [{keywords}]\n"), 2).unwrap();
        assert_eq!(fm.keywords.len(), 400_000);
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_its_place() {
        let yaml = format!(
            "name: Ada\nx: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = parse(&yaml, 2).unwrap_err();
        assert_eq!(err.pos, Some(Pos { line: 3, col: 104 }));
        assert!(err.message.contains("nested"), "{}", err.message);
        // Brackets inside quotes or comments are text.
        let quoted = format!("name: \"{}\" # {}\n", "[".repeat(200), "{".repeat(200));
        assert!(parse(&quoted, 2).is_ok());
        // A quote that cannot be one (`O'Brien`) does not hide what follows.
        let hidden = format!("name: O'Brien [{}\n", "[".repeat(200));
        assert!(parse(&hidden, 2).is_err());
    }

    #[test]
    fn values_of_the_wrong_kind_name_their_key() {
        for (yaml, words) in [
            ("headline: [1, 2]\n", ["headline", "sequence"]),
            ("headline: {a: 1}\n", ["headline", "map"]),
            ("name: !custom X\n", ["name", "!custom"]),
            ("font_size: big\n", ["font_size", "a number"]),
        ] {
            let (_, err) = warned(yaml);
            for word in words {
                assert!(err.message.contains(word), "{yaml:?}: {}", err.message);
            }
            assert!(!err.message.contains("enum"), "{yaml:?}: {}", err.message);
            assert_eq!(err.pos.map(|p| p.line), Some(2), "{yaml:?}");
        }
        let (fm, _) = parse("name: 123\nphone: +1 555\nheadline: true\n", 2).unwrap();
        assert_eq!(fm.name.as_deref(), Some("123"));
        assert_eq!(fm.headline.as_deref(), Some("true"));
    }

    #[test]
    fn settings_are_checked_as_they_are_read_at_the_value() {
        for (yaml, col, words) in [
            ("paper: a5\n", 8, ["`paper`", "a4 or us-letter"]),
            ("accent: nope\n", 9, ["`accent`", "not a colour"]),
            ("lang: english\n", 7, ["`lang`", "language code"]),
            ("font_size: 40\n", 12, ["`font_size`", "outside"]),
            ("fit: 0\n", 6, ["`fit`", "at least 1"]),
            (
                "links:\n  - {label: 3, url: [x]}\n",
                3,
                ["`links`", "`label` and `url`"],
            ),
        ] {
            let (_, err) = warned(yaml);
            let line = 2 + yaml.trim_end().lines().count() - 1;
            assert_eq!(
                err.pos,
                Some(Pos { line, col }),
                "{yaml:?}: {}",
                err.message
            );
            for word in words {
                assert!(err.message.contains(word), "{yaml:?}: {}", err.message);
            }
        }
        let (fm, _) = parse("paper: Letter\naccent: teal\nlang: DE\nfit: 2\n", 2).unwrap();
        assert_eq!(fm.paper, Some(Paper::UsLetter));
        assert_eq!(fm.accent.as_deref(), Some("#008080"));
        assert_eq!(fm.lang.as_deref(), Some("de"));
        assert_eq!(fm.fit, Some(2));
        assert_eq!(fm.at("lang"), Some(Pos { line: 4, col: 1 }));
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_named_as_such() {
        let err = parse("a: &a [*a]\n", 2).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
        assert!(!err.message.contains("recursion limit"), "{}", err.message);
    }
}
