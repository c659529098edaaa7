//! What galley promises about the user's files and terminal: no input is lost or emptied,
//! nothing is written outside what the user named or through a planted link, every error says
//! what is wrong and where. Each test here failed before the promise it checks was kept.

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};

fn galley() -> Command {
    Command::cargo_bin("galley").unwrap()
}

const RAW: &str = "近年来,山西省气象局坚持党建引领。\n";
const CLEAN: &str = "近年来，山西省气象局坚持党建引领。\n";

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

/// The files under `dir` whose names galley gives its temporary files.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(temporaries(&path));
        } else if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("galley")
        {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_pipe_named_as_a_path_is_read_once() {
    let with_a_pipe = |args: &str| {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "'{}' clean {args} <(printf '近年来,山西\\n')",
                assert_cmd::cargo::cargo_bin("galley").display()
            ))
            .output()
            .unwrap()
    };
    let out = with_a_pipe("");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "近年来，山西\n");
    let check = with_a_pipe("-q --check");
    assert_eq!(check.status.code(), Some(1), "the pipe's text would change");

    // A named pipe: opened a second time, it would wait for a writer for ever.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("page.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, RAW))
    };
    galley()
        .arg("clean")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stdout(CLEAN);
    writer.join().unwrap().unwrap();
    galley()
        .arg("clean")
        .arg("--in-place")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("not a regular file"));
}

#[cfg(unix)]
#[test]
fn no_write_goes_through_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = d.join("victim");
    write(&victim, "victim\n");
    write(&d.join("in/a.txt"), RAW);
    // The names temporary files and backups had or have.
    for planted in [
        "in/.a.txt.galley-tmp",
        "out/.a.txt.galley-tmp",
        ".r.jsonl.galley-tmp",
        "in/a.txt.orig",
    ] {
        fs::create_dir_all(d.join(planted).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&victim, d.join(planted)).unwrap();
    }
    galley()
        .current_dir(d)
        .args(["clean", "in/a.txt", "-o", "out", "--report", "r.jsonl"])
        .assert()
        .success();
    assert_eq!(read(&d.join("out/in/a.txt")), CLEAN);
    assert_eq!(
        read(&victim),
        "victim\n",
        "-o and --report wrote through a link"
    );
    galley()
        .current_dir(d)
        .args(["clean", "in/a.txt", "--in-place", "--backup", ".orig"])
        .assert()
        .code(2)
        .stderr(contains("in/a.txt.orig: a file is already there"));
    assert_eq!(
        read(&d.join("in/a.txt")),
        RAW,
        "not rewritten without its backup"
    );
    galley()
        .current_dir(d)
        .args(["clean", "in/a.txt", "--in-place"])
        .assert()
        .success();
    assert_eq!(read(&d.join("in/a.txt")), CLEAN);
    assert_eq!(read(&victim), "victim\n");
    assert!(fs::symlink_metadata(d.join("in/a.txt.orig"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A report written by a stranger, naming `target` (any path) with an insertion.
fn evil_report(path: &Path, target: &str) {
    let rec = serde_json::json!({
        "file": target, "start": 0, "end": 0, "line": 1, "column": 1,
        "before": "", "after": "owned ", "rule": "x", "level": "safe",
    });
    fs::write(path, format!("{rec}\n")).unwrap();
}

#[test]
fn a_report_acts_only_on_files_the_user_names_and_only_with_their_hash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = d.join("victim");
    write(&victim, "victim\n");
    write(&d.join("work/a.txt"), RAW);
    let work = d.join("work");
    for target in ["../victim", victim.to_str().unwrap()] {
        evil_report(&work.join("evil.jsonl"), target);
        // No file named: refused before anything is read.
        galley()
            .current_dir(&work)
            .args(["apply", "--edits", "evil.jsonl", "--in-place"])
            .assert()
            .code(2);
        galley()
            .current_dir(&work)
            .args(["apply", ".", "--edits", "evil.jsonl", "-o", "out"])
            .assert()
            .code(2)
            .stderr(contains("names no file under"));
        galley()
            .current_dir(&work)
            .args(["apply", "a.txt", "--edits", "evil.jsonl", "--in-place"])
            .assert()
            .code(2)
            .stderr(contains("has no edits for"));
        assert_eq!(read(&victim), "victim\n");
        assert!(!work.join("out").exists());
        assert_eq!(read(&work.join("a.txt")), RAW);
    }
    // The file named, but the record carries no hash: refused unless asked for.
    evil_report(&work.join("evil.jsonl"), "a.txt");
    galley()
        .current_dir(&work)
        .args(["apply", "a.txt", "--edits", "evil.jsonl", "--in-place"])
        .assert()
        .code(2)
        .stderr(contains("carries no sha256"));
    assert_eq!(read(&work.join("a.txt")), RAW);
    galley()
        .current_dir(&work)
        .args([
            "apply",
            "a.txt",
            "--edits",
            "evil.jsonl",
            "--allow-unhashed",
        ])
        .assert()
        .success()
        .stdout(format!("owned {RAW}"));
}

#[test]
fn a_backup_is_never_replaced_nor_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let raw = "近年来,山西;好\n";
    write(&d.join("dump/a.txt"), raw);
    galley()
        .current_dir(d)
        .args(["clean", "dump", "--in-place", "--backup", ".orig"])
        .args(["--select", "punct.comma"])
        .assert()
        .success();
    assert_eq!(read(&d.join("dump/a.txt.orig")), raw);
    let once = read(&d.join("dump/a.txt"));
    assert_eq!(once, "近年来，山西;好\n");
    // A second run with another rule: the backup holds the original, so it is not replaced.
    galley()
        .current_dir(d)
        .args(["clean", "dump", "--in-place", "--backup", ".orig"])
        .assert()
        .code(2)
        .stderr(contains("never replaces a backup"));
    assert_eq!(read(&d.join("dump/a.txt.orig")), raw);
    assert_eq!(read(&d.join("dump/a.txt")), once);
    // Another suffix: the old backups are no inputs of the walk.
    galley()
        .current_dir(d)
        .args(["clean", "dump", "--in-place", "--backup", ".bak"])
        .assert()
        .success()
        .stderr(contains("1 backup file(s) left out"));
    assert_eq!(read(&d.join("dump/a.txt.orig")), raw);
    assert!(!d.join("dump/a.txt.orig.bak").exists());
    assert_eq!(read(&d.join("dump/a.txt.bak")), once);
    assert_eq!(read(&d.join("dump/a.txt")), "近年来，山西；好\n");
    assert_eq!(temporaries(d), Vec::<PathBuf>::new());
}

#[cfg(unix)]
#[test]
fn rewritten_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for m in [0o600, 0o444, 0o640] {
        let page = d.join(format!("p{m:o}.txt"));
        write(&page, RAW);
        fs::set_permissions(&page, fs::Permissions::from_mode(m)).unwrap();
        galley()
            .arg("clean")
            .arg(&page)
            .arg("--in-place")
            .assert()
            .success();
        assert_eq!((mode(&page), read(&page)), (m, CLEAN.to_string()));
        // A copy under -o is as private as its input.
        galley()
            .current_dir(d)
            .arg("clean")
            .arg(page.file_name().unwrap())
            .args(["-o", "out/"])
            .assert()
            .success();
        assert_eq!(mode(&d.join("out").join(page.file_name().unwrap())), m);
    }
    let page = d.join("q.txt");
    write(&page, RAW);
    fs::set_permissions(&page, fs::Permissions::from_mode(0o600)).unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "q.txt", "--check", "--report", "r.jsonl"])
        .assert()
        .code(1);
    galley()
        .current_dir(d)
        .args(["apply", "q.txt", "--edits", "r.jsonl", "--in-place"])
        .assert()
        .success();
    assert_eq!((mode(&page), read(&page)), (0o600, CLEAN.to_string()));
}

#[test]
fn json_lines_keep_every_other_byte() {
    let line = r#"{"id":12345678901234567890123,"f":1.10,"s":"\u00e9\/","d":1,"d":2,"text":"近年来,山西"}"#;
    let want = r#"{"id":12345678901234567890123,"f":1.10,"s":"\u00e9\/","d":1,"d":2,"text":"近年来，山西"}"#;
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin(format!("{line}\n{line}\r\n"))
        .assert()
        .success()
        .stdout(format!("{want}\n{want}\r\n"));
    // A field given twice is ambiguous: which one would be cleaned is a guess.
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin("{\"text\":\"a,b\",\"text\":\"c\"}\n")
        .assert()
        .code(2)
        .stderr(contains("-:1: field `text` appears more than once"));
}

#[test]
fn the_edits_never_replace_a_field() {
    galley()
        .args(["clean", "--jsonl", "--edits-field", "text"])
        .write_stdin("{\"text\":\"近年来,山西\"}\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--edits-field text is the field being cleaned"));
    galley()
        .args(["clean", "--jsonl", "--edits-field", "id"])
        .write_stdin("{\"id\":7,\"text\":\"近年来,山西\"}\n")
        .assert()
        .code(2)
        .stderr(contains("-:1: the record already has a field `id`"));
}

#[test]
fn apply_of_every_edit_is_clean_for_a_bom_and_utf16_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "\n近年来,山西省气象局。\n\n组版:闫广明 责编:冯海砚\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let files: [(&str, Vec<u8>); 3] = [
        (
            "bom.txt",
            [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        ),
        (
            "twobom.txt",
            [&[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        ),
        ("utf16.txt", utf16),
    ];
    for (name, bytes) in files {
        fs::write(d.join(name), bytes).unwrap();
        let clean = galley()
            .current_dir(d)
            .args(["clean", name])
            .output()
            .unwrap();
        assert!(clean.status.success());
        galley()
            .current_dir(d)
            .args(["clean", name, "--check", "--report", "r.jsonl"])
            .assert()
            .code(1);
        galley()
            .current_dir(d)
            .args(["apply", name, "--edits", "r.jsonl"])
            .assert()
            .success()
            .stdout(String::from_utf8(clean.stdout).unwrap());
    }
}

#[test]
fn a_field_and_a_file_lose_trailing_blank_lines_alike() {
    let page = "乘客须提前安排外出。\n\n";
    galley()
        .arg("clean")
        .write_stdin(page)
        .assert()
        .success()
        .stdout("乘客须提前安排外出。\n");
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin(
            "{\"text\":\"乘客须提前安排外出。\\n\\n\"}\n{\"text\":\"乘客须提前安排外出。\"}\n",
        )
        .assert()
        .success()
        .stdout("{\"text\":\"乘客须提前安排外出。\\n\"}\n{\"text\":\"乘客须提前安排外出。\"}\n");
}

#[test]
fn a_page_that_reads_as_big5_and_gb18030_is_not_guessed() {
    // Traditional text: as Big5 it is this; as GB18030 it also decodes, to garbage.
    let page = "近年來，山西省氣象局堅持以新時代中國特色思想為指導，推動精神文明建設。\n";
    let big5 = encoding_rs::BIG5.encode(page).0.into_owned();
    assert!(encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&big5)
        .is_some());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tw.txt");
    fs::write(&file, &big5).unwrap();
    galley()
        .arg("clean")
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("gb18030")
                .and(contains("Big5"))
                .and(contains("--encoding big5"))
                .and(contains("--region tw")),
        );
    for how in [["--region", "tw"], ["--encoding", "big5"]] {
        galley()
            .arg("clean")
            .arg(&file)
            .args(how)
            .assert()
            .success()
            .stdout(page);
    }
    // Simplified text in GBK still decodes on its own.
    let gbk = encoding_rs::GBK.encode(CLEAN).0.into_owned();
    fs::write(&file, gbk).unwrap();
    galley()
        .arg("clean")
        .arg(&file)
        .assert()
        .success()
        .stdout(CLEAN);
}

#[test]
fn errors_say_what_is_wrong_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // UTF-16 with a broken surrogate: named as UTF-16, not as "not UTF-8, try GB18030".
    fs::write(d.join("u16.txt"), [0xFF, 0xFE, b'a', 0, 0x00, 0xD8]).unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "u16.txt"])
        .assert()
        .code(2)
        .stderr(contains(
            "u16.txt: begins with a UTF-16LE byte-order mark but is not valid UTF-16LE",
        ));
    // A lone surrogate in a JSON line.
    galley()
        .args(["clean", "--jsonl"])
        .write_stdin("{\"text\":\"a\\ud800b\"}\n")
        .assert()
        .code(2)
        .stderr(contains("-:1: field `text` is not Unicode text"));
    // A full disk behind the report or standard output.
    if Path::new("/dev/full").exists() {
        write(&d.join("p.txt"), RAW);
        galley()
            .current_dir(d)
            .args(["clean", "p.txt", "--check", "--report", "/dev/full"])
            .assert()
            .code(2)
            .stderr(contains("cannot write the report /dev/full: No space left"));
        let full = fs::File::create("/dev/full").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("galley"))
            .current_dir(d)
            .args(["clean", "p.txt"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains("cannot write standard output: No space left"));
    }
    // -j is a count of threads, not of thousands.
    galley()
        .args(["clean", "-j", "100000"])
        .write_stdin(RAW)
        .assert()
        .code(2)
        .stderr(contains("not a thread count"));
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_cleaned() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xff\xfe page.txt");
    let page = dir.path().join(name);
    fs::write(&page, RAW).unwrap();
    galley()
        .arg("clean")
        .arg(&page)
        .assert()
        .success()
        .stdout(CLEAN);
    galley()
        .arg("clean")
        .arg(&page)
        .arg("--in-place")
        .assert()
        .success();
    assert_eq!(read(&page), CLEAN);
    // And found by a walk.
    fs::write(&page, RAW).unwrap();
    galley()
        .arg("clean")
        .arg(dir.path())
        .args(["-o"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    assert_eq!(read(&dir.path().join("out").join(name)), CLEAN);
}

#[test]
fn escape_sequences_in_the_input_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.txt");
    let raw = "近年来,山西\u{1b}[2J\u{1b}]0;owned\u{7}省气象局。\n";
    write(&page, raw);
    let out = galley()
        .arg("diff")
        .arg(&page)
        .args(["--color", "never"])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("\\u{1b}[2J"), "{diff}");
    assert!(
        !diff.contains('\u{1b}') && !diff.contains('\u{7}'),
        "{diff}"
    );
    // A file name, in a message on stderr.
    let named = dir.path().join("a\u{1b}[2Jb.txt");
    let out = galley().arg("clean").arg(&named).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("a\\u{1b}[2Jb.txt"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    // The review's questions.
    let out = galley()
        .arg("review")
        .arg(&page)
        .arg("--decisions")
        .arg(dir.path().join("d.jsonl"))
        .write_stdin("q\n")
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        !shown.contains('\u{1b}') && shown.contains("\\u{1b}"),
        "{shown}"
    );
}

#[test]
fn skip_bad_passes_a_line_that_is_not_utf8() {
    let mut input = b"{\"text\":\"a,b\"}\n".to_vec();
    input.extend_from_slice(b"\xff\xfe{\"text\":1}\n{\"text\":\"\xe5\xa5\xbd,\xe5\xa5\xbd\"}\n");
    let mut want = b"{\"text\":\"a,b\"}\n".to_vec();
    want.extend_from_slice(
        b"\xff\xfe{\"text\":1}\n{\"text\":\"\xe5\xa5\xbd\xef\xbc\x8c\xe5\xa5\xbd\"}\n",
    );
    galley()
        .args(["clean", "--jsonl", "--skip-bad"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(want);
}

#[test]
fn a_replacement_naming_a_missing_group_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mine.toml");
    fs::write(
        &pack,
        "[pack]\nname = \"mine\"\n\n[[rule]]\nid = \"mine.swap\"\nkind = \"regex\"\nlevel = \"safe\"\n\
         description = \"d\"\npattern = '(甲)(乙)'\nreplace = '$2${nope}'\nexamples = []\n",
    )
    .unwrap();
    galley()
        .arg("clean")
        .arg("--rules")
        .arg(&pack)
        .write_stdin("甲乙\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("mine.toml:10: rule `mine.swap`: `replace` names").and(contains("`${nope}`")),
        );
}

#[test]
fn the_review_page_keeps_its_script_whole_and_its_size_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("p.txt"), "近年来,山西<!--<script>省\n");
    galley()
        .current_dir(d)
        .args(["clean", "p.txt", "--check", "--report", "r.html"])
        .assert()
        .code(1);
    let page = read(&d.join("r.html"));
    assert!(
        !page.contains("<!--<script>"),
        "the data cannot open a comment or a script"
    );
    assert!(page.contains("\\u003c!--\\u003cscript>"));
    // Past the bound it is refused before any work, and nothing is written.
    let big = d.join("big.txt");
    let f = fs::File::create(&big).unwrap();
    f.set_len(33 << 20).unwrap();
    galley()
        .current_dir(d)
        .args(["clean", "big.txt", "--check", "--report", "big.html"])
        .assert()
        .code(2)
        .stderr(contains("at most 32 MB"));
    assert!(!d.join("big.html").exists());
}

#[test]
fn a_report_to_a_closed_pipe_is_a_normal_end() {
    let dir = tempfile::tempdir().unwrap();
    let page: String = (0..3000).map(|i| format!("第{i}段,山西;好\n\n")).collect();
    write(&dir.path().join("p.txt"), &page);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("galley"))
        .current_dir(dir.path())
        .args(["clean", "p.txt", "-o", "out", "--report", "-"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("punct.comma"));
    // `head -1` has read its line and gone.
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

/// A batch of pages that differ from one another: the seed pages, numbered.
fn seed_batch(dir: &Path, copies: usize) -> Vec<(PathBuf, String)> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut pages = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for k in 0..copies {
        for seed in &names {
            let text = format!("第{k}号,第{}页\n\n{}", pages.len(), read(seed));
            let path = dir.join(format!("p{:03}.txt", pages.len()));
            write(&path, &text);
            pages.push((path, text));
        }
    }
    pages
}

/// Killed with SIGKILL anywhere in an `--in-place --backup` batch, every input is its original
/// or its whole clean text, and every backup is its original. A run that ends leaves no
/// temporary file.
#[cfg(unix)]
#[test]
fn a_batch_killed_at_any_point_loses_nothing() {
    let run = |dir: &Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("galley"))
            .current_dir(dir)
            .args(["clean", "dump", "--in-place", "--backup", ".orig", "-q"])
            .spawn()
            .unwrap()
    };
    let backup = |path: &Path| PathBuf::from(format!("{}.orig", path.display()));
    // A whole run: what each page becomes, and how long that takes.
    let whole = tempfile::tempdir().unwrap();
    let pages = seed_batch(&whole.path().join("dump"), 8);
    let started = std::time::Instant::now();
    assert!(run(whole.path()).wait().unwrap().success());
    let took = started.elapsed();
    assert_eq!(temporaries(whole.path()), Vec::<PathBuf>::new());
    let clean: Vec<String> = pages.iter().map(|(p, _)| read(p)).collect();
    for ((path, original), clean) in pages.iter().zip(&clean) {
        assert_eq!(&read(&backup(path)), original);
        assert_ne!(original, clean);
    }
    // Points to kill at, spread over a run's length, different on every run of the test.
    let mut x = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    for _ in 0..5 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = took.mul_f64((x >> 33) as f64 / (1u64 << 31) as f64);
        let dir = tempfile::tempdir().unwrap();
        let pages = seed_batch(&dir.path().join("dump"), 8);
        let mut child = run(dir.path());
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        for ((path, original), clean) in pages.iter().zip(&clean) {
            let now = read(path);
            assert!(
                &now == original || &now == clean,
                "{} after a kill at {at:?} is neither its original nor its clean text",
                path.display()
            );
            match fs::read_to_string(backup(path)) {
                Ok(kept) => assert_eq!(&kept, original, "kill at {at:?}"),
                Err(_) => assert_eq!(&now, original, "rewritten without a backup, kill at {at:?}"),
            }
        }
    }
}
