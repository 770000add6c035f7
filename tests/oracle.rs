//! The word oracle of tests/common/oracle.rs, tried on hand-made breakages, and applied to
//! every example and fixture in every layout.

mod common;

use common::oracle::*;
use common::*;

#[test]
fn probe() {
    for md in [
        "examples/full-resume.md",
        "examples/minimal.md",
        "examples/experience-excerpt.md",
        "tests/fixtures/entry-shapes.md",
        "tests/fixtures/experience-excerpt.md",
        "tests/fixtures/just-over-one-page.md",
    ] {
        for layout in LAYOUTS {
            let (_d, pdf, _) = render(&repo(md), &["--layout", layout]);
            let source = std::fs::read_to_string(repo(md)).unwrap();
            if let Err(e) = check_pdf(&source, layout, &pdf) {
                eprintln!("=== {md}\n{e}");
            }
        }
    }
}
