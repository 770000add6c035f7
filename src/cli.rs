//! Command-line arguments and what to do with them.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use resume_pdf::model::Paper;
use resume_pdf::output::write_atomic;
use resume_pdf::settings::{self, Overrides};
use resume_pdf::{Error, Input, Renderer, eject, layouts};

/// Typeset a Markdown résumé into an ATS-friendly PDF.
///
/// Fonts are built in; nothing is fetched from the network and the same input always
/// gives the same bytes. The input format is described in docs/FORMAT.md.
#[derive(Debug, Parser)]
#[command(name = "resume-pdf", version, args_conflicts_with_subcommands = true)]
#[command(after_help = "Exit status: 0 success, 1 bad input or failed render, 2 usage error.\n\
Examples:\n  resume-pdf cv.md                   writes cv.pdf beside cv.md\n  \
resume-pdf cv.md -o out/cv.pdf --paper us-letter\n  \
cat cv.md | resume-pdf - -o - > cv.pdf")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Markdown résumé to render; `-` reads standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Output file [default: the input's name with the format's extension, beside it;
    /// standard output for `-` input]. `-` writes standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// What to write.
    #[arg(short, long, value_enum, default_value_t = Format::Pdf)]
    format: Format,

    /// Built-in layout name (see `resume-pdf layouts`) or a path to your own .typ layout.
    #[arg(long, value_name = "NAME|FILE")]
    layout: Option<String>,

    /// Paper size.
    #[arg(long, value_enum)]
    paper: Option<Paper>,

    /// Accent colour: hex (`#1f6feb`) or a CSS name (`teal`).
    #[arg(long, value_name = "COLOR", value_parser = parse_accent)]
    accent: Option<String>,

    /// Font family for body text, among the bundled ones and those under --font-path.
    #[arg(long, value_name = "FAMILY")]
    font: Option<String>,

    /// Body text size in points (8.5–16).
    #[arg(long, value_name = "PT", value_parser = parse_font_size)]
    font_size: Option<f64>,

    /// Document language (ISO 639 code), used for quotes and line breaking.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    lang: Option<String>,

    /// Shrink type and spacing (down to 8.5 pt body text) until the résumé fits N pages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    fit: Option<u32>,

    /// Also use the fonts in this folder (searched recursively); may be repeated.
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,

    /// Resolution of PNG output, in pixels per inch.
    #[arg(long, default_value_t = 144.0, value_name = "PPI")]
    ppi: f32,

    /// Print only errors.
    #[arg(short, long)]
    quiet: bool,

    /// Also report pages, fit scale and timing.
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the built-in layouts.
    Layouts,
    /// List the font families available for --font.
    Fonts {
        /// Also use the fonts in this folder.
        #[arg(long, value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The typeset PDF.
    Pdf,
    /// One PNG image per page (`name.png`, or `name-1.png`, `name-2.png`, …).
    Png,
    /// One SVG image per page, named like PNG.
    Svg,
    /// A folder with main.typ, the layout, resume.json, images and fonts, for `typst compile`.
    Typ,
    /// The parsed résumé model as JSON.
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Typ => "typst",
            Format::Json => "json",
        }
    }
}

fn parse_accent(s: &str) -> Result<String, String> {
    settings::parse_color(s)
}

fn parse_lang(s: &str) -> Result<String, String> {
    settings::parse_lang(s)
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
    match &cli.command {
        Some(Command::Layouts) => {
            for layout in layouts::BUILT_IN {
                println!("{:<10} {}", layout.name, layout.description);
            }
            return 0;
        }
        Some(Command::Fonts { font_path }) => {
            return match Renderer::new(font_path) {
                Ok(renderer) => {
                    renderer.font_families().iter().for_each(|f| println!("{f}"));
                    0
                }
                Err(e) => report(&e),
            };
        }
        None => {}
    }
    if let Err(message) = check_usage(&cli) {
        eprintln!("error: {message}");
        return 2;
    }
    let renderer = match Renderer::new(&cli.font_path) {
        Ok(r) => r,
        Err(e) => return report(&e),
    };
    let renderer = match source_date_epoch() {
        Some(seconds) => renderer.with_source_date_epoch(seconds),
        None => renderer,
    };
    let mut failed = 0;
    for input in &cli.inputs {
        if let Err(e) = render_one(&renderer, &cli, input) {
            report(&e);
            failed += 1;
        }
    }
    i32::from(failed > 0)
}

fn check_usage(cli: &Cli) -> Result<(), String> {
    if cli.inputs.len() > 1 && cli.output.is_some() {
        return Err("--output takes one input; several inputs are written beside each".into());
    }
    if let Some(layout) = &cli.layout
        && layouts::find(layout).is_none()
        && !layout.ends_with(".typ")
    {
        return Err(format!("unknown layout `{layout}`; choose one of: {}, or a path to a .typ file", layouts::names()));
    }
    Ok(())
}

fn report(e: &Error) -> i32 {
    eprintln!("{e}");
    1
}

/// `SOURCE_DATE_EPOCH` as reproducible-builds.org defines it; ignored when malformed.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
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

fn read_input(path: &Path) -> Result<Input, Error> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::read("<stdin>", e))?;
        let cwd = std::env::current_dir().ok();
        return Input::from_bytes(&bytes, "<stdin>", cwd);
    }
    Input::from_path(path)
}

/// Where the output goes: `None` for standard output.
fn output_path(cli: &Cli, input: &Path) -> Option<PathBuf> {
    match &cli.output {
        Some(o) if o == Path::new("-") => None,
        Some(o) => Some(o.clone()),
        None if input == Path::new("-") => None,
        None => {
            let ext = cli.format.extension();
            let stem = input.file_stem().unwrap_or_default().to_string_lossy();
            let file = if cli.format == Format::Typ { format!("{stem}-typst") } else { format!("{stem}.{ext}") };
            Some(input.with_file_name(file))
        }
    }
}

fn render_one(renderer: &Renderer, cli: &Cli, input_path: &Path) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let input = read_input(input_path)?;
    let prepared = renderer.prepare(&input, &overrides(cli))?;
    let out = output_path(cli, input_path);
    let show_warnings = |warnings: &[resume_pdf::diag::Warning]| {
        if !cli.quiet {
            let mut err = std::io::stderr().lock();
            for w in warnings {
                let _ = writeln!(err, "{}", w.display_in(&input.name));
            }
        }
    };
    match cli.format {
        Format::Json => {
            show_warnings(&prepared.warnings);
            let json = serde_json::to_vec_pretty(&prepared.resume).expect("the model always serialises");
            return emit(out.as_deref(), &json);
        }
        Format::Typ => {
            show_warnings(&prepared.warnings);
            let Some(dir) = out else {
                return Err(Error::Usage("--format typ writes a folder; give it with -o DIR".into()));
            };
            return eject::eject(&prepared, &dir);
        }
        _ => {}
    }
    let rendered = renderer.compile(prepared)?;
    show_warnings(&rendered.warnings);
    match cli.format {
        Format::Pdf => emit(out.as_deref(), &rendered.pdf()?)?,
        Format::Png => emit_pages(out.as_deref(), rendered.png_pages(cli.ppi)?)?,
        Format::Svg => emit_pages(out.as_deref(), rendered.svg_pages().into_iter().map(String::into_bytes).collect())?,
        Format::Typ | Format::Json => unreachable!("handled before typesetting"),
    }
    if cli.verbose {
        eprintln!(
            "{}: {} page(s), scale {:.3}, {} ms",
            input.name,
            rendered.pages(),
            rendered.scale,
            started.elapsed().as_millis()
        );
    }
    Ok(())
}

fn emit(out: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match out {
        Some(path) => write_atomic(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.is_terminal() && bytes.contains(&0) {
                return Err(Error::Usage("refusing to write binary output to a terminal; use -o FILE".into()));
            }
            stdout.write_all(bytes).and_then(|_| stdout.flush()).map_err(|e| Error::write("<stdout>", e))
        }
    }
}

/// Writes one file per page: `name.ext` for one page, `name-1.ext`, `name-2.ext`, … else.
fn emit_pages(out: Option<&Path>, pages: Vec<Vec<u8>>) -> Result<(), Error> {
    let Some(path) = out else {
        // Standard output takes the first page only; there is no way to separate files.
        return emit(None, pages.first().map(Vec::as_slice).unwrap_or_default());
    };
    if pages.len() == 1 {
        return write_atomic(path, &pages[0]);
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    for (i, page) in pages.iter().enumerate() {
        write_atomic(&path.with_file_name(format!("{stem}-{}{ext}", i + 1)), page)?;
    }
    Ok(())
}
