//! Every built-in layout renders the whole résumé; custom layouts; fit to pages.

mod common;

use std::fs;

use common::*;

#[test]
fn every_layout_renders_every_word_with_embedded_fonts_and_links() {
    let input = repo("examples/full-resume.md");
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&input, &["--layout", layout]);
        assert_no_hyphenation(layout, &pdftotext_layout(&pdf));
        oracle::assert_every_word(&input, layout, &pdf);
        for (name, embedded, subset, unicode) in pdffonts(&pdf) {
            assert!(
                embedded && subset && unicode,
                "{layout}: font {name} not embedded+subset+ToUnicode"
            );
        }
        let links = links(&pdf);
        assert!(
            links
                .iter()
                .any(|l| l.1.as_deref().is_some_and(|u| u.starts_with("mailto:"))),
            "{layout}: {links:?}"
        );
        assert!(links.iter().any(|l| l.2), "{layout}: no internal link");
        let info = pdfinfo(&pdf);
        assert_eq!(info["Title"], "Maya Okafor — Résumé", "{layout}");
        assert_eq!(info["Tagged"], "yes", "{layout}");
        assert!(
            has_alt_text(&pdf, "Photo of Maya Okafor"),
            "{layout}: photo alt text"
        );
    }
}

/// No automatic hyphenation: poppler writes Typst's automatic hyphens as U+00AD, and a
/// line may not end in a letter and a `-` the input does not have there either.
fn assert_no_hyphenation(layout: &str, text: &str) {
    let soft: Vec<&str> = text.lines().filter(|l| l.contains('\u{AD}')).collect();
    assert!(
        soft.is_empty(),
        "{layout}: {} automatic hyphens, e.g. {:?}",
        soft.len(),
        &soft[..soft.len().min(3)]
    );
    for line in text.lines() {
        let t = line.trim_end();
        if let Some(stem) = t.strip_suffix('-') {
            let word = stem.rsplit(' ').next().unwrap_or("");
            assert!(
                !word.chars().last().is_some_and(char::is_alphabetic),
                "{layout}: hyphenated line end `{t}`"
            );
        }
    }
}

#[test]
fn sidebar_text_reads_sidebar_then_main_column() {
    let (_dir, pdf, _) = render(&repo("examples/full-resume.md"), &["--layout", "sidebar"]);
    let text = pdftotext(&pdf);
    let pos = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    // Sidebar: contact, skills, languages, interests; main: summary, experience.
    let sidebar = [
        "maya.okafor@example.com",
        "Skills",
        "Languages",
        "Interests",
        "SERIALIZABLE",
    ];
    let main = [
        "Backend engineer with eleven years",
        "Kontora runs invoicing",
        "Case Studies",
    ];
    let last_sidebar = sidebar.iter().map(|s| pos(s)).max().unwrap();
    let first_main = main.iter().map(|s| pos(s)).min().unwrap();
    assert!(
        last_sidebar < first_main,
        "sidebar and main column interleave:\n{text}"
    );
}

#[test]
fn layouts_are_listed_and_unknown_names_list_the_valid_ones() {
    let out = run(&["layouts"]);
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    for layout in LAYOUTS {
        assert!(listing.contains(layout), "{listing}");
    }
    let out = run(&[
        repo("examples/minimal.md").to_str().unwrap(),
        "--layout",
        "fancy",
    ]);
    assert_eq!(out.status.code(), Some(2));
    for layout in LAYOUTS {
        assert!(stderr(&out).contains(layout), "{}", stderr(&out));
    }
    // A layout named in front matter that is none of ours (Jekyll's `layout: cv`) is a
    // warning that lists them, and the default layout renders.
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("cv.md");
    fs::write(&md, "---\nlayout: fancy\n---\n# A\n").unwrap();
    let out = run(&[md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cv.md:2:1: warning") && err.contains("sidebar"),
        "{err}"
    );
}

#[test]
fn settings_from_front_matter_and_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("cv.md");
    fs::write(&md, "---\nname: Set Tings\npaper: us-letter\nfont: Inter\nlayout: compact\n---\n\n## Work\n\nText.\n").unwrap();
    let pdf = dir.path().join("cv.pdf");
    let out = run(&[md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        pdfinfo(&pdf)["Page size"].starts_with("612 x 792"),
        "front matter paper ignored"
    );
    assert!(
        pdffonts(&pdf).iter().any(|f| f.0.contains("Inter")),
        "front matter font ignored"
    );

    // The command line wins.
    let out = run(&[
        md.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--paper",
        "a4",
        "--font",
        "Libertinus Serif",
        "--accent",
        "teal",
        "--font-size",
        "11",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        pdfinfo(&pdf)["Page size"].starts_with("595."),
        "--paper ignored"
    );
    let fonts = pdffonts(&pdf);
    assert!(
        fonts.iter().any(|f| f.0.contains("Libertinus"))
            && !fonts.iter().any(|f| f.0.contains("Inter")),
        "--font ignored: {fonts:?}"
    );

    let out = run(&[md.to_str().unwrap(), "--font", "Comic Sans"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Comic Sans") && stderr(&out).contains("Inter"),
        "{}",
        stderr(&out)
    );
    let out = run(&[md.to_str().unwrap(), "--accent", "#zzz"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fit_shrinks_a_two_page_resume_onto_one() {
    let input = repo("tests/fixtures/just-over-one-page.md");
    let (_d, two, _) = render(&input, &[]);
    assert_eq!(
        pdfinfo(&two)["Pages"],
        "2",
        "the fixture must overflow one page in classic"
    );
    let (_d, one, out) = render(&input, &["--fit", "1", "--verbose"]);
    assert_eq!(pdfinfo(&one)["Pages"], "1");
    let err = stderr(&out);
    let scale: f64 = err
        .split("scale ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.parse().ok())
        .expect("--verbose reports the scale");
    assert!((8.5 / 10.5..1.0).contains(&scale), "scale {scale}");
    oracle::assert_every_word(&input, "classic", &one);

    // Impossible: the tightest version, with a warning naming the page count.
    let (_d, tight, out) = render(&repo("examples/full-resume.md"), &["--fit", "1"]);
    assert!(
        stderr(&out).contains("does not fit on 1 page"),
        "{}",
        stderr(&out)
    );
    assert!(pdfinfo(&tight)["Pages"].parse::<u32>().unwrap() >= 2);
}

#[test]
fn the_custom_layout_example_renders() {
    let layout = repo("examples/custom-layout/minimal.typ");
    let (_d, pdf, _) = render(
        &repo("examples/full-resume.md"),
        &["--layout", layout.to_str().unwrap()],
    );
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Maya Okafor")
            && text.contains("Staff Software Engineer")
            && text.contains("Jan 2021"),
        "{text}"
    );
}
