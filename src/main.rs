//! The `resume-pdf` command line; all of it lives in the library's `cli` module (feature
//! `cli`), where it may use the crate's internals without making them public API.

fn main() {
    std::process::exit(resume_pdf::cli::run());
}
