//! resume-pdf: a Markdown résumé typeset into an ATS-friendly PDF with Typst, in-process,
//! with the fonts inside the binary.
//!
//! Data flows one way: Markdown → [`markdown::parse`] → [`model::Resume`] → JSON → a Typst
//! layout → PDF. User text reaches Typst only as JSON data, never as markup.

pub mod diag;
pub mod eject;
pub mod error;
pub mod fonts;
pub mod images;
pub mod input;
pub mod layouts;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod sandbox;
pub mod settings;
pub mod svg;
pub mod world;

pub use error::Error;
pub use input::Input;
pub use render::{Prepared, Rendered, Renderer};
pub use settings::Overrides;
