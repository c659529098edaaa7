//! Every entry of every mapping table in the built-in packs does what it says, in the context its
//! rule asks for.

use galley::pack::builtin;
use std::collections::BTreeMap;

#[test]
fn every_char_map_entry_maps() {
    let mut checked = 0;
    for (name, text) in builtin::PACKS {
        let doc: toml::Table = toml::from_str(text).unwrap();
        let pack = builtin::pack(name).unwrap().unwrap();
        for raw in doc
            .get("rule")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            if raw.get("kind").and_then(|k| k.as_str()) != Some("char_map") {
                continue;
            }
            let id = raw["id"].as_str().unwrap();
            let chinese = raw.get("context").and_then(|c| c.as_str()) == Some("chinese");
            let rule = pack.rules.iter().find(|r| r.info.id == id).unwrap();
            let map: BTreeMap<String, String> = match raw.get("map") {
                Some(m) => m.clone().try_into().unwrap(),
                None => BTreeMap::new(),
            };
            for (from, to) in &map {
                let (input, want) = if chinese {
                    (format!("中{from}文"), format!("中{to}文"))
                } else {
                    (from.clone(), to.clone())
                };
                assert_eq!(rule.apply_alone(&input), want, "{id}: {from:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1300, "{checked} entries");
}
