//! Writers: the typeset document as PDF, PNG or SVG; the files they go into.
//!
//! A writer reads a [`Rendered`] and knows nothing of how it was read or typeset.

// Files as the front ends write them (the command line today); a library user writes
// the bytes where it likes.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) mod files;
mod text_layer;

use crate::error::Error;
use crate::typeset::Rendered;

impl Rendered {
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// The PDF: fonts embedded and subset, tagged, no wall-clock timestamp.
    pub fn pdf(&self) -> Result<Vec<u8>, Error> {
        let options = typst_pdf::PdfOptions {
            timestamp: self.timestamp.map(typst_pdf::Timestamp::new_utc),
            ..Default::default()
        };
        Error::catch_panic(&self.name, || {
            typst_pdf::pdf(&self.document, &options).map_err(|diags| {
                let messages: Vec<_> = diags.iter().map(|d| d.message.to_string()).collect();
                Error::layout(&self.name, messages.join("\n"))
            })
        })
    }

    /// One PNG per page at `ppi` pixels per inch.
    pub fn png_pages(&self, ppi: f32) -> Result<Vec<Vec<u8>>, Error> {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(ppi) / 72.0),
            ..Default::default()
        };
        // A panic inside Typst's renderer names the résumé, as one in its compiler does.
        Error::catch_panic(&self.name, || {
            self.document
                .pages()
                .iter()
                .map(|page| {
                    typst_render::render(page, &options)
                        .encode_png()
                        .map_err(|e| Error::layout(&self.name, format!("PNG encoding failed: {e}")))
                })
                .collect()
        })
    }

    /// One SVG per page.
    pub fn svg_pages(&self) -> Result<Vec<String>, Error> {
        let options = typst_svg::SvgOptions::default();
        Error::catch_panic(&self.name, || {
            Ok(self
                .document
                .pages()
                .iter()
                .map(|page| typst_svg::svg(page, &options))
                .collect())
        })
    }

    /// One SVG per page with its words as invisible text over the drawing, for a page in
    /// a browser: searchable and selectable like the PDF.
    pub fn svg_pages_with_text(&self) -> Result<Vec<String>, Error> {
        let pages = self.svg_pages()?;
        Ok(pages
            .into_iter()
            .zip(self.document.pages())
            .map(|(svg, page)| text_layer::with_text_layer(svg, &page.frame))
            .collect())
    }
}
