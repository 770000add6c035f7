//! The one folder a résumé may read from: its own. Everything else is refused.

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Images larger than this are left out with a warning; nobody's photo needs more.
pub(crate) const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// Decoded size limit: a small file can claim a vast bitmap (a "decompression bomb").
pub(crate) const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// A folder whose files (and only those) a render may read.
#[derive(Debug, Clone)]
pub(crate) struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    /// `root` must exist; symlinks in it are resolved once, here.
    pub(crate) fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: fs::canonicalize(root)?,
        })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of `rel`, if it names a file inside the folder. Symlinks are
    /// followed and must land inside too.
    pub(crate) fn resolve(&self, rel: &str) -> Result<PathBuf, String> {
        if rel.is_empty() {
            return Err("the path is empty".into());
        }
        if rel.contains("://") || rel.starts_with("data:") {
            return Err("remote images are not fetched (no network access)".into());
        }
        let path = Path::new(rel);
        if path.is_absolute() || rel.starts_with(['/', '\\']) || rel.contains(':') {
            return Err("absolute paths are refused; use a path relative to the résumé".into());
        }
        if path.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(
                "paths with `..` are refused; the image must be in the résumé's folder".into(),
            );
        }
        let real = fs::canonicalize(self.root.join(path))
            .map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
        if !real.starts_with(&self.root) {
            return Err("it leads outside the résumé's folder".into());
        }
        if !real.is_file() {
            return Err("it is not a file".into());
        }
        Ok(real)
    }

    /// Reads a file inside the folder, refusing files over `limit` bytes.
    pub(crate) fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, String> {
        let real = self.resolve(rel)?;
        let file =
            fs::File::open(&real).map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
        let mut data = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
        if data.len() as u64 > limit {
            return Err(format!("it is larger than {} MB", limit / (1024 * 1024)));
        }
        Ok(data)
    }

    /// Vets an image for the parser: inside the folder, not too big, a format Typst reads,
    /// and for an SVG, structure and work within bounds (see [`crate::typeset::svg`]).
    pub(crate) fn check_image(&self, src: &str) -> Result<Vetted, String> {
        let path = image_path(src);
        // Refuses a path that leaves the folder before anything is read.
        self.resolve(&path)?;
        let data = self.read(&path, MAX_IMAGE_BYTES)?;
        let format = image_format(&data)
            .ok_or_else(|| "it is not a PNG, JPEG, GIF, WebP or SVG image".to_string())?;
        let (pixels, svg) = if format == "svg" {
            let cost = crate::typeset::svg::measure(&data)?;
            (cost.pixels, Some(cost))
        } else {
            (bitmap_pixels(&data)?, None)
        };
        Ok(Vetted {
            format,
            data,
            pixels,
            svg,
        })
    }
}

/// An image that passed [`Sandbox::check_image`].
#[derive(Debug, Clone)]
pub(crate) struct Vetted {
    /// The format its first bytes show, as Typst's `image(format:)` names it.
    pub format: &'static str,
    pub data: Vec<u8>,
    /// Decoded pixels: the bitmap's, or those of the bitmaps embedded in an SVG.
    pub pixels: u64,
    /// For an SVG, what each drawing of it costs.
    pub svg: Option<crate::typeset::svg::SvgCost>,
}

/// The path as the layout loads it: relative, forward slashes, no leading `./`.
pub(crate) fn image_path(src: &str) -> String {
    src.trim().trim_start_matches("./").replace('\\', "/")
}

/// A bitmap's pixel count from its header, refusing decompression bombs.
fn bitmap_pixels(data: &[u8]) -> Result<u64, String> {
    let size =
        imagesize::blob_size(data).map_err(|_| "its image header cannot be read".to_string())?;
    let pixels = size.width as u64 * size.height as u64;
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "it is {}×{} pixels; images over {} megapixels are refused",
            size.width,
            size.height,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(pixels)
}

/// The image format by its first bytes, as Typst sniffs them, among those a résumé may
/// show (a PDF is not one). A file that Typst does not take for an SVG but that has an
/// `<svg` tag near the start is still called one, so that the SVG check says what is
/// wrong with it (no namespace, say) rather than that it is no image.
pub(crate) fn image_format(data: &[u8]) -> Option<&'static str> {
    use typst::visualize::{ExchangeFormat, ImageFormat, RasterFormat, VectorFormat};
    match ImageFormat::detect(data) {
        Some(ImageFormat::Raster(RasterFormat::Exchange(format))) => Some(match format {
            ExchangeFormat::Png => "png",
            ExchangeFormat::Jpg => "jpg",
            ExchangeFormat::Gif => "gif",
            ExchangeFormat::Webp => "webp",
        }),
        Some(ImageFormat::Vector(VectorFormat::Svg)) => Some("svg"),
        Some(_) => None,
        None => {
            let head = &data[..data.len().min(512)];
            head.windows(4).any(|w| w == b"<svg").then_some("svg")
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("cv");
        fs::create_dir(&inner).unwrap();
        let png = include_bytes!("../../examples/photo.png");
        fs::write(dir.path().join("secret.png"), png).unwrap();
        fs::write(inner.join("me.png"), png).unwrap();
        let sandbox = Sandbox::new(&inner).unwrap();
        assert!(sandbox.check_image("me.png").is_ok());
        assert!(sandbox.check_image("./me.png").is_ok());
        assert!(sandbox.check_image("../secret.png").is_err());
        assert!(sandbox.check_image("/etc/passwd").is_err());
        assert!(sandbox.check_image("https://example.org/a.png").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.png"), inner.join("link.png"))
                .unwrap();
            let err = sandbox.check_image("link.png").unwrap_err();
            assert!(err.contains("outside"), "{err}");
        }
    }

    /// The start of a PNG claiming `width`×`height` pixels: all a size check reads.
    pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn refuses_decompression_bombs() {
        let dir = tempfile::tempdir().unwrap();
        // A PNG header claiming 100000×100000 pixels.
        let png = png_header(100_000, 100_000);
        fs::write(dir.path().join("bomb.png"), &png).unwrap();
        let sandbox = Sandbox::new(dir.path()).unwrap();
        let err = sandbox.check_image("bomb.png").unwrap_err();
        assert!(err.contains("megapixels"), "{err}");
    }

    #[test]
    fn refuses_files_that_are_not_images() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), b"hello").unwrap();
        let sandbox = Sandbox::new(dir.path()).unwrap();
        assert!(
            sandbox
                .check_image("notes.txt")
                .unwrap_err()
                .contains("not a PNG")
        );
        assert!(
            sandbox
                .check_image("missing.png")
                .unwrap_err()
                .contains("no such file")
        );
    }

    #[test]
    fn sniffs_the_formats_a_resume_may_show() {
        let png = include_bytes!("../../examples/photo.png");
        assert_eq!(image_format(png), Some("png"));
        assert_eq!(
            image_format(&[0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
            Some("jpg")
        );
        assert_eq!(image_format(b"GIF89a\x01\0\x01\0"), Some("gif"));
        assert_eq!(image_format(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(image_format(svg), Some("svg"));
        // No namespace: still an SVG here, so the SVG check can say what is wrong.
        assert_eq!(image_format(b"<svg><g></svg>"), Some("svg"));
        assert_eq!(
            image_format(b"%PDF-1.7\n"),
            None,
            "a PDF is no résumé image"
        );
        assert_eq!(image_format(b"hello"), None);
    }
}
