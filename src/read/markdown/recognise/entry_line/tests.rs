use super::*;
use crate::model::plain_text;

fn text(s: &str) -> Inline {
    Inline::Text { v: s.into() }
}
fn strong(s: &str) -> Inline {
    Inline::Strong { c: vec![text(s)] }
}
fn emph(s: &str) -> Inline {
    Inline::Emph { c: vec![text(s)] }
}

/// The date and the parts' plain text.
fn split(line: &[Inline]) -> Option<(String, Vec<String>)> {
    let head = split_head(line)?;
    let parts = head.parts.iter().map(|p| plain_text(p)).collect();
    Some((plain_text(&head.date), parts))
}

#[test]
fn dates_by_their_form() {
    for date in [
        "2019",
        "2019 – 2021",
        "2019--2021",
        "2019 - Present",
        "Jan 2019 – Dec 2020",
        "Sept. 2019 to now",
        "(2021–Present)",
        "09/2019 – 03/2021",
        "2019-09 – heute",
        "März 2018 bis heute",
        "janvier 2020 – aujourd'hui",
        "2014年9月 – 至今",
        "2014年9月～2016年3月",
        "Summer 2022",
        "since 2020",
        "Expected 2026",
    ] {
        assert!(is_date(date), "{date:?} is a date");
    }
    for not in [
        "Berlin, Germany",
        "Team of 12",
        "Founded 2019 startup",
        "Acme 2019",
        "Present company",
        "12",
        "",
    ] {
        assert!(!is_date(not), "{not:?} is not a date");
    }
}

#[test]
fn a_bold_org_a_dash_a_role_and_a_date_in_parentheses() {
    let line = [
        strong("Dropbox"),
        text(" — Senior Product Manager (2021–Present)"),
    ];
    let (date, parts) = split(&line).unwrap();
    assert_eq!(date, "2021–Present");
    assert_eq!(parts, ["Dropbox", "Senior Product Manager"]);
}

#[test]
fn commas_before_a_dashed_italic_date() {
    let line = [
        strong("Senior Engineer"),
        text(", Acme, Berlin — "),
        emph("2019–2021"),
    ];
    let head = split_head(&line).unwrap();
    assert_eq!(
        head.date,
        [text("2019–2021")],
        "the italics go: the slot has its own"
    );
    let parts: Vec<String> = head.parts.iter().map(|p| plain_text(p)).collect();
    assert_eq!(parts, ["Senior Engineer", "Acme", "Berlin"]);
}

#[test]
fn bars_keep_a_place_with_a_comma_whole() {
    let line = [text("Role | Org | Berlin, Germany | 2019 – 2021")];
    let (date, parts) = split(&line).unwrap();
    assert_eq!(date, "2019 – 2021");
    assert_eq!(parts, ["Role", "Org", "Berlin, Germany"]);
}

#[test]
fn the_date_may_come_first() {
    let line = [text("2019 – 2021 · Engineer · Acme")];
    let (date, parts) = split(&line).unwrap();
    assert_eq!(date, "2019 – 2021");
    assert_eq!(parts, ["Engineer", "Acme"]);
}

#[test]
fn parts_are_never_joined_across_the_date() {
    let line = [text("A, 2019, B | C")];
    let (date, parts) = split(&line).unwrap();
    assert_eq!(date, "2019");
    assert_eq!(parts, ["A", "B", "C"]);
}

#[test]
fn a_line_without_a_date_or_with_nothing_else_is_left_alone() {
    for line in [
        vec![text("Engineer — Acme, Berlin")],
        vec![text("2019 – 2021")],
        vec![strong("Acme"), text(" — founded in 2019 by two friends")],
    ] {
        assert_eq!(split_head(&line), None, "{line:?}");
    }
}

#[test]
fn a_cut_inside_formatting_or_code_leaves_the_line_alone() {
    let line = [strong("Engineer — 2019"), text(", Acme")];
    assert_eq!(split_head(&line), None);
    let code = [
        Inline::Code {
            v: "a | 2019".into(),
        },
        text(" | Acme"),
    ];
    assert_eq!(split_head(&code), None);
}

#[test]
fn a_hyphenated_word_is_not_a_separator() {
    let line = [text("Full-Stack Engineer - Acme - 2019-2021")];
    let (date, parts) = split(&line).unwrap();
    assert_eq!(date, "2019-2021");
    assert_eq!(parts, ["Full-Stack Engineer", "Acme"]);
}

#[test]
fn a_meta_line_cuts_only_at_its_strongest_separator() {
    let line = [text("Jan 2021 – Present · Berlin, Germany")];
    let head = split_meta(&line).unwrap();
    assert_eq!(plain_text(&head.date), "Jan 2021 – Present");
    let parts: Vec<String> = head.parts.iter().map(|p| plain_text(p)).collect();
    assert_eq!(parts, ["Berlin, Germany"]);
    // A head line needs its title: cut at the commas.
    let line = [text("Engineer, Acme, Berlin — 2019")];
    let parts: Vec<String> = split_head(&line)
        .unwrap()
        .parts
        .iter()
        .map(|p| plain_text(p))
        .collect();
    assert_eq!(parts, ["Engineer", "Acme", "Berlin"]);
}
