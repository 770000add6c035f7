//! The built-in layouts, compiled into the binary.

/// The shared helpers every layout imports as `/resume-pdf/common.typ`.
pub const COMMON: &str = include_str!("../../layouts/common.typ");

/// A built-in layout: its name, what it looks like, its Typst source.
pub struct Layout {
    pub name: &'static str,
    pub description: &'static str,
    pub source: &'static str,
    /// Body text size in points at scale 1, for fitting to pages.
    pub body_size: f64,
}

pub const BUILT_IN: &[Layout] = &[
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

/// The body size of a layout; custom layouts are assumed to use the common 10.5 pt.
pub fn body_size(name: &str) -> f64 {
    find(name).map_or(10.5, |l| l.body_size)
}

pub fn find(name: &str) -> Option<&'static Layout> {
    BUILT_IN.iter().find(|l| l.name == name)
}

/// The error for a layout name that is neither built in nor a `.typ` file.
pub fn unknown(name: &str) -> String {
    let names: Vec<_> = BUILT_IN.iter().map(|l| l.name).collect();
    format!(
        "unknown layout `{name}`; choose one of: {}, or a path to a .typ file",
        names.join(", ")
    )
}
