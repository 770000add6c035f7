//! Settings: defaults, then front matter, then the command line. Each value is parsed
//! once, where its context is known: a layout file against the folder of whatever named
//! it, a front-matter value with the line it stands on.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Pos};
use crate::model::{Paper, Settings};
use crate::read::front_matter::FrontMatter;
use crate::typeset::layouts::{self, Layout};

pub use crate::model::{MAX_FONT_SIZE, MIN_FONT_SIZE};
pub(crate) use crate::model::{check_font_size, parse_color, parse_lang};

/// Settings given on the command line (or by a library caller); each wins over the front
/// matter.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub layout: Option<LayoutChoice>,
    pub paper: Option<Paper>,
    /// A colour as [`Overrides::accent`] accepts it: hex or a CSS name.
    pub accent: Option<String>,
    /// An ISO 639 language code.
    pub lang: Option<String>,
    /// A font family among the bundled ones and the renderer's font folders.
    pub font: Option<String>,
    /// Body text size in points, within [`MIN_FONT_SIZE`]–[`MAX_FONT_SIZE`].
    pub font_size: Option<f64>,
    /// Shrink the résumé until it fits this many pages.
    pub fit: Option<u32>,
}

/// A layout: one of the built-in ones, or a Typst file of the user's.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutChoice {
    BuiltIn(&'static Layout),
    /// A path already resolved against the folder of whatever named it.
    File(PathBuf),
}

impl LayoutChoice {
    /// A built-in layout's name, or a `.typ` file taken relative to `base`: the folder of
    /// whatever names it (the current folder for a command line, the résumé's own folder
    /// for its front matter). Any other name is an error that lists the choices.
    pub fn parse(name: &str, base: &Path) -> Result<Self, String> {
        let name = name.trim();
        if let Some(layout) = layouts::find(name) {
            return Ok(Self::BuiltIn(layout));
        }
        if !name.ends_with(".typ") {
            return Err(layouts::unknown(name));
        }
        // `./x.typ` would read worse in messages than the `x.typ` the user wrote.
        let path = if base == Path::new(".") {
            PathBuf::from(name)
        } else {
            base.join(name)
        };
        Ok(Self::File(path))
    }

    /// Body text size in points at scale 1, for fitting to pages; custom layouts are
    /// assumed to use the common 10.5 pt.
    pub(crate) fn body_size(&self) -> f64 {
        match self {
            Self::BuiltIn(layout) => layout.body_size(),
            Self::File(_) => *layouts::CUSTOM_BODY_SIZE,
        }
    }
}

/// Where a setting came from, so that a mistake found later (a font nobody has) is told
/// against the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Origin {
    #[default]
    Default,
    CommandLine,
    /// The front matter, at this position when known.
    FrontMatter(Option<Pos>),
}

/// Everything the render needs to know about its settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    /// What the layout reads.
    pub settings: Settings,
    pub layout: LayoutChoice,
    /// Shrink to at most this many pages.
    pub fit: Option<u32>,
    pub layout_from: Origin,
    pub font_from: Origin,
    /// Front-matter values not taken (another tool's `layout: cv`), told and passed over.
    pub warnings: Vec<Diagnostic>,
}

/// The front matter (its values already checked, each key's line kept) and the résumé's
/// folder, which a front-matter layout file is relative to.
pub(crate) struct Sourced<'a> {
    pub front_matter: &'a FrontMatter,
    pub base: &'a Path,
}

/// Merges front matter and overrides over the defaults. Pure: it reads no file (whether
/// a layout file or a font exists is the renderer's to say).
pub(crate) fn resolve(fm: &Sourced, over: &Overrides) -> Result<Resolved, Diagnostic> {
    let front = fm.front_matter;
    let mut s = Settings::default();
    let mut warnings = Vec::new();
    let (layout, layout_from) = resolve_layout(fm, over, &mut warnings);
    s.layout = layout_name(&layout, layout_from, front);
    s.paper = over.paper.or(front.paper).unwrap_or(s.paper);
    let given = |key: &str, m: String| Diagnostic::error(None, format!("{key}: {m}"));
    s.accent = match &over.accent {
        Some(accent) => parse_color(accent).map_err(|m| given("accent", m))?,
        None => front.accent.clone().unwrap_or(s.accent),
    };
    s.lang = match &over.lang {
        Some(lang) => parse_lang(lang).map_err(|m| given("lang", m))?,
        None => front.lang.clone().unwrap_or(s.lang),
    };
    let font_from = match (&over.font, &front.font) {
        (Some(_), _) => Origin::CommandLine,
        (None, Some(_)) => Origin::FrontMatter(front.at("font")),
        (None, None) => Origin::Default,
    };
    s.font = over
        .font
        .clone()
        .or_else(|| front.font.clone())
        .map(|f| f.trim().to_string());
    s.font_size = match over.font_size {
        Some(size) => Some(check_font_size(size).map_err(|m| given("font_size", m))?),
        None => front.font_size,
    };
    let fit = over.fit.or(front.fit);
    if fit == Some(0) {
        return Err(given("fit", "must be at least 1 page".into()));
    }
    Ok(Resolved {
        settings: s,
        layout,
        fit,
        layout_from,
        font_from,
        warnings,
    })
}

/// The layout the command line or the front matter chose (each against its own folder),
/// else the first built-in one, and where the choice came from. A front-matter name that
/// is none of ours (Jekyll's `layout: cv`) is told and passed over.
fn resolve_layout(
    fm: &Sourced,
    over: &Overrides,
    warnings: &mut Vec<Diagnostic>,
) -> (LayoutChoice, Origin) {
    let default = (
        LayoutChoice::BuiltIn(&layouts::BUILT_IN[0]),
        Origin::Default,
    );
    match (&over.layout, &fm.front_matter.layout) {
        (Some(choice), _) => (choice.clone(), Origin::CommandLine),
        (None, Some(name)) => {
            let at = fm.front_matter.at("layout");
            match LayoutChoice::parse(name, fm.base) {
                Ok(choice) => (choice, Origin::FrontMatter(at)),
                Err(m) => {
                    warnings.push(Diagnostic::warning(
                        at,
                        format!("front matter `layout`: {m} (another tool's layout?); the default is used"),
                    ));
                    default
                }
            }
        }
        (None, None) => default,
    }
}

/// The layout's name as the layout reads it: as its user wrote it.
fn layout_name(layout: &LayoutChoice, from: Origin, front: &FrontMatter) -> String {
    match (layout, from) {
        (LayoutChoice::File(_), Origin::FrontMatter(_)) => {
            front.layout.clone().unwrap_or_default().trim().to_string()
        }
        (LayoutChoice::File(path), _) => path.display().to_string(),
        (LayoutChoice::BuiltIn(l), _) => l.name.to_string(),
    }
}
