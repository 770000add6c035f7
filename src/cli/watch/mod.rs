//! `resume-pdf watch`: renders a résumé whenever it, an image it shows or its layout
//! changes, writes the PDF as a plain render does, and serves a preview page that follows.
//!
//! The render loop runs on this thread with one warm [`Renderer`] (Typst's memo makes a
//! re-render cheap); the file watcher and the HTTP server ([`server`]) only send it
//! messages, and read what it publishes in [`Preview`].

mod render;
mod server;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use clap::Args;
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::Typesetting;
use super::{isolate, messages};
use crate::Renderer;
use crate::write::files::Protected;
use render::{Deps, Preview, Session};

/// The preview's port unless `--port` names another; a free one when it is taken.
pub(crate) const DEFAULT_PORT: u16 = 8765;

/// Re-render whenever the résumé, an image it shows or its layout file changes, and show
/// the pages in the browser as they will be in the PDF.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// The Markdown résumé.
    #[arg(value_name = "INPUT")]
    input: PathBuf,

    /// The PDF written after each good render [default: the input's name with .pdf,
    /// beside it]. A failed render leaves the last good one in place.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    set: Typesetting,

    /// Address the preview listens on. Anything but a loopback address lets other
    /// machines read your résumé: give one only on purpose.
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    host: IpAddr,

    /// Port of the preview page [default: 8765, or a free one when 8765 is taken].
    #[arg(long, value_name = "PORT")]
    port: Option<u16>,

    /// Open the preview in the system's browser.
    #[arg(long)]
    open: bool,

    /// Print only errors, not a line per render.
    #[arg(short, long)]
    quiet: bool,
}

/// What the render loop is told.
pub(crate) enum Msg {
    /// A file the résumé depends on changed.
    Changed,
    /// The page asked for another built-in layout or paper (the file is not changed).
    Switch {
        layout: Option<String>,
        paper: Option<crate::model::Paper>,
    },
    Quit,
}

/// Runs the command; returns the exit code.
pub(crate) fn run(args: &WatchArgs) -> i32 {
    match start(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn start(args: &WatchArgs) -> Result<i32, String> {
    let over = args.set.overrides()?;
    if !args.input.is_file() {
        return Err(format!("{} is not a file", args.input.display()));
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.input.with_extension("pdf"));
    let protected = Protected::new([args.input.as_path()]);
    protected.check(&output)?;
    if output.is_dir() {
        return Err(format!(
            "-o {} is a folder; give a file name",
            output.display()
        ));
    }
    let fonts = isolate::vetted_fonts(&args.set.font_path).map_err(|e| e.to_string())?;
    let renderer = Renderer::new(&fonts).map_err(|e| messages::error_line(&e))?;
    let listener = bind(args.host, args.port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !args.host.is_loopback() {
        eprintln!(
            "warning: listening on {addr}: other machines can read this résumé; \
             use --host 127.0.0.1 to keep it to this one"
        );
    }
    let (tx, rx) = mpsc::channel();
    let preview = Preview::new(&over, output.clone());
    server::spawn(listener, preview.clone(), tx.clone())?;
    let url = format!("http://{addr}/");
    eprintln!("Preview at {url} (Ctrl-C stops)");
    if args.open
        && let Err(e) = open::that_detached(&url)
    {
        eprintln!("warning: cannot open a browser: {e}");
    }
    let session = Session {
        renderer: &renderer,
        input: args.input.clone(),
        output,
        cli_layout: over.layout.clone(),
        own_layout: None,
        over,
        quiet: args.quiet,
    };
    watch_loop(session, &preview, tx, rx)
}

/// Whether an event can change what a file holds: not the render's own reading of it
/// (an open, a close after reading, an access time), which would render forever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_)
        | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The fixed port, or a free one if it is taken and none was asked for.
fn bind(host: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let at = |port| TcpListener::bind(SocketAddr::new(host, port));
    match (at(port.unwrap_or(DEFAULT_PORT)), port) {
        (Ok(listener), _) => Ok(listener),
        (Err(_), None) => at(0).map_err(|e| format!("cannot listen on {host}: {e}")),
        (Err(e), Some(port)) => Err(format!("cannot listen on {host}:{port}: {e}")),
    }
}

/// Renders now and after every change until Ctrl-C.
fn watch_loop(
    mut session: Session,
    preview: &Preview,
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
) -> Result<i32, String> {
    let deps = Deps::default();
    let watched = deps.clone();
    let mut debouncer = new_debouncer(
        Duration::from_millis(30),
        None,
        move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let changed = events
                .iter()
                .filter(|e| changes_content(&e.kind))
                .any(|e| e.paths.iter().any(|p| watched.contains(p)));
            if changed {
                let _ = tx.send(Msg::Changed);
            }
        },
    )
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut folders = Vec::new();
    loop {
        let files = session.render(preview);
        let wanted = deps.replace(files);
        // Folders, not files: an editor that saves by renaming or re-creating the file
        // replaces what a watch on the file itself would follow.
        for folder in wanted.iter().filter(|f| !folders.contains(*f)) {
            if let Err(e) = debouncer.watch(folder, RecursiveMode::NonRecursive) {
                eprintln!("warning: cannot watch {}: {e}", folder.display());
            }
        }
        folders = wanted;
        // Changes that arrived while rendering are one more render, not many.
        let mut next = match rx.recv() {
            Ok(msg) => msg,
            Err(_) => return Ok(0),
        };
        while let Ok(more) = rx.try_recv() {
            next = match (next, more) {
                (Msg::Quit, _) | (_, Msg::Quit) => Msg::Quit,
                (Msg::Switch { .. }, switch @ Msg::Switch { .. }) => switch,
                (switch @ Msg::Switch { .. }, Msg::Changed) => switch,
                (Msg::Changed, other) => other,
            };
        }
        match next {
            Msg::Quit => return Ok(0),
            Msg::Changed => {}
            Msg::Switch { layout, paper } => session.switch(layout, paper),
        }
    }
}
