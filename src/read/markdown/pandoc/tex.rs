//! The raw TeX that pandoc CVs carry: commands for space and size dropped, `\textbf{x}`,
//! `\emph{x}`, `\href{url}{text}` and their like read as the Markdown they mean.

use super::{Out, braced, inline};

/// TeX commands that only set spacing, size or a font switch: dropped.
const DROPPED: &[&str] = &[
    "hfill",
    "hfil",
    "vfill",
    "noindent",
    "indent",
    "small",
    "footnotesize",
    "scriptsize",
    "tiny",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "medskip",
    "bigskip",
    "smallskip",
    "centering",
    "raggedright",
    "raggedleft",
    "hrulefill",
    "par",
    "quad",
    "qquad",
    "newline",
    "linebreak",
    "nopagebreak",
    "bfseries",
    "itshape",
    "normalfont",
];
/// Commands whose one braced argument is a length or similar: dropped with it.
const DROPPED_WITH_ARG: &[&str] = &["vspace", "hspace", "phantom", "color", "fontsize"];
const PAGE_BREAKS: &[&str] = &["newpage", "pagebreak", "clearpage"];
/// Logos, printed as their names.
const LOGOS: &[(&str, &str)] = &[
    ("LaTeX", "LaTeX"),
    ("LaTeXe", "LaTeX2e"),
    ("TeX", "TeX"),
    ("BibTeX", "BibTeX"),
    ("XeTeX", "XeTeX"),
    ("LuaTeX", "LuaTeX"),
];
/// Font switches inside a group (`{\bf x}`), and the Markdown mark each means.
const SWITCHES: &[(&str, &str)] = &[
    ("bf", "**"),
    ("bfseries", "**"),
    ("it", "*"),
    ("em", "*"),
    ("sl", "*"),
    ("itshape", "*"),
    ("sc", ""),
    ("tt", ""),
    ("rm", ""),
    ("sf", ""),
    ("small", ""),
    ("large", ""),
    ("Large", ""),
    ("LARGE", ""),
    ("huge", ""),
    ("Huge", ""),
];

/// Whether `line` (without its indentation) is a page break alone: `\newpage`,
/// `\pagebreak`, `\clearpage`, maybe with `{}`.
pub(super) fn is_lone_page_break(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix('\\') else {
        return false;
    };
    PAGE_BREAKS.contains(&rest.strip_suffix("{}").unwrap_or(rest))
}

/// A TeX command at the start of `rest` (at input offset `at`): its meaning in Markdown,
/// or nothing when it only sets space or size. Returns the length taken, or `None` when
/// it is not a command of these (it then prints as written).
pub(super) fn command(out: &mut Out, at: usize, rest: &str, depth: usize) -> Option<usize> {
    let name_len = rest[1..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if name_len == 0 {
        // A Markdown escape (`\\`, `\*`): both characters go to the parser as they are,
        // so that `\\textbf` stays text.
        let len = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
        out.push(at, &rest[..len]);
        return Some(len);
    }
    let name = &rest[1..1 + name_len];
    let mut n = 1 + name_len;
    if rest[n..].starts_with('*') && DROPPED_WITH_ARG.contains(&name) {
        n += 1;
    }
    if let Some((_, logo)) = LOGOS.iter().find(|(l, _)| *l == name) {
        out.push(at, logo);
        // `\LaTeX{}` and TeX's control space after a logo (`\LaTeX\ documents`); a `\ `
        // elsewhere is a backslash the author typed.
        if rest[n..].starts_with("{}") {
            return Some(n + 2);
        }
        if rest[n..].starts_with("\\ ") {
            out.push(at + n, " ");
            return Some(n + 2);
        }
        return Some(n);
    }
    if name == "today" {
        out.warn_once(
            at,
            "\\today".into(),
            "TeX's `\\today` left out: resume-pdf prints no date of its own (the same input \
             gives the same PDF)"
                .into(),
        );
        return Some(n + out.space(at, &rest[n..]));
    }
    if name == "begin" || name == "end" {
        return environment(out, at, rest, n);
    }
    if DROPPED.contains(&name) || PAGE_BREAKS.contains(&name) {
        if rest[n..].starts_with("{}") {
            n += 2;
        }
        // Spacing commands stand between words: `Slurm\hfill 2019` is two words.
        return Some(n + out.space(at, &rest[n..]));
    }
    let (arg, len) = braced(&rest[n..])?;
    let arg_at = at + n + 1;
    n += len;
    let wrap = |out: &mut Out, mark: &str| {
        out.push(at, mark);
        inline(out, arg_at, arg, depth + 1);
        out.push(at + n - 1, mark);
    };
    match name {
        _ if DROPPED_WITH_ARG.contains(&name) => n += out.space(at, &rest[n..]),
        "textbf" => wrap(out, "**"),
        "emph" | "textit" | "textsl" => wrap(out, "*"),
        "textsc" | "textrm" | "textsf" | "texttt" | "underline" | "mbox" | "text"
        | "textnormal" => inline(out, arg_at, arg, depth + 1),
        "url" => out.push(arg_at, &format!("<{}>", arg.trim())),
        "href" => return href(out, at, rest, n, (arg, arg_at), depth),
        _ => return unknown(out, at, rest, name, depth),
    }
    Some(n)
}

/// `\begin{minipage}[t]{0.5\textwidth}`, `\end{minipage}`: the environment's fences go
/// with their options and lengths; what is between them stays.
fn environment(out: &mut Out, at: usize, rest: &str, mut n: usize) -> Option<usize> {
    let (_, len) = braced(&rest[n..])?;
    n += len;
    if rest[n..].starts_with('[') {
        n += rest[n..].find(']').filter(|&e| e < 40)? + 1;
    }
    // Lengths and widths (`{0.5cm}`, `{0.5\textwidth}`): short, with no space.
    while let Some((arg, len)) = braced(&rest[n..]) {
        if arg.contains(char::is_whitespace) || arg.len() > 30 {
            break;
        }
        n += len;
    }
    Some(n + out.space(at, &rest[n..]))
}

/// A command of a CV class or template we do not know, with braced arguments
/// (`\cvrole{Engineer}{2019--2021}{Acme}`): its arguments print, ` · ` between them, and
/// the command is told once. Without arguments it prints as written (`C:\Users`).
fn unknown(out: &mut Out, at: usize, rest: &str, name: &str, depth: usize) -> Option<usize> {
    let mut n = 1 + name.len();
    let mut args = Vec::new();
    // Arguments as template commands take (`{Acme}`, `{\textbf{Engineer}}`): one holding
    // a tag or a line break is not TeX but text that happens to follow.
    while let Some((arg, len)) = braced(&rest[n..]) {
        if arg.contains(['<', '>', '\n']) {
            break;
        }
        args.push((at + n + 1, arg));
        n += len;
    }
    if args.is_empty() {
        return None;
    }
    out.warn_once(
        at,
        format!("\\{name}"),
        format!("TeX command `\\{name}` is not known: its arguments are printed as text"),
    );
    for (k, (arg_at, arg)) in args.iter().enumerate() {
        if k > 0 && !arg.trim().is_empty() {
            out.push(*arg_at, " · ");
        }
        inline(out, *arg_at, arg, depth + 1);
    }
    Some(n)
}

/// A TeX group opening with a font switch (`{\bf Joshua Martin}`): its text, in the
/// Markdown mark the switch means.
pub(super) fn group(out: &mut Out, at: usize, rest: &str, depth: usize) -> Option<usize> {
    let (inner, len) = braced(rest)?;
    let name_len = inner
        .strip_prefix('\\')?
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (_, mark) = SWITCHES
        .iter()
        .find(|(s, _)| *s == &inner[1..1 + name_len])?;
    let body = &inner[1 + name_len..];
    let start = body.len() - body.trim_start().len();
    out.push(at, mark);
    inline(out, at + 2 + name_len + start, body.trim(), depth + 1);
    out.push(at + len - 1, mark);
    Some(len)
}

/// `\href{url}{text}`, its url read: a Markdown link. `n` is the length taken so far.
fn href(
    out: &mut Out,
    at: usize,
    rest: &str,
    n: usize,
    (url, url_at): (&str, usize),
    depth: usize,
) -> Option<usize> {
    let (text, len) = braced(&rest[n..])?;
    out.push(at, "[");
    inline(out, at + n + 1, text, depth + 1);
    out.push(url_at, &format!("](<{}>)", url.trim()));
    Some(n + len)
}
