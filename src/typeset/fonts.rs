//! The fonts inside the binary, and any the user adds with `--font-path`.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled font files (SIL OFL; licences in `fonts/`).
pub(crate) const EMBEDDED: &[(&str, &[u8])] = &[
    (
        "LibertinusSerif-Regular.otf",
        include_bytes!("../../fonts/LibertinusSerif-Regular.otf"),
    ),
    (
        "LibertinusSerif-Italic.otf",
        include_bytes!("../../fonts/LibertinusSerif-Italic.otf"),
    ),
    (
        "LibertinusSerif-Bold.otf",
        include_bytes!("../../fonts/LibertinusSerif-Bold.otf"),
    ),
    (
        "LibertinusSerif-BoldItalic.otf",
        include_bytes!("../../fonts/LibertinusSerif-BoldItalic.otf"),
    ),
    (
        "Inter-Regular.otf",
        include_bytes!("../../fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../../fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../../fonts/Inter-SemiBold.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("../../fonts/Inter-Bold.otf"),
    ),
    (
        "SourceCodePro-Regular.otf",
        include_bytes!("../../fonts/SourceCodePro-Regular.otf"),
    ),
    (
        "SourceCodePro-Bold.otf",
        include_bytes!("../../fonts/SourceCodePro-Bold.otf"),
    ),
];

/// The font book and its fonts; built once and shared by every render.
pub(crate) struct Fonts {
    store: FontStore,
}

impl Fonts {
    /// The embedded fonts, then those found (recursively) under each of `extra_dirs` (or
    /// named by it, for a file), which are only read when a document uses them. No system fonts are ever scanned:
    /// output must not depend on the machine.
    pub(crate) fn load(extra_dirs: &[impl AsRef<Path>]) -> std::io::Result<Self> {
        let mut store = FontStore::new();
        for (_, data) in EMBEDDED {
            store.extend(Font::iter(Bytes::new(*data)).map(|font| {
                let info = font.info().clone();
                (font, info)
            }));
        }
        for path in font_files(extra_dirs)? {
            let data = read_font_file(&path)?;
            for (index, info) in FontInfo::iter(&data).enumerate() {
                store.push((
                    FontPath {
                        path: path.clone(),
                        index: index as u32,
                    },
                    info,
                ));
            }
        }
        Ok(Self { store })
    }

    /// Whether any font can draw `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        let book = self.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Family names as the user writes them, sorted, without duplicates.
    pub(crate) fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .book()
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Font files larger than this are refused: the largest CJK collections are ~30 MB.
pub(crate) const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The font files under each of `paths` (searched recursively; a path naming a file is
/// taken as it is), sorted per folder. Symlinked folders are not followed (a link to a
/// parent would never end).
pub(crate) fn font_files(paths: &[impl AsRef<Path>]) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path.is_file() {
            out.push(path.to_path_buf());
            continue;
        }
        let mut files = Vec::new();
        collect_font_files(path, &mut files)?;
        files.sort();
        out.extend(files);
    }
    Ok(out)
}

/// A font file's bytes: only a regular file (a FIFO would block for ever, a link to a
/// device would read without end), and no more than [`MAX_FONT_BYTES`].
pub(crate) fn read_font_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let fail = |why: String| std::io::Error::other(format!("font {}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("is not a regular file".into()));
    }
    let mut data = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FONT_BYTES + 1).read_to_end(&mut data))
        .map_err(|e| fail(e.to_string()))?;
    if data.len() as u64 > MAX_FONT_BYTES {
        return Err(fail(format!(
            "is larger than {} MB; font files are refused above that",
            MAX_FONT_BYTES >> 20
        )));
    }
    Ok(data)
}

/// Loads every face of a font file as a render would. A malformed font can make the
/// parser allocate without end, so callers run this where a crash is contained (the
/// command line's child process).
#[cfg(feature = "cli")]
pub(crate) fn check_font_file(path: &Path) -> Result<(), String> {
    let data = Bytes::new(read_font_file(path).map_err(|e| e.to_string())?);
    let faces = Font::iter(data).count();
    if faces == 0 {
        return Err(format!(
            "font {}: is not a font that can be read",
            path.display()
        ));
    }
    Ok(())
}

fn collect_font_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        std::io::Error::new(e.kind(), format!("font folder {}: {e}", dir.display()))
    })?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_font_files(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            out.push(path);
        }
    }
    Ok(())
}
