//! Page furniture on a generated batch: every furniture line goes, every article line stays.

mod support;

use galley::Engine;
use std::fs;
use support::newspaper::{pages, Page};

fn check(pages: &[Page], clean: &[String]) -> (usize, usize) {
    let (mut furniture, mut article) = (0, 0);
    for (page, text) in pages.iter().zip(clean) {
        let lines: Vec<&str> = text.lines().collect();
        for f in &page.furniture {
            assert!(!lines.contains(&f.as_str()), "furniture left: {f}\n{text}");
            furniture += 1;
        }
        for a in &page.article {
            assert!(
                lines.contains(&a.as_str()),
                "article line lost: {a}\n{text}"
            );
            article += 1;
        }
    }
    (furniture, article)
}

/// The default engine after learning from `pages` as a batch of page files.
fn batch_engine(pages: &[Page]) -> Engine {
    let texts: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    Engine::builtin("newspaper-zh").unwrap().learn(&texts)
}

#[test]
fn a_batch_of_page_files_loses_its_furniture_and_nothing_else() {
    let pages = pages(24);
    let texts: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    let batch = batch_engine(&pages);
    let clean: Vec<String> = texts.iter().map(|t| batch.clean(t).text).collect();
    let (furniture, article) = check(&pages, &clean);
    assert_eq!((furniture, article), (24 * 5, 24 + 3 * 8 + 4 * 8 + 5 * 8));
    // The banner and the publisher line are caught by repetition alone.
    let notes = batch.notes();
    assert!(
        notes
            .iter()
            .any(|(_, n)| n.contains("◆ 法治要闻 ◆") && n.contains("24 of 24")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|(_, n)| n.contains("法治周报社出版")),
        "{notes:?}"
    );
}

#[test]
fn one_file_of_form_feed_separated_pages_too() {
    let pages = pages(20);
    let text: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    let text = text.join("\u{c}");
    let clean = Engine::builtin("newspaper-zh").unwrap().clean(&text).text;
    let clean: Vec<String> = clean.split('\u{c}').map(str::to_string).collect();
    assert_eq!(clean.len(), 20);
    check(&pages, &clean);
}

#[test]
fn without_repetition_a_short_batch_keeps_unpatterned_lines() {
    // Two pages are too few to call anything furniture by repetition.
    let pages = pages(2);
    let clean = batch_engine(&pages).clean(&pages[0].text).text;
    assert!(clean.contains("◆ 法治要闻 ◆"));
    assert!(
        !clean.contains("本版编辑"),
        "the editor line goes by its pattern"
    );
}

#[test]
fn the_cli_cleans_a_batch_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages(20);
    let mut names = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let name = format!("page{i:02}.txt");
        fs::write(dir.path().join(&name), &p.text).unwrap();
        names.push(name);
    }
    let out = assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .current_dir(dir.path())
        .arg("clean")
        .args(&names)
        .args(["-o", "clean"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("furniture.repeated") && stderr.contains("法治周报社出版"),
        "{stderr}"
    );
    let clean: Vec<String> = names
        .iter()
        .map(|n| fs::read_to_string(dir.path().join("clean").join(n)).unwrap())
        .collect();
    check(&pages, &clean);
    // The inputs are untouched.
    assert_eq!(
        fs::read_to_string(dir.path().join(&names[0])).unwrap(),
        pages[0].text
    );
}

#[test]
fn a_directory_of_page_files_is_a_batch_with_a_mirrored_output_tree() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump");
    let pages = pages(21);
    for (i, p) in pages.iter().enumerate() {
        let sub = dump.join(format!("day{}", i / 8 + 1));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("p{i:02}.txt")), &p.text).unwrap();
    }
    // Ignore files are honoured, as in ripgrep.
    fs::write(dump.join(".ignore"), "notes.md\n").unwrap();
    fs::write(dump.join("notes.md"), "not a page").unwrap();
    let out = assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .current_dir(dir.path())
        .args(["clean", "dump", "-o", "clean", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "-q prints nothing");
    let clean: Vec<String> = (0..21)
        .map(|i| {
            let p = dir
                .path()
                .join(format!("clean/day{}/p{i:02}.txt", i / 8 + 1));
            fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect();
    check(&pages, &clean);
    assert!(!dir.path().join("clean/notes.md").exists());
}

/// An editor line that holds a `，` (and so reads as a body line) does not keep the editor lines
/// below it from the page's edge: all go in one pass, and cleaning the clean text changes
/// nothing (a case the fuzzer found).
#[test]
fn editor_lines_one_above_another_go_together() {
    let engine = Engine::builtin("newspaper-zh").unwrap();
    let page = "组版:闫广明\t,方面\n组版:闫广明组版:闫广明,\n\n组版:闫广明组版:闫广明\n,";
    let once = engine.clean(page).text;
    assert_eq!(once, ",\n");
    assert_eq!(engine.clean(&once).text, once);
}
