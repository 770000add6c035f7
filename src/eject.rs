//! `--format typ`: a folder the official `typst compile` turns into the same PDF, for
//! users who want to hand-tune the Typst.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::fonts::EMBEDDED;
use crate::layouts;
use crate::render::Prepared;
use crate::world::{
    CUSTOM_DIR, DATA_FILE, LayoutSource, MAX_LAYOUT_BYTES, SYSTEM_DIR, main_source,
};

const FONT_LICENCES: &[(&str, &str)] = &[
    (
        "OFL-Libertinus.txt",
        include_str!("../fonts/OFL-Libertinus.txt"),
    ),
    ("OFL-Inter.txt", include_str!("../fonts/OFL-Inter.txt")),
    (
        "OFL-SourceCodePro.txt",
        include_str!("../fonts/OFL-SourceCodePro.txt"),
    ),
];

/// Writes `main.typ`, the layout and helpers, `resume.json`, the images and the fonts
/// into `dir`. Built in a temporary sibling and renamed, so a failure leaves `dir` as it was.
pub fn eject(prepared: &Prepared, dir: &Path) -> Result<(), Error> {
    let name = dir.display().to_string();
    let tmp = crate::output::temp_builder(0o777)
        .tempdir_in(crate::output::folder_of(dir))
        .map_err(|e| Error::write(&name, e))?;
    let root = tmp.path();
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Error> {
        let path = root.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(|e| Error::write(&name, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::write(&name, e))
    };

    write("main.typ", main_source(&prepared.layout).as_bytes())?;
    write(
        &format!("{SYSTEM_DIR}/common.typ"),
        layouts::COMMON.as_bytes(),
    )?;
    let json = serde_json::to_vec_pretty(&prepared.resume).expect("the model always serialises");
    write(DATA_FILE, &json)?;
    match &prepared.layout {
        LayoutSource::BuiltIn(layout) => {
            let source = layouts::find(layout).map(|l| l.source).unwrap_or_default();
            write(&format!("{SYSTEM_DIR}/{layout}.typ"), source.as_bytes())?;
        }
        LayoutSource::Custom { folder, .. } => {
            for entry in fs::read_dir(folder.root())
                .map_err(|e| Error::read(&folder.root().display().to_string(), e))?
            {
                let entry = entry.map_err(|e| Error::read(&name, e))?;
                let file = entry.file_name().to_string_lossy().to_string();
                if let Ok(bytes) = folder.read(&file, MAX_LAYOUT_BYTES) {
                    write(&format!("{CUSTOM_DIR}/{file}"), &bytes)?;
                }
            }
        }
    }
    for (src, bytes) in &prepared.images {
        write(src, bytes)?;
    }
    for (file, bytes) in EMBEDDED {
        write(&format!("fonts/{file}"), bytes)?;
    }
    for (file, text) in FONT_LICENCES {
        write(&format!("fonts/{file}"), text.as_bytes())?;
    }

    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| Error::write(&name, e))?;
    }
    let kept = tmp.keep();
    fs::rename(&kept, dir).map_err(|e| Error::write(&name, e))
}
