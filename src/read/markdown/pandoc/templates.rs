//! The template syntax of static-site CVs: Hugo shortcodes (`{{< … >}}`, `{{% … %}}`)
//! and Liquid/Jinja tags (`{% … %}`, `{{ … }}`, `{# … #}`). An entry shortcode becomes an
//! entry's heading and lines; everything else is dropped, with a warning per cause.

use super::{Out, window};

/// Hugo shortcodes read as an entry, from their named arguments.
const ENTRY_SHORTCODES: &[&str] = &[
    "job",
    "experience",
    "entry",
    "position",
    "work",
    "education",
];

/// A template tag at the start of `rest` (at input offset `at`): the length taken, or
/// `None` when `rest` starts none.
pub(super) fn tag(out: &mut Out, at: usize, rest: &str) -> Option<usize> {
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}")] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = window(inner).find(close)?;
            // Between words, a dropped tag still separates them.
            let n = open.len() + end + close.len();
            let spaces = out.space(at, &rest[n..]);
            shortcode(out, at, inner[..end].trim());
            return Some(n + spaces);
        }
    }
    for (open, close) in [("{%", "%}"), ("{{", "}}"), ("{#", "#}")] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = window(inner).find(close)?;
            let tag = inner[..end].trim();
            // `{% if %}` and `{% endif %}` are two causes, each told once; `{{ x }}` is
            // told for each value it stands for.
            let cause = match open {
                "{{" => tag,
                _ => tag.split_whitespace().next().unwrap_or(""),
            };
            out.warn_once(
                at,
                format!("{open}{cause}"),
                format!(
                    "template tag `{open} {tag} {close}` dropped: a site generator fills it in, not resume-pdf"
                ),
            );
            let n = open.len() + end + close.len();
            return Some(n + out.space(at, &rest[n..]));
        }
    }
    None
}

/// One shortcode's inside: `job title="…" company="…"` opens an entry; others go.
fn shortcode(out: &mut Out, at: usize, inner: &str) {
    let name = inner.split_whitespace().next().unwrap_or("");
    if name.starts_with('/') {
        return; // the closing half of a pair: its body is kept as the entry's content
    }
    if !ENTRY_SHORTCODES.contains(&name) {
        out.warn_once(
            at,
            format!("shortcode {name}"),
            format!(
                "Hugo shortcode `{name}` dropped: a site generator fills it in, not resume-pdf"
            ),
        );
        return;
    }
    let args = named_args(&inner[name.len()..]);
    out.push(at, &entry(name, &args));
}

/// The Markdown of an entry from a shortcode's arguments: `### title`, `**organisation**`,
/// `_dates · place_`. The values are text: their Markdown punctuation is escaped.
fn entry(name: &str, args: &[(String, String)]) -> String {
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| args.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()))
            .filter(|v| !v.is_empty())
            .map(escape)
    };
    let title = get(&["title", "role", "position", "degree"]);
    let org = get(&[
        "company",
        "organization",
        "org",
        "employer",
        "institution",
        "school",
    ]);
    let from = get(&["from", "start", "since"]);
    let to = get(&["to", "end", "until"]);
    let place = get(&["location", "place", "city"]);
    let dates = match (from, to) {
        (Some(f), Some(t)) => Some(format!("{f} – {t}")),
        (f, t) => f.or(t),
    };
    let meta: Vec<String> = dates.into_iter().chain(place).collect();
    let heading = match (&title, &org) {
        (Some(t), _) => t.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => escape(name),
    };
    let mut md = format!("\n### {heading}\n\n");
    if let (Some(_), Some(org)) = (&title, &org) {
        md.push_str(&format!("**{org}**\n\n"));
    }
    if !meta.is_empty() {
        md.push_str(&format!("_{}_\n\n", meta.join(" · ")));
    }
    md
}

/// `s` with every ASCII punctuation character backslash-escaped: it prints as written.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `key="value" key='value' key=value`, in order.
fn named_args(s: &str) -> Vec<(String, String)> {
    let mut args = Vec::new();
    let mut rest = s.trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 1..];
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(e) => (&after[1..1 + e], &after[e + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        args.push((key, value.trim().to_string()));
        rest = next.trim_start();
    }
    args
}
