//! The word oracle's reading of other tools' syntax (docs/FORMAT.md, "Pandoc Markdown and
//! site templates"), as the plain Markdown it means: written apart from
//! src/read/markdown/pandoc/, by regular expressions over lines, to be compared with it.
//!
//! Stated rules: a `%` title block opening a file without front matter is `# Name` and one
//! line of the rest joined by ` · `; `:::` lines go; a fenced code block or a backtick
//! code span keeps everything as written, a chunk (`{r …}`) with `include` or `echo` FALSE
//! goes whole;
//! `\newpage` and the spacing commands go, `\textbf{x}` is `**x**`, `\emph{x}` `*x*`,
//! `\href{u}{t}` `[t](u)`, `\url{u}` `<u>`, other styling commands their argument; logos
//! (`\LaTeX`) their name (a `\ ` after one a space), `\today` nothing,
//! `\begin{…}`/`\end{…}` with their options nothing, `{\bf x}` `**x**`, another command
//! with braced arguments those arguments joined by ` · ` (one without arguments prints as
//! written);
//! an `@import "x.css"` line goes; `{attributes}` after a heading (keeping `{#id}`), a
//! `[span]`, `)` or code go; template tags go, an entry shortcode is `### title`,
//! `**company**`, `_from – to · location_`. Indented code (as pulldown-cmark finds it in
//! the source) keeps everything as written too.

use std::sync::LazyLock;

use regex::{Captures, Regex};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// One pandoc attribute block's inside: `.class`, `#id`, `key=value`, `key="a b"`, `-`.
const ATTRS: &str =
    r#"\s*(?:(?:[.#][^\s{}=."'#]+|[^\s{}="'.#]+=(?:"[^"]*"|'[^']*'|[^\s{}"']*)|-)\s*)+"#;

/// `body` with the syntax of pandoc and site generators read as plain Markdown.
pub fn without_foreign_syntax(body: &str, title_block: bool) -> String {
    let mut out = String::new();
    let mut lines = body.lines().peekable();
    let code = indented_code_lines(body);
    // The number of the line being read.
    let mut at = 0;
    if title_block && lines.peek().is_some_and(|l| l.starts_with('%')) {
        let title: Vec<&str> = std::iter::from_fn(|| lines.next_if(|l| l.starts_with('%')))
            .map(|l| l[1..].trim())
            .collect();
        at = title.len();
        let rest: Vec<&str> = title[1..]
            .iter()
            .copied()
            .filter(|t| !t.is_empty())
            .collect();
        out.push_str(&format!(
            "# {}\n{}\n\n",
            inline(title[0]),
            inline(&rest.join(" · "))
        ));
    }
    // The open fence (its character and length) and whether its block is hidden.
    let mut fence: Option<(char, usize, bool)> = None;
    // `knitr::opts_chunk$set(echo = FALSE)`: no chunk shows its code unless it asks.
    let squeezed: String = body.split_whitespace().collect();
    let echo_off = squeezed.contains("opts_chunk$set(") && squeezed.contains("echo=F");
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        at += 1;
        if fence.is_none() && code.contains(&(at - 1)) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some((ch, len, hidden)) = fence {
            let run = t.chars().take_while(|&c| c == ch).count();
            if run >= len && t[run..].trim().is_empty() {
                fence = None;
            }
            out.push_str(if hidden { "" } else { line });
            out.push('\n');
            continue;
        }
        if let Some(open) = fence_of(t, echo_off) {
            fence = Some(open);
            out.push_str(if open.2 { "" } else { line });
            out.push('\n');
            continue;
        }
        let underlined = lines.peek().is_some_and(|n| {
            static SETEXT: LazyLock<Regex> = LazyLock::new(|| re(r"^ {0,3}(=+|-+)\s*$"));
            SETEXT.is_match(n)
        });
        static IMPORT: LazyLock<Regex> = LazyLock::new(|| re(r#"^@import ("[^"]+"|'[^']+')\s*$"#));
        if !t.starts_with(":::") && !IMPORT.is_match(t) {
            match t.starts_with('#') || underlined {
                true => out.push_str(&heading(line)),
                false => out.push_str(&inline(line)),
            }
        }
        out.push('\n');
    }
    out
}

/// The numbers (from 0) of the lines of `body` in indented code blocks.
fn indented_code_lines(body: &str) -> std::collections::BTreeSet<usize> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let parser = Parser::new_ext(body, super::oracle::markdown_options());
    let mut lines = std::collections::BTreeSet::new();
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) = event {
            lines.extend(line_of(range.start)..=line_of(range.end.saturating_sub(1)));
        }
    }
    lines
}

/// A fence opening a code block: its character, its length, whether it is an R chunk
/// whose code is not shown (`echo_off`: no chunk's is, unless it asks).
fn fence_of(t: &str, echo_off: bool) -> Option<(char, usize, bool)> {
    static FENCE: LazyLock<Regex> = LazyLock::new(|| re(r"^(`{3,}|~{3,})(.*)$"));
    static HIDDEN: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*\{[a-zA-Z][^}]*\b(include|echo)\s*=\s*(FALSE|F)\s*[,}]"));
    let c = FENCE.captures(t)?;
    let run = &c[1];
    let info = &c[2];
    if run.starts_with('`') && info.contains('`') {
        return None;
    }
    static CHUNK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\{[a-zA-Z]"));
    static SHOWN: LazyLock<Regex> = LazyLock::new(|| re(r"\becho\s*=\s*(TRUE|T)\b"));
    let hidden =
        HIDDEN.is_match(info) || (echo_off && CHUNK.is_match(info) && !SHOWN.is_match(info));
    Some((run.chars().next()?, run.len(), hidden))
}

/// A heading line: a trailing attribute block goes, its `#id` kept as `{#id}`.
fn heading(line: &str) -> String {
    static TRAILING: LazyLock<Regex> =
        LazyLock::new(|| re(&format!(r"^(.*?)\s*\{{({ATTRS})\}}\s*$")));
    static ID: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\s)#([^\s{}=.#]+)"));
    let Some(c) = TRAILING.captures(line) else {
        return inline(line);
    };
    let id = ID.captures(&c[2]).map(|i| format!(" {{#{}}}", &i[1]));
    format!("{}{}", inline(&c[1]), id.unwrap_or_default())
}

/// A line's inline syntax read, its code spans kept as written.
fn inline(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    let mut after_code = false;
    while !rest.is_empty() {
        let (text, code, next) = split_code(rest);
        let mut text = text.to_string();
        if after_code {
            static LEADING: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^\{{{ATTRS}\}}")));
            text = LEADING.replace(&text, "").into_owned();
        }
        out.push_str(&meaning(&text));
        out.push_str(code);
        after_code = !code.is_empty();
        rest = next;
    }
    out
}

/// `s` cut at its first code span: the text before it, the span, the rest. An unmatched
/// backtick run is text.
fn split_code(s: &str) -> (&str, &str, &str) {
    let mut from = 0;
    while let Some(a) = s[from..].find('`').map(|a| a + from) {
        let run = s[a..].bytes().take_while(|&b| b == b'`').count();
        let mut search = a + run;
        while let Some(b) = s[search..].find(&s[a..a + run]).map(|b| b + search) {
            let after = s[b..].bytes().take_while(|&c| c == b'`').count();
            if after == run {
                return (&s[..a], &s[a..b + run], &s[b + run..]);
            }
            search = b + after;
        }
        from = a + run;
    }
    (s, "", "")
}

/// Template tags, TeX and attributes of text outside code, read.
fn meaning(text: &str) -> String {
    static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\{\{<(.*?)>\}\}|\{\{%(.*?)%\}\}|\{%(.*?)%\}|\{\{(.*?)\}\}|\{#(.*?)#\}")
    });
    let text = dropped(text, &TEMPLATE, |c| {
        let shortcode = c.get(1).or(c.get(2)).map(|m| m.as_str().trim());
        shortcode.and_then(job_entry)
    });
    attributes(&tex(&text))
}

/// `text` with each match of `re` replaced by what `keep` makes of it or, when it makes
/// nothing, dropped with the spaces after it: a space then stands for it between two
/// words, and nothing where a space is before it or nothing is after it.
fn dropped(text: &str, re: &Regex, keep: impl Fn(&Captures) -> Option<String>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for c in re.captures_iter(text) {
        let m = c.get(0).unwrap();
        if m.start() < last {
            continue;
        }
        out.push_str(&text[last..m.start()]);
        last = m.end();
        if let Some(kept) = keep(&c) {
            out.push_str(&kept);
            continue;
        }
        let rest = &text[last..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        last += spaces;
        let before = out.is_empty() || out.ends_with(char::is_whitespace);
        if !before && last < text.len() {
            out.push(' ');
        }
    }
    out.push_str(&text[last..]);
    out
}

/// `job title=… company=… from=… to=… location=…` as the entry it stands for.
fn job_entry(inner: &str) -> Option<String> {
    static ARG: LazyLock<Regex> = LazyLock::new(|| re(r#"(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))"#));
    let (name, args) = inner.split_once(char::is_whitespace)?;
    if ![
        "job",
        "experience",
        "entry",
        "position",
        "work",
        "education",
    ]
    .contains(&name)
    {
        return None;
    }
    let args: Vec<(String, String)> = ARG
        .captures_iter(args)
        .map(|c| {
            let v = c.get(2).or(c.get(3)).or(c.get(4)).unwrap().as_str();
            (c[1].to_string(), v.trim().to_string())
        })
        .collect();
    let arg = |k: &str| {
        args.iter()
            .find(|(n, v)| n == k && !v.is_empty())
            .map(|a| a.1.clone())
    };
    let dates = match (arg("from"), arg("to")) {
        (Some(f), Some(t)) => Some(format!("{f} – {t}")),
        (f, t) => f.or(t),
    };
    let meta: Vec<String> = dates.into_iter().chain(arg("location")).collect();
    let mut md = format!("\n### {}\n\n", arg("title").or(arg("company"))?);
    if let (Some(_), Some(company)) = (arg("title"), arg("company")) {
        md.push_str(&format!("**{company}**\n\n"));
    }
    if !meta.is_empty() {
        md.push_str(&format!("_{}_\n\n", meta.join(" · ")));
    }
    Some(md)
}

/// TeX commands by their meaning; an escaped backslash stays as it is.
fn tex(text: &str) -> String {
    const HELD: &str = "\u{E000}";
    static STYLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\\(textbf|emph|textit|textsl|textsc|textrm|textsf|texttt|underline|mbox|textnormal|text)\{([^{}]*)\}",
        )
    });
    static WITH_ARG: LazyLock<Regex> =
        LazyLock::new(|| re(r"\\(vspace|hspace|phantom|color|fontsize)\*?\{[^{}]*\}"));
    static HREF: LazyLock<Regex> = LazyLock::new(|| re(r"\\href\{([^{}]*)\}\{([^{}]*)\}"));
    static URL: LazyLock<Regex> = LazyLock::new(|| re(r"\\url\{([^{}]*)\}"));
    static COMMAND: LazyLock<Regex> = LazyLock::new(|| re(r"\\([a-zA-Z]+)(\{\})?"));
    const DROPPED: &str = "hfill hfil vfill noindent indent small footnotesize scriptsize tiny \
        normalsize large Large LARGE huge Huge medskip bigskip smallskip centering raggedright \
        raggedleft hrulefill par quad qquad newline linebreak nopagebreak bfseries itshape \
        normalfont newpage pagebreak clearpage";
    let mut s = text.replace("\\\\", HELD);
    // Innermost first: a styled argument may hold another command.
    loop {
        let next = STYLE.replace_all(&s, |c: &Captures| match &c[1] {
            "textbf" => format!("**{}**", &c[2]),
            "emph" | "textit" | "textsl" => format!("*{}*", &c[2]),
            _ => c[2].to_string(),
        });
        let next = dropped(&next, &WITH_ARG, |_| None);
        if next == s {
            break;
        }
        s = next;
    }
    let s = template_tex(&s);
    let s = HREF.replace_all(&s, "[$2](<$1>)");
    let s = URL.replace_all(&s, |c: &Captures| format!("<{}>", c[1].trim()));
    let s = unknown_with_args(&s);
    let s = dropped(&s, &COMMAND, |c| {
        let gone = DROPPED.split_whitespace().any(|d| d == &c[1]);
        (!gone).then(|| c[0].to_string())
    });
    s.replace(HELD, "\\\\")
}

/// The TeX of CV templates: logos, control spaces, `\today`, environments, font-switch
/// groups.
fn template_tex(s: &str) -> String {
    static LOGO: LazyLock<Regex> =
        LazyLock::new(|| re(r"\\(LaTeXe|LaTeX|TeX|BibTeX|XeTeX|LuaTeX)(\{\}|\\ )?"));
    static ENV: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\\(begin|end)\{[^{}]*\}(\[[^\]]{0,38}\])?(\{[^{}\s]{0,30}\})*|\\today")
    });
    static GROUP: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\{\\(bfseries|bf|itshape|it|em|sl|sc|tt|rm|sf|small|large|Large|LARGE|huge|Huge)\b\s*([^{}]*?)\s*\}",
        )
    });
    let s = LOGO.replace_all(s, |c: &Captures| {
        let name = match &c[1] {
            "LaTeXe" => "LaTeX2e",
            other => other,
        };
        // A control space after a logo is a space; a `\ ` elsewhere is text.
        match c.get(2).is_some_and(|m| m.as_str() == "\\ ") {
            true => format!("{name} "),
            false => name.to_string(),
        }
    });
    let s = dropped(&s, &ENV, |_| None);
    GROUP
        .replace_all(&s, |c: &Captures| {
            let mark = match &c[1] {
                "bf" | "bfseries" => "**",
                "it" | "em" | "sl" | "itshape" => "*",
                _ => "",
            };
            format!("{mark}{}{mark}", &c[2])
        })
        .into_owned()
}

/// Another command with braced arguments (`\cvrole{a}{b}`): the arguments, ` · ` between.
fn unknown_with_args(s: &str) -> String {
    // Plain arguments only: braces, a tag or a line break inside make it text.
    static CALL: LazyLock<Regex> = LazyLock::new(|| re(r"\\([a-zA-Z]+)((?:\{[^{}<>\n]*\})+)"));
    static ARG: LazyLock<Regex> = LazyLock::new(|| re(r"\{([^{}<>\n]*)\}"));
    CALL.replace_all(s, |c: &Captures| {
        let mut out = String::new();
        for (k, a) in ARG.captures_iter(&c[2]).enumerate() {
            if k > 0 && !a[1].trim().is_empty() {
                out.push_str(" · ");
            }
            out.push_str(&a[1]);
        }
        out
    })
    .into_owned()
}

/// `[text]{attrs}` is its text; `{attrs}` after a link or an image goes.
fn attributes(text: &str) -> String {
    static SPAN: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\[([^\[\]]*)\]\{{{ATTRS}\}}")));
    static AFTER: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\)\{{{ATTRS}\}}")));
    let s = SPAN.replace_all(text, "$1");
    AFTER.replace_all(&s, ")").into_owned()
}
