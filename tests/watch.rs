//! `resume-pdf watch`: the PDF and the served pages follow the file however an editor
//! saves it, a broken edit keeps the last good output, and the server answers only at its
//! own address.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use common::watching::*;
use common::*;

fn resume(name: &str) -> String {
    format!("# {name}\n\nEngineer · Berlin\n\n## Experience\n\n- Built the ledger\n")
}

/// How an editor writes a file.
type Save = fn(&Path, &str);

/// A folder with Ada's `cv.md`, watched with `args`, after its first render.
fn watching(args: &[&str]) -> (tempfile::TempDir, PathBuf, Watch, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.md");
    std::fs::write(&cv, resume("Ada Lovelace")).unwrap();
    let watch = Watch::start(dir.path(), args);
    let first = watch.next_render(0);
    assert_eq!(first["ok"], true, "{first}");
    (dir, cv, watch, first)
}

#[test]
fn the_pdf_and_the_page_follow_every_way_of_saving() {
    let (dir, cv, watch, _) = watching(&["cv.md"]);
    watch.wait_for_page_text("Ada Lovelace");
    let pdf = dir.path().join("cv.pdf");
    assert!(pdftotext(&pdf).contains("Ada Lovelace"));

    let saves: [(&str, Save); 3] = [
        ("in place", |p, t| std::fs::write(p, t).unwrap()),
        ("by rename", save_by_rename),
        ("by delete and re-create", save_by_recreate),
    ];
    for (i, (how, save)) in saves.iter().enumerate() {
        let name = ["Grace Hopper", "Katherine Johnson", "Margaret Hamilton"][i];
        save(&cv, &resume(name));
        watch.wait_for_page_text(name);
        wait_for(&format!("the PDF saved {how} to name {name}"), || {
            pdftotext(&pdf).contains(name).then_some(())
        });
    }
    assert!(
        !dir.path().join("cv.md.tmp~").exists() && cv.exists(),
        "the input is as the editor left it"
    );
    let log = watch.stderr.lock().unwrap().clone();
    assert!(
        log.contains("cv.md → cv.pdf: 1 page,"),
        "one line per render:\n{log}"
    );
    assert_eq!(watch.stop().code(), Some(0), "Ctrl-C stops it cleanly");
}

#[test]
fn a_changed_image_renders_again() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.md");
    let photo = dir.path().join("photo.png");
    std::fs::copy(repo("examples/photo.png"), &photo).unwrap();
    std::fs::write(
        &cv,
        format!("{}\n![Me](photo.png)\n", resume("Ada Lovelace")),
    )
    .unwrap();
    let watch = Watch::start(dir.path(), &["cv.md"]);
    let first = watch.next_render(0);
    assert_eq!(first["ok"], true, "{first}");
    let generation = first["generation"].as_u64().unwrap();
    std::fs::copy(repo("examples/photo.png"), &photo).unwrap();
    let again = watch.next_render(generation);
    assert_eq!(again["ok"], true, "{again}");
    // Its own reading of the files is no change: the loop rests until the next save.
    std::thread::sleep(std::time::Duration::from_millis(400));
    let settled = watch.status()["generation"].as_u64().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(
        watch.status()["generation"].as_u64().unwrap(),
        settled,
        "renders only on a change"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_says_where() {
    let (dir, cv, watch, first) = watching(&["cv.md"]);
    let pdf = dir.path().join("cv.pdf");
    let good = std::fs::read(&pdf).unwrap();

    std::fs::write(
        &cv,
        format!("---\nlayout: missing.typ\n---\n{}", resume("Grace Hopper")),
    )
    .unwrap();
    let broken = watch.next_render(first["generation"].as_u64().unwrap());
    assert_eq!(broken["ok"], false, "{broken}");
    let error = &broken["error"];
    let text = error["text"].as_str().unwrap();
    assert!(
        text.starts_with("cv.md:2:"),
        "the error names file and line: {text}"
    );
    assert_eq!(error["source"], "layout: missing.typ", "{broken}");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        good,
        "the last good PDF stays"
    );
    assert!(
        watch.get("/page/1").contains("Ada Lovelace"),
        "the last good pages stay"
    );
    wait_for("the error on stderr", || {
        watch
            .stderr
            .lock()
            .unwrap()
            .contains("cv.md:2:")
            .then_some(())
    });

    std::fs::write(&cv, resume("Grace Hopper")).unwrap();
    watch.wait_for_page_text("Grace Hopper");
    assert_eq!(watch.status()["error"], serde_json::Value::Null);
}

/// One raw request with the headers given, as a hostile page or a rebinding DNS name
/// would send it; returns the status code.
fn raw_status(url: &str, request: &str) -> u16 {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"))
}

#[test]
fn only_its_own_address_is_answered_and_no_file_is_served() {
    let (_dir, _, watch, _) = watching(&["cv.md"]);
    let addr = watch
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let port = addr.rsplit(':').next().unwrap();
    let ask = |host: &str, extra: &str, path: &str| {
        raw_status(
            &watch.url,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"),
        )
    };
    assert_eq!(ask(&addr, "", "/status"), 200);
    assert_eq!(ask(&format!("localhost:{port}"), "", "/status"), 200);
    assert_eq!(ask(&format!("attacker.example:{port}"), "", "/status"), 403);
    assert_eq!(
        ask(&format!("attacker.example:{port}"), "", "/resume.pdf"),
        403
    );
    let other_site = "Origin: http://attacker.example\r\n";
    assert_eq!(ask(&addr, other_site, "/status"), 403);
    for path in [
        "/cv.md",
        "/cv.pdf",
        "/../cv.md",
        "/page/..%2Fcv.md",
        "/preview.js/../cv.md",
    ] {
        let code = ask(&addr, "", path);
        assert!(code == 404 || code == 400, "{path} answered {code}");
    }
    assert_eq!(watch.post_settings(r#"{"layout":"../cv.md"}"#), 400);
    assert_eq!(watch.post_settings(r#"{"paper":"a3"}"#), 400);
}

#[test]
fn the_switcher_renders_another_layout_without_changing_the_file() {
    let (dir, cv, watch, first) = watching(&["cv.md", "--layout", "classic"]);
    let before = resume("Ada Lovelace").into_bytes();
    assert_eq!(first["layout"], "classic");
    assert_eq!(
        watch.post_settings(r#"{"layout":"sidebar","paper":"us-letter"}"#),
        202
    );
    let switched = watch.next_render(first["generation"].as_u64().unwrap());
    assert_eq!(switched["layout"], "sidebar", "{switched}");
    assert_eq!(switched["paper"], "us-letter", "{switched}");
    let info = pdfinfo(&dir.path().join("cv.pdf"));
    let size = &info["Page size"];
    assert!(
        size.starts_with("612 x 792"),
        "the PDF follows the switch: {size}"
    );
    assert_eq!(
        std::fs::read(&cv).unwrap(),
        before,
        "the file is not changed"
    );
    let pdf = ureq::get(&format!("{}resume.pdf", watch.url))
        .call()
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
}
