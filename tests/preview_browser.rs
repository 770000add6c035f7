//! The preview page in a real browser (Debian's headless Chromium over the DevTools
//! protocol): it shows the résumé's words, follows an edit without reloading, shows an
//! error under which the last good pages stay, and switches the layout.

mod common;

use std::path::Path;
use std::time::Duration;

use common::watching::*;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};

const CHROMIUM: &str = "/usr/bin/chromium";

fn resume(name: &str) -> String {
    format!(
        "---\nemail: ada@example.org\nlocation: London\n---\n# {name}\n\nMathematician · \
         first programmer\n\n## Experience\n\n### Analyst | Analytical Engine | 1842 – 1843\n\n\
         - Wrote the first published algorithm for a machine\n- Saw that it could compose \
         music\n\n## Skills\n\nMathematics, translation, notes longer than the paper\n"
    )
}

fn browser() -> Browser {
    assert!(
        Path::new(CHROMIUM).exists(),
        "the browser test needs Debian's chromium (apt-get install chromium); scripts/test installs it"
    );
    let options = LaunchOptions::default_builder()
        .path(Some(CHROMIUM.into()))
        .headless(true)
        // Root in CI: Chromium's sandbox refuses to run as root.
        .sandbox(false)
        .window_size(Some((1000, 1300)))
        .idle_browser_timeout(PATIENCE)
        .build()
        .unwrap();
    Browser::new(options).expect("chromium starts")
}

/// Evaluates `js` in the page until it gives a true value or a string, within PATIENCE.
fn wait_js(tab: &Tab, what: &str, js: &str) -> serde_json::Value {
    wait_for(what, || {
        let value = tab.evaluate(js, false).ok()?.value?;
        let done = match &value {
            serde_json::Value::Bool(b) => *b,
            serde_json::Value::Null => false,
            _ => true,
        };
        done.then_some(value)
    })
}

const PAGE_TEXT: &str = "document.querySelector('#pages').textContent";

#[test]
fn the_page_follows_edits_shows_errors_and_switches_layout() {
    let dir = tempfile::tempdir().unwrap();
    let cv = dir.path().join("cv.md");
    std::fs::write(&cv, resume("Ada Lovelace")).unwrap();
    let watch = Watch::start(dir.path(), &["cv.md", "--layout", "classic"]);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(PATIENCE);
    tab.navigate_to(&watch.url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_js(
        &tab,
        "the name in the SVG",
        &format!("{PAGE_TEXT}.includes('Ada Lovelace')"),
    );
    // A mark on the window: a reload would wipe it.
    tab.evaluate(
        "window.notReloaded = true; window.scrollTo(0, 200); true",
        false,
    )
    .unwrap();

    save_by_rename(&cv, &resume("Grace Hopper"));
    wait_js(
        &tab,
        "the new name",
        &format!("{PAGE_TEXT}.includes('Grace Hopper')"),
    );
    let kept = tab
        .evaluate("window.notReloaded === true", false)
        .unwrap()
        .value;
    assert_eq!(
        kept,
        Some(serde_json::Value::Bool(true)),
        "updated without a reload"
    );

    std::fs::write(
        &cv,
        format!("---\nname: Grace: Hopper\n---\n{}", resume("Grace Hopper")),
    )
    .unwrap();
    let error = wait_js(
        &tab,
        "the error message",
        "document.querySelector('.message.error')?.textContent ?? null",
    );
    let error = error.as_str().unwrap();
    assert!(error.contains("cv.md:2:"), "the error says where: {error}");
    assert!(
        error.contains("name: Grace: Hopper"),
        "and shows the line: {error}"
    );
    let still = tab
        .evaluate(&format!("{PAGE_TEXT}.includes('Grace Hopper')"), false)
        .unwrap();
    assert_eq!(
        still.value,
        Some(serde_json::Value::Bool(true)),
        "the last good pages stay"
    );

    std::fs::write(&cv, resume("Grace Hopper")).unwrap();
    wait_js(
        &tab,
        "the error to go",
        "document.querySelector('.message.error') === null",
    );
    tab.evaluate(
        "const s = document.querySelector('#layout'); s.value = 'sidebar'; \
         s.dispatchEvent(new Event('change')); true",
        false,
    )
    .unwrap();
    // A save may still be rendering: wait for the render of the switch itself.
    let switched = wait_for("the switch to sidebar", || {
        let status = watch.status();
        (status["layout"] == "sidebar").then_some(status)
    });
    assert_eq!(switched["ok"], true, "{switched}");
    let before = switched["generation"].as_u64().unwrap() - 1;
    wait_js(
        &tab,
        "the sidebar pages",
        &format!("Number(document.body.dataset.generation) >= {}", before + 1),
    );
    screenshot(&tab);
}

/// The README's picture of the page, taken by the same browser: refreshed when
/// `RESUME_PDF_SCREENSHOT` names where to write it.
fn screenshot(tab: &Tab) {
    let Some(path) = std::env::var_os("RESUME_PDF_SCREENSHOT") else {
        return;
    };
    tab.evaluate("window.scrollTo(0, 0); true", false).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(path, png).unwrap();
}
