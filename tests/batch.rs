//! The library's batch cleans texts as `galley clean DIR` cleans files: furniture learned across
//! all of them, each cleaned alone, results in input order.

mod support;

use assert_cmd::Command;
use galley::{batch, Engine};
use support::newspaper::pages;

#[test]
fn clean_many_gives_what_the_command_line_gives_for_a_directory() {
    let pages = pages(24);
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir(&input).unwrap();
    for (k, page) in pages.iter().enumerate() {
        std::fs::write(input.join(format!("{k:03}.txt")), &page.text).unwrap();
    }
    Command::cargo_bin("galley")
        .unwrap()
        .args(["clean", "--quiet", "-o"])
        .arg(&output)
        .arg(&input)
        .assert()
        .success();

    let engine = Engine::builtin("newspaper-zh").unwrap();
    let texts: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    let cleaned = batch::clean_many(&engine, &texts, true);
    assert_eq!(cleaned.len(), texts.len());
    let mut furniture_dropped = 0;
    for (k, c) in cleaned.iter().enumerate() {
        let from_cli = std::fs::read_to_string(output.join(format!("{k:03}.txt"))).unwrap();
        assert_eq!(c.text, from_cli, "page {k}");
        furniture_dropped += c
            .edits
            .iter()
            .filter(|e| e.rules.iter().any(|r| r == "furniture.repeated"))
            .count();
    }
    // Learning across the batch is what made the difference: each page alone keeps its
    // furniture.
    assert!(furniture_dropped > 0);
    let alone = batch::clean_many(&engine, &texts, false);
    assert!(alone
        .iter()
        .zip(&texts)
        .all(|(c, t)| c.text == engine.clean(t).text));
    assert!(alone.iter().zip(&cleaned).any(|(a, b)| a.text != b.text));
}
