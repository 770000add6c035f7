//! The fonts inside the binary, and any the user adds with `--font-path`.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled font files (SIL OFL; licences in `fonts/`).
pub const EMBEDDED: &[(&str, &[u8])] = &[
    (
        "LibertinusSerif-Regular.otf",
        include_bytes!("../fonts/LibertinusSerif-Regular.otf"),
    ),
    (
        "LibertinusSerif-Italic.otf",
        include_bytes!("../fonts/LibertinusSerif-Italic.otf"),
    ),
    (
        "LibertinusSerif-Bold.otf",
        include_bytes!("../fonts/LibertinusSerif-Bold.otf"),
    ),
    (
        "LibertinusSerif-BoldItalic.otf",
        include_bytes!("../fonts/LibertinusSerif-BoldItalic.otf"),
    ),
    (
        "Inter-Regular.otf",
        include_bytes!("../fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../fonts/Inter-SemiBold.otf"),
    ),
    ("Inter-Bold.otf", include_bytes!("../fonts/Inter-Bold.otf")),
    (
        "SourceCodePro-Regular.otf",
        include_bytes!("../fonts/SourceCodePro-Regular.otf"),
    ),
    (
        "SourceCodePro-Bold.otf",
        include_bytes!("../fonts/SourceCodePro-Bold.otf"),
    ),
];

/// The font book and its fonts; built once and shared by every render.
pub struct Fonts {
    store: FontStore,
}

impl Fonts {
    /// The embedded fonts, then those found (recursively) under each of `extra_dirs`,
    /// which are only read when a document uses them. No system fonts are ever scanned:
    /// output must not depend on the machine.
    pub fn load(extra_dirs: &[impl AsRef<Path>]) -> std::io::Result<Self> {
        let mut store = FontStore::new();
        for (_, data) in EMBEDDED {
            store.extend(Font::iter(Bytes::new(*data)).map(|font| {
                let info = font.info().clone();
                (font, info)
            }));
        }
        for dir in extra_dirs {
            let mut files = Vec::new();
            collect_font_files(dir.as_ref(), &mut files)?;
            files.sort();
            for path in files {
                let data = std::fs::read(&path)?;
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
        }
        Ok(Self { store })
    }

    /// Whether any font can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        let book = self.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Family names as the user writes them, sorted, without duplicates.
    pub fn families(&self) -> Vec<String> {
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

fn collect_font_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        std::io::Error::new(e.kind(), format!("font folder {}: {e}", dir.display()))
    })?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
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
