//! resume-pdf: a Markdown résumé typeset into an ATS-friendly PDF with Typst, in-process,
//! with the fonts inside the binary.
//!
//! Data flows one way: Markdown → [`read`] → [`model::Resume`] → [`settings`] → JSON → a
//! Typst layout ([`typeset`]) → PDF ([`write`]). User text reaches Typst only as JSON
//! data, never as markup.

pub mod diag;
pub mod error;
pub mod input;
pub mod model;
pub mod read;
pub mod settings;
pub mod typeset;
pub mod write;

pub use error::Error;
pub use input::Input;
pub use settings::Overrides;
pub use typeset::{Prepared, Rendered, Renderer};
