//! A running `resume-pdf watch`, driven as a user's editor and browser would drive it:
//! files written in place, by rename, by delete and re-create; the page read over HTTP.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything the watcher does may take before a test gives up: generous for a
/// loaded CI machine, and a bound, so a hung watcher fails instead of stalling the suite.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Watch {
    child: Child,
    pub url: String,
    /// Everything it printed on stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Watch {
    /// Starts `resume-pdf watch ARGS --port 0` in `dir` and waits for its address.
    pub fn start(dir: &Path, args: &[&str]) -> Watch {
        let mut child = super::bin()
            .arg("watch")
            .args(args)
            .args(["--port", "0"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("resume-pdf watch starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = BufReader::new(child.stderr.take().unwrap());
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Preview at ") {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let url = rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no address printed; stderr:\n{}", stderr.lock().unwrap()));
        Watch { child, url, stderr }
    }

    pub fn get(&self, path: &str) -> String {
        let url = format!("{}{}", self.url, path.trim_start_matches('/'));
        ureq::get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"))
            .body_mut()
            .read_to_string()
            .unwrap()
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/status")).unwrap()
    }

    pub fn post_settings(&self, json: &str) -> u16 {
        let url = format!("{}settings", self.url);
        match ureq::post(&url)
            .header("Content-Type", "application/json")
            .send(json)
        {
            Ok(r) => r.status().as_u16(),
            Err(ureq::Error::StatusCode(code)) => code,
            Err(e) => panic!("POST {url}: {e}"),
        }
    }

    /// Waits for a render after `after` (a generation) and returns its status.
    pub fn next_render(&self, after: u64) -> serde_json::Value {
        wait_for(&format!("a render after generation {after}"), || {
            let status = self.status();
            (status["generation"].as_u64().unwrap() > after).then_some(status)
        })
    }

    /// Waits until the served first page holds `text`.
    pub fn wait_for_page_text(&self, text: &str) -> String {
        wait_for(&format!("`{text}` on the served page"), || {
            let svg = self.get("/page/1");
            svg.contains(text).then_some(svg)
        })
    }

    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "watch did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it gives a value, within [`PATIENCE`].
pub fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Saves `text` as an editor that writes a temporary file and renames it over does.
pub fn save_by_rename(path: &Path, text: &str) {
    let temp: PathBuf = path.with_extension("md.tmp~");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Saves `text` as an editor that deletes the file and creates it anew does.
pub fn save_by_recreate(path: &Path, text: &str) {
    std::fs::remove_file(path).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(path, text).unwrap();
}
