//! OpenCC's own conversion test cases (tests/data/opencc, Apache-2.0) through galley's `convert`
//! rule kind. Every case passes except those listed, with the reason, in
//! tests/data/opencc/known-failures.tsv: configurations ferrous-opencc lacks (`s2hkp`, `hk2sp`)
//! and entries newer upstream OpenCC dictionaries have and ferrous-opencc 0.4's do not. The list
//! is exact both ways: a new failure fails the test, and so does a listed case that now passes.

use galley::Pack;
use std::collections::BTreeMap;

/// Cases known to fail: (case id, config, reason).
fn known() -> Vec<(String, String, String)> {
    include_str!("data/opencc/known-failures.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn cases() -> Vec<(String, String, String, String)> {
    let raw = include_str!("data/opencc/testcases.json");
    // Upstream has one trailing comma, which strict JSON refuses.
    let strict = regex::Regex::new(r",(\s*[}\]])")
        .unwrap()
        .replace_all(raw, "$1");
    let json: serde_json::Value = serde_json::from_str(&strict).unwrap();
    let mut out = Vec::new();
    for case in json["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        for (config, expected) in case["expected"].as_object().unwrap() {
            out.push((
                id.to_string(),
                config.clone(),
                input.to_string(),
                expected.as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn converter(config: &str) -> Option<Pack> {
    let text = format!(
        "[pack]\nname = \"t\"\n[[rule]]\nid = \"t.{config}\"\nkind = \"convert\"\nlevel = \"safe\"\ndescription = \"d\"\nconfig = \"{config}\"\n"
    );
    Pack::parse_unchecked(&text, "test").ok()
}

#[test]
fn opencc_test_cases_pass() {
    let cases = cases();
    assert_eq!(cases.len(), 543);
    let mut packs: BTreeMap<String, Option<Pack>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (id, config, input, expected) in &cases {
        let pack = packs
            .entry(config.clone())
            .or_insert_with(|| converter(config));
        let got = match pack {
            Some(p) => p.rules[0].apply_alone(input),
            None => "(config not available)".to_string(),
        };
        if &got != expected {
            failures.push((
                id.clone(),
                config.clone(),
                input.clone(),
                expected.clone(),
                got,
            ));
        }
    }
    let known = known();
    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(id, config, ..)| !known.iter().any(|(k, c, _)| k == id && c == config))
        .collect();
    for f in &unexpected {
        eprintln!("{f:?}");
    }
    assert!(
        unexpected.is_empty(),
        "{} unexpected failures of {}",
        unexpected.len(),
        cases.len()
    );
    let fixed: Vec<_> = known
        .iter()
        .filter(|(k, c, _)| {
            !failures
                .iter()
                .any(|(id, config, ..)| id == k && config == c)
        })
        .collect();
    assert!(fixed.is_empty(), "known failures that now pass: {fixed:?}");
    let passed = cases.len() - failures.len();
    eprintln!(
        "OpenCC cases: {passed} of {} pass; {} known failures",
        cases.len(),
        failures.len()
    );
}

/// `--convert` works with any profile, and replaces a profile's own conversion.
#[test]
fn a_conversion_said_runs_in_any_profile() {
    let clean = |profile: Option<&str>, config: &str, text: &str| {
        galley::Engine::builder()
            .profile(profile)
            .convert(config)
            .build()
            .unwrap()
            .clean(text)
            .text
    };
    // The default profile has no conversion pack; the punctuation rules still run after it.
    assert_eq!(
        clean(Some("newspaper-zh"), "s2tw", "台湾,开放。\n"),
        "臺灣，開放。\n"
    );
    assert_eq!(clean(Some("newspaper-zh"), "s2twp", "软件\n"), "軟體\n");
    assert_eq!(clean(None, "t2s", "開放\n"), "开放\n");
    // `to-simplified` converts to Simplified; said otherwise, it converts only as said.
    assert_eq!(clean(Some("to-simplified"), "s2t", "开放\n"), "開放\n");
    let unknown = galley::Engine::builder()
        .convert("x2y")
        .build()
        .unwrap_err();
    assert!(unknown
        .to_string()
        .contains("unknown OpenCC conversion `x2y`"));
    assert_cmd::Command::cargo_bin("galley")
        .unwrap()
        .args(["clean", "--convert", "s2hk", "-"])
        .write_stdin("学校\n")
        .assert()
        .success()
        .stdout("學校\n");
}
