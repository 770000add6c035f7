//! The images of one résumé: each file vetted once, and every reference to it charged
//! against the résumé's budget, so that twenty uses of one costly SVG cannot do twenty
//! times the work unnoticed.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use typst::foundations::Bytes;

use crate::typeset::sandbox::{Sandbox, Vetted, image_path};

/// The distinct image files of one résumé, in bytes read and kept in memory.
pub(crate) const MAX_RESUME_IMAGE_BYTES: u64 = 40 * 1024 * 1024;
/// Decoded pixels of the distinct bitmaps of one résumé (4 bytes each in memory).
pub(crate) const MAX_RESUME_PIXELS: u64 = 100_000_000;
/// Elements drawn by the SVG images of one résumé, every use of an image counted.
pub(crate) const MAX_RESUME_SVG_ELEMENTS: u64 = 300_000;
/// Pixel operations of the SVG filters of one résumé, every use counted (see
/// [`crate::typeset::svg::FILTER_SIDE_PX`]); a few seconds of work at most.
pub(crate) const MAX_RESUME_FILTER_WORK: u64 = 400_000_000;

/// What the résumé has spent so far.
#[derive(Debug, Default)]
struct Spent {
    bytes: u64,
    pixels: u64,
    svg_elements: u64,
    filter_work: u64,
}

/// A file that passed, as the references to it need it.
struct File {
    format: &'static str,
    svg: Option<crate::typeset::svg::SvgCost>,
    bytes: Bytes,
}

/// Vets and charges the images of one résumé as the parser meets them.
pub(crate) struct Images<'a> {
    sandbox: Option<&'a Sandbox>,
    /// Each spelling's file, resolved once.
    real: HashMap<String, Result<PathBuf, String>>,
    /// Each file's verdict, by its real path: read and measured once.
    files: HashMap<PathBuf, Result<File, String>>,
    /// What the layout may load, by relative path, with the vetted bytes.
    served: BTreeMap<String, Bytes>,
    spent: Spent,
}

impl<'a> Images<'a> {
    pub(crate) fn new(sandbox: Option<&'a Sandbox>) -> Self {
        Self {
            sandbox,
            real: HashMap::new(),
            files: HashMap::new(),
            served: BTreeMap::new(),
            spent: Spent::default(),
        }
    }

    /// One reference to `src`: the path the layout loads and the image's format, or why
    /// the image is left out here.
    pub(crate) fn check(&mut self, src: &str) -> Result<(String, String), String> {
        let Some(sandbox) = self.sandbox else {
            return Err("images need a file on disk to be relative to".to_string());
        };
        let path = image_path(src);
        let real = self
            .real
            .entry(path.clone())
            .or_insert_with(|| sandbox.resolve(&path))
            .clone()?;
        if !self.files.contains_key(&real) {
            let verdict = sandbox.check_image(&path).and_then(|v| {
                self.spent.charge_file(&v)?;
                Ok(File {
                    format: v.format,
                    svg: v.svg,
                    bytes: Bytes::new(v.data),
                })
            });
            self.files.insert(real.clone(), verdict);
        }
        let file = self.files[&real].as_ref().map_err(Clone::clone)?;
        if let Some(cost) = file.svg {
            self.spent.charge_svg(cost)?;
        }
        self.served
            .entry(path.clone())
            .or_insert_with(|| file.bytes.clone());
        Ok((path, file.format.to_string()))
    }

    /// The bytes of every image that passed, by the path the layout loads.
    pub(crate) fn into_served(self) -> BTreeMap<String, Bytes> {
        self.served
    }
}

impl Spent {
    /// What a file costs however often it is used: its bytes and decoded pixels (Typst
    /// decodes a bitmap once and embeds it once).
    fn charge_file(&mut self, image: &Vetted) -> Result<(), String> {
        let bytes = self.bytes + image.data.len() as u64;
        if bytes > MAX_RESUME_IMAGE_BYTES {
            return Err(format!(
                "the résumé's images would pass {} MB together",
                MAX_RESUME_IMAGE_BYTES >> 20
            ));
        }
        let pixels = self.pixels + image.pixels;
        if pixels > MAX_RESUME_PIXELS {
            return Err(format!(
                "the résumé's images would pass {} megapixels together",
                MAX_RESUME_PIXELS / 1_000_000
            ));
        }
        (self.bytes, self.pixels) = (bytes, pixels);
        Ok(())
    }

    /// What one drawing of an SVG costs: its elements, and its filters, which the PDF
    /// rasterises again at every use.
    fn charge_svg(&mut self, cost: crate::typeset::svg::SvgCost) -> Result<(), String> {
        let elements = Budget {
            spent: self.svg_elements,
            cost: cost.elements,
            max: MAX_RESUME_SVG_ELEMENTS,
            unit: 1,
        }
        .charge("it draws {cost} elements", "a résumé's SVG images may draw")?;
        let work = Budget {
            spent: self.filter_work,
            cost: cost.filter_work,
            max: MAX_RESUME_FILTER_WORK,
            unit: 1_000_000,
        }
        .charge(
            "its filters would cost {cost} million pixel operations",
            "million a résumé's SVG filters may cost",
        )?;
        (self.svg_elements, self.filter_work) = (elements, work);
        Ok(())
    }
}

/// One quantity of the budget; `unit` divides the figures messages show.
struct Budget {
    spent: u64,
    cost: u64,
    max: u64,
    unit: u64,
}

impl Budget {
    /// `spent + cost` if it stays within `max`; else why not, saying whether the image is
    /// too costly on its own or only after the images before it.
    fn charge(&self, what: &str, budget: &str) -> Result<u64, String> {
        let total = self.spent.saturating_add(self.cost);
        if total <= self.max {
            return Ok(total);
        }
        let shown = |n: u64| (n / self.unit).to_string();
        let what = what.replace("{cost}", &shown(self.cost));
        let max = shown(self.max);
        Err(if self.cost > self.max {
            format!("{what}, more than the {max} {budget} in all")
        } else {
            format!(
                "{what}, and the images before it have used {} of the {max} {budget} \
                 (every use of an image counts)",
                shown(self.spent)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn every_reference_to_an_svg_is_charged_and_each_file_read_once() {
        let dir = tempfile::tempdir().unwrap();
        // About 100 million pixel operations at each use: four fit the budget.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
            <filter id="s" x="-0.5" y="-0.5" width="2" height="2"><feGaussianBlur stdDeviation="2"/><feOffset dx="2"/></filter>
            <rect x="10" y="10" width="80" height="80" filter="url(#s)"/></svg>"##;
        fs::write(dir.path().join("s.svg"), svg).unwrap();
        let sandbox = Sandbox::new(dir.path()).unwrap();
        let mut images = Images::new(Some(&sandbox));
        let results: Vec<_> = (0..20)
            .map(|i| images.check(if i % 2 == 0 { "s.svg" } else { "./s.svg" }))
            .collect();
        let kept = results.iter().filter(|r| r.is_ok()).count();
        assert!((1..20).contains(&kept), "{results:?}");
        assert!(
            results[..kept].iter().all(Result::is_ok),
            "in order: {results:?}"
        );
        let err = results[kept].as_ref().unwrap_err();
        assert!(err.contains("every use of an image counts"), "{err}");
        // Two spellings of one file: one file's bytes charged.
        assert_eq!(images.spent.bytes, svg.len() as u64);
        assert_eq!(results[0].as_ref().unwrap().1, "svg");
    }

    #[test]
    fn the_bitmaps_of_a_resume_share_a_pixel_budget() {
        let dir = tempfile::tempdir().unwrap();
        // PNG headers of 6000×6000 pixels (36 megapixels each, under the per-file limit).
        let png = crate::typeset::sandbox::tests::png_header(6000, 6000);
        for name in ["a.png", "b.png", "c.png"] {
            fs::write(dir.path().join(name), &png).unwrap();
        }
        let sandbox = Sandbox::new(dir.path()).unwrap();
        let mut images = Images::new(Some(&sandbox));
        assert!(images.check("a.png").is_ok());
        assert!(images.check("b.png").is_ok());
        assert!(
            images.check("a.png").is_ok(),
            "a file already counted is free"
        );
        let err = images.check("c.png").unwrap_err();
        assert!(err.contains("megapixels together"), "{err}");
        assert_eq!(images.into_served().len(), 2);
    }
}
