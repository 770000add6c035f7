//! The built-in layouts, compiled into the binary.

/// The shared helpers every layout imports as `/resume-pdf/common.typ`.
pub(crate) const COMMON: &str = include_str!("../../layouts/common.typ");

/// A built-in layout: its name, what it looks like, its Typst source.
#[derive(Debug, PartialEq)]
pub struct Layout {
    /// What `--layout` and front matter call it.
    pub name: &'static str,
    /// What it looks like, in a line.
    pub description: &'static str,
    pub(crate) source: &'static str,
}

impl Layout {
    /// Body text size in points at scale 1, for fitting to pages. Read from the layout's
    /// own source, so that it is written once: the `size:` its `setup.with(…)` passes,
    /// else `setup`'s default in common.typ.
    pub(crate) fn body_size(&self) -> f64 {
        size_argument(self.source, "setup.with(").unwrap_or(*CUSTOM_BODY_SIZE)
    }
}

pub(crate) const BUILT_IN: &[Layout] = &[
    Layout {
        name: "classic",
        description: "serif, single column, centred name, rules under section titles",
        source: include_str!("../../layouts/classic.typ"),
    },
    Layout {
        name: "modern",
        description: "sans-serif, left-aligned header in the accent colour, quiet section labels",
        source: include_str!("../../layouts/modern.typ"),
    },
    Layout {
        name: "compact",
        description: "dense single column for one-page résumés, meta inline with the title",
        source: include_str!("../../layouts/compact.typ"),
    },
    Layout {
        name: "sidebar",
        description: "two columns: tinted sidebar (contact, skills, languages) beside the main column",
        source: include_str!("../../layouts/sidebar.typ"),
    },
];

/// The body size custom layouts are assumed to use, for fitting: the default of
/// common.typ's `setup`.
pub(crate) static CUSTOM_BODY_SIZE: std::sync::LazyLock<f64> = std::sync::LazyLock::new(|| {
    size_argument(COMMON, "#let setup(").expect("common.typ's setup has a default size")
});

/// The points of the `size: …pt` argument in the first call (or definition) that starts
/// with `opener`, at its own level of parentheses.
fn size_argument(source: &str, opener: &str) -> Option<f64> {
    let args = &source[source.find(opener)? + opener.len()..];
    let mut depth = 0usize;
    for (i, c) in args.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return None,
            ')' => depth -= 1,
            _ if depth == 0 && args[i..].starts_with("size:") => {
                let after_name = !args[..i].ends_with(|p: char| p.is_alphanumeric() || p == '-');
                let value = args[i + "size:".len()..].trim_start();
                let points = value.split_once("pt")?.0;
                if after_name {
                    return points.trim().parse().ok();
                }
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn find(name: &str) -> Option<&'static Layout> {
    BUILT_IN.iter().find(|l| l.name == name)
}

/// The error for a layout name that is neither built in nor a `.typ` file.
pub(crate) fn unknown(name: &str) -> String {
    let names: Vec<_> = BUILT_IN.iter().map(|l| l.name).collect();
    format!(
        "unknown layout `{name}`; choose one of: {}, or a path to a .typ file",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{MAX_FONT_SIZE, MIN_FONT_SIZE};

    /// A layout names its size twice (for `config`, which it reads, and for `setup`,
    /// which sets the text); fitting reads `setup`'s, so they must agree.
    #[test]
    fn every_built_in_layout_has_one_body_size() {
        for layout in BUILT_IN {
            let size = layout.body_size();
            let config = size_argument(layout.source, "config(data").unwrap_or(*CUSTOM_BODY_SIZE);
            assert_eq!(size, config, "{}", layout.name);
            assert!(
                (MIN_FONT_SIZE..=MAX_FONT_SIZE).contains(&size),
                "{}: {size}",
                layout.name
            );
        }
    }

    #[test]
    fn the_size_argument_is_found_at_its_own_level() {
        let src = "setup.with(data, margin: (size: 3pt), font-size: 2pt, size: 9.5pt)";
        assert_eq!(size_argument(src, "setup.with("), Some(9.5));
        assert_eq!(size_argument("setup.with(data)", "setup.with("), None);
        assert_eq!(
            *CUSTOM_BODY_SIZE,
            size_argument(COMMON, "#let config(").unwrap()
        );
    }
}
