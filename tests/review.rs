//! `galley review` end to end in a pseudo-terminal (rexpect): answer the prompts as a person
//! would, quit, and check the decisions file and what `galley apply` makes of it.

#[path = "support/decided.rs"]
mod decided;

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
    p.exp_string("Accept this edit [y,n,a,d,u,q,?]?").unwrap();
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

/// A page with one edit to review (an editor line) and two safe ones (commas).
const EDITOR_PAGE: &str =
    "组版:闫广明 责编:冯海砚 校对:孟柯妤\n\n近年来,山西省气象局坚持党建引领,推动气象事业高质量发展。\n";

fn records(path: &std::path::Path) -> Vec<serde_json::Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn accepted(records: &[serde_json::Value]) -> Vec<(String, bool)> {
    records
        .iter()
        .map(|r| (r["rule"].as_str().unwrap().to_string(), r["accept"] == true))
        .collect()
}

/// One key pressed, without Enter.
fn key(p: &mut rexpect::session::PtySession, key: &str) {
    p.send(key).unwrap();
    p.flush().unwrap();
}

#[test]
fn single_keys_undo_and_only_the_edits_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    fs::write(&input, EDITOR_PAGE).unwrap();
    let decisions = dir.path().join("d.jsonl");
    let review = |level: &str| {
        let cmd = format!(
            "{} review {} --decisions {} --level {level}",
            env!("CARGO_BIN_EXE_galley"),
            input.display(),
            decisions.display(),
        );
        rexpect::spawn(&cmd, Some(20_000)).unwrap()
    };

    // Every edit asked, one key each (no Enter); `u` takes the last answer back.
    let mut p = review("all");
    p.exp_string("[1/3] furniture.editor-line (review)")
        .unwrap();
    key(&mut p, "n");
    p.exp_string("[2/3] punct.comma (safe)").unwrap();
    key(&mut p, "u");
    p.exp_string("[1/3] furniture.editor-line (review)")
        .unwrap();
    key(&mut p, "y");
    p.exp_string("[2/3] punct.comma (safe)").unwrap();
    key(&mut p, "y");
    p.exp_string("[3/3] punct.comma (safe)").unwrap();
    key(&mut p, "q");
    p.exp_string("2 of 3 edits accepted").unwrap();
    p.exp_eof().unwrap();
    let got = accepted(&records(&decisions));
    let want = [
        ("furniture.editor-line", true),
        ("punct.comma", true),
        ("punct.comma", false),
    ];
    assert_eq!(got, want.map(|(r, a)| (r.to_string(), a)));

    // With `--level review` and no earlier decisions, only the editor line is asked about and
    // the commas are accepted unasked.
    fs::remove_file(&decisions).unwrap();
    let mut p = review("review");
    p.exp_string("2 of 3 edits decided already").unwrap();
    p.exp_string("[1/1] furniture.editor-line (review)")
        .unwrap();
    key(&mut p, "n");
    p.exp_string("2 of 3 edits accepted").unwrap();
    p.exp_eof().unwrap();
    let want = [
        ("furniture.editor-line", false),
        ("punct.comma", true),
        ("punct.comma", true),
    ];
    assert_eq!(
        accepted(&records(&decisions)),
        want.map(|(r, a)| (r.to_string(), a))
    );

    // A second review of the unchanged page asks nothing: every edit is decided.
    let mut p = review("all");
    p.exp_string("3 of 3 edits decided already").unwrap();
    p.exp_string("2 of 3 edits accepted").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn clean_leaves_out_what_a_review_refused_while_the_input_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    let other = dir.path().join("q.txt");
    fs::write(&input, EDITOR_PAGE).unwrap();
    fs::write(&other, EDITOR_PAGE.replace("近年来", "今年")).unwrap();
    let decisions = dir.path().join("d.jsonl");
    // The review: the editor line refused, the commas accepted (line answers, as a script
    // gives them).
    assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .args(["review", "--decisions"])
        .arg(&decisions)
        .arg(&input)
        .write_stdin("n\ny\ny\n")
        .assert()
        .success();
    let clean = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("galley")
            .unwrap()
            .arg("clean")
            .args(args)
            .arg("--decisions")
            .arg(&decisions)
            .arg(&input)
            .arg(&other)
            .arg("-o")
            .arg(dir.path().join("out"))
            .assert()
            .success();
        drop(out);
        (
            fs::read_to_string(dir.path().join("out/p.txt")).unwrap(),
            fs::read_to_string(dir.path().join("out/q.txt")).unwrap(),
        )
    };
    let (p, q) = clean(&[]);
    // The refused editor line stays on the page reviewed; the other page was never reviewed.
    assert_eq!(
        p,
        "组版:闫广明 责编:冯海砚 校对:孟柯妤\n\n近年来，山西省气象局坚持党建引领，推动气象事业高质量发展。\n"
    );
    assert_eq!(
        q,
        "今年，山西省气象局坚持党建引领，推动气象事业高质量发展。\n"
    );
    // After a change to the rules, what was refused stays refused.
    let (p, _) = clean(&["--ignore", "punct.comma"]);
    assert_eq!(
        p,
        "组版:闫广明 责编:冯海砚 校对:孟柯妤\n\n近年来,山西省气象局坚持党建引领,推动气象事业高质量发展。\n"
    );
    // A changed input is another input: nothing is remembered for it.
    fs::write(&input, EDITOR_PAGE.replace("。", "！")).unwrap();
    let (p, _) = clean(&[]);
    assert_eq!(
        p,
        "近年来，山西省气象局坚持党建引领，推动气象事业高质量发展！\n"
    );
    // A decisions file that is not one names its line.
    fs::write(&decisions, "{\"start\": 0}\nnot json\n").unwrap();
    assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .args(["clean", "--decisions"])
        .arg(&decisions)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("d.jsonl:1: not an edit record"));
}

/// Seed 004, where a headline dropped into a sentence is moved back to its article's start.
fn seed_004() -> String {
    fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/seeds/004_da18946eeed31b49.txt"),
    )
    .unwrap()
}

#[test]
fn a_headline_move_is_one_change_whose_comma_fixes_are_decided_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    let text = seed_004();
    fs::write(&input, &text).unwrap();
    let report = dir.path().join("r.jsonl");
    assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .args(["clean", "-q", "--report"])
        .arg(&report)
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("clean.txt"))
        .assert()
        .success();
    let mut all = records(&report);
    // The move: the headlines put back at the article's start, and taken out of the sentence.
    let moved: Vec<usize> = (0..all.len())
        .filter(|&k| all[k]["group"].is_number())
        .collect();
    assert_eq!(moved.len(), 2);
    let (put, taken) = (&all[moved[0]], &all[moved[1]]);
    assert_eq!(put["before"], "");
    assert_eq!(
        put["after"],
        "孝义市举办中青年干部培训班\n\n引导党员干部全面准确领会党的二十大精神\n\n"
    );
    assert_eq!(
        taken["before"],
        "\n\n孝义市举办中青年干部培训班\n\n引导党员干部全面准确领会党的二十大精神\n\n"
    );
    assert_eq!(put["group"], taken["group"]);
    // The commas of the article between them are edits of their own.
    let (from, to) = (
        put["start"].as_u64().unwrap(),
        taken["start"].as_u64().unwrap(),
    );
    let commas = all
        .iter()
        .filter(|r| r["rule"] == "punct.comma")
        .filter(|r| (from..to).contains(&r["start"].as_u64().unwrap()))
        .count();
    assert_eq!(commas, 7);

    // Refuse the move, keep everything else: the headlines stay in the sentence, the commas
    // around them are fixed.
    for &k in &moved {
        all[k]["accept"] = false.into();
    }
    let decisions = dir.path().join("d.jsonl");
    let lines: String = all.iter().map(|r| format!("{r}\n")).collect();
    fs::write(&decisions, &lines).unwrap();
    let out = decided::by_galley(&input, &decisions);
    let accepted: Vec<&serde_json::Value> = all.iter().filter(|r| r["accept"] == true).collect();
    assert_eq!(out, decided::by_hand(&text, &accepted));
    assert!(
        out.contains("开班仪式后，市委党校讲师"),
        "commas fixed beside the refused move"
    );
    assert!(out.contains("团结奋斗\n\n孝义市举办中青年干部培训班\n\n引导党员干部全面准确领会党的二十大精神\n\n的宏伟纲领"));

    // Half a move is refused: it would lose or double the headlines.
    all[moved[0]]["accept"] = true.into();
    let lines: String = all.iter().map(|r| format!("{r}\n")).collect();
    fs::write(&decisions, &lines).unwrap();
    assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .arg("apply")
        .arg(&input)
        .arg("--edits")
        .arg(&decisions)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "are accepted in part; accept or reject all of them",
        ));

    // A later run told that one edit of the move was refused leaves the whole move out.
    all[moved[0]]["accept"] = true.into();
    all[moved[1]]["accept"] = false.into();
    let only_taken: String = [&all[moved[1]]].iter().map(|r| format!("{r}\n")).collect();
    fs::write(&decisions, only_taken).unwrap();
    let again = assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .args(["clean", "--decisions"])
        .arg(&decisions)
        .arg(&input)
        .output()
        .unwrap();
    let again = String::from_utf8(again.stdout).unwrap();
    assert!(
        again.contains("团结奋斗\n\n孝义市举办中青年干部培训班"),
        "{again}"
    );
}
