//! The `resume-pdf` command line: argument parsing and reporting only.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
