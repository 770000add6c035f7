//! Typesetting: the résumé model in, a typeset document out, through Typst. The only part
//! of the crate that knows Typst's compiler (the writers know its exporters).

// Only the command line ejects today; a library writer for it would move it to `write`.
#[cfg(feature = "cli")]
pub(crate) mod eject;
pub(crate) mod fonts;
pub(crate) mod images;
pub(crate) mod layouts;
mod marks;
pub(crate) mod sandbox;
pub(crate) mod svg;
pub(crate) mod world;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst_kit::diagnostics::{self, DiagnosticFormat, termcolor::NoColor};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Hint};
use crate::error::Error;
use crate::input::Input;
use crate::model::{Block, Inline, Resume, visit_blocks_mut};
use crate::read::markdown::{self, recognise::SOFT_BREAK};
use crate::settings::{self, LayoutChoice, MIN_FONT_SIZE, Origin, Overrides, Resolved};
use fonts::Fonts;
use images::Images;
use sandbox::Sandbox;
use world::{LayoutSource, ResumeWorld, Shared};

/// Renders many résumés with one set of fonts and one standard library.
///
/// Build it once and call [`Renderer::render`] for each résumé, from as many threads as you
/// like; compiled layout work is memoised and shared between documents. The memo grows
/// with every résumé until [`Renderer::evict_cache`] is called: call it every few résumés
/// in a long run. Typst hands small tasks to the current rayon pool and waits for them, so
/// parallel callers do best each on a single-threaded pool of its own (as the command
/// line's batch mode does) rather than sharing one.
///
/// ```no_run
/// use resume_pdf::{Input, Renderer, Overrides};
///
/// let renderer = Renderer::new(&[] as &[&str]).unwrap();
/// for (i, path) in ["ada.md", "grace.md"].iter().enumerate() {
///     let input = Input::from_path(path.as_ref()).unwrap();
///     let rendered = renderer.render(&input, &Overrides::default()).unwrap();
///     std::fs::write(path.replace(".md", ".pdf"), rendered.pdf().unwrap()).unwrap();
///     if i % 8 == 7 {
///         renderer.evict_cache();
///     }
/// }
/// ```
pub struct Renderer {
    shared: Shared,
    /// `SOURCE_DATE_EPOCH`, when set: the PDF's creation date and Typst's "today".
    timestamp: Option<Datetime>,
}

/// A typeset résumé.
pub struct Rendered {
    pub resume: Resume,
    pub document: PagedDocument,
    pub warnings: Vec<Diagnostic>,
    /// The factor applied to fit the page count (1 when not fitting).
    pub scale: f64,
    pub(crate) timestamp: Option<Datetime>,
    /// How messages name the résumé.
    pub(crate) name: String,
}

/// A parsed résumé with its settings and layout, ready to compile (or eject).
pub struct Prepared {
    pub resume: Resume,
    pub(crate) layout: LayoutSource,
    pub warnings: Vec<Diagnostic>,
    pub fit: Option<u32>,
    /// The images the résumé shows, by the relative path the layout loads, holding the
    /// very bytes that were vetted: a file changed afterwards is never read.
    pub(crate) images: BTreeMap<String, Bytes>,
    /// The layout's body text size at scale 1, for fitting.
    pub(crate) body_size: f64,
    /// How messages name the résumé.
    pub(crate) name: String,
}

impl Prepared {
    /// The images the résumé shows, as paths relative to its folder ([`Input::base_dir`]):
    /// what a watcher must follow besides the résumé and its layout.
    pub fn image_paths(&self) -> impl Iterator<Item = &str> {
        self.images.keys().map(String::as_str)
    }

    /// The user's own layout file, when the résumé uses one: code from the user, which a
    /// caller may want to run under resource limits.
    pub fn custom_layout(&self) -> Option<&Path> {
        match &self.layout {
            LayoutSource::Custom { display, .. } => Some(display),
            LayoutSource::BuiltIn(_) => None,
        }
    }
}

impl Renderer {
    /// Loads the embedded fonts and any under `font_dirs`; no system fonts.
    pub fn new(font_dirs: &[impl AsRef<Path>]) -> Result<Self, Error> {
        let fonts = Fonts::load(font_dirs).map_err(|e| Error::Usage {
            file: None,
            message: e.to_string(),
        })?;
        Ok(Self {
            shared: Shared::new(fonts),
            timestamp: None,
        })
    }

    /// Forgets memoised work not used since the previous call: what finished résumés
    /// left behind goes, what every résumé shares (fonts, the layouts' evaluation) stays.
    /// The memo is shared by the whole process, so this acts for every renderer in it;
    /// memory stays flat over a long run when it is called every few résumés.
    pub fn evict_cache(&self) {
        comemo::evict(1);
    }

    /// Stamps PDFs with this moment (seconds since 1970, as `SOURCE_DATE_EPOCH`) instead
    /// of no date at all.
    pub fn with_source_date_epoch(mut self, seconds: i64) -> Self {
        self.timestamp = datetime_from_epoch(seconds);
        self
    }

    pub fn font_families(&self) -> Vec<String> {
        self.shared.fonts.families()
    }

    /// Parses and resolves settings; no typesetting yet.
    pub fn prepare(&self, input: &Input, over: &Overrides) -> Result<Prepared, Error> {
        let sandbox = match &input.base_dir {
            Some(dir) => {
                Some(Sandbox::new(dir).map_err(|e| Error::read(&dir.display().to_string(), e))?)
            }
            None => None,
        };
        let vetted = RefCell::new(Images::new(sandbox.as_ref()));
        let check = |src: &str| vetted.borrow_mut().check(src);
        let mut doc = markdown::parse(&input.text, &check).map_err(|e| Error::Input {
            file: input.name.clone(),
            error: e,
        })?;
        let base = input.base_dir.clone().unwrap_or_default();
        let sourced = settings::Sourced {
            front_matter: &doc.front_matter,
            base: &base,
        };
        let mut resolved = settings::resolve(&sourced, over).map_err(|e| Error::Input {
            file: input.name.clone(),
            error: e,
        })?;
        doc.warnings.append(&mut resolved.warnings);
        let layout = layout_source(&resolved, &input.name)?;
        self.check_font(&mut resolved, &input.name, &mut doc.warnings)?;
        doc.resume.settings = resolved.settings.clone();
        // Vetted images the structure later dropped (with their footnote, say) stay out.
        let shown: HashSet<String> = image_refs(&doc.resume)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        let mut images = vetted.into_inner().into_served();
        images.retain(|path, _| shown.contains(path));
        let missing = missing_glyphs(&doc.resume, &self.shared.fonts);
        if !missing.is_empty() {
            let shown: String = missing.iter().take(20).flat_map(|c| [' ', *c]).collect();
            let more = if missing.len() > 20 {
                format!(" and {} more", missing.len() - 20)
            } else {
                String::new()
            };
            doc.warnings.push(
                Diagnostic::warning(
                    None,
                    format!("no available font has{shown}{more}; they print as empty boxes"),
                )
                .with_hint(Hint::AddFont),
            );
        }
        Ok(Prepared {
            resume: doc.resume,
            layout,
            warnings: doc.warnings,
            fit: resolved.fit,
            body_size: resolved.layout.body_size(),
            images,
            name: input.name.clone(),
        })
    }

    /// A font nobody has: refused when the caller named it; from the front matter, told
    /// at its line and passed over (the layout's own font is used).
    fn check_font(
        &self,
        resolved: &mut Resolved,
        file: &str,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(), Error> {
        let Some(font) = &resolved.settings.font else {
            return Ok(());
        };
        if self
            .shared
            .fonts
            .book()
            .contains_family(&font.to_lowercase())
        {
            return Ok(());
        }
        let message = format!(
            "unknown font `{font}`; available: {}",
            self.font_families().join(", ")
        );
        if let Origin::FrontMatter(pos) = resolved.font_from {
            warnings.push(Diagnostic::warning(
                pos,
                format!("front matter `font`: {message}; the layout's font is used"),
            ));
            resolved.settings.font = None;
            return Ok(());
        }
        Err(misnamed_setting(resolved.font_from, "font", file, message))
    }

    /// Parses, resolves settings and typesets one résumé.
    pub fn render(&self, input: &Input, over: &Overrides) -> Result<Rendered, Error> {
        let prepared = self.prepare(input, over)?;
        self.compile(prepared)
    }

    /// Typesets a prepared résumé, shrinking it to the requested page count if asked.
    pub fn compile(&self, prepared: Prepared) -> Result<Rendered, Error> {
        let Prepared {
            mut resume,
            layout,
            mut warnings,
            fit,
            images,
            body_size,
            name,
        } = prepared;
        let job = Job {
            renderer: self,
            layout: &layout,
            images: &images,
            name: &name,
        };
        let compile = |resume: &Resume| job.compile(resume);
        drop_undecodable(&mut resume, &images, &mut warnings);
        let (mut document, mut typst_warnings) =
            compile_without_failing_images(&compile, &mut resume, &mut warnings)?;
        let mut scale = 1.0;
        if let Some(max_pages) = fit.map(|f| f as usize)
            && document.pages().len() > max_pages
        {
            let base = resume.settings.font_size.unwrap_or(body_size);
            ((document, typst_warnings), scale) =
                fit_pages(&compile, &mut resume, max_pages, base, &mut warnings)?;
            resume.settings.scale = scale;
        }
        warnings.extend(typst_warnings);
        Ok(Rendered {
            resume,
            document,
            warnings,
            scale,
            timestamp: self.timestamp,
            name,
        })
    }
}

/// What one résumé's compiles share: only the model changes between them.
struct Job<'a> {
    renderer: &'a Renderer,
    layout: &'a LayoutSource,
    images: &'a BTreeMap<String, Bytes>,
    name: &'a str,
}

/// A failpoint for the test of the promise that a crash inside Typst is caught and a batch
/// goes on: in debug builds only, `RESUME_PDF_CRASH_ON=NAME` panics where Typst runs, for
/// the résumé whose name holds NAME. The inputs known to crash Typst 0.15.1 no longer
/// reach it (a mark after a space is set on a no-break space), so the test needs one.
fn crash_for_tests(name: &str) {
    #[cfg(debug_assertions)]
    if let Some(on) = std::env::var_os("RESUME_PDF_CRASH_ON")
        && name.contains(on.to_string_lossy().as_ref())
    {
        panic!("RESUME_PDF_CRASH_ON: a crash inside the typesetter, for the tests");
    }
    let _ = name;
}

impl Job<'_> {
    /// One Typst compile of `resume`, its errors and warnings formatted against the layout.
    fn compile(&self, resume: &Resume) -> Result<Typeset, Failed> {
        let data = marks::model_json(resume);
        let r = self.renderer;
        let world = ResumeWorld::new(&r.shared, self.layout, data, self.images, r.timestamp);
        let Warned { output, warnings } = Error::catch_panic(self.name, || {
            crash_for_tests(self.name);
            Ok(typst::compile::<PagedDocument>(&world))
        })?;
        let warnings = warnings
            .iter()
            .map(|w| Diagnostic::warning(None, format_diagnostic(&world, w)))
            .collect();
        let errors = match output {
            Ok(doc) => return Ok((doc, warnings)),
            Err(errors) => errors,
        };
        let message = errors
            .iter()
            .map(|e| format_diagnostic(&world, e))
            .collect::<Vec<_>>()
            .join("\n");
        Err(Failed {
            error: Box::new(Error::layout(self.name, message)),
            files: errors
                .iter()
                .filter_map(|e| e.span.id())
                .map(|id| id.vpath().get_without_slash().to_string())
                .collect(),
            about_images: errors.iter().any(|e| is_image_failure(e, self.images)),
        })
    }
}

/// Shrinks the résumé (type and spacing, down to `MIN_FONT_SIZE` body text from `base`)
/// to the largest scale at which it fits `max_pages`; when even the smallest does not
/// fit, says so and keeps the smallest. Returns the typeset document and its scale.
fn fit_pages(
    compile: &dyn Fn(&Resume) -> Result<Typeset, Failed>,
    resume: &mut Resume,
    max_pages: usize,
    base: f64,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Typeset, f64), Error> {
    let min_scale = (MIN_FONT_SIZE / base).min(1.0);
    let mut try_scale = |s: f64| -> Result<Typeset, Error> {
        resume.settings.scale = s;
        Ok(compile(resume)?)
    };
    let tightest = try_scale(min_scale)?;
    if tightest.0.pages().len() > max_pages {
        warnings.push(Diagnostic::warning(None, format!(
            "does not fit on {max_pages} page(s) even at {:.1} pt body text; rendered on {} pages",
            base * min_scale,
            tightest.0.pages().len()
        )));
        return Ok((tightest, min_scale));
    }
    // Bisect for the largest scale that still fits.
    let (mut lo, mut hi) = (min_scale, 1.0);
    let mut best = tightest;
    while hi - lo > 0.01 {
        let mid = (lo + hi) / 2.0;
        let attempt = try_scale(mid)?;
        if attempt.0.pages().len() <= max_pages {
            lo = mid;
            best = attempt;
        } else {
            hi = mid;
        }
    }
    Ok((best, lo))
}

/// The layout the settings chose, its file found and fenced into its folder.
fn layout_source(resolved: &Resolved, file: &str) -> Result<LayoutSource, Error> {
    let path = match &resolved.layout {
        LayoutChoice::BuiltIn(layout) => return Ok(LayoutSource::BuiltIn(layout.name)),
        LayoutChoice::File(path) => path,
    };
    let folder = crate::write::files::folder_of(path);
    let name = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let folder = Sandbox::new(folder).map_err(|e| Error::read(&path.display().to_string(), e))?;
    if !path.is_file() {
        let message = format!("layout file {} does not exist", path.display());
        return Err(misnamed_setting(
            resolved.layout_from,
            "layout",
            file,
            message,
        ));
    }
    Ok(LayoutSource::Custom {
        folder,
        file: name,
        display: path.clone(),
    })
}

/// A setting that names something that does not exist: an input error at its line when
/// the front matter named it, else a usage error; either way naming the résumé.
fn misnamed_setting(from: Origin, key: &str, file: &str, message: String) -> Error {
    match from {
        Origin::FrontMatter(pos) => {
            Error::input(file, pos, format!("front matter `{key}`: {message}"))
        }
        Origin::CommandLine | Origin::Default => Error::usage(file, message),
    }
}

/// A typeset document and Typst's warnings.
type Typeset = (PagedDocument, Vec<Diagnostic>);

/// A compile that failed, with the files its errors point into (an SVG that Typst could
/// not parse, say).
struct Failed {
    /// Boxed: a compile's result is passed around often, its failure rarely.
    error: Box<Error>,
    files: HashSet<String>,
    /// Whether some error is an image's: only then is leaving images out worth a retry.
    about_images: bool,
}

/// The beginnings of the messages Typst gives when it cannot use an image's bytes (a
/// raster one's are told at the layout's `image` call, so its file does not show it).
const IMAGE_FAILURES: &[&str] = &[
    "failed to decode image",
    "file is too large",
    "zero-sized images",
    "pixel dimensions",
    "format not yet supported",
    "unknown image format",
    "failed to parse SVG",
    "failed to load linked image",
    "failed to load PDF",
];

/// Whether a Typst error is about one of the résumé's images: it points into one, or
/// it is one of Typst's image messages.
fn is_image_failure(error: &SourceDiagnostic, images: &BTreeMap<String, Bytes>) -> bool {
    let in_image = error
        .span
        .id()
        .is_some_and(|id| images.contains_key(id.vpath().get_without_slash()));
    in_image || IMAGE_FAILURES.iter().any(|m| error.message.starts_with(m))
}

impl From<Error> for Failed {
    fn from(error: Error) -> Self {
        Self {
            error: Box::new(error),
            files: HashSet::new(),
            about_images: false,
        }
    }
}

impl From<Failed> for Error {
    fn from(failed: Failed) -> Self {
        *failed.error
    }
}

/// Retries after an image failure are whole compiles: a few at most.
const MAX_IMAGE_RETRIES: usize = 3;

/// Compiles; when that fails on an image and images are shown, leaves out the images the
/// errors point into (or, when they point into none, those whose name belies their
/// format: a custom layout may load them by name) and tries again. An image error that
/// points at no image costs all of them, and so does the last retry: the résumé's text
/// must come out. Any other error is the layout's, and is told as it is.
fn compile_without_failing_images(
    compile: &dyn Fn(&Resume) -> Result<Typeset, Failed>,
    resume: &mut Resume,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Typeset, Error> {
    for retry in 0.. {
        let failed = match compile(resume) {
            Ok(typeset) => return Ok(typeset),
            Err(failed) => failed,
        };
        let refs = image_refs(resume);
        let Error::Layout { message, .. } = &*failed.error else {
            return Err(*failed.error);
        };
        if refs.is_empty() || !failed.about_images || retry == MAX_IMAGE_RETRIES {
            return Err(*failed.error);
        }
        let mut suspects: HashSet<&str> = refs
            .iter()
            .map(|(src, _)| src.as_str())
            .filter(|src| failed.files.contains(*src))
            .collect();
        if suspects.is_empty() {
            suspects = refs
                .iter()
                .filter(|(src, format)| misnamed(src, format))
                .map(|(src, _)| src.as_str())
                .collect();
        }
        if suspects.is_empty() || retry + 1 == MAX_IMAGE_RETRIES {
            let all = drop_images(resume, &|_| true);
            warnings.push(Diagnostic::warning(
                None,
                format!(
                    "left out the images ({}) because one could not be typeset: {message}",
                    all.join(", ")
                ),
            ));
        } else {
            for src in drop_images(resume, &|src| suspects.contains(src)) {
                warnings.push(Diagnostic::warning(
                    None,
                    format!("image `{src}` left out: Typst could not use it: {message}"),
                ));
            }
        }
    }
    unreachable!("the loop returns")
}

/// Whether `src`'s extension names another format than its bytes show (`photo.png` that
/// is a JPEG). Typst goes by the extension unless the layout passes `format`.
fn misnamed(src: &str, format: &str) -> bool {
    let ext = src.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let named = match ext.as_deref() {
        Some("png") => "png",
        Some("jpg" | "jpeg") => "jpg",
        Some("gif") => "gif",
        Some("webp") => "webp",
        Some("svg" | "svgz") => "svg",
        _ => return false,
    };
    named != format
}

/// Decodes the bitmaps with Typst's own decoder before the layout does: one that fails is
/// left out alone, by name, instead of failing the compile. The decoder is memoised, so
/// the layout's own call finds the work done.
fn drop_undecodable(
    resume: &mut Resume,
    images: &BTreeMap<String, Bytes>,
    warnings: &mut Vec<Diagnostic>,
) {
    use typst::visualize::{ExchangeFormat, RasterImage};
    let mut bad = BTreeMap::new();
    for (src, format) in image_refs(resume) {
        let format = match format.as_str() {
            "png" => ExchangeFormat::Png,
            "jpg" => ExchangeFormat::Jpg,
            "gif" => ExchangeFormat::Gif,
            "webp" => ExchangeFormat::Webp,
            _ => continue,
        };
        let Some(data) = images.get(&src) else {
            continue;
        };
        if bad.contains_key(&src) {
            continue;
        }
        if let Err(why) = RasterImage::new(data.clone(), format, Smart::Auto) {
            bad.insert(src, why);
        }
    }
    if bad.is_empty() {
        return;
    }
    drop_images(resume, &|src| bad.contains_key(src));
    for (src, why) in bad {
        warnings.push(Diagnostic::warning(
            None,
            format!(
                "image `{src}` left out: it cannot be decoded ({})",
                decode_reason(&why)
            ),
        ));
    }
}

/// Typst's "failed to decode image (unexpected end of file)" without the part our own
/// message already says.
fn decode_reason(why: &str) -> &str {
    why.strip_prefix("failed to decode image (")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(why)
}

/// `file:line:col: message` for a Typst diagnostic, naming the layout file it comes from.
fn format_diagnostic(world: &ResumeWorld, diag: &SourceDiagnostic) -> String {
    let mut out = NoColor::new(Vec::new());
    let shown = diagnostics::emit(
        &mut out,
        world,
        std::iter::once(diag),
        DiagnosticFormat::Short,
    );
    let text = String::from_utf8_lossy(&out.into_inner())
        .trim()
        .to_string();
    if shown.is_ok() && !text.is_empty() {
        text.replace(SOFT_BREAK, " ")
    } else {
        diag.message.to_string()
    }
}

/// Every image reference, in document order: (path, format).
fn image_refs(resume: &Resume) -> Vec<(String, String)> {
    let mut out = Vec::new();
    resume.visit_inlines(&mut |i| {
        if let Inline::Image { src, format, .. } = i {
            out.push((src.clone(), format.clone()));
        }
    });
    resume.visit_blocks(&mut |b| {
        if let Block::Image { src, format, .. } = b {
            out.push((src.clone(), format.clone()));
        }
    });
    out
}

/// Replaces the images whose path `drop` accepts by their alt text; returns those paths,
/// each once.
fn drop_images(resume: &mut Resume, drop: &dyn Fn(&str) -> bool) -> Vec<String> {
    type Drop<'a> = &'a dyn Fn(&str) -> bool;
    fn inlines(c: &mut [Inline], out: &mut Vec<String>, drop: Drop) {
        for i in c {
            match i {
                Inline::Image { src, alt, .. } if drop(src) => {
                    out.push(src.clone());
                    *i = Inline::Text { v: alt.clone() };
                }
                // A footnote's blocks lie outside the walks below: both kinds of image.
                Inline::Note { c } => {
                    blocks(c, out, drop);
                    visit_blocks_mut(c, &mut |c| inlines(c, out, drop));
                }
                other => {
                    if let Some(c) = other.children_mut() {
                        inlines(c, out, drop);
                    }
                }
            }
        }
    }
    /// Block images only; the inlines in blocks are walked separately.
    fn blocks(c: &mut [Block], out: &mut Vec<String>, drop: Drop) {
        for b in c {
            match b {
                Block::Image { src, alt, .. } if drop(src) => {
                    out.push(src.clone());
                    *b = Block::Para {
                        c: vec![Inline::Text { v: alt.clone() }],
                    };
                }
                Block::List { items, .. } => {
                    items.iter_mut().for_each(|i| blocks(&mut i.c, out, drop))
                }
                Block::Quote { c } => blocks(c, out, drop),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    resume.visit_mut(&mut |c| inlines(c, &mut out, drop));
    blocks(&mut resume.summary, &mut out, drop);
    for s in &mut resume.sections {
        blocks(&mut s.blocks, &mut out, drop);
        s.entries
            .iter_mut()
            .for_each(|e| blocks(&mut e.blocks, &mut out, drop));
    }
    let mut seen = HashSet::new();
    out.retain(|src| seen.insert(src.clone()));
    out
}

/// Characters that print something, that none of the fonts can draw, in order of first use.
fn missing_glyphs(resume: &Resume, fonts: &Fonts) -> Vec<char> {
    let mut seen = std::collections::BTreeSet::new();
    let mut missing = Vec::new();
    let mut check = |text: &str| {
        for c in text.chars() {
            if is_invisible(c) || !seen.insert(c) {
                continue;
            }
            if !fonts.covers(c) {
                missing.push(c);
            }
        }
    };
    check(&resume.name);
    resume.contacts.iter().for_each(|c| check(&c.text));
    resume.visit_inlines(&mut |i| {
        if let Inline::Text { v } | Inline::NoBreak { v } | Inline::Code { v } = i {
            check(v)
        }
    });
    resume.visit_blocks(&mut |b| {
        if let Block::Code { v, .. } = b {
            check(v)
        }
    });
    missing
}

/// Whitespace, controls and format characters (joiners, bidi marks, variation selectors)
/// need no glyph.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// The UTC date and time of Unix `seconds`, for `SOURCE_DATE_EPOCH`.
fn datetime_from_epoch(seconds: i64) -> Option<Datetime> {
    let t = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    Some(Datetime::Datetime(time::PrimitiveDateTime::new(
        t.date(),
        t.time(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_civil_date() {
        let d = datetime_from_epoch(1_700_000_000).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(2023), Some(11), Some(14))
        );
        assert_eq!(
            (d.hour(), d.minute(), d.second()),
            (Some(22), Some(13), Some(20))
        );
    }
}
