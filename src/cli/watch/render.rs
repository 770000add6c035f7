//! One render of the watched résumé, and what it leaves for the preview page: the last
//! good pages and PDF, and the messages of the last render.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::Serialize;

use crate::cli::messages::{error_line, warning_line};
use crate::model::Paper;
use crate::settings::{LayoutChoice, Overrides};
use crate::typeset::layouts;
use crate::write::files::{Protected, write_atomic};
use crate::{Error, Input, Renderer};

/// What the preview page is told after each render (the `render` event, `/status`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Status {
    /// Counts renders; the page fetches pages of this generation.
    pub generation: u64,
    pub ok: bool,
    /// Pages of the last good render, the ones served.
    pub pages: usize,
    pub milliseconds: u64,
    pub warnings: Vec<Message>,
    pub error: Option<Message>,
    pub layout: String,
    pub paper: &'static str,
    /// The layouts the page offers: the built-in ones, and the résumé's own layout file
    /// (named on the command line or in its front matter).
    pub layouts: Vec<String>,
    /// The name the PDF downloads under.
    pub pdf_name: String,
}

/// A warning or error as the terminal shows it, with the line of the résumé it points at.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Message {
    pub text: String,
    pub source: Option<String>,
}

/// The last good render, and the status of the last one.
pub(crate) struct Snapshot {
    pub status: Status,
    pub svgs: Vec<String>,
    pub pdf: Option<Vec<u8>>,
}

/// What the render loop publishes and the server reads.
#[derive(Clone)]
pub(crate) struct Preview {
    pub snapshot: Arc<Mutex<Snapshot>>,
    /// Tells the event streams a new generation is there.
    pub rendered: Arc<tokio::sync::watch::Sender<u64>>,
}

impl Preview {
    pub(crate) fn new(over: &Overrides, output: PathBuf) -> Self {
        let layouts = layouts::BUILT_IN.iter().map(|l| l.name.into()).collect();
        let status = Status {
            generation: 0,
            ok: false,
            pages: 0,
            milliseconds: 0,
            warnings: Vec::new(),
            error: None,
            layout: layout_name(over),
            paper: paper_name(over.paper),
            layouts,
            pdf_name: output
                .file_name()
                .map_or("resume.pdf".into(), |n| n.to_string_lossy().into_owned()),
        };
        let snapshot = Snapshot {
            status,
            svgs: Vec::new(),
            pdf: None,
        };
        Self {
            snapshot: Arc::new(Mutex::new(snapshot)),
            rendered: Arc::new(tokio::sync::watch::channel(0).0),
        }
    }

    pub(crate) fn status(&self) -> Status {
        self.snapshot.lock().unwrap().status.clone()
    }
}

fn layout_name(over: &Overrides) -> String {
    match &over.layout {
        Some(LayoutChoice::BuiltIn(layout)) => layout.name.into(),
        Some(LayoutChoice::File(path)) => path.display().to_string(),
        None => "front matter".into(),
    }
}

fn paper_name(paper: Option<Paper>) -> &'static str {
    match paper {
        Some(Paper::A4) => "a4",
        Some(Paper::UsLetter) => "us-letter",
        None => "front matter",
    }
}

/// The files the last render read, shared with the watcher's callback.
#[derive(Clone, Default)]
pub(crate) struct Deps(Arc<Mutex<BTreeSet<PathBuf>>>);

impl Deps {
    pub(crate) fn contains(&self, path: &Path) -> bool {
        self.0.lock().unwrap().contains(path)
    }

    /// Takes the files of a render; returns the folders that hold them.
    pub(crate) fn replace(&self, files: BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let folders: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        *self.0.lock().unwrap() = files;
        folders.into_iter().collect()
    }
}

/// The watched résumé and how it is rendered.
pub(crate) struct Session<'a> {
    pub renderer: &'a Renderer,
    pub input: PathBuf,
    pub output: PathBuf,
    pub over: Overrides,
    /// The layout the command line named (`None`: the front matter's).
    pub cli_layout: Option<LayoutChoice>,
    /// The résumé's own layout file as first rendered, which the page may switch back to.
    pub own_layout: Option<String>,
    pub quiet: bool,
}

/// A good render's results.
struct Good {
    /// The layout and paper used, as the résumé or command line named them.
    layout: String,
    paper: Paper,
    svgs: Vec<String>,
    pdf: Vec<u8>,
    warnings: Vec<Message>,
}

impl Session<'_> {
    /// Renders, writes the PDF if it succeeded, publishes the outcome; returns the
    /// files to watch (absolute: the watcher reports absolute paths).
    pub(crate) fn render(&mut self, preview: &Preview) -> BTreeSet<PathBuf> {
        let started = Instant::now();
        let mut files = BTreeSet::from([absolute(&self.input)]);
        let outcome = self.render_into(&mut files);
        let milliseconds = started.elapsed().as_millis() as u64;
        let mut guard = preview.snapshot.lock().unwrap();
        let snapshot = &mut *guard;
        let status = &mut snapshot.status;
        status.generation += 1;
        status.milliseconds = milliseconds;
        let generation = status.generation;
        match outcome {
            Ok(good) => {
                self.report(good.svgs.len(), milliseconds, &good.warnings);
                status.ok = true;
                status.layout = good.layout;
                status.paper = paper_name(Some(good.paper));
                if let Some(own) = &self.own_layout
                    && !status.layouts.contains(own)
                {
                    status.layouts.push(own.clone());
                }
                status.pages = good.svgs.len();
                status.warnings = good.warnings;
                status.error = None;
                snapshot.svgs = good.svgs;
                snapshot.pdf = Some(good.pdf);
            }
            Err(error) => {
                eprintln!("{}", error.text);
                status.ok = false;
                status.error = Some(error);
            }
        }
        drop(guard);
        preview.rendered.send_replace(generation);
        files
    }

    fn report(&self, pages: usize, milliseconds: u64, warnings: &[Message]) {
        if self.quiet {
            return;
        }
        for w in warnings {
            eprintln!("{}", w.text);
        }
        eprintln!(
            "{} → {}: {}, {milliseconds} ms, {}",
            self.input.display(),
            self.output.display(),
            counted(pages, "page"),
            counted(warnings.len(), "warning"),
        );
    }

    fn render_into(&mut self, files: &mut BTreeSet<PathBuf>) -> Result<Good, Message> {
        let name = self.input.display().to_string();
        let input = Input::from_path(&self.input).map_err(|e| message(&name, &e, None))?;
        let text = input.text.clone();
        let fail = |e: Error| message(&name, &e, Some(&text));
        let prepared = self.renderer.prepare(&input, &self.over).map_err(fail)?;
        if let Some(layout) = prepared.custom_layout() {
            files.insert(absolute(layout));
            if self.own_layout.is_none() {
                self.own_layout = Some(prepared.resume.settings.layout.clone());
            }
        }
        let (layout, paper) = (
            prepared.resume.settings.layout.clone(),
            prepared.resume.settings.paper,
        );
        if let Some(base) = &input.base_dir {
            files.extend(prepared.image_paths().map(|k| absolute(&base.join(k))));
        }
        let rendered = self.renderer.compile(prepared).map_err(fail)?;
        let pdf = rendered.pdf().map_err(fail)?;
        let svgs = rendered.svg_pages_with_text().map_err(fail)?;
        // The input as it is now: an editor that saves by renaming gives it a new inode,
        // and the old one may come back as the PDF's.
        let protected = Protected::new([self.input.as_path()]);
        protected.check(&self.output).map_err(|e| Message {
            text: format!("error: {e}"),
            source: None,
        })?;
        write_atomic(&self.output, &pdf).map_err(fail)?;
        Ok(Good {
            layout,
            paper,
            svgs,
            pdf,
            warnings: self.messages(&rendered.warnings, &input.name, &text),
        })
    }

    fn messages(&self, warnings: &[crate::Diagnostic], name: &str, text: &str) -> Vec<Message> {
        warnings
            .iter()
            .map(|w| Message {
                text: warning_line(w, name),
                source: w.pos.and_then(|p| source_line(text, p.line)),
            })
            .collect()
    }

    /// Another layout or paper from the page: a built-in layout's name, or back to the
    /// résumé's own layout file; nothing from the page ever names a file.
    pub(crate) fn switch(&mut self, layout: Option<String>, paper: Option<Paper>) {
        if let Some(name) = layout {
            if let Some(built_in) = layouts::BUILT_IN.iter().find(|l| l.name == name) {
                self.over.layout = Some(LayoutChoice::BuiltIn(built_in));
            } else if self.own_layout.as_ref() == Some(&name) {
                self.over.layout = self.cli_layout.clone();
            }
        }
        if paper.is_some() {
            self.over.paper = paper;
        }
    }
}

/// An error as the terminal shows it, with the line of the résumé `name` it points at.
fn message(name: &str, error: &Error, text: Option<&str>) -> Message {
    let ours = error.file().is_some_and(|f| f == name);
    let source = match (text, error.pos()) {
        (Some(text), Some(pos)) if ours => source_line(text, pos.line),
        _ => None,
    };
    Message {
        text: error_line(error),
        source,
    }
}

/// `1 page`, `11 pages`.
fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn source_line(text: &str, line: usize) -> Option<String> {
    text.lines().nth(line.checked_sub(1)?).map(str::to_string)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
