//! Rendering the planned jobs: in parallel, with bounded memory, reporting as it goes.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::settings::Overrides;
use crate::typeset::eject;
use crate::write::files::{Protected, write_atomic};
use crate::{Error, Input, Renderer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::messages::{error_line, warning_line};
use super::plan::Job;
use super::{Cli, Format, isolate};

/// Résumés a worker renders between two evictions of the compiler's memo cache. Each
/// résumé leaves about 2 MB of memoised layout behind; an eviction keeps only what was used
/// since the one before, so peak memory stays near a few dozen résumés' worth however long
/// the batch (the README's Performance section has the figures).
const EVICT_EVERY: usize = 8;

/// The outcome of one job, also the `--json` line.
#[derive(Debug, Serialize)]
struct Report {
    input: String,
    output: Option<String>,
    status: &'static str,
    pages: Option<usize>,
    warnings: Vec<String>,
    error: Option<String>,
    milliseconds: u64,
    #[serde(skip)]
    scale: f64,
    /// The failure was a refusal (exit status 2), such as pages for standard output.
    #[serde(skip)]
    usage: bool,
    /// Milliseconds spent parsing, typesetting and exporting, for `--verbose`.
    #[serde(skip)]
    phases: [u64; 3],
}

/// What every job of a run shares besides the renderer and the command line.
pub(crate) struct Context {
    /// The inputs, never written over.
    pub protected: Protected,
    /// The `--font-path` files that passed the font check.
    pub fonts: Vec<PathBuf>,
    /// The settings of the command line.
    pub over: Overrides,
}

pub(crate) fn run(renderer: &Renderer, cli: &Cli, jobs: Vec<Job>, context: &Context) -> i32 {
    let started = Instant::now();
    let threads = cli.run.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let pools = match worker_pools(threads.clamp(1, jobs.len().max(1))) {
        Ok(pools) => pools,
        Err(e) => {
            eprintln!("error: cannot start worker threads: {e}");
            return 1;
        }
    };
    let batch = jobs.len() > 1;
    let progress = progress_bar(cli, batch, jobs.len());
    let work = Work {
        renderer,
        cli,
        jobs: &jobs,
        context,
        progress: &progress,
    };
    let tally = work.run(&pools);
    progress.finish_and_clear();

    if !cli.run.quiet && (batch || cli.run.json) {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{} rendered, {} failed, in {secs:.2} s ({:.0} per second)",
            tally.ok,
            tally.failed,
            (tally.ok + tally.failed) as f64 / secs.max(1e-9)
        );
    }
    match (tally.failed, tally.usage) {
        (0, _) => 0,
        (_, true) => 2,
        _ => 1,
    }
}

/// One single-threaded pool per worker rather than one shared pool: Typst and its PDF
/// writer hand small tasks to the current pool and block until they finish, and in a
/// shared pool another worker's stolen task left this one idle (a quarter of the time
/// on two cores). Generous stacks: Typst recurses through nested content, and a
/// worker's stack is all it has (the parser itself never recurses past its nesting
/// limit).
fn worker_pools(workers: usize) -> Result<Vec<rayon::ThreadPool>, rayon::ThreadPoolBuildError> {
    (0..workers)
        .map(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(64 * 1024 * 1024)
                .build()
        })
        .collect()
}

/// A bar on a terminal for a batch, unless quiet or printing JSON.
fn progress_bar(cli: &Cli, batch: bool, len: usize) -> ProgressBar {
    if !batch || cli.run.quiet || cli.run.json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {wide_msg}")
            .expect("valid template"),
    );
    bar
}

/// How a run ended: how many rendered, how many failed, and whether a failure was a
/// refusal.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    usage: bool,
}

/// The jobs of a run and what rendering them needs.
struct Work<'a> {
    renderer: &'a Renderer,
    cli: &'a Cli,
    jobs: &'a [Job],
    context: &'a Context,
    progress: &'a ProgressBar,
}

impl Work<'_> {
    /// Renders every job, one worker per pool taking the next job as it frees up, and
    /// reports them as they finish.
    fn run(&self, pools: &[rayon::ThreadPool]) -> Tally {
        let next = AtomicUsize::new(0);
        let (sender, reports) = mpsc::channel::<(usize, Report)>();
        std::thread::scope(|scope| {
            for pool in pools {
                let sender = sender.clone();
                let next = &next;
                scope.spawn(move || pool.install(|| self.worker(next, sender)));
            }
            drop(sender);
            self.report_in_order(reports)
        })
    }

    fn worker(&self, next: &AtomicUsize, sender: mpsc::Sender<(usize, Report)>) {
        for done in 1.. {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = self.jobs.get(index) else {
                break;
            };
            let over = &self.context.over;
            let report = render_job(self.renderer, self.cli, over, job, self.context);
            self.progress.inc(1);
            if sender.send((index, report)).is_err() {
                break;
            }
            // Memoised work of finished résumés is never reused; what every résumé
            // shares (the layout's evaluation, fonts) is used all the time and survives.
            if done % EVICT_EVERY == 0 {
                self.renderer.evict_cache();
            }
        }
    }

    /// Reported in input order, so scripted runs give the same output every time.
    fn report_in_order(&self, reports: mpsc::Receiver<(usize, Report)>) -> Tally {
        let mut tally = Tally::default();
        let mut waiting = BTreeMap::new();
        let mut next_report = 0;
        for (index, report) in reports {
            waiting.insert(index, report);
            while let Some(report) = waiting.remove(&next_report) {
                next_report += 1;
                if report.error.is_some() {
                    tally.failed += 1;
                    tally.usage |= report.usage;
                } else {
                    tally.ok += 1;
                }
                self.progress.suspend(|| print_report(self.cli, &report));
            }
        }
        tally
    }
}

fn print_report(cli: &Cli, report: &Report) {
    if cli.run.json {
        let line = serde_json::to_string(report).expect("reports serialise");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        return;
    }
    let mut err = std::io::stderr().lock();
    if !cli.run.quiet {
        for w in &report.warnings {
            let _ = writeln!(err, "{w}");
        }
    }
    if let Some(e) = &report.error {
        let _ = writeln!(err, "{e}");
    } else if cli.run.verbose {
        let _ = writeln!(
            err,
            "{}: {} page(s), scale {:.3}, {} ms (parse {} ms, typeset {} ms, export {} ms)",
            report.input,
            report.pages.unwrap_or(0),
            report.scale,
            report.milliseconds,
            report.phases[0],
            report.phases[1],
            report.phases[2],
        );
    }
}

fn render_job(
    renderer: &Renderer,
    cli: &Cli,
    over: &Overrides,
    job: &Job,
    context: &Context,
) -> Report {
    let started = Instant::now();
    let mut report = Report {
        input: job.input.display().to_string(),
        output: job.output.as_ref().map(|o| o.display().to_string()),
        status: "ok",
        pages: None,
        warnings: Vec::new(),
        error: None,
        milliseconds: 0,
        scale: 1.0,
        usage: false,
        phases: [0; 3],
    };
    let out = Output {
        path: job.output.as_deref(),
        protected: &context.protected,
    };
    if let Err(failure) = render_into(renderer, cli, over, job, (&out, context), &mut report) {
        report.status = "error";
        (report.error, report.usage) = match failure {
            Failure::Render(e) => (Some(error_line(&e)), matches!(e, Error::Refused(_))),
            Failure::Relayed { line, usage } => (Some(line), usage),
        };
    }
    report.milliseconds = started.elapsed().as_millis() as u64;
    report
}

/// Why a job failed: an error of this process, or one a child render process reported,
/// already worded as the command line words errors.
enum Failure {
    Render(Error),
    Relayed { line: String, usage: bool },
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Render(error)
    }
}

fn render_into(
    renderer: &Renderer,
    cli: &Cli,
    over: &Overrides,
    job: &Job,
    (out, context): (&Output, &Context),
    report: &mut Report,
) -> Result<(), Failure> {
    let mut clock = Instant::now();
    let mut lap = |report: &mut Report, phase: usize| {
        report.phases[phase] = clock.elapsed().as_millis() as u64;
        clock = Instant::now();
    };
    let input = read_input(&job.input)?;
    let prepared = renderer.prepare(&input, over)?;
    lap(report, 0);
    let warn = |report: &mut Report, warnings: &[crate::diag::Diagnostic]| {
        report
            .warnings
            .extend(warnings.iter().map(|w| warning_line(w, &input.name)));
    };
    if matches!(cli.out.format, Format::Json | Format::Typ) {
        warn(report, &prepared.warnings);
        return Ok(write_untypeset(
            cli.out.format,
            &prepared,
            &input.name,
            out,
        )?);
    }
    if let Some(layout) = prepared.custom_layout()
        && !cli.run.isolated
    {
        let what = format!("the layout {}", layout.display());
        let stdin = (job.input == Path::new("-")).then(|| input.text.clone().into_bytes());
        let child = Child {
            what: &what,
            fonts: &context.fonts,
            stdin,
        };
        return render_isolated(cli, job, child, out, report);
    }
    let rendered = renderer.compile(prepared)?;
    lap(report, 1);
    warn(report, &rendered.warnings);
    report.pages = Some(rendered.pages());
    report.scale = rendered.scale;
    write_typeset(cli, &rendered, out)?;
    lap(report, 2);
    Ok(())
}

/// The formats written before typesetting: the model as JSON, or a Typst project.
fn write_untypeset(
    format: Format,
    prepared: &crate::Prepared,
    name: &str,
    out: &Output,
) -> Result<(), Error> {
    if format == Format::Json {
        let json =
            serde_json::to_vec_pretty(&prepared.resume).expect("the model always serialises");
        return out.emit(&json);
    }
    let Some(dir) = out.path else {
        return Err(Error::usage(
            name,
            "--format typ writes a folder; give it with -o DIR",
        ));
    };
    eject::eject(prepared, dir, out.protected)
}

/// The formats written from the typeset pages: PDF, PNG, SVG.
fn write_typeset(cli: &Cli, rendered: &crate::Rendered, out: &Output) -> Result<(), Error> {
    match cli.out.format {
        Format::Pdf => out.emit(&rendered.pdf()?),
        Format::Png => {
            let pages = rendered.png_pages(cli.out.ppi)?;
            out.emit_pages(pages.into_iter().map(|p| mark_png(&p)).collect(), "png")
        }
        Format::Svg => {
            let pages = rendered
                .svg_pages()?
                .into_iter()
                .map(|svg| format!("{SVG_MARK}{svg}").into_bytes())
                .collect();
            out.emit_pages(pages, "svg")
        }
        Format::Typ | Format::Json => unreachable!("written before typesetting"),
    }
}

fn read_input(path: &Path) -> Result<Input, Error> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::read("<stdin>", e))?;
        // Images in piped Markdown resolve against the working folder.
        let cwd = std::env::current_dir().ok();
        return Input::from_bytes(&bytes, "<stdin>", cwd);
    }
    Input::from_path(path)
}

/// What a child render needs besides the job.
struct Child<'a> {
    /// The untrusted work, for messages ("the layout x.typ").
    what: &'a str,
    fonts: &'a [PathBuf],
    /// The résumé's text when it came on standard input.
    stdin: Option<Vec<u8>>,
}

/// Renders in a limited child process (custom layouts are code from the user) writing
/// into a temporary folder of ours; this process then writes the result as it would its
/// own, with the same checks. The child's report becomes this job's.
fn render_isolated(
    cli: &Cli,
    job: &Job,
    child: Child,
    out: &Output,
    report: &mut Report,
) -> Result<(), Failure> {
    let Child { what, fonts, stdin } = child;
    let scratch = tempfile::tempdir().map_err(|e| Error::write("a temporary folder", e))?;
    let ext = cli.out.format.suffix();
    let result = scratch.path().join(format!("result.{ext}"));
    let args = isolate::render_args(cli, fonts, &job.input, &result);
    let name = job.input.display().to_string();
    let done = isolate::run_child(&args, stdin)
        .map_err(|e| Error::internal(&name, format!("cannot start the render process: {e}")))?;
    if let Some(why) = isolate::stopped_because(&done, &format!("rendering with {what}")) {
        return Err(Error::layout(&name, why).into());
    }
    let child = isolate::ChildReport::parse(&done.stdout).ok_or_else(|| {
        Error::internal(
            &name,
            format!(
                "the render process gave no report: {}",
                String::from_utf8_lossy(&done.stderr).trim()
            ),
        )
    })?;
    report.warnings = child.warnings;
    report.pages = child.pages;
    if let Some(line) = child.error {
        let usage = done.status.code() == Some(2);
        return Err(Failure::Relayed { line, usage });
    }
    let pages = child.pages.unwrap_or(1);
    let read = |p: &Path| std::fs::read(p).map_err(|e| Error::read(&p.display().to_string(), e));
    match cli.out.format {
        Format::Png | Format::Svg => {
            let files = page_names(&result, pages);
            let bytes = files.iter().map(|f| read(f)).collect::<Result<_, _>>()?;
            out.emit_pages(bytes, ext)
        }
        _ => out.emit(&read(&result)?),
    }
    .map_err(Failure::from)
}

/// Where one job's result goes, and the inputs it must never write over.
struct Output<'a> {
    path: Option<&'a Path>,
    protected: &'a Protected,
}

impl Output<'_> {
    fn emit(&self, bytes: &[u8]) -> Result<(), Error> {
        match self.path {
            Some(path) => self.write(path, bytes),
            None => emit_stdout(bytes),
        }
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), Error> {
        self.protected.check(path).map_err(Error::Refused)?;
        write_atomic(path, bytes)
    }

    /// Writes one file per page: `name.ext` for one page, `name-1.ext`, `name-2.ext`, …
    /// else; then removes the page files of an earlier render of ours that this one
    /// supersedes (a résumé that shrank from two pages to one).
    fn emit_pages(&self, pages: Vec<Vec<u8>>, kind: &str) -> Result<(), Error> {
        let Some(path) = self.path else {
            if pages.len() > 1 {
                return Err(Error::Refused(format!(
                    "the résumé has {} pages and standard output holds one {kind} image; \
                     write files with -o NAME.{kind} (NAME-1.{kind}, NAME-2.{kind}, …) or fit it with --fit 1",
                    pages.len()
                )));
            }
            return emit_stdout(pages.first().map(Vec::as_slice).unwrap_or_default());
        };
        let names = page_names(path, pages.len());
        for (name, page) in names.iter().zip(&pages) {
            self.write(name, page)?;
        }
        for stale in superseded(path, pages.len()) {
            if self.protected.check(&stale).is_ok() && is_our_page(&stale) {
                let _ = std::fs::remove_file(&stale);
            }
        }
        Ok(())
    }
}

/// `name.ext` for a single page, `name-1.ext` … `name-N.ext` for several.
fn page_names(path: &Path, pages: usize) -> Vec<PathBuf> {
    if pages == 1 {
        return vec![path.to_path_buf()];
    }
    (1..=pages).map(|i| numbered(path, i)).collect()
}

fn numbered(path: &Path, page: usize) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}-{page}{ext}"))
}

/// Page files an earlier render with more (or fewer) pages may have left beside `path`.
fn superseded(path: &Path, pages: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if pages > 1 {
        out.push(path.to_path_buf());
    }
    let first = if pages == 1 { 1 } else { pages + 1 };
    for page in first.. {
        let candidate = numbered(path, page);
        if std::fs::symlink_metadata(&candidate).is_err() {
            break;
        }
        out.push(candidate);
    }
    out
}

/// Marks every SVG page we write, so a later render knows which page files are its own.
const SVG_MARK: &str = "<!-- resume-pdf page -->\n";
/// The PNG text chunk that marks our pages, for the same reason.
const PNG_KEYWORD: &[u8] = b"Software\0resume-pdf";

/// Inserts a `tEXt` chunk (`Software: resume-pdf`) after the PNG's header chunk.
fn mark_png(png: &[u8]) -> Vec<u8> {
    const AFTER_IHDR: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < AFTER_IHDR || &png[12..16] != b"IHDR" {
        return png.to_vec();
    }
    let mut chunk = Vec::with_capacity(PNG_KEYWORD.len() + 12);
    chunk.extend_from_slice(&(PNG_KEYWORD.len() as u32).to_be_bytes());
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(PNG_KEYWORD);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    [&png[..AFTER_IHDR], &chunk, &png[AFTER_IHDR..]].concat()
}

/// A regular file that starts like a page of ours.
fn is_our_page(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > 512 * 1024 * 1024 {
        return false;
    }
    let mut head = vec![0; 64];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head));
    let head = &head[..read.unwrap_or(0)];
    head.starts_with(SVG_MARK.as_bytes())
        || (head.starts_with(b"\x89PNG")
            && head.windows(PNG_KEYWORD.len()).any(|w| w == PNG_KEYWORD))
}

fn emit_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    if stdout.is_terminal() && bytes.contains(&0) {
        return Err(Error::Refused(
            "refusing to write binary output to a terminal; use -o FILE".into(),
        ));
    }
    stdout
        .write_all(bytes)
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::write("<stdout>", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_png_still_decodes_as_the_same_image() {
        let png = include_bytes!("../../examples/photo.png");
        let marked = mark_png(png);
        let decode = |bytes: &[u8]| {
            let mut reader = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()))
                .read_info()
                .unwrap();
            let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
            reader.next_frame(&mut pixels).unwrap();
            let text = reader.info().uncompressed_latin1_text.clone();
            (pixels, text)
        };
        let (original, _) = decode(png);
        let (pixels, text) = decode(&marked);
        assert_eq!(pixels, original, "the crc or the chunk is wrong");
        assert!(
            text.iter()
                .any(|t| t.keyword == "Software" && t.text == "resume-pdf")
        );
    }
}
