//! Rendering the planned jobs: in parallel, with bounded memory, reporting as it goes.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use resume_pdf::output::write_atomic;
use resume_pdf::settings::Overrides;
use resume_pdf::{Error, Input, Renderer, eject};
use serde::Serialize;

use super::plan::Job;
use super::{Cli, Format};

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
    /// Milliseconds spent parsing, typesetting and exporting, for `--verbose`.
    #[serde(skip)]
    phases: [u64; 3],
}

pub fn run(renderer: &Renderer, cli: &Cli, jobs: Vec<Job>) -> i32 {
    let started = Instant::now();
    let threads = cli.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // One single-threaded pool per worker rather than one shared pool: Typst and its PDF
    // writer hand small tasks to the current pool and block until they finish, and in a
    // shared pool another worker's stolen task left this one idle (a quarter of the time
    // on two cores). Generous stacks: Typst recurses through nested content, and a
    // worker's stack is all it has (the parser itself never recurses past its nesting
    // limit).
    let pools: Result<Vec<_>, _> = (0..threads.clamp(1, jobs.len().max(1)))
        .map(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(64 * 1024 * 1024)
                .build()
        })
        .collect();
    let pools = match pools {
        Ok(pools) => pools,
        Err(e) => {
            eprintln!("error: cannot start worker threads: {e}");
            return 1;
        }
    };
    let batch = jobs.len() > 1;
    let progress = if batch && !cli.quiet && !cli.json && std::io::stderr().is_terminal() {
        let bar =
            ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {wide_msg}")
                .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let over = overrides(cli);

    let (mut ok, mut failed) = (0usize, 0usize);
    let next = AtomicUsize::new(0);
    let (sender, reports) = mpsc::channel::<(usize, Report)>();
    std::thread::scope(|scope| {
        for pool in &pools {
            let sender = sender.clone();
            let (next, progress, over, jobs) = (&next, &progress, &over, &jobs);
            scope.spawn(move || {
                pool.install(|| {
                    for done in 1.. {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        let report = render_job(renderer, cli, over, job);
                        progress.inc(1);
                        if sender.send((index, report)).is_err() {
                            break;
                        }
                        // Memoised work of finished résumés is never reused; what every
                        // résumé shares (the layout's evaluation, fonts) is used all the
                        // time and survives.
                        if done % EVICT_EVERY == 0 {
                            renderer.evict_cache();
                        }
                    }
                })
            });
        }
        drop(sender);
        // Reported in input order, so scripted runs give the same output every time.
        let mut waiting = BTreeMap::new();
        let mut next_report = 0;
        for (index, report) in reports {
            waiting.insert(index, report);
            while let Some(report) = waiting.remove(&next_report) {
                next_report += 1;
                if report.error.is_some() {
                    failed += 1;
                } else {
                    ok += 1;
                }
                progress.suspend(|| print_report(cli, &report));
            }
        }
    });
    progress.finish_and_clear();

    if !cli.quiet && (batch || cli.json) {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{ok} rendered, {failed} failed, in {secs:.2} s ({:.0} per second)",
            (ok + failed) as f64 / secs.max(1e-9)
        );
    }
    i32::from(failed > 0)
}

fn print_report(cli: &Cli, report: &Report) {
    if cli.json {
        let line = serde_json::to_string(report).expect("reports serialise");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        return;
    }
    let mut err = std::io::stderr().lock();
    if !cli.quiet {
        for w in &report.warnings {
            let _ = writeln!(err, "{w}");
        }
    }
    if let Some(e) = &report.error {
        let _ = writeln!(err, "{e}");
    } else if cli.verbose {
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

fn overrides(cli: &Cli) -> Overrides {
    Overrides {
        layout: cli.layout.clone(),
        paper: cli.paper,
        accent: cli.accent.clone(),
        lang: cli.lang.clone(),
        font: cli.font.clone(),
        font_size: cli.font_size,
        fit: cli.fit,
    }
}

fn render_job(renderer: &Renderer, cli: &Cli, over: &Overrides, job: &Job) -> Report {
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
        phases: [0; 3],
    };
    if let Err(e) = render_into(renderer, cli, over, job, &mut report) {
        report.status = "error";
        report.error = Some(e.to_string());
    }
    report.milliseconds = started.elapsed().as_millis() as u64;
    report
}

fn render_into(
    renderer: &Renderer,
    cli: &Cli,
    over: &Overrides,
    job: &Job,
    report: &mut Report,
) -> Result<(), Error> {
    let mut clock = Instant::now();
    let mut lap = |report: &mut Report, phase: usize| {
        report.phases[phase] = clock.elapsed().as_millis() as u64;
        clock = Instant::now();
    };
    let input = read_input(&job.input)?;
    let prepared = renderer.prepare(&input, over)?;
    lap(report, 0);
    let warn = |report: &mut Report, warnings: &[resume_pdf::diag::Warning]| {
        report.warnings.extend(
            warnings
                .iter()
                .map(|w| w.display_in(&input.name).to_string()),
        );
    };
    let out = job.output.as_deref();
    if let Some(dir) = out
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        && cli.out_dir.is_some()
    {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(&dir.display().to_string(), e))?;
    }
    match cli.format {
        Format::Json => {
            warn(report, &prepared.warnings);
            let json =
                serde_json::to_vec_pretty(&prepared.resume).expect("the model always serialises");
            return emit(out, &json);
        }
        Format::Typ => {
            warn(report, &prepared.warnings);
            let Some(dir) = out else {
                return Err(Error::Usage(
                    "--format typ writes a folder; give it with -o DIR".into(),
                ));
            };
            return eject::eject(&prepared, dir);
        }
        Format::Pdf | Format::Png | Format::Svg => {}
    }
    let rendered = renderer.compile(prepared)?;
    lap(report, 1);
    warn(report, &rendered.warnings);
    report.pages = Some(rendered.pages());
    report.scale = rendered.scale;
    match cli.format {
        Format::Pdf => emit(out, &rendered.pdf()?)?,
        Format::Png => emit_pages(out, rendered.png_pages(cli.ppi)?)?,
        Format::Svg => {
            let pages = rendered
                .svg_pages()
                .into_iter()
                .map(String::into_bytes)
                .collect();
            emit_pages(out, pages)?
        }
        Format::Typ | Format::Json => unreachable!("written before typesetting"),
    }
    lap(report, 2);
    Ok(())
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

fn emit(out: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match out {
        Some(path) => write_atomic(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.is_terminal() && bytes.contains(&0) {
                return Err(Error::Usage(
                    "refusing to write binary output to a terminal; use -o FILE".into(),
                ));
            }
            stdout
                .write_all(bytes)
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::write("<stdout>", e))
        }
    }
}

/// Writes one file per page: `name.ext` for one page, `name-1.ext`, `name-2.ext`, … else.
fn emit_pages(out: Option<&Path>, pages: Vec<Vec<u8>>) -> Result<(), Error> {
    let Some(path) = out else {
        // Standard output takes the first page only: files cannot be told apart there.
        return emit(None, pages.first().map(Vec::as_slice).unwrap_or_default());
    };
    if pages.len() == 1 {
        return write_atomic(path, &pages[0]);
    }
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    for (i, page) in pages.iter().enumerate() {
        write_atomic(&path.with_file_name(format!("{stem}-{}{ext}", i + 1)), page)?;
    }
    Ok(())
}
