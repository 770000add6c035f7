//! Untrusted work in a child process of our own binary, under resource limits.
//!
//! A custom layout is code from the user, and a font file from `--font-path` is data that
//! the font parser trusts: either can loop or allocate without end, and Typst has no fuel
//! or allocation budget of its own. Such work runs in a child (`resume-pdf` again, with
//! the hidden `--isolated` flag) that limits its own address space and CPU time before it
//! does anything; the parent adds a wall-clock deadline. A child that runs over is
//! stopped, and its résumé fails with a message saying which budget it exceeded, while the
//! batch goes on.

use std::ffi::OsString;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Address space a child may use, in MB (`RESUME_PDF_MEMORY_LIMIT_MB`). A two-page
/// résumé needs about 100 MB; the rest is headroom for long documents and big images.
const MEMORY_LIMIT_MB: u64 = 4096;
/// CPU time a child may use, in seconds (`RESUME_PDF_TIME_LIMIT_S`); the wall-clock
/// deadline is half as long again. A résumé takes well under a second.
const TIME_LIMIT_S: u64 = 60;

/// The budgets, as the environment may tighten or widen them (a service with many small
/// résumés wants less; the tests want seconds, not minutes).
fn limits() -> (u64, u64) {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|&v| v > 0)
            .unwrap_or(default)
    };
    (
        env("RESUME_PDF_MEMORY_LIMIT_MB", MEMORY_LIMIT_MB),
        env("RESUME_PDF_TIME_LIMIT_S", TIME_LIMIT_S),
    )
}

/// What a finished child left behind.
pub(crate) struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The parent stopped it at the wall-clock deadline.
    pub timed_out: bool,
}

/// Applies the limits to this process (the child calls it first thing).
#[cfg(unix)]
pub(crate) fn limit_self() {
    // The hard limit a little above the soft one: at the soft limit the kernel sends
    // SIGXCPU, which says why; at the hard limit only SIGKILL.
    let set = |resource, limit: u64, slack: u64| {
        let limit = libc::rlimit {
            rlim_cur: limit as libc::rlim_t,
            rlim_max: (limit + slack) as libc::rlim_t,
        };
        // SAFETY: setrlimit only reads the struct passed by reference.
        unsafe { libc::setrlimit(resource, &limit) }
    };
    let (memory_mb, seconds) = limits();
    set(libc::RLIMIT_AS, memory_mb << 20, 0);
    set(libc::RLIMIT_CPU, seconds, 5);
}

#[cfg(not(unix))]
pub(crate) fn limit_self() {}

/// Runs our own binary with `args` (which include `--isolated` for a render) and waits
/// for it within the wall-clock limit, feeding it `stdin` if given.
pub(crate) fn run_child(args: &[OsString], stdin: Option<Vec<u8>>) -> std::io::Result<Finished> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A thread of its own: a child that stops reading must not block us.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = pipe.write_all(&bytes);
        });
    }
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let wall = Duration::from_millis(limits().1 * 1500);
    let (status, timed_out) = wait_until(&mut child, wall)?;
    let collect = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
        h.map(|h| h.join().unwrap_or_default()).unwrap_or_default()
    };
    Ok(Finished {
        status,
        stdout: collect(stdout),
        stderr: collect(stderr),
        timed_out,
    })
}

/// Reads a pipe to its end on a thread of its own, so a chatty child never blocks.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = pipe.read_to_end(&mut out);
        out
    })
}

fn wait_until(child: &mut Child, limit: Duration) -> std::io::Result<(ExitStatus, bool)> {
    let deadline = Instant::now() + limit;
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            return Ok((child.wait()?, true));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Why a child that did not finish normally was stopped, in the user's terms; `None` when
/// it exited on its own (its own report then says what happened).
/// `what` names the work: "rendering with layout x.typ".
pub(crate) fn stopped_because(done: &Finished, what: &str) -> Option<String> {
    let (memory_mb, seconds) = limits();
    if done.timed_out {
        return Some(format!(
            "{what} took longer than {} s and was stopped (does it loop?)",
            seconds * 3 / 2
        ));
    }
    if done.status.code().is_some() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&done.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if done.status.signal() == Some(libc::SIGXCPU) {
            return Some(format!(
                "{what} used more than {seconds} s of CPU time and was stopped (does it loop?)"
            ));
        }
    }
    if stderr.contains("memory allocation") || stderr.contains("capacity overflow") {
        return Some(format!(
            "{what} needed more than {memory_mb} MB of memory and was stopped"
        ));
    }
    Some(format!(
        "{what} crashed ({}); nothing was written",
        done.status
    ))
}

/// The font files under `paths` that load, each tried in a limited child first: a font
/// that crashes the parser (or would take all memory) is left out with a warning instead
/// of aborting the whole run. Refusals (not a regular file, too large) are errors.
pub(crate) fn vetted_fonts(
    paths: &[std::path::PathBuf],
) -> Result<Vec<std::path::PathBuf>, String> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let files = crate::typeset::fonts::font_files(paths).map_err(|e| e.to_string())?;
    let mut good = Vec::new();
    let mut from = 0;
    while from < files.len() {
        let rest = &files[from..];
        let args: Vec<OsString> = std::iter::once(OsString::from("check-fonts"))
            .chain(rest.iter().map(|f| f.clone().into_os_string()))
            .collect();
        let done = run_child(&args, None).map_err(|e| format!("cannot check the fonts: {e}"))?;
        let mut checked = 0;
        for line in String::from_utf8_lossy(&done.stdout).lines() {
            match line.split_once(' ') {
                Some(("ok", _)) => good.push(rest[checked].clone()),
                Some(("bad", why)) => eprintln!("warning: {why}; left out"),
                _ => continue,
            }
            checked += 1;
        }
        if checked == rest.len() {
            break;
        }
        // The child died on the font after the last one it reported.
        let what = format!("loading the font {}", rest[checked].display());
        let why = stopped_because(&done, &what).unwrap_or_else(|| format!("{what} failed"));
        eprintln!("warning: {why}; the font is left out");
        from += checked + 1;
    }
    Ok(good)
}

/// The child side of [`vetted_fonts`]: `ok N` or `bad why` per file, flushed as it goes,
/// so that the parent knows which file a crash happened on.
pub(crate) fn check_fonts(files: &[std::path::PathBuf]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for (i, file) in files.iter().enumerate() {
        let line = match crate::typeset::fonts::check_font_file(file) {
            Ok(()) => format!("ok {i}"),
            Err(why) => format!("bad {why}"),
        };
        if writeln!(out, "{line}").and_then(|_| out.flush()).is_err() {
            return 1;
        }
    }
    0
}

/// The child's command line for rendering `input` into `result` with the parent's
/// settings, reporting as `--json`.
pub(crate) fn render_args(
    cli: &super::Cli,
    fonts: &[std::path::PathBuf],
    input: &std::path::Path,
    result: &std::path::Path,
) -> Vec<OsString> {
    use clap::ValueEnum;
    let mut args: Vec<OsString> = vec![
        "--isolated".into(),
        "--json".into(),
        "-j".into(),
        "1".into(),
    ];
    let mut opt = |flag: &str, value: Option<String>| {
        if let Some(value) = value {
            args.push(flag.into());
            args.push(value.into());
        }
    };
    let name = |v: Option<clap::builder::PossibleValue>| v.map(|v| v.get_name().to_string());
    opt("--format", name(cli.out.format.to_possible_value()));
    opt("--layout", cli.set.layout.clone());
    opt(
        "--paper",
        name(cli.set.paper.and_then(|p| p.to_possible_value())),
    );
    opt("--accent", cli.set.accent.clone());
    opt("--font", cli.set.font.clone());
    opt("--font-size", cli.set.font_size.map(|s| s.to_string()));
    opt("--lang", cli.set.lang.clone());
    opt("--fit", cli.set.fit.map(|f| f.to_string()));
    opt("--ppi", Some(cli.out.ppi.to_string()));
    for font in fonts {
        args.push("--font-path".into());
        args.push(font.clone().into_os_string());
    }
    args.push("-o".into());
    args.push(result.as_os_str().to_owned());
    args.push(input.as_os_str().to_owned());
    args
}

/// The `--json` line a child prints.
#[derive(serde::Deserialize)]
pub(crate) struct ChildReport {
    pub pages: Option<usize>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

impl ChildReport {
    pub(crate) fn parse(stdout: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(stdout);
        serde_json::from_str(text.lines().find(|l| l.starts_with('{'))?).ok()
    }
}
