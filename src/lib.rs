//! resume-pdf: a Markdown résumé typeset into an ATS-friendly PDF with Typst, in-process,
//! with the fonts inside the binary.
//!
//! Data flows one way: text → a reader ([`read`]) → the [`model::Resume`] → settings
//! resolved ([`Overrides`] over front matter over defaults) → JSON → a Typst layout
//! (the [`Renderer`]) → PDF, PNG or SVG ([`Rendered`]). User text reaches Typst only as
//! JSON data, never as markup.
//!
//! ```no_run
//! use resume_pdf::{Input, Overrides, Renderer};
//!
//! let renderer = Renderer::new(&[] as &[&str])?;
//! let input = Input::from_path("cv.md".as_ref())?;
//! let rendered = renderer.render(&input, &Overrides::default())?;
//! std::fs::write("cv.pdf", rendered.pdf()?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The command line is the `cli` feature (on by default); without it the library builds
//! without clap, indicatif, glob and rayon.

mod diag;
mod error;
mod input;
pub mod model;
pub mod read;
mod settings;
mod typeset;
mod write;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;

pub use diag::{Diagnostic, Hint, Pos, Severity};
pub use error::Error;
pub use input::{Input, MAX_INPUT_BYTES};
pub use settings::{LayoutChoice, MAX_FONT_SIZE, MIN_FONT_SIZE, Overrides};
pub use typeset::layouts::Layout;
pub use typeset::{Prepared, Rendered, Renderer};
