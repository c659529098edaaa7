//! The built-in packs and profiles, compiled into the binary so the default needs no files.

use super::Pack;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Built-in pack files: (name, TOML text).
pub const PACKS: &[(&str, &str)] = &[
    (
        "unicode-tables",
        include_str!("../../rules/unicode-tables.toml"),
    ),
    ("unicode", include_str!("../../rules/unicode.toml")),
    ("layout", include_str!("../../rules/layout.toml")),
    ("furniture", include_str!("../../rules/furniture.toml")),
    ("punctuation", include_str!("../../rules/punctuation.toml")),
    ("paragraphs", include_str!("../../rules/paragraphs.toml")),
    ("opencc", include_str!("../../rules/opencc.toml")),
];

const PROFILES: &str = include_str!("../../rules/profiles.toml");

/// A named list of packs, in the order their rules run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// What the profile is for.
    pub description: String,
    /// Pack names, in order.
    pub packs: Vec<String>,
    /// Rules that are off by default but on in this profile.
    #[serde(default)]
    pub enable: Vec<String>,
}

#[derive(Deserialize)]
struct Profiles {
    profile: BTreeMap<String, Profile>,
}

/// The built-in profiles by name.
pub fn profiles() -> BTreeMap<String, Profile> {
    toml::from_str::<Profiles>(PROFILES)
        .expect("rules/profiles.toml is valid (checked by tests)")
        .profile
}

/// Looks up a built-in profile.
pub fn profile(name: &str) -> Result<Profile> {
    let all = profiles();
    all.get(name).cloned().ok_or_else(|| Error::UnknownProfile {
        name: name.to_string(),
        known: all.keys().cloned().collect::<Vec<_>>().join(", "),
    })
}

/// Loads a built-in pack by name.
///
/// Its examples are not run here, as a user's pack's are: a built-in pack is part of the binary,
/// and its examples were checked when the binary was tested (`cargo test`, `galley rules test`).
/// Running them at every start took most of a short run's time and memory, for the word list and
/// the GBK table that a few examples need.
pub fn pack(name: &str) -> Option<Result<Pack>> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Pack::parse_unchecked(text, &format!("builtin:{n}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pack_loads_and_profiles_name_real_packs() {
        for (name, _) in PACKS {
            let p = pack(name).unwrap().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&p.name, name);
            for rule in &p.rules {
                let failures = rule.check_examples();
                assert!(failures.is_empty(), "{}: {failures:?}", rule.info.id);
            }
        }
        for (name, prof) in profiles() {
            for p in &prof.packs {
                assert!(pack(p).is_some(), "profile {name} names unknown pack {p}");
            }
        }
        assert!(profiles().contains_key("newspaper-zh"));
    }
}
