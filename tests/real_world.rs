//! Résumés written for other tools (tests/fixtures/real-world/): each renders in every
//! layout with exit 0, with the structure its author meant (read from `--format json`)
//! and every word it holds in the PDF.

mod common;

use std::path::Path;

use common::*;

fn fixture(name: &str) -> std::path::PathBuf {
    repo(&format!("tests/fixtures/real-world/{name}"))
}

/// The model `--format json` gives for `md`, and the warnings.
fn model(md: &Path) -> (serde_json::Value, String) {
    let out = run(&[md.to_str().unwrap(), "-f", "json", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (serde_json::from_slice(&out.stdout).unwrap(), stderr(&out))
}

fn text_of(inlines: &serde_json::Value) -> String {
    let mut out = String::new();
    for i in inlines.as_array().into_iter().flatten() {
        if let Some(v) = i["v"].as_str() {
            out.push_str(v);
        }
        if i["c"].is_array() {
            out.push_str(&text_of(&i["c"]));
        }
    }
    out
}

fn section_titles(model: &serde_json::Value) -> Vec<String> {
    model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| text_of(&s["title"]))
        .collect()
}

fn entry_titles(model: &serde_json::Value, section: usize) -> Vec<String> {
    model["sections"][section]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| text_of(&e["title"]))
        .collect()
}

/// Renders `md` in every layout; each must succeed. Returns the pdftotext of each, its
/// lines joined by single spaces.
fn render_everywhere(md: &Path) -> Vec<(&'static str, String)> {
    LAYOUTS
        .iter()
        .map(|layout| {
            let (_dir, pdf, out) = render(md, &["--layout", layout]);
            assert_eq!(out.status.code(), Some(0), "{layout}: {}", stderr(&out));
            let text = pdftotext(&pdf);
            (
                *layout,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[test]
fn a_jekyll_cv_renders_despite_its_layout_key() {
    let md = fixture("jekyll-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Priya Raman");
    assert_eq!(
        section_titles(&model),
        ["Experience", "Education", "Skills"]
    );
    assert_eq!(
        entry_titles(&model, 0),
        ["Senior Data Engineer", "Data Engineer"]
    );
    assert!(
        warnings.contains("jekyll-cv.md:2:1: warning: front matter `layout`: unknown layout `cv`"),
        "{warnings}"
    );
    assert_eq!(
        warnings.lines().count(),
        1,
        "one line per cause: {warnings}"
    );
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
    }
}

#[test]
fn a_pandoc_cv_kept_in_yaml_renders_its_sections() {
    let md = fixture("pandoc-yaml-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Tomasz Wiśniewski");
    assert_eq!(
        section_titles(&model),
        ["Experience", "Education", "Languages"]
    );
    assert_eq!(entry_titles(&model, 2), ["Polish", "English"]);
    assert_eq!(
        text_of(&model["sections"][0]["entries"][1]["date"]),
        "2014–2019"
    );
    assert_eq!(model["document"]["keywords"][0], "perl");
    assert!(warnings.contains("pandoc-yaml-cv.md:12:1: warning: front matter `sections`"));
    let contacts: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        contacts,
        [
            "tomasz@example.org",
            "tomasz.example.org",
            "orcid.org/0000-0002-1825-0097"
        ]
    );
    // Every word of the YAML's texts reaches the page, in every layout.
    let yaml = std::fs::read_to_string(&md).unwrap();
    let texts: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("text: "))
        .collect();
    for (layout, text) in render_everywhere(&md) {
        for t in &texts {
            assert!(text.contains(t), "{layout}: `{t}` missing:\n{text}");
        }
    }
}

#[test]
fn a_vitae_cv_takes_its_name_parts_contacts_and_summary() {
    let md = fixture("vitae-cv.md");
    let (model, warnings) = model(&md);
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(model["name"], "Marie Curie");
    assert_eq!(text_of(&model["headline"]), "Professor of Physics");
    let urls: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["url"].as_str())
        .collect();
    for url in [
        "https://github.com/mariecurie",
        "https://www.linkedin.com/in/mariecurie",
        "https://orcid.org/0000-0001-2345-6789",
    ] {
        assert!(urls.contains(&url), "{url} in {urls:?}");
    }
    assert!(model["summary"].to_string().contains("radioactivity"));
    for (layout, text) in render_everywhere(&md) {
        assert!(text.contains("discovered two elements"), "{layout}: {text}");
        assert!(!text.contains("**"), "{layout}: Markdown leaked");
    }
}

#[test]
fn a_quarto_cv_takes_its_author_as_the_name() {
    let md = fixture("quarto-cv.md");
    let (model, warnings) = model(&md);
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(model["name"], "Kofi Mensah");
    assert_eq!(model["document"]["keywords"][1], "operations");
    for (layout, text) in render_everywhere(&md) {
        assert!(text.starts_with("Kofi Mensah"), "{layout}: {text}");
        assert!(
            !text.contains("affiliation") && !text.contains("documentclass"),
            "{layout}"
        );
    }
}

#[test]
fn a_hugo_cv_with_values_of_ours_that_do_not_fit_renders_with_defaults() {
    let md = fixture("hugo-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Léa Fontaine");
    assert_eq!(model["settings"]["paper"], "a4");
    assert_eq!(model["settings"]["font"], serde_json::Value::Null);
    assert!(
        warnings.contains("hugo-cv.md:10:8: warning: front matter `paper`"),
        "{warnings}"
    );
    assert!(
        warnings.contains("hugo-cv.md:9:1: warning: front matter `font`"),
        "{warnings}"
    );
    assert_eq!(warnings.lines().count(), 2, "{warnings}");
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
    }
}

/// An entry's slots, as plain text: title, subtitle, date, meta parts.
fn slots(model: &serde_json::Value, section: usize, entry: usize) -> [String; 4] {
    let e = &model["sections"][section]["entries"][entry];
    let meta: Vec<String> = e["meta"].as_array().unwrap().iter().map(text_of).collect();
    [
        text_of(&e["title"]),
        text_of(&e["subtitle"]),
        text_of(&e["date"]),
        meta.join(" / "),
    ]
}

#[test]
fn entry_lines_as_people_write_them_fill_the_entry_slots() {
    let md = fixture("entry-lines-cv.md");
    let (model, warnings) = model(&md);
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(
        section_titles(&model),
        ["Experience", "Education", "Volunteering"]
    );
    let expect = [
        (
            0,
            0,
            ["Dropbox", "Senior Product Manager", "2021–Present", ""],
        ),
        (0, 1, ["Senior Engineer", "Acme", "2019–2021", "Berlin"]),
        (
            0,
            2,
            ["Product Manager", "Farfetch", "2016 – 2019", "Porto"],
        ),
        (
            0,
            3,
            [
                "Associate Product Manager",
                "Talkdesk",
                "Jan 2015 to Dec 2015",
                "",
            ],
        ),
        (
            1,
            0,
            [
                "MSc Engineering and Management",
                "Instituto Superior Técnico, Lisbon",
                "2013 – 2015",
                "",
            ],
        ),
        (
            1,
            1,
            [
                "BSc Computer Science",
                "Universidade do Porto",
                "Sept. 2010 – July 2013",
                "",
            ],
        ),
        (2, 0, ["Mentor", "Girls Who Code Lisboa", "since 2018", ""]),
        // No date part: the head is left as written.
        (
            2,
            1,
            ["Founded in 2019 by two friends — still running", "", "", ""],
        ),
    ];
    for (section, entry, want) in expect {
        assert_eq!(
            slots(&model, section, entry),
            want,
            "entry {section}.{entry}"
        );
    }
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
        let text = pdftotext(&pdf);
        for leak in ["**", "(2021", "*2019", "| Farfetch", "| 2016"] {
            assert!(!text.contains(leak), "{layout}: `{leak}` printed:\n{text}");
        }
    }
}

// ---- pandoc Markdown and site-generator templates (issue 13, item 2) ----

/// Source syntax that must never reach the text layer of these fixtures.
const LEAKS: &[&str] = &[
    ":::",
    "{.",
    "{#",
    "{-}",
    "\\textbf",
    "\\textit",
    "\\emph",
    "\\href",
    "\\url",
    "\\hfill",
    "\\vspace",
    "\\hspace",
    "\\noindent",
    "\\medskip",
    "\\newpage",
    "{{<",
    "{{%",
    "{{",
    "{%",
    "%}",
    "**",
    "](",
    "% ",
    "include=FALSE",
];

/// pdftotext of one page, its lines.
fn page_lines(pdf: &Path, page: usize) -> Vec<String> {
    let page = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap();
    pages.trim().parse().unwrap()
}

/// The section titled `title` starts a page after the first: it is the first line of its
/// page (after the sidebar's page number), and no page before it has it.
fn assert_starts_a_page(pdf: &Path, layout: &str, title: &str) {
    let pages = page_count(pdf);
    let lines: Vec<Vec<String>> = (1..=pages).map(|p| page_lines(pdf, p)).collect();
    let page = lines
        .iter()
        .position(|l| l.iter().any(|l| l.starts_with(title)));
    let page = page.unwrap_or_else(|| panic!("{layout}: no `{title}` in {lines:?}"));
    assert!(page > 0, "{layout}: `{title}` is on page 1: {lines:?}");
    let page_number = regex::Regex::new(r"^\d+\s*/\s*\d+$").unwrap();
    let first = lines[page]
        .iter()
        .find(|l| !page_number.is_match(l))
        .unwrap();
    assert!(
        first.starts_with(title),
        "{layout}: page {} starts with `{first}`, not `{title}`",
        page + 1
    );
}

fn assert_no_leak(layout: &str, text: &str) {
    for leak in LEAKS {
        assert!(!text.contains(leak), "{layout}: `{leak}` leaked:\n{text}");
    }
}

/// Every layout: exit 0, every word (the oracle's reading of the source), no leak.
fn every_word_and_no_leak(md: &Path) {
    for (layout, text) in render_everywhere(md) {
        assert_no_leak(layout, &text);
    }
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(md, &["--layout", layout]);
        oracle::assert_every_word(md, layout, &pdf);
    }
}

fn block_kinds(blocks: &serde_json::Value) -> Vec<&str> {
    let blocks = blocks.as_array().unwrap().iter();
    blocks.map(|b| b["t"].as_str().unwrap()).collect()
}

fn page_breaks(model: &serde_json::Value) -> Vec<bool> {
    let sections = model["sections"].as_array().unwrap().iter();
    sections
        .map(|s| s["page_break"].as_bool().unwrap())
        .collect()
}

#[test]
fn a_pandoc_cv_reads_its_title_block_definitions_divs_attributes_and_tex() {
    let md = fixture("pandoc-cv.md");
    let (model, warnings) = model(&md);
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(model["name"], "Margaret Okonkwo");
    assert_eq!(
        text_of(&model["headline"]),
        "Research Software Engineer · Computational Biology · March 2025"
    );
    let contacts: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(contacts, ["email", "phone", "url"]);
    assert_eq!(
        section_titles(&model),
        ["Summary", "Experience", "Skills", "Education"]
    );
    // `{#experience}` is the anchor; `.unnumbered` and `.smallcaps` are dropped.
    assert_eq!(model["sections"][1]["id"], "experience");
    assert_eq!(
        page_breaks(&model),
        [false, false, true, false],
        "\\newpage before Skills"
    );
    let defs = &model["sections"][1]["blocks"][0];
    assert_eq!(defs["t"], "defs");
    let terms: Vec<_> = defs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| text_of(&d["term"]))
        .collect();
    assert_eq!(
        terms,
        [
            "Wellcome Sanger Institute, Cambridge",
            "European Bioinformatics Institute, Hinxton"
        ]
    );
    // The indented paragraphs belong to the definition, as paragraphs, not code.
    let first = &defs["items"][0];
    assert_eq!(block_kinds(&first["c"]), ["para", "para", "para"]);
    let link = &first["c"][1]["c"];
    assert!(
        link.to_string()
            .contains(r#""url":"https://github.com/example/vc""#),
        "{link}"
    );
    assert!(
        text_of(link).contains("forty percent; see the repository."),
        "{link}"
    );
    // The code span keeps its text; `\hspace{1em}` separates two words.
    let tools = text_of(&model["sections"][2]["blocks"][0]["items"][1]["c"][0]["c"]);
    assert_eq!(tools, "Nextflow, Snakemake, Slurm and Kubernetes");
    assert_eq!(
        entry_titles(&model, 3),
        ["BSc Biological Sciences University of Edinburgh"]
    );
    every_word_and_no_leak(&md);
    // Skills is a sidebar section there: the sidebar is one column, so only the others
    // start it on a page.
    for layout in ["classic", "modern", "compact"] {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        assert_starts_a_page(&pdf, layout, "Skills");
    }
}

#[test]
fn an_r_markdown_cv_reads_its_tex_and_hides_chunks_not_included() {
    let md = fixture("rmarkdown-cv.md");
    let (model, warnings) = model(&md);
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(model["name"], "Tomás Herrera");
    assert_eq!(text_of(&model["headline"]), "Biostatistician · Madrid");
    let contacts: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        contacts,
        [
            "mailto:tomas.herrera@example.es",
            "https://github.com/therrera"
        ]
    );
    assert_eq!(
        section_titles(&model),
        ["Experience", "Education", "Software"]
    );
    assert_eq!(page_breaks(&model), [false, true, false]);
    assert_eq!(
        entry_titles(&model, 0),
        [
            "Senior Biostatistician Instituto de Salud Carlos III",
            "Data Analyst"
        ]
    );
    assert_eq!(
        text_of(&model["sections"][0]["entries"][1]["subtitle"]),
        "Hospital Clínic de Barcelona"
    );
    // The chunk marked `include=FALSE` is gone, and so is the other: its setup turns echo
    // off for all, so knitr would not show its code either.
    let json = model.to_string();
    assert!(
        !json.contains("opts_chunk") && !json.contains("results="),
        "{json}"
    );
    let software = &model["sections"][2]["blocks"];
    assert_eq!(block_kinds(software), ["para"]);
    every_word_and_no_leak(&md);
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        assert_starts_a_page(&pdf, layout, "Education");
    }
}

#[test]
fn a_hugo_cv_reads_its_job_shortcodes_as_entries_and_drops_liquid() {
    let md = fixture("hugo-shortcodes-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Daniel Ferreira");
    assert_eq!(
        section_titles(&model),
        ["Experience", "Skills", "Hobbies", "Contact"]
    );
    assert_eq!(
        entry_titles(&model, 0),
        ["Staff Engineer", "Software Engineer"]
    );
    let staff = &model["sections"][0]["entries"][0];
    assert_eq!(text_of(&staff["subtitle"]), "Farfetch");
    assert_eq!(text_of(&staff["date"]), "2021 – Present");
    assert_eq!(text_of(&staff["meta"][0]), "Porto");
    assert_eq!(block_kinds(&staff["blocks"]), ["list"]);
    assert!(staff["blocks"].to_string().contains("checkout service"));
    let talkdesk = &model["sections"][0]["entries"][1];
    assert_eq!(text_of(&talkdesk["date"]), "2017 – 2021");
    assert!(text_of(&talkdesk["blocks"][0]["c"]).contains("engine in Go and its test harness"));
    // One line per distinct cause, each at its first place.
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(lines.len(), 5, "{warnings}");
    for want in [
        "hugo-shortcodes-cv.md:7:19: warning: Hugo shortcode `icon` dropped",
        "hugo-shortcodes-cv.md:11:1: warning: template tag `{% include contact-links.html %}` dropped",
        "hugo-shortcodes-cv.md:28:1: warning: template tag `{% if site.show_hobbies %}` dropped",
        "hugo-shortcodes-cv.md:32:1: warning: template tag `{% endif %}` dropped",
        "hugo-shortcodes-cv.md:36:13: warning: template tag `{{ site.email }}` dropped",
    ] {
        assert!(warnings.contains(want), "{want} in {warnings}");
    }
    every_word_and_no_leak(&md);
}

/// A CJK CV: its name, address, sections, entries and dates (`2014年9月`, `2019年4月～現在`)
/// found; every layout renders, every word the oracle can expect is there, nothing leaks.
fn cjk_cv(file: &str, name: &str, address: &str, sections: [&str; 3], dates: [&str; 2]) {
    let md = fixture(file);
    let (model, _) = model(&md);
    assert_eq!(model["name"], name);
    let header = model["contacts"].to_string() + &model["headline"].to_string();
    assert!(header.contains(address), "{header}");
    assert_eq!(section_titles(&model)[..3], sections);
    let entries = model["sections"][0]["entries"].as_array().unwrap();
    let found: Vec<String> = entries.iter().map(|e| text_of(&e["date"])).collect();
    assert_eq!(found, dates);
    // The bundled fonts have no CJK letters: the tests' subset of Droid Sans Fallback
    // (tests/fixtures/fonts) sets them, so every word is read back, dates as written
    // (`2014年9月`, not `2014 年 9 月`: no CJK–Latin gap).
    let fonts = repo("tests/fixtures/fonts");
    let gap = regex::Regex::new(r"\d [年月]|[年月] \d").unwrap();
    for layout in LAYOUTS {
        let args = ["--layout", layout, "--font-path", fonts.to_str().unwrap()];
        let (_dir, pdf, out) = render(&md, &args);
        assert!(
            !stderr(&out).contains("no available font"),
            "{file}: {}",
            stderr(&out)
        );
        oracle::assert_every_word(&md, layout, &pdf);
        let text = pdftotext(&pdf);
        assert_no_leak(layout, &text);
        for date in dates {
            let start = date.split([' ', '～']).next().unwrap();
            assert!(
                text.contains(start),
                "{layout}: `{start}` as written in:\n{text}"
            );
        }
        assert!(
            !gap.is_match(&text),
            "{layout}: a gap between digits and 年/月:\n{text}"
        );
    }
}

#[test]
fn a_chinese_cv_finds_its_entries_and_dates() {
    cjk_cv(
        "chinese-cv.md",
        "王晓明",
        "上海市浦东新区张江路88号",
        ["工作经历", "教育背景", "技能"],
        ["2018年3月 – 至今", "2014年9月 – 2018年2月"],
    );
}

#[test]
fn a_japanese_cv_finds_its_entries_and_dates() {
    cjk_cv(
        "japanese-cv.md",
        "佐藤 花子",
        "東京都渋谷区神南1-2-3",
        ["職務経歴", "学歴", "資格"],
        ["2019年4月～現在", "2015年4月～2019年3月"],
    );
}

// ---- HTML inside Markdown (issue 13, item 1) ----

/// What HTML in a résumé must never leave on the page: its markup, an SVG's drawing
/// instructions, undecoded entities, Markdown marks, and `extra` (words from a page's
/// head, script or template).
fn assert_no_html_leak(layout: &str, text: &str, extra: &[&str]) {
    let tag = regex::Regex::new(r"</?[a-zA-Z!]").unwrap();
    assert!(!tag.is_match(text), "{layout}: a tag leaked:\n{text}");
    for leak in [
        "viewBox", "xmlns", "path d=", "d=\"M", "M48 64", "&nbsp;", "&amp;", "&#", "&mdash;", "**",
        "align=", "href=", "src=",
    ]
    .iter()
    .chain(extra)
    {
        assert!(!text.contains(leak), "{layout}: `{leak}` leaked:\n{text}");
    }
}

/// The texts of the blocks of kind `t` in a section (`heading`, `list` items, `table` …).
fn blocks_of<'a>(
    model: &'a serde_json::Value,
    section: usize,
    t: &str,
) -> Vec<&'a serde_json::Value> {
    model["sections"][section]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["t"] == t)
        .collect()
}

#[test]
fn a_github_profile_cv_in_html_reads_as_its_markdown_twin_would() {
    let md = fixture("github-profile-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Ines Carvalho");
    assert_eq!(
        text_of(&model["headline"]),
        "Backend Engineer · Lisbon, Portugal"
    );
    // The `<img>` before the name is the photo, as `![…](photo.png)` there would be.
    let photo = &model["summary"][0];
    assert_eq!(photo["t"], "image", "{model}");
    assert_eq!(photo["alt"], "Photo of Ines Carvalho");
    let urls: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["text"].as_str().unwrap(), c["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        urls,
        [
            ("ines@example.org", "mailto:ines@example.org"),
            ("github.com/inescarvalho", "https://github.com/inescarvalho")
        ]
    );
    assert_eq!(
        section_titles(&model),
        ["Experience", "Skills", "Languages", "Education"]
    );
    assert_eq!(
        entry_titles(&model, 0),
        ["Senior Backend Engineer", "Software Engineer"]
    );
    assert_eq!(entry_titles(&model, 3), ["MSc Computer Science"]);
    // A layout table: its cells' headings and lists, in order.
    let headings: Vec<_> = blocks_of(&model, 1, "heading")
        .iter()
        .map(|h| text_of(&h["c"]))
        .collect();
    assert_eq!(headings, ["Languages", "Data"]);
    let items: Vec<usize> = blocks_of(&model, 1, "list")
        .iter()
        .map(|l| l["items"].as_array().unwrap().len())
        .collect();
    assert_eq!(items, [3, 2]);
    // A table of data: a table, its `<th>` row its head.
    let table = blocks_of(&model, 2, "table")[0];
    assert_eq!(text_of(&table["head"][1]), "Level");
    assert_eq!(table["rows"].as_array().unwrap().len(), 2);
    // Two icons, one cause: one line, at the first.
    assert_eq!(
        warnings.trim(),
        format!(
            "{}:5:39: warning: raw HTML <svg> is not printed",
            md.display()
        ),
    );
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
        let src = std::fs::read_to_string(&md).unwrap();
        leaks::assert_no_leaks(&src, &pdf, layout);
        let text = pdftotext(&pdf);
        assert_no_html_leak(layout, &text, &["GitHub\n", "Badges", "currentColor"]);
    }
}

#[test]
fn a_cv_saved_as_an_html_page_prints_its_body_only() {
    let md = fixture("html-document-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Daniel Okafor");
    assert_eq!(
        text_of(&model["headline"]),
        "Structural Engineer & BIM Coordinator"
    );
    let contacts: Vec<_> = model["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(contacts, ["daniel.okafor@example.com", "+44 20 7946 0958"]);
    assert_eq!(section_titles(&model), ["Experience", "Education"]);
    assert_eq!(
        entry_titles(&model, 0),
        ["Lead Structural Engineer", "Graduate Engineer"]
    );
    let first = &model["sections"][0]["entries"][0];
    assert_eq!(text_of(&first["subtitle"]), "Arup");
    assert_eq!(text_of(&first["date"]), "2019 – Present");
    // Indented after blank lines, yet never code: the bullets are the entry's list.
    assert!(first.to_string().contains("32\u{2011}storey"), "{first}");
    // The head is furniture and says nothing; what the body hides is told, once each.
    let lines: Vec<_> = warnings.lines().collect();
    let name = md.display();
    assert_eq!(
        lines,
        [
            format!("{name}:50:3: warning: raw HTML <noscript> is not printed"),
            format!("{name}:51:3: warning: raw HTML <template> is not printed"),
            format!("{name}:52:3: warning: raw HTML <script> is not printed"),
        ]
    );
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
        let src = std::fs::read_to_string(&md).unwrap();
        leaks::assert_no_leaks(&src, &pdf, layout);
        let text = pdftotext(&pdf);
        assert_no_html_leak(
            layout,
            &text,
            &[
                "Curriculum Vitae",
                "font-family",
                "border-bottom",
                "cv.css",
                "viewport",
                "dataLayer",
                "querySelector",
                "JavaScript",
                "Placeholder",
                "DOCTYPE",
            ],
        );
    }
}

#[test]
fn html_marks_entities_and_details_mix_with_markdown() {
    let md = fixture("mixed-html-cv.md");
    let (model, warnings) = model(&md);
    assert_eq!(model["name"], "Yuki Tanaka");
    assert_eq!(section_titles(&model), ["Experience", "Awards", "Tools"]);
    assert_eq!(
        entry_titles(&model, 0),
        ["Lead Product Designer", "Product Designer"]
    );
    // Markdown inside `<details>` (after its blank line) is still Markdown: a list.
    let lead = model["sections"][0]["entries"][0].to_string();
    assert!(lead.contains("\"t\":\"list\""), "{lead}");
    assert!(lead.contains("Selected projects"), "{lead}");
    let second = model["sections"][0]["entries"][1].to_string();
    assert!(
        second.contains("\"url\":\"https://www.figma.com\""),
        "{second}"
    );
    assert_eq!(
        warnings.trim(),
        format!(
            "{}:43:16: warning: raw HTML <svg> is not printed",
            md.display()
        ),
    );
    for layout in LAYOUTS {
        let (_dir, pdf, _) = render(&md, &["--layout", layout]);
        oracle::assert_every_word(&md, layout, &pdf);
        let src = std::fs::read_to_string(&md).unwrap();
        leaks::assert_no_leaks(&src, &pdf, layout);
        let text = pdftotext(&pdf);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "2nd generation",
            "flow — used by 20 million",
            "R&D with 3 teams",
            "Red Dot “Best of the Best”",
            "CO2\u{2011}aware",
            "Dovetail and Maze",
            "References on request – portfolio at yuki.design",
        ] {
            assert!(flat.contains(want), "{layout}: `{want}` in {flat}");
        }
        assert_no_html_leak(layout, &text, &["TODO", "circle"]);
    }
}
