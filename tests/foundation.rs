//! The end-to-end pipeline: Markdown in, a PDF a reader independent of Typst agrees with.

mod common;

use std::fs;

use common::*;

#[test]
fn excerpt_renders_as_is_with_every_word() {
    let input = repo("tests/fixtures/experience-excerpt.md");
    let (_dir, pdf, out) = render(&input, &[]);
    let text = pdftotext(&pdf);
    oracle::assert_every_word(&input, "classic", &pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("$21k USD/week"), "escaped dollar lost");
    // The case studies are not in the excerpt: warnings name each anchor and its line.
    let err = stderr(&out);
    for anchor in [
        "casestudy-postpone-billing",
        "casestudy-subscription-model",
        "casestudy-incident-74",
    ] {
        assert!(
            err.contains(&format!("#{anchor}")),
            "no warning for {anchor}: {err}"
        );
    }
    assert!(
        err.contains("experience-excerpt.md:7:"),
        "warning without file:line: {err}"
    );
}

#[test]
fn full_example_words_links_fonts_metadata() {
    let input = repo("examples/full-resume.md");
    let (_dir, pdf, _) = render(&input, &[]);

    oracle::assert_every_word(&input, "classic", &pdf);

    let info = pdfinfo(&pdf);
    assert_eq!(info["Title"], "Maya Okafor — Résumé");
    assert_eq!(info["Author"], "Maya Okafor");
    assert!(
        !info.get("Keywords").is_none_or(String::is_empty),
        "no keywords: {info:?}"
    );
    assert_eq!(info["Tagged"], "yes");
    assert_eq!(info["Pages"], "2", "the full example is a two-page résumé");
    assert!(
        !info.contains_key("CreationDate"),
        "no wall-clock timestamp: {info:?}"
    );

    let fonts = pdffonts(&pdf);
    assert!(!fonts.is_empty());
    for (name, embedded, subset, unicode) in &fonts {
        assert!(
            *embedded && *subset && *unicode,
            "font {name} not embedded+subset+ToUnicode"
        );
    }
    assert!(
        fonts.iter().any(|f| f.0.contains("Libertinus")),
        "{fonts:?}"
    );

    let links = links(&pdf);
    let uris: Vec<_> = links.iter().filter_map(|l| l.1.clone()).collect();
    assert!(uris.iter().any(|u| u.starts_with("mailto:")), "{uris:?}");
    assert!(uris.iter().any(|u| u.starts_with("tel:")), "{uris:?}");
    assert!(
        uris.iter().any(|u| u.starts_with("https://github.com/")),
        "{uris:?}"
    );
    assert!(
        links.iter().any(|l| l.2),
        "no internal link to a case study: {links:?}"
    );
    assert!(image_count(&pdf) >= 1, "the photo is missing");
    assert!(
        has_alt_text(&pdf, "Photo of Maya Okafor"),
        "the photo's alt text is not in the PDF"
    );
}

#[test]
fn internal_links_land_on_their_targets() {
    let input = repo("examples/full-resume.md");
    let (_dir, pdf, _) = render(&input, &[]);
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages = doc.get_pages();
    let page_text = |p: u32| {
        let out = std::process::Command::new("pdftotext")
            .args([
                "-f",
                &p.to_string(),
                "-l",
                &p.to_string(),
                pdf.to_str().unwrap(),
                "-",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // `[Read the case study](#case-study-payments)` must land on the page of that heading.
    let expected = [
        ("case-study-payments", "Payments Ledger Rewrite"),
        ("case-study-routing", "Streaming Route Planner"),
    ];
    let mut found = Vec::new();
    for page_id in pages.values() {
        for annot in doc.get_page_annotations(*page_id).unwrap_or_default() {
            let Some((name, dest)) = resolve_dest(&doc, annot) else {
                continue;
            };
            let Some((_, heading)) = expected.iter().find(|(id, _)| name.as_deref() == Some(*id))
            else {
                continue;
            };
            let target_page = pages
                .iter()
                .find(|(_, id)| **id == dest)
                .map(|(n, _)| *n)
                .unwrap();
            assert!(
                page_text(target_page).contains(heading),
                "#{name:?} lands on page {target_page}, without {heading}"
            );
            found.push(name.unwrap());
        }
    }
    for (id, _) in expected {
        assert!(found.iter().any(|f| f == id), "no link to #{id}: {found:?}");
    }
}

/// The destination name (if named) and target page of an internal link.
fn resolve_dest(
    doc: &lopdf::Document,
    annot: &lopdf::Dictionary,
) -> Option<(Option<String>, lopdf::ObjectId)> {
    let dest = match annot.get(b"Dest") {
        Ok(d) => d.clone(),
        Err(_) => {
            let a = annot.get(b"A").ok()?;
            let a = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok()?,
                lopdf::Object::Dictionary(d) => d,
                _ => return None,
            };
            a.get(b"D").ok()?.clone()
        }
    };
    let (name, array) = match dest {
        lopdf::Object::Array(a) => (None, a),
        lopdf::Object::String(name, _) | lopdf::Object::Name(name) => (
            Some(String::from_utf8_lossy(&name).into_owned()),
            named_dest(doc, &name)?,
        ),
        lopdf::Object::Reference(r) => (None, doc.get_object(r).ok()?.as_array().ok()?.clone()),
        _ => return None,
    };
    Some((name, array.first()?.as_reference().ok()?))
}

fn named_dest(doc: &lopdf::Document, name: &[u8]) -> Option<Vec<lopdf::Object>> {
    let deref = |o: &lopdf::Object| -> Option<lopdf::Object> {
        match o {
            lopdf::Object::Reference(r) => doc.get_object(*r).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let catalog = doc.catalog().ok()?;
    let names = deref(catalog.get(b"Names").ok()?)?;
    let dests = deref(names.as_dict().ok()?.get(b"Dests").ok()?)?;
    let arr = deref(dests.as_dict().ok()?.get(b"Names").ok()?)?;
    for pair in arr.as_array().ok()?.chunks(2) {
        if pair[0].as_str().ok()? == name {
            return match deref(&pair[1])? {
                lopdf::Object::Array(a) => Some(a),
                lopdf::Object::Dictionary(d) => d.get(b"D").ok()?.as_array().ok().cloned(),
                _ => None,
            };
        }
    }
    None
}

#[test]
fn same_input_same_bytes() {
    let input = repo("examples/full-resume.md");
    let (_d1, a, _) = render(&input, &[]);
    let (_d2, b, _) = render(&input, &[]);
    assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
}

#[test]
fn source_date_epoch_sets_the_creation_date() {
    let input = repo("examples/minimal.md");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("m.pdf");
    let out = bin()
        .args([input.to_str().unwrap(), "-o", pdf.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let info = pdfinfo(&pdf);
    assert!(
        info.get("CreationDate").is_some_and(|d| d.contains("2023")),
        "{info:?}"
    );
}

#[test]
fn default_output_is_beside_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("cv.md");
    fs::write(
        &md,
        "# Jo Bloggs\n\n## Work\n\n### Engineer\n\nBuilt things.\n",
    )
    .unwrap();
    let out = run(&[md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdftotext(&dir.path().join("cv.pdf"));
    assert!(
        text.contains("Jo Bloggs") && text.contains("Built things."),
        "{text}"
    );
}

#[test]
fn stdin_to_stdout() {
    use std::io::Write;
    let mut child = bin()
        .args(["-", "-o", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# Piped Person\n\nHello from stdin.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("p.pdf");
    fs::write(&pdf, &out.stdout).unwrap();
    assert!(pdftotext(&pdf).contains("Hello from stdin."));
}

#[test]
fn user_text_is_never_code() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("evil.md");
    let evil = r#"---
name: '#read("/etc/passwd")'
headline: '$x^2$ @ref <label> ] } \ /* */'
---

## #import "/x.typ": *

### #{panic("x")}

Text with `#read("/etc/passwd")` and [#read("/etc/hostname")](https://example.org) and \#emph[x].
"#;
    fs::write(&md, evil).unwrap();
    let pdf = dir.path().join("evil.pdf");
    let out = run(&[md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdftotext(&pdf);
    for literal in [
        r#"#read("/etc/passwd")"#,
        r#"$x^2$ @ref <label> ] } \ /* */"#,
        r#"#import "/x.typ": *"#,
        r#"#{panic("x")}"#,
        "#emph[x]",
    ] {
        assert!(
            text.contains(literal),
            "`{literal}` did not print literally:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "file content leaked into the PDF");
}

#[test]
fn json_and_typ_formats() {
    let input = repo("examples/full-resume.md");
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("cv.json");
    let out = run(&[
        input.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let model: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    assert_eq!(model["name"], "Maya Okafor");
    assert!(model["sections"].as_array().unwrap().len() >= 5);

    let typ = dir.path().join("cv-typst");
    let out = run(&[
        input.to_str().unwrap(),
        "--format",
        "typ",
        "-o",
        typ.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "main.typ",
        "resume-pdf/common.typ",
        "resume-pdf/classic.typ",
        "resume-pdf/resume.json",
        "photo.png",
        "fonts/LibertinusSerif-Regular.otf",
        "fonts/OFL-Libertinus.txt",
    ] {
        assert!(
            typ.join(file).is_file(),
            "{file} missing from the ejected folder"
        );
    }
    let main = fs::read_to_string(typ.join("main.typ")).unwrap();
    assert!(
        !main.contains("Maya"),
        "user text must stay in the JSON, not the Typst source"
    );
}

#[test]
fn bad_input_fails_cleanly_and_keeps_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("bad.md");
    // Broken YAML: a value of the wrong kind is only a warning now (another tool's
    // front matter must render), but front matter that does not parse is an error.
    fs::write(&md, "---\nname: Ada\nlinks: [3\n---\n# Ada\n").unwrap();
    let pdf = dir.path().join("bad.pdf");
    fs::write(&pdf, b"previous").unwrap();
    let out = run(&[md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bad.md:") && err.contains("front matter"),
        "{err}"
    );
    assert_eq!(fs::read(&pdf).unwrap(), b"previous");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "a temporary file was left behind"
    );

    let out = run(&[dir.path().join("missing.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.md"));

    let out = run(&["--no-such-flag", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[md.to_str().unwrap(), "--layout", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("classic"),
        "unknown layout should list the valid ones"
    );
}
