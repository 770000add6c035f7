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
        _ => return None,
    }
    Some(n)
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
