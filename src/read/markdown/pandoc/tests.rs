use super::rewrite;

fn text(md: &str) -> String {
    rewrite(md, true).text
}

#[test]
fn the_title_block_is_the_name_and_one_header_line() {
    let r = rewrite("% Ada\n% Analyst\n% 1843\n\nText\n", true);
    assert_eq!(r.text, "# Ada\nAnalyst · 1843\n\n\nText\n");
    // Later lines keep their line numbers.
    assert_eq!(
        r.text.lines().count(),
        "% Ada\n% Analyst\n% 1843\n\nText\n".lines().count()
    );
    assert_eq!(text("% Ada\n"), "# Ada\n");
    // After front matter it is text.
    assert_eq!(rewrite("% Ada\n", false).text, "% Ada\n");
}

#[test]
fn tex_commands_are_their_meaning() {
    assert_eq!(text("\\textbf{a \\emph{b}} c\\hfill d"), "**a *b*** c d");
    assert_eq!(
        text("\\href{https://x.org}{the site}"),
        "[the site](<https://x.org>)"
    );
    assert_eq!(text("\\url{https://x.org}"), "<https://x.org>");
    assert_eq!(text("a\\vspace{2mm}b \\hspace*{1em}c"), "a b c");
    // Markdown escapes, and unknown commands without arguments, print as written.
    assert_eq!(
        text("\\foo \\\\textbf{x} \\* C:\\Users"),
        "\\foo \\\\textbf{x} \\* C:\\Users"
    );
}

#[test]
fn tex_that_cv_templates_carry_never_prints_as_commands() {
    assert_eq!(
        text("Edited \\LaTeX\\ documents, \\TeX{} too"),
        "Edited LaTeX documents, TeX too"
    );
    assert_eq!(
        text("{\\bf Joshua Martin} and {\\it x}"),
        "**Joshua Martin** and *x*"
    );
    assert_eq!(
        text("\\begin{minipage}[t]{0.5\\textwidth} Phone: 1 \\end{minipage}"),
        "Phone: 1 "
    );
    let r = rewrite(
        "\\cvrole{Engineer}{2019--2021}{Acme}\n\\cvrole{B}{C}\n",
        true,
    );
    assert_eq!(r.text, "Engineer · 2019--2021 · Acme\nB · C\n");
    assert_eq!(
        r.warnings.len(),
        1,
        "one warning per command: {:?}",
        r.warnings
    );
    let r = rewrite("Updated \\today.\n", true);
    assert_eq!(r.text, "Updated .\n");
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn code_keeps_everything_literally() {
    for md in [
        "`\\hfill {{< x >}} [a]{.b}`",
        "```\n\\newpage\n:::\n## A {.b}\n```\n",
        "~~~~\n{% include x %}\n~~~~\n",
        "Para\n\n    \\textbf{x} {{ site.email }}\n",
        "- item\n\n  ```\n  \\hfill\n  ```\n",
        "`` a `\\emph{x}` b ``",
        "`a\n\\hfill b`",
    ] {
        let r = rewrite(md, true);
        assert_eq!(r.text, md);
        assert!(r.warnings.is_empty() && r.page_breaks.is_empty(), "{md}");
    }
    // After code, the rules apply again.
    assert_eq!(text("`x` \\hfill y"), "`x` y");
}

#[test]
fn divs_and_attributes_go_their_text_stays() {
    assert_eq!(text("::: {.columns}\nA\n:::\n"), "\nA\n\n");
    assert_eq!(
        text("## Skills {.unnumbered #skills}\n"),
        "## Skills {#skills}\n"
    );
    assert_eq!(text("## Skills {-}\n"), "## Skills \n");
    assert_eq!(text("Skills {#s .x}\n------\n"), "Skills {#s}\n------\n");
    assert_eq!(text("[Ada]{.smallcaps} wrote"), "Ada wrote");
    assert_eq!(text("![p](p.png){width=80%}"), "![p](p.png)");
    assert_eq!(
        text("`r x`{.r} and [l](u){style=\"a b\"}"),
        "`r x` and [l](u)"
    );
    // Braces that are not attributes stay.
    assert_eq!(text("## Odd {#not an id}\n"), "## Odd {#not an id}\n");
    assert_eq!(text("a {b} [c]{d} (e){f}"), "a {b} [c]{d} (e){f}");
}

#[test]
fn a_lone_page_break_is_data() {
    let r = rewrite("A\n\n\\newpage\n\n## B\n", true);
    assert_eq!(r.text, "A\n\n\n\n## B\n");
    assert_eq!(r.page_breaks, [3]);
    // Inside a line, it only ends a word.
    let r = rewrite("a\\pagebreak b\n", true);
    assert_eq!((r.text.as_str(), r.page_breaks.len()), ("a b\n", 0));
}

#[test]
fn an_entry_shortcode_is_an_entry() {
    let md = "{{% job title=\"Staff *Eng*\" company='Acme' from=2019 to=\"Now\" location=\"Porto\" %}}\n- Did.\n{{% /job %}}\n";
    assert_eq!(
        text(md),
        "\n### Staff \\*Eng\\*\n\n**Acme**\n\n_2019 – Now · Porto_\n\n\n- Did.\n\n"
    );
}

#[test]
fn template_tags_go_with_one_warning_per_cause() {
    let md =
        "{{< icon \"a\" >}} {{< icon \"b\" >}}\n{% if x %}A{% endif %} {{ site.email }} {# c #}\n";
    let r = rewrite(md, true);
    assert_eq!(r.text, "\nA \n");
    let at: Vec<usize> = r.warnings.iter().map(|w| w.0).collect();
    let want: Vec<usize> = ["{{<", "{% if", "{% endif", "{{ site", "{#"]
        .iter()
        .map(|t| md.find(t).unwrap())
        .collect();
    assert_eq!(at, want);
}

#[test]
fn positions_map_back_to_the_input() {
    let md = "\\textbf{ab} [x]{.y} cd";
    let r = rewrite(md, true);
    assert_eq!(r.text, "**ab** x cd");
    let c = r.text.find("cd").unwrap();
    assert_eq!(r.source_offset(c), md.find("cd").unwrap());
    let x = r.text.find('x').unwrap();
    assert_eq!(r.source_offset(x), md.find("[x]").unwrap() + 1);
}

#[test]
fn the_pass_is_linear_on_hostile_lines() {
    for unit in ["[", "{{", "{%", "\\textbf{", "[a]{", "`"] {
        let md = unit.repeat(20_000);
        let r = rewrite(&md, true);
        assert!(r.text.len() <= md.len() + 1, "{unit}");
    }
}

#[test]
fn an_r_chunk_not_to_be_included_is_dropped() {
    let md = "```{r setup, include = FALSE}\nlibrary(x)\n```\nA\n";
    assert_eq!(text(md), "\n\n\nA\n");
    let hidden = "```{r, echo=FALSE}\nplot(x)\n```\n";
    assert_eq!(text(hidden), "\n\n\n");
    let shown = "```{r}\nplot(x)\n```\n";
    assert_eq!(text(shown), shown, "knitr shows a chunk's code by default");
    let all_off = "```{r setup}\nknitr::opts_chunk$set(echo = FALSE)\n```\n```{python}\nx\n```\n";
    assert_eq!(text(all_off), "\n\n\n\n\n\n");
    let raw = "```{=latex}\n\\hfill\n```\n";
    assert!(text(raw).contains("```"), "a raw block is no chunk");
}

#[test]
fn an_editors_style_sheet_import_is_dropped_with_a_warning() {
    let r = rewrite(
        "@import \"resume.css\"\n@import 'x.css'\nUse @import \"a\" here\n",
        true,
    );
    assert_eq!(r.text, "\n\nUse @import \"a\" here\n");
    assert_eq!(r.warnings.len(), 1);
}
