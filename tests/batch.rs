//! Many résumés in one process: outputs, reports, collisions, exit codes.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn person(name: &str) -> String {
    format!(
        "# {name}\n\nEngineer · {name}@example.com\n\n## Experience\n\n### Developer\n\n**Acme**\n\n_2020 – 2024_\n\nBuilt things for {name}.\n"
    )
}

#[test]
fn one_broken_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people");
    write(&people.join("ada.md"), &person("ada"));
    write(
        &people.join("broken.md"),
        "---\nname: [unclosed\n---\n# X\n",
    );
    write(&people.join("grace.md"), &person("grace"));
    let out_dir = dir.path().join("build");
    let out = run(&[
        people.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed input makes the exit status 1"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    let broken = lines
        .iter()
        .find(|l| l["input"].as_str().unwrap().ends_with("broken.md"))
        .unwrap();
    assert_eq!(broken["status"], "error");
    let error = broken["error"].as_str().unwrap();
    assert!(
        error.contains("broken.md:3:") && error.contains("front matter"),
        "{broken}"
    );
    assert!(
        !error.contains("at line"),
        "YAML-relative positions confuse: {error}"
    );
    assert!(broken["pages"].is_null());
    for ok in lines.iter().filter(|l| l["status"] == "ok") {
        assert_eq!(ok["pages"], 1);
        assert!(ok["milliseconds"].as_u64().is_some());
        assert!(ok["error"].is_null());
        let pdf = Path::new(ok["output"].as_str().unwrap());
        assert!(
            pdftotext(pdf).contains("Built things for"),
            "{}",
            pdf.display()
        );
    }
    assert!(out_dir.join("ada.pdf").is_file() && out_dir.join("grace.pdf").is_file());
    assert!(
        !out_dir.join("broken.pdf").exists(),
        "no output for the broken input"
    );
    assert!(
        stderr(&out).contains("2 rendered, 1 failed"),
        "summary line: {}",
        stderr(&out)
    );
}

#[test]
fn outputs_keep_sub_folders_and_match_single_runs() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people");
    write(&people.join("team-a/ada.md"), &person("ada"));
    write(&people.join("team-b/grace.md"), &person("grace"));
    write(&people.join("top.md"), &person("top"));
    let out_dir = dir.path().join("build");

    let out = run(&[
        people.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_dir.join("top.pdf").is_file());
    assert!(
        !out_dir.join("team-a").exists(),
        "sub-folders only with --recursive"
    );

    let out = run(&[
        people.to_str().unwrap(),
        "--recursive",
        "--out-dir",
        out_dir.to_str().unwrap(),
        "-j",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let batch_pdf = out_dir.join("team-a/ada.pdf");
    assert!(batch_pdf.is_file() && out_dir.join("team-b/grace.pdf").is_file());

    let single = dir.path().join("single.pdf");
    let out = run(&[
        people.join("team-a/ada.md").to_str().unwrap(),
        "-o",
        single.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        fs::read(&batch_pdf).unwrap(),
        fs::read(&single).unwrap(),
        "batch and single output differ"
    );
}

#[test]
fn same_output_path_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("x/cv.md"), &person("x"));
    write(&dir.path().join("y/cv.md"), &person("y"));
    let out_dir = dir.path().join("build");
    let x = dir.path().join("x/cv.md");
    let y = dir.path().join("y/cv.md");
    let out = run(&[
        x.to_str().unwrap(),
        y.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("would both write"),
        "{}",
        stderr(&out)
    );
    assert!(
        !out_dir.exists(),
        "nothing may be written when the plan is refused"
    );
}

#[test]
fn globs_and_several_files() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        write(&dir.path().join(format!("in/{name}.md")), &person(name));
    }
    let pattern = format!("{}/in/*.md", dir.path().display());
    let out_dir = dir.path().join("out");
    let out = run(&[&pattern, "--out-dir", out_dir.to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "--quiet prints nothing on success: {}",
        stderr(&out)
    );
    for name in ["a", "b", "c"] {
        assert!(out_dir.join(format!("{name}.pdf")).is_file());
    }
}

#[test]
fn reports_follow_the_order_of_the_inputs_whatever_the_workers() {
    let dir = tempfile::tempdir().unwrap();
    // Enough résumés for each worker to evict its memo cache along the way; every fifth
    // is broken, so slow and fast jobs interleave.
    let names: Vec<String> = (0..24).rev().map(|i| format!("p{i:02}")).collect();
    let mut args = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let path = dir.path().join(format!("in/{name}.md"));
        let text = if i % 5 == 2 {
            "---\nname: [\n---\n".to_string()
        } else {
            person(name)
        };
        write(&path, &text);
        args.push(path.to_str().unwrap().to_string());
    }
    let out_dir = dir.path().join("out");
    args.extend(["--out-dir", out_dir.to_str().unwrap(), "--json", "-j", "3"].map(String::from));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let order: Vec<&str> = lines.iter().map(|l| l["input"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        args[..names.len()].to_vec(),
        "one line per input, in order"
    );
    for (i, line) in lines.iter().enumerate() {
        let broken = i % 5 == 2;
        assert_eq!(
            line["status"],
            if broken { "error" } else { "ok" },
            "{line}"
        );
        let pdf = out_dir.join(format!("{}.pdf", names[i]));
        assert_eq!(pdf.is_file(), !broken, "{}", pdf.display());
        if !broken {
            assert!(pdftotext(&pdf).contains(&format!("{}@example.com", names[i])));
        }
    }
    assert!(
        stderr(&out).contains("19 rendered, 5 failed"),
        "{}",
        stderr(&out)
    );
}
