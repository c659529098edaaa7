//! `galley review` end to end in a pseudo-terminal (rexpect): answer the prompts as a person
//! would, quit, and check the decisions file and what `galley apply` makes of it.

use std::fs;

#[test]
fn review_in_a_terminal_then_apply() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    fs::write(&input, "近年来,山西(试行);\n\n记者 李婷,王强\n").unwrap();
    let decisions = dir.path().join("d.jsonl");
    let out = dir.path().join("out");
    let cmd = format!(
        "{} review {} --decisions {} -o {}",
        env!("CARGO_BIN_EXE_galley"),
        input.display(),
        decisions.display(),
        out.display()
    );
    let mut p = rexpect::spawn(&cmd, Some(20_000)).unwrap();
    // Edits come grouped by rule: punct.comma ×2, punct.parens ×2, punct.semicolon.
    p.exp_string("[1/5] punct.comma (safe)").unwrap();
    p.exp_string("Accept this edit [y,n,a,d,q,?]?").unwrap();
    p.send_line("?").unwrap();
    p.exp_string("a - accept this edit and every later edit of this rule")
        .unwrap();
    p.send_line("d").unwrap(); // reject both commas
    p.exp_string("[3/5] punct.parens (safe)").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("[4/5] punct.parens (safe)").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("[5/5] punct.semicolon (safe)").unwrap();
    p.send_line("q").unwrap(); // the semicolon stays undecided: rejected
    p.exp_string("1 of 5 edits accepted").unwrap();
    p.exp_eof().unwrap();

    let records: Vec<serde_json::Value> = fs::read_to_string(&decisions)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let accepted: Vec<&str> = records
        .iter()
        .filter(|r| r["accept"] == true)
        .map(|r| r["after"].as_str().unwrap())
        .collect();
    assert_eq!(accepted, ["（"]);
    assert_eq!(records.len(), 5);
    let want = "近年来,山西（试行);\n\n记者 李婷,王强\n";
    assert_eq!(fs::read_to_string(out.join("p.txt")).unwrap(), want);
    let applied = assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .arg("apply")
        .arg(&input)
        .arg("--edits")
        .arg(&decisions)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(applied.stdout).unwrap(), want);
}

#[test]
fn clean_waiting_on_a_terminal_says_so() {
    let cmd = format!("{} clean", env!("CARGO_BIN_EXE_galley"));
    let mut p = rexpect::spawn(&cmd, Some(20_000)).unwrap();
    p.exp_string(
        "reading standard input from the terminal (end it with Ctrl-D); give a file to clean",
    )
    .unwrap();
    p.send_line("近年来,山西").unwrap();
    p.send_control('d').unwrap();
    // The pseudo-terminal is read byte by byte as Latin-1: what comes back is checked in ASCII.
    p.exp_string("1 files (1 changed, 0 failed)").unwrap();
    p.exp_eof().unwrap();
}
