//! Readers: the user's text to the [`crate::model::Resume`], with warnings.
//!
//! Each reader is a function from text to a résumé; none knows a layout or a writer.
//! Front matter is shared by the readers of text formats that carry it.

pub(crate) mod front_matter;
pub mod markdown;
mod yaml_budget;
