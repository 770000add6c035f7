//! The Typst `World` of one render: embedded layouts, the résumé as JSON, the fonts, and
//! the vetted images under the input's folder. Nothing else is reachable.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::diagnostics::DiagnosticWorld;

use crate::typeset::fonts::Fonts;
use crate::typeset::layouts;
use crate::typeset::sandbox::Sandbox;

/// Virtual folder of everything resume-pdf itself provides.
pub(crate) const SYSTEM_DIR: &str = "resume-pdf";
/// Virtual folder of a custom layout's own files.
pub(crate) const CUSTOM_DIR: &str = "layout";
pub(crate) const DATA_FILE: &str = "resume-pdf/resume.json";
const MAIN_FILE: &str = "main.typ";

/// A custom layout's source files are bounded; layouts are small.
pub(crate) const MAX_LAYOUT_BYTES: u64 = 4 * 1024 * 1024;

pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("built-in virtual paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// What stays the same across renders: the standard library, the fonts, the built-in
/// layout sources. Sharing it lets comemo reuse work from one résumé to the next.
pub(crate) struct Shared {
    library: LazyHash<Library>,
    pub fonts: Fonts,
    sources: HashMap<FileId, Source>,
}

impl Shared {
    pub(crate) fn new(fonts: Fonts) -> Self {
        let mut sources = HashMap::new();
        let mut add = |path: String, text: &str| {
            let id = file_id(&path);
            sources.insert(id, Source::new(id, text.to_string()));
        };
        add(format!("{SYSTEM_DIR}/common.typ"), layouts::COMMON);
        for layout in layouts::BUILT_IN {
            add(format!("{SYSTEM_DIR}/{}.typ", layout.name), layout.source);
        }
        Self {
            library: LazyHash::new(Library::default()),
            fonts,
            sources,
        }
    }
}

/// Where the layout comes from.
#[derive(Debug, Clone)]
pub(crate) enum LayoutSource {
    BuiltIn(&'static str),
    /// A user's file, read only from its own folder.
    Custom {
        folder: Sandbox,
        file: String,
        display: PathBuf,
    },
}

impl LayoutSource {
    /// The import path used by the generated main file.
    pub(crate) fn import_path(&self) -> String {
        match self {
            Self::BuiltIn(name) => format!("{SYSTEM_DIR}/{name}.typ"),
            Self::Custom { file, .. } => format!("{CUSTOM_DIR}/{file}"),
        }
    }
}

/// The generated entry file: imports the layout and hands it the data. No user text.
pub(crate) fn main_source(layout: &LayoutSource) -> String {
    format!(
        "#import \"{}\": resume\n#resume(json(\"{DATA_FILE}\"))\n",
        layout.import_path()
    )
}

pub(crate) struct ResumeWorld<'a> {
    shared: &'a Shared,
    main: Source,
    data: Bytes,
    /// The vetted images, by relative path; no other file of the user's folder is served.
    images: &'a BTreeMap<String, Bytes>,
    layout: &'a LayoutSource,
    today: Option<Datetime>,
}

impl<'a> ResumeWorld<'a> {
    pub(crate) fn new(
        shared: &'a Shared,
        layout: &'a LayoutSource,
        data: Vec<u8>,
        images: &'a BTreeMap<String, Bytes>,
        today: Option<Datetime>,
    ) -> Self {
        let main = Source::new(file_id(MAIN_FILE), main_source(layout));
        Self {
            shared,
            main,
            data: Bytes::new(data),
            images,
            layout,
            today,
        }
    }

    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are disabled in resume-pdf".into(),
            )));
        }
        let path = id.vpath().get_without_slash();
        if path == DATA_FILE {
            return Ok(self.data.clone());
        }
        if let Some(source) = self.shared.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        if let Some(rest) = path.strip_prefix(&format!("{CUSTOM_DIR}/"))
            && let LayoutSource::Custom { folder, .. } = self.layout
        {
            // Typst places the error at the importing line, which for the layout itself is
            // our generated main file: the reason must name the file it is about.
            return folder
                .read(rest, MAX_LAYOUT_BYTES)
                .map(Bytes::new)
                .map_err(|reason| denied(format!("{rest}: {reason}")));
        }
        // Only the images the parser vetted; a layout cannot wander the user's folder.
        self.images
            .get(path)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }
}

fn denied(reason: String) -> FileError {
    FileError::Other(Some(reason.into()))
}

impl World for ResumeWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if let Some(source) = self.shared.sources.get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.load(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.load(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

impl DiagnosticWorld for ResumeWorld<'_> {
    fn name(&self, id: FileId) -> String {
        let path = id.vpath().get_without_slash();
        match (path.strip_prefix(&format!("{CUSTOM_DIR}/")), self.layout) {
            (Some(rest), LayoutSource::Custom { folder, .. }) => {
                folder.root().join(rest).display().to_string()
            }
            _ if path == DATA_FILE => "the résumé data (resume.json)".to_string(),
            _ if path.starts_with(SYSTEM_DIR) => {
                format!(
                    "layouts/{} (built in)",
                    path.trim_start_matches(SYSTEM_DIR).trim_start_matches('/')
                )
            }
            _ => path.to_string(),
        }
    }
}
