//! The `galley` command end to end: outputs, exit codes, reports and errors.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn galley() -> Command {
    Command::cargo_bin("galley").unwrap()
}

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir)
        .join(name)
}

const SEED: &str = "004_da18946eeed31b49.txt";

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn clean_prints_the_clean_page() {
    let want = fs::read_to_string(fixture("expected", SEED)).unwrap();
    let got = stdout_of(galley().arg("clean").arg(fixture("seeds", SEED)));
    assert_eq!(got, want);
}

#[test]
fn clean_reads_stdin() {
    galley()
        .args(["clean"])
        .write_stdin("近年来,山西")
        .assert()
        .success()
        .stdout("近年来，山西\n");
    galley()
        .args(["clean", "-"])
        .write_stdin("近年来，山西\n")
        .assert()
        .success()
        .stdout("近年来，山西\n");
}

#[test]
fn check_exit_codes() {
    galley()
        .args(["clean", "--check"])
        .write_stdin("近年来,山西\n")
        .assert()
        .code(1)
        .stdout("-: 1 edit(s) to make, 0 to review\n");
    galley()
        .args(["clean", "--check"])
        .write_stdin("近年来，山西\n")
        .assert()
        .code(0);
    let clean = fixture("expected", SEED);
    galley()
        .arg("clean")
        .arg("--check")
        .arg(&clean)
        .arg(&clean)
        .assert()
        .code(0);
    galley()
        .arg("clean")
        .arg("--check")
        .arg(&clean)
        .arg(fixture("seeds", SEED))
        .assert()
        .code(1);
}

#[test]
fn level_safe_applies_only_safe_edits() {
    // `—访` at a line start is a review edit; the comma is safe.
    let input = "—访小店区委书记袁尔铭\n\n近年来,山西\n";
    galley()
        .args(["clean", "--level", "safe"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("—访小店区委书记袁尔铭\n\n近年来，山西\n");
    galley()
        .args(["clean"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("——访小店区委书记袁尔铭\n\n近年来，山西\n");
}

#[test]
fn select_and_ignore_by_prefix() {
    let input = "近年来,山西(试行);\n";
    galley()
        .args(["clean", "--ignore", "punct.comma"])
        .write_stdin(input)
        .assert()
        .stdout("近年来,山西（试行）；\n");
    galley()
        .args(["clean", "--select", "punct.parens,layout"])
        .write_stdin("近年来,山西(试行);")
        .assert()
        .stdout("近年来,山西（试行）;\n");
    galley()
        .args(["clean", "--ignore", "punct"])
        .write_stdin(input)
        .assert()
        .stdout(input);
    galley()
        .args(["clean", "--ignore", "punct.coma"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`punct.coma` matches no rule id (did you mean `punct.comma`?)",
        ));
    // Nothing near: no guess.
    galley()
        .args(["clean", "--select", "zzz"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`zzz` matches no rule id;"));
}

#[test]
fn opencc_conversion_is_off_by_default_and_selectable() {
    let input = "開放中文轉換,好\n";
    galley()
        .args(["clean"])
        .write_stdin(input)
        .assert()
        .stdout("開放中文轉換，好\n");
    galley()
        .args(["clean", "--profile", "to-simplified"])
        .write_stdin(input)
        .assert()
        .stdout("开放中文转换，好\n");
    galley()
        .args(["clean", "--profile", "none", "--rules"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/opencc.toml"))
        .args(["--select", "convert.t2s"])
        .write_stdin(input)
        .assert()
        .stdout("开放中文转换,好\n");
}

fn report_of(input: &Path, dir: &Path) -> (PathBuf, Vec<serde_json::Value>) {
    let report = dir.join("edits.jsonl");
    galley()
        .arg("clean")
        .arg(input)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let records = fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (report, records)
}

#[test]
fn report_fields_and_positions() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    fs::write(&input, "标题\n\n近年来,山西省\n").unwrap();
    let (_, recs) = report_of(&input, dir.path());
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["file"], input.display().to_string());
    assert_eq!(
        (r["start"].as_u64(), r["end"].as_u64()),
        (Some(17), Some(18))
    );
    assert_eq!(
        (r["line"].as_u64(), r["column"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(
        (r["before"].as_str(), r["after"].as_str()),
        (Some(","), Some("，"))
    );
    assert_eq!(
        (r["rule"].as_str(), r["level"].as_str()),
        (Some("punct.comma"), Some("safe"))
    );
    assert!(!r["reason"].as_str().unwrap().is_empty());
}

#[test]
fn apply_round_trips_all_none_and_some() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(SEED);
    fs::copy(fixture("seeds", SEED), &input).unwrap();
    let original = fs::read_to_string(&input).unwrap();
    let (report, recs) = report_of(&input, dir.path());
    assert!(recs.len() > 100);
    let apply =
        |report: &Path| stdout_of(galley().arg("apply").arg(&input).arg("--edits").arg(report));

    // Every edit accepted: the clean text.
    let clean = stdout_of(galley().arg("clean").arg(&input));
    assert_eq!(apply(&report), clean);

    // Every edit rejected: the input, byte for byte.
    let rejected = dir.path().join("rejected.jsonl");
    let lines: Vec<String> = recs
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r["accept"] = false.into();
            r.to_string()
        })
        .collect();
    fs::write(&rejected, lines.join("\n")).unwrap();
    assert_eq!(apply(&rejected), original);

    // The join edits rejected, the rest accepted: exactly those edits applied.
    let some = dir.path().join("some.jsonl");
    let mut expected = original.clone();
    let mut kept: Vec<&serde_json::Value> = Vec::new();
    let lines: Vec<String> = recs
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let join = r["rule"].as_str().unwrap().contains("join.");
            r["accept"] = (!join).into();
            r.to_string()
        })
        .collect();
    for r in recs.iter().rev() {
        if !r["rule"].as_str().unwrap().contains("join.") {
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            expected.replace_range(s..e, r["after"].as_str().unwrap());
            kept.push(r);
        }
    }
    fs::write(&some, lines.join("\n")).unwrap();
    let got = apply(&some);
    assert_eq!(got, expected);
    assert!(got.contains("严\n\n肃") && got.contains("团结奋斗\n\n孝义市"));
    assert!(kept.len() < recs.len());
}

/// `galley apply FILE --edits REPORT` fails with exit 2 and a message containing `message`.
fn apply_fails(file: &Path, report: &Path, message: &str) {
    galley()
        .arg("apply")
        .arg(file)
        .arg("--edits")
        .arg(report)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(message));
}

#[test]
fn apply_refuses_a_changed_file_and_foreign_reports() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.txt");
    fs::write(&input, "近年来,山西省\n").unwrap();
    let (report, _) = report_of(&input, dir.path());
    fs::write(&input, "近年来;山西省\n").unwrap();
    galley()
        .arg("apply")
        .arg(&input)
        .arg("--edits")
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the file changed after the report was made",
        ));
    // A report without the hash still catches the change, edit by edit.
    let unhashed = dir.path().join("unhashed.jsonl");
    let text = fs::read_to_string(&report).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("sha256");
            v.to_string()
        })
        .collect();
    fs::write(&unhashed, lines.join("\n")).unwrap();
    apply_fails(&input, &unhashed, "carries no sha256");
    galley()
        .arg("apply")
        .arg(&input)
        .args(["--allow-unhashed", "--edits"])
        .arg(&unhashed)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("was the file changed"));
    let other = dir.path().join("q.txt");
    fs::write(&other, "近年来,山西省\n").unwrap();
    apply_fails(&other, &report, "has no edits for");
    let bad = dir.path().join("bad.jsonl");
    fs::write(&bad, "{\"file\": 1}\n").unwrap();
    apply_fails(&input, &bad, "bad.jsonl:1: not an edit record");
}

#[test]
fn several_inputs_are_refused_without_check() {
    let f = fixture("seeds", SEED);
    galley()
        .arg("clean")
        .arg(&f)
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("2 inputs given"));
}

/// 近年来,山西 in GBK.
const GBK_TEXT: [u8; 11] = [
    0xBD, 0xFC, 0xC4, 0xEA, 0xC0, 0xB4, b',', 0xC9, 0xBD, 0xCE, 0xF7,
];

#[test]
fn legacy_encodings_are_detected_and_undecodable_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = dir.path().join("gbk.txt");
    fs::write(&gbk, GBK_TEXT).unwrap();
    galley()
        .arg("clean")
        .arg(&gbk)
        .assert()
        .success()
        .stdout("近年来，山西\n")
        .stderr(predicates::str::contains("decoded as gb18030"));
    galley()
        .args(["clean", "--encoding", "utf-8"])
        .arg(&gbk)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("gbk.txt: not valid UTF-8"));
    let junk = dir.path().join("junk.txt");
    fs::write(&junk, [0xFF, 0xFF, 0x80, 0x81, 0x20]).unwrap();
    galley()
        .arg("clean")
        .arg(&junk)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("junk.txt: could not be decoded"));
    galley()
        .args(["clean", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/file.txt"));
}

#[test]
fn a_bad_file_in_a_batch_fails_alone() {
    // Read whole, and read a run of pages at a time (--stream-above 0), where the bad bytes come
    // after a good first page: nothing of the bad file is left in the output either way.
    for stream in ["67108864", "0"] {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "近年来,山西\n").unwrap();
        let mut bad = "第一版,正文。\n\u{c}".as_bytes().to_vec();
        bad.extend([0xFF, 0xFF, 0x80, 0x81, 0x20]);
        fs::write(dir.path().join("b.txt"), bad).unwrap();
        fs::write(dir.path().join("c.txt"), "山西,气象\n").unwrap();
        galley()
            .current_dir(dir.path())
            .args([
                "clean",
                "a.txt",
                "b.txt",
                "c.txt",
                "-o",
                "out",
                "--stream-above",
                stream,
            ])
            .args(["--stream-run", "1"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("b.txt: could not be decoded"));
        assert_eq!(
            fs::read_to_string(dir.path().join("out/a.txt")).unwrap(),
            "近年来，山西\n"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("out/c.txt")).unwrap(),
            "山西，气象\n"
        );
        let left: Vec<_> = fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(
            left.len(),
            2,
            "only a.txt and c.txt, no partial or temporary file"
        );
    }
}

#[test]
fn in_place_rewrites_changed_inputs_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "近年来,山西\n").unwrap();
    fs::write(dir.path().join("b.txt"), "山西\n").unwrap();
    galley()
        .current_dir(dir.path())
        .args(["clean", "a.txt", "b.txt", "--in-place", "--backup", ".orig"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "近年来，山西\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt.orig")).unwrap(),
        "近年来,山西\n"
    );
    assert!(
        !dir.path().join("b.txt.orig").exists(),
        "unchanged files are left alone"
    );
    assert!(fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("galley-tmp")));
}

#[test]
fn json_lines_keep_other_fields_in_order() {
    let input =
        "{\"id\":1,\"text\":\"近年来,山西\",\"z\":true}\n{\"b\":2,\"text\":\"好\",\"a\":1}\n";
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(
            "{\"id\":1,\"text\":\"近年来，山西\",\"z\":true}\n{\"b\":2,\"text\":\"好\",\"a\":1}\n",
        );
    let out = galley()
        .args([
            "clean",
            "--jsonl",
            "--field",
            "body",
            "--edits-field",
            "edits",
        ])
        .write_stdin("{\"body\":\"山西,气象\"}\n")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["body"], "山西，气象");
    assert_eq!(v["edits"][0]["rule"], "punct.comma");
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin("{\"text\":\"好\"}\nnot json\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("-:2: not valid JSON"));
    galley()
        .args(["clean", "--jsonl", "--skip-bad"])
        .write_stdin("{\"text\":\"好,好\"}\nnot json\n")
        .assert()
        .success()
        .stdout("{\"text\":\"好，好\"}\nnot json\n");
}

/// Records are cleaned a batch at a time on several threads; they come out in their order, and
/// a line that cannot be read stops the run after everything before it has gone out.
#[test]
fn jsonl_refuses_options_it_would_ignore() {
    for option in [
        &["--diff"][..],
        &["-o", "out"],
        &["--in-place"],
        &["--report", "r.jsonl"],
        &["--stats"],
        &["--encoding", "gb18030"],
        &["--region", "tw"],
    ] {
        galley()
            .args(["clean", "--jsonl"])
            .args(option)
            .write_stdin("{\"text\":\"近年来,山西\"}\n")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains("cannot be used with"));
    }
}

#[test]
fn jsonl_records_keep_their_order_on_all_threads() {
    let input: String = (0..2000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"第{i}条,好\"}}\n"))
        .collect();
    let want: String = (0..2000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"第{i}条，好\"}}\n"))
        .collect();
    galley()
        .args(["clean", "--jsonl", "-j", "2"])
        .write_stdin(input.clone())
        .assert()
        .success()
        .stdout(want.clone());
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n{\"text\":\"\"}\n");
    let out = galley()
        .args(["clean", "--jsonl", "-j", "2"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("-:2001: not UTF-8"));
}

fn pack_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("my.toml");
    fs::write(&pack, text).unwrap();
    let out = galley()
        .arg("clean")
        .arg("--rules")
        .arg(&pack)
        .write_stdin("甲,乙\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr)
        .unwrap()
        .replace(&pack.display().to_string(), "my.toml")
}

const PACK: &str = r#"[pack]
name = "mine"

[[rule]]
id = "mine.comma"
kind = "regex"
level = "safe"
description = "commas"
pattern = ','
replace = "，"
examples = [
  { input = "甲,乙", output = "甲，乙" },
  { input = "甲，乙", output = "甲，乙" },
]
"#;

#[test]
fn bad_rule_files_name_file_line_and_rule() {
    assert_eq!(
        pack_error(&PACK.replace("kind = \"regex\"", "kind = \"regexp\"")),
        "galley: error: my.toml:4: rule `mine.comma`: unknown kind `regexp` (known: char_map, regex, join, unwrap, drop, repeated, despace, convert, normalize, flag, mojibake)\n"
    );
    assert!(pack_error(&PACK.replace("pattern = ','", "pattern = '[,'"))
        .starts_with("galley: error: my.toml:9: rule `mine.comma`: bad regex in `pattern`"));
    assert!(
        pack_error(&PACK.replace("output = \"甲，乙\" },\n  {", "output = \"甲,乙\" },\n  {"))
            .starts_with("galley: error: my.toml:12: rule `mine.comma`: example 1 failed")
    );
    assert!(pack_error(&PACK.replace(
        "level = \"safe\"\ndescription",
        "level = \"safe\"\ndescription = \"x\"\nlevel = \"y\"\ndescription"
    ))
    .starts_with("galley: error: my.toml:"));
    assert!(
        pack_error(&PACK.replace("id = \"mine.comma\"", "id = \"punct.comma\""))
            .contains("my.toml:4: rule `punct.comma` is already defined in builtin:punctuation:")
    );
    assert!(pack_error(&PACK.replace("examples = [", "examples = [["))
        .starts_with("galley: error: my.toml:"));
}

#[test]
fn a_user_pack_runs_and_can_replace_a_builtin_pack() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mine.toml");
    fs::write(
        &pack,
        PACK.replace("name = \"mine\"", "name = \"punctuation\""),
    )
    .unwrap();
    // With the built-in punctuation pack replaced, `(` is no longer touched.
    galley()
        .arg("clean")
        .arg("--rules")
        .arg(&pack)
        .write_stdin("甲,乙(丙)\n")
        .assert()
        .success()
        .stdout("甲，乙(丙)\n");
}

#[test]
fn rules_list_show_and_test() {
    let list = stdout_of(galley().args(["rules", "list"]));
    assert!(list
        .lines()
        .any(|l| l.starts_with("punct.comma") && l.contains("safe") && l.contains(" on ")));
    let show = stdout_of(galley().args(["rules", "show", "join.column-break"]));
    assert!(show.contains("builtin:paragraphs:") && show.contains("keeps"));
    galley().args(["rules", "show", "no.such"]).assert().code(2);
    let test = stdout_of(galley().args(["rules", "test"]));
    assert!(test.trim_end().ends_with("0 failure(s)"), "{test}");

    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("broken.toml");
    fs::write(
        &pack,
        PACK.replace("output = \"甲，乙\" },\n  {", "output = \"甲;乙\" },\n  {"),
    )
    .unwrap();
    let out = galley()
        .args(["rules", "test"])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("broken.toml:12: rule `mine.comma`: example 1 failed"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("1 failure(s)"));
}

#[test]
fn output_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.txt"), "近年来,山西\n").unwrap();
    galley()
        .current_dir(dir.path())
        .args(["clean", "p.txt", "-o", "."])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the output path is the input itself",
        ));
    assert_eq!(
        fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        "近年来,山西\n"
    );
    galley()
        .current_dir(dir.path())
        .args(["clean", "p.txt", "-o", "out/"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("out/p.txt")).unwrap(),
        "近年来，山西\n"
    );
}

#[test]
fn output_names_a_file_for_one_input_and_a_directory_for_several() {
    let dir = tempfile::tempdir().unwrap();
    let at = |p: &str| dir.path().join(p);
    fs::write(at("p.txt"), "近年来,山西\n").unwrap();
    fs::write(at("q.txt"), "会议指出,安全\n").unwrap();
    fs::create_dir(at("existing")).unwrap();
    let run = |args: &[&str]| {
        galley()
            .current_dir(dir.path())
            .arg("clean")
            .args(args)
            .write_stdin("近年来,太原\n")
            .assert()
            .success()
    };
    // One file, a name that is no directory: that file.
    run(&["p.txt", "-o", "clean.txt"]);
    assert_eq!(
        fs::read_to_string(at("clean.txt")).unwrap(),
        "近年来，山西\n"
    );
    run(&["-", "-o", "stdin.txt"]);
    assert_eq!(
        fs::read_to_string(at("stdin.txt")).unwrap(),
        "近年来，太原\n"
    );
    // An existing directory, or a name ending with `/`: under it.
    run(&["p.txt", "-o", "existing"]);
    assert_eq!(
        fs::read_to_string(at("existing/p.txt")).unwrap(),
        "近年来，山西\n"
    );
    run(&["p.txt", "-o", "new/"]);
    assert_eq!(
        fs::read_to_string(at("new/p.txt")).unwrap(),
        "近年来，山西\n"
    );
    // Several files: a directory, made when missing.
    run(&["p.txt", "q.txt", "-o", "many"]);
    assert_eq!(
        fs::read_to_string(at("many/q.txt")).unwrap(),
        "会议指出，安全\n"
    );
    // `-`: standard output, and no file or directory named `-`.
    run(&["p.txt", "-o", "-"]).stdout("近年来，山西\n");
    assert!(!at("-").exists());
}

/// Runs `galley ARGS` in `dir`, expecting exit code 2 and `message` on stderr.
fn refused(dir: &Path, args: &[&str], message: &str) {
    galley()
        .current_dir(dir)
        .args(args)
        .write_stdin("y\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(message));
}

#[test]
fn reports_and_decisions_never_overwrite_an_input_or_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let raw = "近年来,山西\n";
    for name in ["a.txt", "b.txt"] {
        fs::write(dir.path().join(name), raw).unwrap();
    }
    let d = dir.path();
    refused(
        d,
        &["clean", "a.txt", "b.txt", "-o", "out", "--report", "a.txt"],
        "--report a.txt: that is the input a.txt itself",
    );
    refused(
        d,
        &["clean", "--check", "a.txt", "b.txt", "--report", "./b.txt"],
        "that is the input b.txt itself",
    );
    refused(
        d,
        &["clean", "a.txt", "--in-place", "--report", "a.txt"],
        "that is the input a.txt itself",
    );
    refused(
        d,
        &["clean", "a.txt", "-o", "out/", "--report", "out/a.txt"],
        "that is where the clean text of a.txt goes",
    );
    refused(
        d,
        &["clean", "a.txt", "-o", "clean.txt", "--report", "clean.txt"],
        "that is where the clean text of a.txt goes",
    );
    refused(
        d,
        &["review", "a.txt", "--decisions", "a.txt"],
        "--decisions a.txt: that is the input a.txt itself",
    );
    refused(
        d,
        &["review", "a.txt", "-o", "."],
        "the output path is the input itself",
    );
    // A report that was fine, applied into the directory that holds its file.
    galley()
        .current_dir(d)
        .args(["clean", "a.txt", "-o", "out/", "--report", "r.jsonl"])
        .assert()
        .success();
    refused(
        d,
        &["apply", "a.txt", "--edits", "r.jsonl", "-o", "."],
        "the output path is the input itself",
    );
    for name in ["a.txt", "b.txt"] {
        assert_eq!(fs::read_to_string(d.join(name)).unwrap(), raw, "{name}");
    }
    // Refused before the first question, so no decisions were written either.
    assert!(!d.join("decisions.jsonl").exists());
}

#[test]
fn no_clean_text_or_backup_replaces_another() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = [
        ("a/p.txt", "甲,乙\n"),
        ("b/p.txt", "丙,丁\n"),
        ("q.txt", "戊,己\n"),
        ("q.txt.orig", "庚,辛\n"),
    ];
    for (name, text) in files {
        fs::create_dir_all(d.join(name).parent().unwrap()).unwrap();
        fs::write(d.join(name), text).unwrap();
    }
    let a = d.join("a/p.txt").display().to_string();
    let b = d.join("b/p.txt").display().to_string();
    refused(
        d,
        &["clean", &a, &b, "-o", "out"],
        "would both be written to p.txt",
    );
    refused(
        d,
        &["clean", "a", "b", "-o", "out"],
        "would both be written to p.txt",
    );
    galley()
        .current_dir(d)
        .args(["clean", "--check", &a, &b, "--report", "r.jsonl"])
        .assert()
        .code(1);
    refused(
        d,
        &["apply", &a, &b, "--edits", "r.jsonl", "-o", "out"],
        "would both be written to p.txt",
    );
    refused(
        d,
        &[
            "clean",
            "q.txt",
            "q.txt.orig",
            "--in-place",
            "--backup",
            ".orig",
        ],
        "the backup of q.txt would replace the input q.txt.orig",
    );
    refused(
        d,
        &[
            "clean",
            "q.txt",
            "./q.txt",
            "--in-place",
            "--backup",
            ".bak",
        ],
        "q.txt and ./q.txt are one file",
    );
    assert!(!d.join("out").exists() && !d.join("q.txt.bak").exists());
    for (name, text) in files {
        assert_eq!(fs::read_to_string(d.join(name)).unwrap(), text, "{name}");
    }
    // Named with their directories, the two pages keep apart.
    galley()
        .current_dir(d)
        .args(["clean", "a/p.txt", "b/p.txt", "-o", "out"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(d.join("out/a/p.txt")).unwrap(),
        "甲，乙\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("out/b/p.txt")).unwrap(),
        "丙，丁\n"
    );
}

#[test]
fn a_second_run_into_the_same_output_directory_leaves_its_files_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("p.txt"), "甲,乙\n").unwrap();
    for _ in 0..2 {
        galley()
            .current_dir(d)
            .args(["clean", ".", "-o", "out"])
            .assert()
            .success();
    }
    assert!(!d.join("out/out").exists());
    assert_eq!(fs::read_to_string(d.join("out/p.txt")).unwrap(), "甲，乙\n");
    // A file named on the command line is cleaned wherever it is.
    galley()
        .current_dir(d)
        .args(["clean", "out/p.txt", "-o", "out2/"])
        .assert()
        .success();
    assert!(d.join("out2/out/p.txt").exists());
}

#[test]
fn a_report_replaces_an_old_one_whole_and_can_go_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), "近年来,山西\n").unwrap();
    fs::write(d.join("r.jsonl"), "an older report\n".repeat(100)).unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "a.txt", "-o", "out/", "--report", "r.jsonl"])
        .assert()
        .success();
    let report = fs::read_to_string(d.join("r.jsonl")).unwrap();
    assert_eq!(report.lines().count(), 1, "{report}");
    assert!(report.contains("\"rule\":\"punct.comma\""), "{report}");
    let names: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("galley-tmp")), "{names:?}");
    // `-` is standard output when the clean text goes elsewhere, and refused when it does not.
    let out = stdout_of(
        galley()
            .current_dir(d)
            .args(["clean", "a.txt", "-o", "out2", "--report", "-"]),
    );
    assert_eq!(out, report);
    refused(
        d,
        &["clean", "a.txt", "--report", "-"],
        "standard output already carries the clean text",
    );
    refused(
        d,
        &["clean", "a.txt", "--diff", "--report", "-"],
        "standard output already carries the clean text or the diff",
    );
    assert!(!d.join("-").exists());
}

#[test]
fn extend_select_adds_an_opt_in_rule_to_the_defaults() {
    galley()
        .args(["clean", "--extend-select", "punct.corner-to-curly"])
        .write_stdin("他說,「好」\n")
        .assert()
        .success()
        .stdout("他說，“好”\n");
    galley()
        .args(["clean"])
        .write_stdin("他說,「好」\n")
        .assert()
        .success()
        .stdout("他說，「好」\n");
}

#[test]
fn apply_decodes_a_legacy_file_as_the_report_says() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = dir.path().join("gbk.txt");
    fs::write(&gbk, GBK_TEXT).unwrap();
    let (report, recs) = report_of(&gbk, dir.path());
    assert_eq!(recs[0]["encoding"], "gb18030");
    assert_eq!(
        stdout_of(galley().arg("apply").arg(&gbk).arg("--edits").arg(&report)),
        "近年来，山西\n"
    );
}

#[test]
fn diff_shows_hunks_with_their_rules_and_joins() {
    // A diff with changes exits 1, as `ruff --diff`; `--exit-zero` makes it 0.
    let run = |args: &[&str], code: i32| {
        let out = galley().args(args).assert().code(code);
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let seed = fixture("seeds", SEED);
    let seed = seed.to_str().unwrap();
    let out = run(&["diff", "--color", "never", seed], 1);
    assert_eq!(
        run(&["diff", "--exit-zero", "--color", "never", seed], 0),
        out
    );
    let clean = fixture("expected", SEED);
    assert_eq!(run(&["diff", clean.to_str().unwrap()], 0), "");
    // The seed page is read as paragraph lines, its column breaks joined by their own rule.
    assert!(out.contains("(clean, layout: paragraphs)\n@@ "), "{out}");
    assert!(out.contains("furniture.editor-line (review)"));
    assert!(out.contains("-政教专刊部主办 组版:闫广明"));
    assert!(
        out.contains("+警示教育示范基地") || out.contains("⏎警示教育示范基地"),
        "a join shows its marker"
    );
    assert!(out.contains("红色传统文化、⏎警示教育"));
    assert!(!out.contains('\u{1b}'));
    // `clean --diff` is the same, accepts several files, and writes no clean text.
    let both = run(
        &[
            "clean",
            "--diff",
            "--color",
            "always",
            seed,
            clean.to_str().unwrap(),
        ],
        1,
    );
    assert!(both.contains('\u{1b}'));
    assert_eq!(
        both.matches("(clean, layout").count(),
        1,
        "the clean page has no diff"
    );
}

#[test]
fn stats_count_edits_per_rule_and_file() {
    let out = galley()
        .args(["clean", "--check", "--stats"])
        .arg(fixture("seeds", SEED))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    // 187 commas: 180 in the text that stays where it is, and 7 in the article a headline is
    // moved to the top of, each an edit of its own beside the move.
    assert!(
        err.lines()
            .any(|l| l.trim_start().starts_with("187") && l.ends_with("punct.comma")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("review") && l.ends_with("furniture.editor-line")),
        "{err}"
    );
    assert!(err.contains("004_da18946eeed31b49.txt"));
}

#[test]
fn unpaired_straight_quotes_are_left_and_reported() {
    galley()
        .arg("clean")
        .write_stdin("他说\"好的。\n\n她说\"走\"。\n")
        .assert()
        .success()
        .stdout("他说\"好的。\n\n她说“走”。\n")
        .stderr(predicates::str::contains(
            "-: line 1 of the clean text: unpaired straight quote `\"` left as it is (punct.quotes)",
        ));
}

#[test]
fn a_directory_reviewed_as_one_batch_and_applied_to_many_files() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump");
    fs::create_dir_all(&dump).unwrap();
    for seed in ["000_edb8a266c5e7c026.txt", SEED] {
        fs::copy(fixture("seeds", seed), dump.join(seed)).unwrap();
    }
    galley()
        .current_dir(dir.path())
        .args(["clean", "dump", "--check", "-q", "--report", "review.html"])
        .assert()
        .code(1);
    let page = fs::read_to_string(dir.path().join("review.html")).unwrap();
    assert!(
        page.contains("dump/000_edb8a266c5e7c026.txt")
            && page.contains("dump/004_da18946eeed31b49.txt")
    );
    galley()
        .current_dir(dir.path())
        .args(["clean", "dump", "--check", "-q", "--report", "edits.jsonl"])
        .assert()
        .code(1);
    // Reject the joins everywhere, apply the rest to every file the report names.
    let text = fs::read_to_string(dir.path().join("edits.jsonl")).unwrap();
    let decided: Vec<String> = text
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            let join = v["rule"].as_str().unwrap().contains("join.");
            v["accept"] = (!join).into();
            v.to_string()
        })
        .collect();
    fs::write(dir.path().join("decided.jsonl"), decided.join("\n")).unwrap();
    galley()
        .current_dir(dir.path())
        .args(["apply", "dump", "--edits", "decided.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("use --output DIR or --in-place"));
    galley()
        .current_dir(dir.path())
        .args(["apply", "dump", "--edits", "decided.jsonl", "-o", "out"])
        .assert()
        .success();
    let got = fs::read_to_string(dir.path().join("out/dump/004_da18946eeed31b49.txt")).unwrap();
    assert!(
        got.contains("严\n\n肃"),
        "the rejected joins are not applied"
    );
    assert!(
        got.contains("腰杆才更硬") && got.contains("脚着了地，"),
        "the accepted commas are"
    );
    assert!(
        !got.contains("组版:闫广明"),
        "the accepted header drop is applied"
    );
    assert!(dir
        .path()
        .join("out/dump/000_edb8a266c5e7c026.txt")
        .exists());
}

/// The raw seed pages, in directory order.
fn seed_pages() -> Vec<String> {
    fs::read_dir(fixture("seeds", ""))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect()
}

/// A large file is read, cleaned and written a run of pages at a time; the clean text, the report
/// and the messages are those of the file cleaned whole, in UTF-8 and in a legacy encoding, to a
/// directory, in place and to standard output.
#[test]
fn a_file_cleaned_a_run_of_pages_at_a_time_comes_out_as_cleaned_whole() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seed_pages();
    // Pages with a running head and a line that continues across a form feed in mid-line.
    let pages: Vec<String> = (0..12)
        .map(|i| format!("要闻 第{}版\n\n{}", i + 1, seeds[i % seeds.len()]))
        .collect();
    let text = pages.join("\u{c}") + "\u{c}末页,没有换行";
    let utf8 = dir.path().join("dump.txt");
    fs::write(&utf8, &text).unwrap();
    let gbk = dir.path().join("dump-gbk.txt");
    fs::write(&gbk, encoding_rs::GB18030.encode(&text).0).unwrap();
    for input in [&utf8, &gbk] {
        let run = |stream: bool, out: &str| {
            let mut cmd = galley();
            cmd.arg("clean")
                .arg(input)
                .arg("-o")
                .arg(dir.path().join(out).join(""));
            cmd.arg("--report")
                .arg(dir.path().join(format!("{out}.jsonl")));
            if stream {
                cmd.args(["--stream-above", "0", "--stream-run", "3000"]);
            }
            let output = cmd.output().unwrap();
            assert!(output.status.success(), "{output:?}");
            // An absolute input path is written under the output directory by its file name.
            let name = input.file_name().unwrap();
            (
                fs::read(dir.path().join(out).join(name)).unwrap(),
                fs::read_to_string(dir.path().join(format!("{out}.jsonl"))).unwrap(),
                String::from_utf8(output.stderr).unwrap(),
            )
        };
        let (whole, streamed) = (run(false, "whole"), run(true, "streamed"));
        assert!(
            whole.1.lines().count() > 100,
            "a report with edits on every page"
        );
        assert_eq!(
            String::from_utf8_lossy(&streamed.0),
            String::from_utf8_lossy(&whole.0)
        );
        assert_eq!(streamed.1, whole.1);
        assert_eq!(streamed.2, whole.2);
        // Standard output, too.
        let to_stdout = |stream: bool| {
            let mut cmd = galley();
            cmd.arg("clean").arg(input);
            if stream {
                cmd.args(["--stream-above", "0", "--stream-run", "1"]);
            }
            stdout_of(&mut cmd)
        };
        assert_eq!(to_stdout(true), to_stdout(false));
    }
    // In place: the same text replaces the input, and the backup is the original.
    let copy = dir.path().join("copy.txt");
    fs::write(&copy, &text).unwrap();
    galley()
        .args([
            "clean",
            "--in-place",
            "--backup",
            ".orig",
            "--stream-above",
            "0",
            "--stream-run",
            "100",
        ])
        .arg(&copy)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("copy.txt.orig")).unwrap(),
        text
    );
    let whole = stdout_of(galley().arg("clean").arg(&utf8));
    assert_eq!(fs::read_to_string(&copy).unwrap(), whole);
}

/// A large file that is one long page (no form feeds) is cleaned in overlapping slices, with the
/// result of cleaning it whole; where no safe cut exists, the file fails and leaves nothing.
#[test]
fn a_long_page_is_cleaned_in_slices_as_it_would_be_whole() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seed_pages();
    let text = seeds
        .iter()
        .cycle()
        .take(40)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    let input = dir.path().join("long.txt");
    fs::write(&input, &text).unwrap();
    let run = |args: &[&str], out: &str| {
        let mut cmd = galley();
        cmd.arg("clean")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join(out).join(""));
        cmd.arg("--report")
            .arg(dir.path().join(format!("{out}.jsonl")));
        cmd.args(args);
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{output:?}");
        (
            fs::read_to_string(dir.path().join(out).join("long.txt")).unwrap(),
            fs::read_to_string(dir.path().join(format!("{out}.jsonl"))).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let whole = run(&[], "whole");
    let sliced = run(
        &[
            "--stream-above",
            "0",
            "--stream-run",
            "8000",
            "--stream-margin",
            "8192",
        ],
        "sliced",
    );
    assert!(whole.1.lines().count() > 1000);
    assert_eq!(sliced.0, whole.0);
    assert_eq!(sliced.1, whole.1);
    assert_eq!(sliced.2, whole.2);

    // A long table without sentences gives no safe place to cut (longer than the least slice,
    // five margins of five times the engine's reach).
    let table: String = (0..30_000)
        .map(|i| format!("项目{i} 数量 {i}0 金额 {i}00\n"))
        .collect();
    let bad = dir.path().join("table.txt");
    fs::write(&bad, format!("会议指出，安全生产事关人民福祉。\n\n{table}")).unwrap();
    let out = dir.path().join("table-out");
    galley()
        .arg("clean")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .args([
            "--stream-above",
            "0",
            "--stream-run",
            "4000",
            "--stream-margin",
            "2000",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("table.txt"))
        .stderr(predicates::str::contains("--stream-above"));
    assert!(!out.join("table.txt").exists());
    assert_eq!(
        fs::read_dir(&out).map(|d| d.count()).unwrap_or(0),
        0,
        "no temporary file left"
    );
}

#[test]
fn glob_chooses_the_files_of_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir_all(pages.join("sub")).unwrap();
    for name in ["a.txt", "sub/b.txt", "notes.md", "sub/old.bak.txt"] {
        fs::write(pages.join(name), "近年来,山西省气象局坚持。\n").unwrap();
    }
    let out = dir.path().join("out");
    galley()
        .args(["clean", "-q", "--glob", "*.txt", "-g", "!*.bak.txt", "-o"])
        .arg(&out)
        .arg(&pages)
        .assert()
        .success();
    assert_eq!(files_under(&out), ["a.txt", "sub/b.txt"]);
    // A bad glob is an error that names it.
    let output = galley()
        .args(["clean", "--glob", "a[", "--check"])
        .arg(&pages)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad --glob `a[`"));
}

#[test]
fn ignore_files_leave_files_out_as_in_ripgrep() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir_all(pages.join("drafts")).unwrap();
    for name in ["a.txt", "b.txt", "drafts/c.txt", ".hidden.txt"] {
        fs::write(pages.join(name), "近年来,山西省气象局坚持。\n").unwrap();
    }
    fs::write(pages.join(".ignore"), "drafts/\n").unwrap();
    fs::write(pages.join(".gitignore"), "b.txt\n").unwrap();
    let cleaned = |run: &str| {
        let out = dir.path().join(run);
        galley()
            .args(["clean", "-q", "-o"])
            .arg(&out)
            .arg(&pages)
            .assert()
            .success();
        files_under(&out)
    };
    // Outside a git repository a `.gitignore` is not read; `.ignore` files are, and hidden files
    // are always left out.
    assert_eq!(cleaned("out1"), ["a.txt", "b.txt"]);
    fs::create_dir(pages.join(".git")).unwrap();
    assert_eq!(cleaned("out2"), ["a.txt"]);
}

/// The files under `dir`, as sorted paths relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk_files(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn json_named_inputs_cleaned_as_text_get_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.jsonl");
    fs::write(&file, "{\"text\": \"近年来,山西\"}\n").unwrap();
    let warned = |args: &[&str]| {
        let out = galley().args(args).arg(&file).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("named as JSON, cleaned as plain text")
    };
    assert!(warned(&["clean"]));
    assert!(!warned(&["clean", "-q"]));
    assert!(!warned(&["clean", "--jsonl"]));
    // Field by field, the record stays JSON.
    let out = stdout_of(galley().args(["clean", "--jsonl"]).arg(&file));
    assert_eq!(out, "{\"text\": \"近年来，山西\"}\n");
}

#[test]
fn the_layout_each_file_was_read_with_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let wrapped = dir.path().join("w.txt");
    let paragraphs = dir.path().join("p.txt");
    fs::write(
        &wrapped,
        "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效，\n得到了各方面的充分肯定。\n",
    )
    .unwrap();
    fs::write(
        &paragraphs,
        "近年来，山西省气象局坚持改革。\n推动气象事业高质量发展。\n",
    )
    .unwrap();
    let report = dir.path().join("r.jsonl");
    galley()
        .arg("clean")
        .arg(dir.path())
        .args(["--check", "--stats", "--report"])
        .arg(&report)
        .assert()
        .stderr(predicates::str::contains(
            "line breaks of files read as 1 wrapped, 1 paragraphs (each page region by region)",
        ));
    let records = fs::read_to_string(&report).unwrap();
    assert_eq!(records.lines().count(), 3, "{records}");
    assert!(
        records.lines().all(|r| r.contains(r#""layout":"wrapped""#)),
        "{records}"
    );
    galley()
        .arg("diff")
        .arg(&wrapped)
        .assert()
        .stdout(predicates::str::contains("(clean, layout: wrapped)"));
    // Given, it is said to be given, and a file read as paragraphs is left alone.
    galley()
        .arg("clean")
        .arg(&wrapped)
        .args(["--check", "--stats", "--layout", "paragraphs"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "read as 1 paragraphs (as --layout or the pack says)",
        ));
}

#[test]
fn settings_come_from_the_nearest_settings_file_and_flags_override_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("dump/1950s")).unwrap();
    fs::write(d.join("dump/1950s/a.txt"), "開放,山西\n").unwrap();
    fs::write(
        d.join("galley.toml"),
        "convert = \"t2s\"\nignore = [\"punct.comma\"]\n",
    )
    .unwrap();
    let clean = |args: &[&str]| {
        stdout_of(
            galley()
                .current_dir(d)
                .args(["clean", "dump/1950s/a.txt"])
                .args(args),
        )
    };
    // Found upward from the input.
    assert_eq!(clean(&[]), "开放,山西\n");
    // A flag overrides the file; --isolated ignores it.
    assert_eq!(clean(&["--convert", "t2tw"]), "開放,山西\n");
    assert_eq!(clean(&["--isolated"]), "開放，山西\n");
    // A nearer file wins; a pyproject.toml counts by its [tool.galley] table.
    fs::write(
        d.join("dump/pyproject.toml"),
        "[tool.galley]\nlevel = \"safe\"\n",
    )
    .unwrap();
    assert_eq!(clean(&[]), "開放，山西\n");
    assert_eq!(clean(&["--config", "galley.toml"]), "开放,山西\n");
    // `galley config` says what is in force and where it comes from.
    let shown = stdout_of(galley().current_dir(d).args(["config", "dump/1950s"]));
    assert!(shown.contains("pyproject.toml"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("level") && l.contains("safe") && l.contains("pyproject.toml")),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("profile") && l.contains("# default")),
        "{shown}"
    );
    // A mistake in the file names the file and the line.
    fs::write(
        d.join("dump/galley.toml"),
        "level = \"safe\"\nselct = [\"punct\"]\n",
    )
    .unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "dump/1950s/a.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "galley.toml:2: unknown field `selct`",
        ));
}

#[test]
fn an_override_gives_the_files_under_its_paths_their_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (path, text) in [
        ("1950s/a.txt", "開放,山西\n"),
        ("1990s/b.txt", "開放,山西\n"),
    ] {
        fs::create_dir_all(d.join(path).parent().unwrap()).unwrap();
        fs::write(d.join(path), text).unwrap();
    }
    fs::write(
        d.join("galley.toml"),
        "[[overrides]]\npaths = [\"1950s/**\"]\nprofile = \"to-simplified\"\n",
    )
    .unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "1950s", "1990s", "-o", "out"])
        .assert()
        .success();
    let read = |p: &str| fs::read_to_string(d.join("out").join(p)).unwrap();
    assert_eq!(read("a.txt"), "开放，山西\n");
    assert_eq!(read("b.txt"), "開放，山西\n");
}

#[test]
fn colour_follows_no_color_and_clicolor_force_unless_said() {
    let seed = fixture("seeds", SEED);
    let escapes = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = galley();
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.arg("diff").args(args).arg(&seed).output().unwrap();
        out.stdout.contains(&0x1b)
    };
    // Into a pipe: no colour, unless forced.
    assert!(!escapes(&[], &[]));
    assert!(escapes(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!escapes(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]));
    // --color decides over both.
    assert!(escapes(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(!escapes(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]));
}

#[test]
fn completions_and_the_man_page_come_from_the_parser() {
    let bash = stdout_of(galley().args(["completions", "bash"]));
    assert!(bash.contains("complete -F _galley"), "{bash}");
    // Every subcommand and a long option of clean are in it.
    for word in [
        "clean",
        "diff",
        "review",
        "apply",
        "config",
        "--extend-select",
        "--convert",
    ] {
        assert!(bash.contains(word), "{word}");
    }
    assert!(stdout_of(galley().args(["completions", "fish"])).contains("complete -c galley"));
    let man = stdout_of(galley().arg("man"));
    assert!(man.contains(".TH galley 1"), "{man}");
    assert!(man.contains(".SH SUBCOMMANDS"), "{man}");
    assert!(man.contains("galley\\-clean(1)"), "{man}");
}

#[test]
fn check_prints_each_edit_to_review_where_an_editor_can_jump_to_it() {
    let dir = tempfile::tempdir().unwrap();
    // A full line of printed text that stops in mid-sentence: the join is to review; the
    // comma is safe.
    fs::write(
        dir.path().join("p.txt"),
        "近年来,山西省气象局坚持以党建为引领，推动\n\n气象事业高质量发展。\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = galley()
            .current_dir(dir.path())
            .args(["clean", "--check", "--output-format", format, "p.txt"])
            .assert()
            .code(1);
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let concise = run("concise");
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(lines.len(), 2, "{concise}");
    assert!(
        lines[0].starts_with("p.txt:1:22: join.column-break column break joined"),
        "{concise}"
    );
    assert_eq!(lines[1], "p.txt: 2 edit(s) to make, 1 to review");
    let full = run("full");
    assert!(
        full.contains("p.txt:1:4: punct.comma [safe] \",\" -> \"，\""),
        "{full}"
    );
    assert!(
        full.contains("p.txt: 2 edit(s) to make, 1 to review"),
        "{full}"
    );
    let json = run("json");
    let records: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["rule"], "punct.comma");
    assert_eq!(records[1]["level"], "review");
}

#[test]
fn check_says_the_same_of_a_file_cleaned_whole_or_a_run_of_pages_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seed_pages();
    let text = (0..12)
        .map(|i| seeds[i % seeds.len()].clone())
        .collect::<Vec<_>>()
        .join("\u{c}");
    let path = dir.path().join("dump.txt");
    fs::write(&path, &text).unwrap();
    for format in ["concise", "full", "json"] {
        let run = |stream: &[&str]| {
            let out = galley()
                .args(["clean", "--check", "--output-format", format])
                .args(stream)
                .arg(&path)
                .assert()
                .code(1);
            String::from_utf8(out.get_output().stdout.clone()).unwrap()
        };
        let whole = run(&[]);
        assert!(whole.lines().count() > 12, "{whole}");
        assert_eq!(
            run(&["--stream-above", "0", "--stream-run", "3000"]),
            whole,
            "{format}"
        );
    }
}
