//! The command line (feature `cli`): arguments and what to do with them. Not public API:
//! the binary calls [`run`], nothing else may.

mod batch;
mod isolate;
mod messages;
mod plan;
mod watch;

use std::path::{Path, PathBuf};

use crate::Renderer;
use crate::model::Paper;
use crate::settings::{self, LayoutChoice, Overrides};
use crate::typeset::{eject, layouts};
use crate::write::files::Protected;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Typeset a Markdown résumé into an ATS-friendly PDF.
///
/// Fonts are built in; nothing is fetched from the network and the same input always
/// gives the same bytes. Markdown is read as people write résumés in it: GitHub's
/// extensions and HTML, pandoc's definition lists, title blocks, attributes, fenced divs
/// and raw TeX, Hugo shortcodes and Liquid tags, R Markdown chunks, and the front matter
/// of Jekyll, Hugo, pandoc, R Markdown and Quarto. The input format is described in
/// docs/FORMAT.md.
#[derive(Debug, Parser)]
#[command(name = "resume-pdf", version, args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Exit status: 0 success, 1 bad input or failed render, 2 usage error or a \
command that would lose data.\n\
Examples:\n  resume-pdf cv.md                   writes cv.pdf beside cv.md\n  \
resume-pdf cv.md -o out/cv.pdf --paper us-letter\n  \
cat cv.md | resume-pdf - -o - > cv.pdf"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    inputs: Inputs,

    #[command(flatten)]
    out: OutputArgs,

    #[command(flatten)]
    set: Typesetting,

    #[command(flatten)]
    run: RunArgs,
}

/// Which résumés to read.
#[derive(Debug, Args)]
struct Inputs {
    /// Markdown résumés: files, folders (their .md files) or glob patterns; `-` reads
    /// standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Also take .md files from sub-folders of folder inputs.
    #[arg(short, long)]
    recursive: bool,
}

/// What to write, and where.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
struct OutputArgs {
    /// Output file for a single input [default: the input's name with the format's
    /// extension, beside it; standard output for `-` input]. `-` writes standard output.
    /// Its folder is created if missing; an input is never written over.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,

    /// Write each output into this folder (created if missing), keeping the sub-folders
    /// of folder and glob inputs.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,

    /// What to write.
    #[arg(short, long, value_enum, default_value_t = Format::Pdf)]
    format: Format,

    /// Resolution of PNG output, in pixels per inch (1–600).
    #[arg(long, default_value_t = 144.0, value_name = "PPI", value_parser = parse_ppi)]
    ppi: f32,
}

/// The settings that win over every input's front matter; [`Typesetting::overrides`]
/// turns them into the library's.
#[derive(Debug, Args)]
#[command(next_help_heading = "Typesetting")]
struct Typesetting {
    /// Built-in layout name (see `resume-pdf layouts`) or a path to your own .typ layout.
    #[arg(long, value_name = "NAME|FILE")]
    layout: Option<String>,

    /// Paper size.
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,

    /// Accent colour: hex (`#1f6feb`) or a CSS name (`teal`).
    #[arg(long, value_name = "COLOR", value_parser = settings::parse_color)]
    accent: Option<String>,

    /// Font family for body text, among the bundled ones and those under --font-path.
    #[arg(long, value_name = "FAMILY")]
    font: Option<String>,

    /// Body text size in points (8.5–16).
    #[arg(long, value_name = "PT", value_parser = parse_font_size)]
    font_size: Option<f64>,

    /// Document language (ISO 639 code), used for quotes and line breaking.
    #[arg(long, value_name = "CODE", value_parser = settings::parse_lang)]
    lang: Option<String>,

    /// Shrink type and spacing (down to 8.5 pt body text) until the résumé fits N pages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    fit: Option<u32>,

    /// Also use the fonts in this folder (searched recursively); may be repeated.
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

/// How the run goes and what it reports.
#[derive(Debug, Args)]
#[command(next_help_heading = "Running")]
struct RunArgs {
    /// Render this many résumés at once [default: the number of cores].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    /// Print one JSON object per input on standard output (input, output, status, pages,
    /// warnings, error, milliseconds).
    #[arg(long)]
    json: bool,

    /// Print only errors: no warnings, progress or summary.
    #[arg(short, long)]
    quiet: bool,

    /// Also report pages, fit scale and timing.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,

    /// The PDF's creation date, in seconds since 1970, as reproducible-builds.org's
    /// `SOURCE_DATE_EPOCH` defines it; without it the PDF carries no date. A malformed
    /// value is a usage error.
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS", hide = true)]
    source_date_epoch: Option<i64>,

    /// Internal: this process is a child rendering untrusted work under resource limits.
    #[arg(long, hide = true)]
    isolated: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Re-render on every save and preview the pages in the browser.
    Watch(watch::WatchArgs),
    /// List the built-in layouts.
    Layouts,
    /// List the font families available for --font.
    Fonts {
        /// Also use the fonts in this folder.
        #[arg(long, value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Internal: parses each font file, printing its number once it loaded.
    #[command(hide = true)]
    CheckFonts { files: Vec<PathBuf> },
}

/// [`Paper`] as the command line spells it; the model knows nothing of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperArg {
    A4,
    #[value(alias = "letter")]
    UsLetter,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::UsLetter => Paper::UsLetter,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The typeset PDF.
    Pdf,
    /// One PNG image per page (`name.png`, or `name-1.png`, `name-2.png`, …).
    Png,
    /// One SVG image per page, named like PNG.
    Svg,
    /// A folder with main.typ, the layout, resume.json, images and fonts, for `typst
    /// compile`: a new or empty folder, or an earlier eject (only its files are replaced).
    Typ,
    /// The parsed résumé model as JSON.
    Json,
}

impl Format {
    fn suffix(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Typ => "typst",
            Format::Json => "json",
        }
    }
}

/// An A4 page at 600 ppi is 35 megapixels (140 MB of pixels); beyond that a few pages
/// would take gigabytes.
fn parse_ppi(s: &str) -> Result<f32, String> {
    let ppi: f32 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (1.0..=600.0).contains(&ppi) {
        Ok(ppi)
    } else {
        Err(format!("{ppi} ppi is outside 1–600"))
    }
}

fn parse_font_size(s: &str) -> Result<f64, String> {
    let size: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    settings::check_font_size(size)
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    if cli.run.isolated {
        isolate::limit_self();
    }
    if let Some(command) = &cli.command {
        return run_command(command);
    }
    // Converted once, before any work: a layout that does not parse is a usage error.
    let over = match cli.set.overrides() {
        Ok(over) => over,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let (jobs, protected) = match plan_jobs(&cli) {
        Ok(planned) => planned,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let (renderer, fonts) = match start_renderer(&cli) {
        Ok(started) => started,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let context = batch::Context {
        protected,
        fonts,
        over,
    };
    batch::run(&renderer, &cli, jobs, &context)
}

/// A subcommand: listing layouts or fonts, or a child's font check.
fn run_command(command: &Command) -> i32 {
    match command {
        Command::Watch(args) => watch::run(args),
        Command::CheckFonts { files } => {
            isolate::limit_self();
            isolate::check_fonts(files)
        }
        Command::Layouts => {
            for layout in layouts::BUILT_IN {
                println!("{:<10} {}", layout.name, layout.description);
            }
            0
        }
        Command::Fonts { font_path } => {
            let files = match isolate::vetted_fonts(font_path) {
                Ok(files) => files,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            };
            match Renderer::new(&files) {
                Ok(renderer) => {
                    renderer
                        .font_families()
                        .iter()
                        .for_each(|f| println!("{f}"));
                    0
                }
                Err(e) => {
                    eprintln!("{}", messages::error_line(&e));
                    1
                }
            }
        }
    }
}

/// The renderer with the vetted `--font-path` fonts (returned too: isolated children
/// get them) and the `SOURCE_DATE_EPOCH` stamp; the error is the whole message.
fn start_renderer(cli: &Cli) -> Result<(Renderer, Vec<PathBuf>), String> {
    // In a child, the fonts were vetted by the parent, and the child is limited anyway.
    let fonts = if cli.run.isolated {
        cli.set.font_path.clone()
    } else {
        isolate::vetted_fonts(&cli.set.font_path).map_err(|e| format!("error: {e}"))?
    };
    let renderer = Renderer::new(&fonts).map_err(|e| messages::error_line(&e))?;
    let renderer = match cli.run.source_date_epoch {
        Some(seconds) => renderer.with_source_date_epoch(seconds),
        None => renderer,
    };
    Ok((renderer, fonts))
}

/// Everything else that can be refused before any work: inputs, output clashes,
/// outputs that would write over an input or into someone else's folder.
fn plan_jobs(cli: &Cli) -> Result<(Vec<plan::Job>, Protected), String> {
    if let Some(output) = &cli.out.output
        && let Some(many) = cli
            .inputs
            .inputs
            .iter()
            .find(|i| i.is_dir() || (!i.is_file() && plan::is_pattern(&i.to_string_lossy())))
    {
        return Err(format!(
            "{} is a folder or pattern, but -o {} names one output; use --out-dir DIR",
            many.display(),
            output.display()
        ));
    }
    let inputs = plan::expand(&cli.inputs.inputs, cli.inputs.recursive)?;
    let naming = plan::Naming {
        output: cli.out.output.as_deref(),
        out_dir: cli.out.out_dir.as_deref(),
        suffix: cli.out.format.suffix(),
        is_folder: cli.out.format == Format::Typ,
    };
    let jobs = plan::plan(inputs, &naming)?;
    if cli.run.json && jobs.iter().any(|j| j.output.is_none()) {
        return Err("--json reports on standard output; write the result to a file with -o".into());
    }
    if cli.out.format == Format::Typ && jobs.iter().any(|j| j.output.is_none()) {
        return Err(
            "--format typ writes a folder, not standard output; give it with -o DIR".into(),
        );
    }
    let protected = Protected::new(
        jobs.iter()
            .map(|j| j.input.as_path())
            .filter(|p| *p != Path::new("-")),
    );
    for out in jobs.iter().filter_map(|j| j.output.as_deref()) {
        protected.check(out)?;
        if cli.out.format == Format::Typ {
            eject::check_target(out)?;
        } else if out.is_dir() {
            return Err(format!(
                "-o {} is a folder; give a file name, or use --out-dir for a folder",
                out.display()
            ));
        }
    }
    Ok((jobs, protected))
}

impl Typesetting {
    /// The command line's settings as the library takes them. A layout file named here
    /// is relative to the current folder.
    fn overrides(&self) -> Result<Overrides, String> {
        let layout = match &self.layout {
            Some(name) => Some(LayoutChoice::parse(name, Path::new("."))?),
            None => None,
        };
        Ok(Overrides {
            layout,
            paper: self.paper.map(Paper::from),
            accent: self.accent.clone(),
            lang: self.lang.clone(),
            font: self.font.clone(),
            font_size: self.font_size,
            fit: self.fit,
        })
    }
}
