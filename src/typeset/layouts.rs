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
    /// Body text size in points at scale 1, for fitting to pages.
    pub(crate) body_size: f64,
}

pub(crate) const BUILT_IN: &[Layout] = &[
    Layout {
        name: "classic",
        description: "serif, single column, centred name, rules under section titles",
        source: include_str!("../../layouts/classic.typ"),
        body_size: 10.5,
    },
    Layout {
        name: "modern",
        description: "sans-serif, left-aligned header in the accent colour, quiet section labels",
        source: include_str!("../../layouts/modern.typ"),
        body_size: 10.0,
    },
    Layout {
        name: "compact",
        description: "dense single column for one-page résumés, meta inline with the title",
        source: include_str!("../../layouts/compact.typ"),
        body_size: 9.5,
    },
    Layout {
        name: "sidebar",
        description: "two columns: tinted sidebar (contact, skills, languages) beside the main column",
        source: include_str!("../../layouts/sidebar.typ"),
        body_size: 9.5,
    },
];

/// The body size custom layouts are assumed to use, for fitting: the common 10.5 pt.
pub(crate) const CUSTOM_BODY_SIZE: f64 = 10.5;

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
