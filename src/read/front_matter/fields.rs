//! Which keys the front matter understands: ours, and those of the tools résumés are also
//! written for (Jekyll, Hugo, pandoc, R Markdown's vitae, Quarto), taken where their
//! meaning is clear and otherwise passed over, so that another tool's front matter never
//! fails a render. docs/FORMAT.md lists them.

use std::collections::HashSet;
use std::fmt;

use serde::Deserializer;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_yaml_ng::Value;

use super::values::{Accent, FontSize, Keywords, Lang, Name, Pages, PaperValue, Text};
use super::{FrontMatter, LinkSpec};

/// Keys of other tools that say nothing about the résumé's content or look: read
/// silently and left out.
const FOREIGN: &[&str] = &[
    // Jekyll, Hugo and other static-site generators
    "permalink",
    "published",
    "categories",
    "category",
    "tags",
    "description",
    "excerpt",
    "redirect_from",
    "sitemap",
    "nav_order",
    "hide",
    "draft",
    "weight",
    "slug",
    "type",
    "menu",
    "aliases",
    "lastmod",
    "url",
    "toc",
    "comments",
    "share",
    "image",
    "og_image",
    "sidebar",
    "classes",
    "author_profile",
    "search",
    // pandoc and its LaTeX templates
    "date",
    "subtitle",
    "geometry",
    "documentclass",
    "classoption",
    "fontsize",
    "mainfont",
    "sansfont",
    "monofont",
    "mathfont",
    "fontfamily",
    "fontfamilyoptions",
    "linestretch",
    "papersize",
    "margin",
    "margin-left",
    "margin-right",
    "margin-top",
    "margin-bottom",
    "header-includes",
    "include-before",
    "include-after",
    "bibliography",
    "csl",
    "colorlinks",
    "linkcolor",
    "urlcolor",
    "citecolor",
    "numbersections",
    "indent",
    "pagestyle",
    "mainlang",
    "otherlangs",
    "dir",
    "links-as-notes",
    // R Markdown (vitae) and Quarto
    "output",
    "docname",
    "profilepic",
    "headcolor",
    "params",
    "format",
    "execute",
    "editor",
    "jupyter",
    "engine",
    "filters",
    "crossref",
    "knitr",
];

/// The front matter as read, and the keys nobody knows whose values carry no text.
#[derive(Default)]
pub(super) struct Read {
    pub front_matter: FrontMatter,
    pub unknown: Vec<String>,
}

/// Reads the front matter's mapping, passing over the keys in `skip` (values of ours
/// already found not to fit).
pub(super) fn read<'de>(
    de: serde_yaml_ng::Deserializer<'de>,
    skip: &HashSet<String>,
) -> Result<Read, serde_yaml_ng::Error> {
    de.deserialize_any(Fields { skip })
}

/// The top-level key an error message (`front matter `links[0]`: …`) is about.
pub(super) fn key_of(message: &str) -> Option<String> {
    let path = message.strip_prefix("front matter `")?.split('`').next()?;
    let key = path.split(['.', '[']).next()?;
    (!key.is_empty()).then(|| key.to_string())
}

struct Fields<'a> {
    skip: &'a HashSet<String>,
}

/// What other tools' keys said, merged into ours once all are read.
#[derive(Default)]
struct Theirs {
    author: Option<String>,
    title: Option<String>,
    surname: Option<String>,
    headline: Option<String>,
    location: Option<String>,
    website: Option<String>,
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("keys with values (`name: Ada Lovelace`)")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Read, E> {
        Ok(Read::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut read = Read::default();
        let mut theirs = Theirs::default();
        while let Some(Text(key)) = map.next_key::<Text>()? {
            let key = key.unwrap_or_default();
            if self.skip.contains(&key) {
                map.next_value::<IgnoredAny>()?;
            } else if !ours(&key, &mut map, &mut read.front_matter)?
                && !theirs_known(&key, &mut map, &mut read.front_matter, &mut theirs)?
            {
                unknown(key, map.next_value::<Value>()?, &mut read);
            }
        }
        merge(&mut read.front_matter, theirs);
        Ok(read)
    }
}

/// Reads `key`'s value if the key is one of ours; says whether it was.
fn ours<'de, A: MapAccess<'de>>(
    key: &str,
    map: &mut A,
    fm: &mut FrontMatter,
) -> Result<bool, A::Error> {
    match key {
        "name" => fm.name = map.next_value::<Name>()?.0,
        "headline" => fm.headline = map.next_value::<Text>()?.0,
        "email" => fm.email = map.next_value::<Text>()?.0,
        "phone" => fm.phone = map.next_value::<Text>()?.0,
        "location" => fm.location = map.next_value::<Text>()?.0,
        "website" => fm.website = map.next_value::<Text>()?.0,
        "links" => {
            fm.links = map
                .next_value::<Option<Vec<LinkSpec>>>()?
                .unwrap_or_default()
        }
        "layout" => fm.layout = map.next_value::<Text>()?.0,
        "paper" => fm.paper = map.next_value::<PaperValue>()?.0,
        "accent" => fm.accent = map.next_value::<Accent>()?.0,
        "lang" => fm.lang = map.next_value::<Lang>()?.0,
        "font" => fm.font = map.next_value::<Text>()?.0,
        "font_size" => fm.font_size = map.next_value::<FontSize>()?.0,
        "fit" => fm.fit = map.next_value::<Pages>()?.0,
        "kind" => fm.kind = map.next_value()?,
        "keywords" => fm.keywords = map.next_value::<Keywords>()?.0.unwrap_or_default(),
        _ => return Ok(false),
    }
    Ok(true)
}

/// Reads `key`'s value if another tool's key we understand or knowingly pass over.
fn theirs_known<'de, A: MapAccess<'de>>(
    key: &str,
    map: &mut A,
    fm: &mut FrontMatter,
    theirs: &mut Theirs,
) -> Result<bool, A::Error> {
    match key.to_lowercase().as_str() {
        "author" | "authors" => theirs.author = map.next_value::<Name>()?.0,
        "title" => theirs.title = map.next_value::<Name>()?.0,
        "surname" | "lastname" | "last_name" => theirs.surname = map.next_value::<Text>()?.0,
        "position" | "jobtitle" | "job_title" | "tagline" => {
            theirs.headline = map.next_value::<Text>()?.0
        }
        "address" => theirs.location = map.next_value::<Text>()?.0,
        "www" | "homepage" => theirs.website = map.next_value::<Text>()?.0,
        "aboutme" | "about" | "summary" | "abstract" => fm.summary = map.next_value::<Text>()?.0,
        "contact" | "contacts" | "social" => {
            if let Value::Mapping(entries) = map.next_value::<Value>()? {
                for (k, v) in entries {
                    if let (Value::String(k), Some(v)) = (k, plain(&v)) {
                        contact(fm, theirs, &k.to_lowercase(), v);
                    }
                }
            }
        }
        k if profile_url(k, "x").is_some() => {
            if let Some(v) = map.next_value::<Text>()?.0 {
                contact(fm, theirs, k, v);
            }
        }
        k if FOREIGN.contains(&k) => {
            map.next_value::<IgnoredAny>()?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A key nobody knows: content when its value carries text, else a key to warn about.
fn unknown(key: String, value: Value, read: &mut Read) {
    if words_in(&value) >= 5 {
        read.front_matter.content.push((key, value, None));
    } else {
        read.unknown.push(key);
    }
}

fn words_in(value: &Value) -> usize {
    match value {
        Value::String(s) => s.split_whitespace().count(),
        Value::Sequence(items) => items.iter().map(words_in).sum(),
        Value::Mapping(m) => m.values().map(words_in).sum(),
        Value::Tagged(t) => words_in(&t.value),
        _ => 0,
    }
}

/// A scalar as text.
fn plain(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One entry of a `contact:` mapping, or a profile key (`github: ada`).
fn contact(fm: &mut FrontMatter, theirs: &mut Theirs, key: &str, value: String) {
    let slot = match key {
        "email" | "mail" => &mut fm.email,
        "phone" | "mobile" | "tel" | "telephone" => &mut fm.phone,
        "address" | "location" | "city" => &mut theirs.location,
        "website" | "www" | "homepage" | "web" | "url" => &mut theirs.website,
        _ => {
            if let Some(url) = profile_url(key, &value) {
                fm.links.push(LinkSpec::Url(url));
            } else if value.starts_with("http://") || value.starts_with("https://") {
                fm.links.push(LinkSpec::Url(value));
            }
            return;
        }
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// The profile page of a handle on a site people list on a résumé.
fn profile_url(site: &str, handle: &str) -> Option<String> {
    let handle = handle.trim().trim_start_matches('@');
    if handle.starts_with("http://") || handle.starts_with("https://") {
        return Some(handle.to_string());
    }
    let base = match site {
        "github" => "https://github.com/",
        "gitlab" => "https://gitlab.com/",
        "linkedin" => "https://www.linkedin.com/in/",
        "orcid" => "https://orcid.org/",
        "twitter" | "x" => "https://x.com/",
        "stackoverflow" => "https://stackoverflow.com/users/",
        _ => return None,
    };
    Some(format!("{base}{handle}"))
}

/// Other tools' values fill only what ours left empty.
fn merge(fm: &mut FrontMatter, theirs: Theirs) {
    if let (Some(name), Some(surname)) = (&mut fm.name, &theirs.surname) {
        name.push(' ');
        name.push_str(surname);
    }
    fm.fallback_name = theirs.author.or(theirs.title);
    fm.headline = fm.headline.take().or(theirs.headline);
    fm.location = fm.location.take().or(theirs.location);
    fm.website = fm.website.take().or(theirs.website);
}
