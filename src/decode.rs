//! Turning input bytes into text: UTF-8 when it is UTF-8, a BOM when there is one, otherwise a
//! detected legacy Chinese encoding (GB18030/GBK, Big5), decoded strictly.

use crate::error::{Error, Result};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8};
use std::path::Path;

/// Where the text comes from, which decides the detector's first guess for ambiguous bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    /// Not stated. Ties go to GB18030/GBK, but bytes that decode as both GB18030 and Big5 while
    /// the detector's guess changes with the region are refused ([`Error::AmbiguousEncoding`]):
    /// read as the wrong one, a page turns into fluent-looking garbage.
    #[default]
    Unknown,
    /// Mainland China: GB18030/GBK first.
    Cn,
    /// Taiwan: Big5 first.
    Tw,
    /// Hong Kong: Big5 first.
    Hk,
}

/// How to decode input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// UTF-8 if the bytes are UTF-8 (or carry a BOM), else detect among GB18030, GBK and Big5.
    #[default]
    Auto,
    /// Exactly this encoding, strictly.
    Fixed(&'static Encoding),
}

impl EncodingChoice {
    /// Parses `auto` or an encoding label (`utf-8`, `gb18030`, `gbk`, `big5`, …).
    pub fn parse(label: &str) -> Option<EncodingChoice> {
        if label.eq_ignore_ascii_case("auto") {
            return Some(EncodingChoice::Auto);
        }
        Encoding::for_label(label.as_bytes()).map(EncodingChoice::Fixed)
    }
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name (`UTF-8`, `gb18030`, `GBK`, `Big5`, …).
    pub encoding: &'static str,
    /// `"bom"`, `"utf-8"` (valid UTF-8), `"given"` (`--encoding`), `"high"` (the detector's guess
    /// decoded cleanly, with or without the region hint) or `"low"` (the guess failed, another
    /// candidate decoded cleanly).
    pub confidence: &'static str,
}

impl Decoded {
    /// Whether the text was read as plain UTF-8, without a BOM: a report about any other text
    /// must say how it was decoded, so that `galley apply` reads the same text again.
    pub fn is_plain_utf8(&self) -> bool {
        self.confidence == "utf-8"
    }
}

/// How to decode a file again as a report says it was: an encoding that was given or detected
/// is used as it is; a BOM, plain UTF-8, or no word at all is what [`EncodingChoice::Auto`]
/// finds again from the bytes themselves.
pub fn choice_for_report(
    encoding: Option<&str>,
    confidence: Option<&str>,
) -> std::result::Result<EncodingChoice, String> {
    match (encoding, confidence) {
        (Some(label), Some("given" | "high" | "low" | "region")) => EncodingChoice::parse(label)
            .ok_or_else(|| format!("unknown encoding `{label}` in the report")),
        _ => Ok(EncodingChoice::Auto),
    }
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
}

/// Decodes `bytes` read from `path` (named in errors). A report that must tie its edits to these
/// bytes hashes them first ([`crate::report::jsonl::sha256_hex`]); most runs need no hash.
///
/// ```
/// use galley::decode::{decode, EncodingChoice, Region};
/// use std::path::Path;
///
/// // 近年来，山西 in GB18030, as a mainland archive may hold it.
/// let (bytes, _, _) = encoding_rs::GB18030.encode("近年来，山西省气象局坚持党建引领。");
/// let page = decode(bytes.into_owned(), Path::new("page.txt"), EncodingChoice::Auto, Region::Cn)?;
/// assert_eq!(page.text, "近年来，山西省气象局坚持党建引领。");
/// assert_eq!(page.encoding, "gb18030");
/// assert!(!page.is_plain_utf8());
/// // Bytes that decode as nothing are an error naming the file.
/// let bad = decode(vec![b'a', 0xff, 0xff, 0xff], Path::new("bad.txt"), EncodingChoice::Auto, Region::Unknown);
/// assert!(bad.unwrap_err().to_string().starts_with("bad.txt"));
/// # Ok::<(), galley::Error>(())
/// ```
pub fn decode(
    bytes: Vec<u8>,
    path: &Path,
    choice: EncodingChoice,
    region: Region,
) -> Result<Decoded> {
    decode_bytes(bytes, path, choice, region).map(|(text, encoding, confidence)| Decoded {
        text,
        encoding,
        confidence,
    })
}

/// The text, the encoding's name and the confidence (see [`Decoded`]).
fn decode_bytes(
    bytes: Vec<u8>,
    path: &Path,
    choice: EncodingChoice,
    region: Region,
) -> Result<(String, &'static str, &'static str)> {
    if let EncodingChoice::Fixed(enc) = choice {
        if enc == UTF_8 {
            return decode_utf8(bytes, path).map(|text| (text, "UTF-8", "given"));
        }
        return strict(enc, &bytes)
            .map(|text| (text, enc.name(), "given"))
            .ok_or_else(|| Error::Undecodable {
                path: path.to_path_buf(),
                tried: enc.name().to_string(),
            });
    }
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        let text = strict(enc, &bytes[bom..]).ok_or_else(|| Error::BadBytes {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset: bom + first_bad(enc, &bytes[bom..]),
        })?;
        return Ok((text, enc.name(), "bom"));
    }
    if let Ok(text) = utf8(&bytes) {
        return Ok((text, "UTF-8", "utf-8"));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let candidates = legacy_candidates(&detector, region);
    for &(enc, confidence) in &candidates.list {
        if let Some(text) = strict(enc, &bytes) {
            if let Some(rival) = candidates.rival.filter(|&r| r != enc) {
                if strict(rival, &bytes).is_some() {
                    return Err(ambiguous(path, enc, rival));
                }
            }
            return Ok((text, enc.name(), confidence));
        }
    }
    Err(undecodable(path))
}

/// The error for bytes that read as both `a` and `b`.
pub(crate) fn ambiguous(path: &Path, a: &'static Encoding, b: &'static Encoding) -> Error {
    Error::AmbiguousEncoding {
        path: path.to_path_buf(),
        first: a.name(),
        second: b.name(),
    }
}

/// About where the first byte that `enc` cannot decode is in `bytes` (0 if all decode).
pub(crate) fn first_bad(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    match decoder.decode_to_string_without_replacement(bytes, &mut out, true) {
        (encoding_rs::DecoderResult::Malformed(bad, _), read) => read - usize::from(bad),
        _ => 0,
    }
}

/// The error for bytes that are neither UTF-8 nor any legacy candidate.
pub(crate) fn undecodable(path: &Path) -> Error {
    Error::Undecodable {
        path: path.to_path_buf(),
        tried: "UTF-8, gb18030, Big5".to_string(),
    }
}

/// The legacy encodings to try for bytes that are not UTF-8.
pub(crate) struct Candidates {
    /// In order, with the confidence each would be reported with.
    pub(crate) list: Vec<(&'static Encoding, &'static str)>,
    /// With no region stated, the detector's guess without a region when it differs from its
    /// guess with the mainland's: if the bytes decode in both, the region decides, and nobody
    /// said it.
    pub(crate) rival: Option<&'static Encoding>,
}

/// The legacy encodings to try, in order, for bytes that are not UTF-8, with the confidence each
/// would be reported with: the detector's guess (`high` when the region hint did not change it),
/// then GB18030 and Big5 in the region's order.
pub(crate) fn legacy_candidates(detector: &EncodingDetector, region: Region) -> Candidates {
    let tld: &[u8] = match region {
        Region::Unknown | Region::Cn => b"cn",
        Region::Tw => b"tw",
        Region::Hk => b"hk",
    };
    let hinted = detector.guess(Some(tld), Utf8Detection::Deny);
    let plain = detector.guess(None, Utf8Detection::Deny);
    let preferred: [&'static Encoding; 2] = match region {
        Region::Unknown | Region::Cn => [GB18030, BIG5],
        Region::Tw | Region::Hk => [BIG5, GB18030],
    };
    let legacy = |e| if e == GBK { GB18030 } else { e };
    let guess = legacy(hinted);
    let mut out = Vec::new();
    let guessed = [GB18030, BIG5].contains(&guess);
    if guessed {
        out.push((guess, if hinted == plain { "high" } else { "low" }));
    }
    out.extend(
        preferred
            .into_iter()
            .filter(|&e| !(guessed && e == guess))
            .map(|e| (e, "low")),
    );
    let plain = legacy(plain);
    let rival = (region == Region::Unknown
        && plain != guess
        && [GB18030, BIG5].contains(&plain)
        && [GB18030, BIG5].contains(&guess))
    .then_some(plain);
    Candidates { list: out, rival }
}

/// Decodes UTF-8 input; anything else is an error naming `path`.
pub fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    utf8(&bytes).map_err(|offset| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset,
    })
}

/// `bytes` as text when they are UTF-8, else the offset of the first byte that is not.
///
/// Checked with `simdutf8`: the standard library's check reads Chinese text a character at a
/// time (about 1.2 ms a megabyte here), and a batch run checks every file twice (once to learn
/// page furniture, once to clean). Copying the checked bytes costs a tenth of that and needs no
/// `unsafe`.
pub(crate) fn utf8(bytes: &[u8]) -> std::result::Result<String, usize> {
    simdutf8::compat::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| e.valid_up_to())
}

/// Reads a UTF-8 text file.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_utf8(bytes, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(bytes: &[u8], region: Region) -> Result<Decoded> {
        decode(bytes.to_vec(), Path::new("t"), EncodingChoice::Auto, region)
    }

    #[test]
    fn utf8_bom_and_legacy_encodings() {
        let text = "近年来，山西省气象局坚持以习近平新时代中国特色社会主义思想为指导。";
        assert_eq!(auto(text.as_bytes(), Region::Cn).unwrap().encoding, "UTF-8");
        let gbk = GBK.encode(text).0;
        let d = auto(&gbk, Region::Cn).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "gb18030"));
        let trad = "近年來，山西省氣象局堅持以新時代中國特色思想為指導，推動精神文明建設。";
        let big5 = BIG5.encode(trad).0;
        let d = auto(&big5, Region::Tw).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (trad, "Big5"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(auto(&bom, Region::Cn).unwrap().confidence, "bom");
    }

    proptest::proptest! {
        /// The fast check agrees with the standard library's on text, on where it first fails,
        /// and on a multi-byte character cut short at the end.
        #[test]
        fn utf8_agrees_with_std(
            text in "[a近\u{3000}\u{1F600}]{0,80}",
            noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4),
            at in 0usize..100,
        ) {
            let mut bytes = text.into_bytes();
            let at = at.min(bytes.len());
            bytes.splice(at..at, noise);
            let std = String::from_utf8(bytes.clone()).map_err(|e| e.utf8_error().valid_up_to());
            proptest::prop_assert_eq!(utf8(&bytes), std);
        }
    }

    #[test]
    fn bytes_no_candidate_decodes_are_an_error() {
        let e = auto(&[0xFF, 0xFF, 0xFF, 0x80], Region::Cn).unwrap_err();
        assert!(e.to_string().contains("could not be decoded"), "{e}");
        let fixed = decode(
            vec![0xC9, 0xBD, 0xCE, 0xF7],
            Path::new("t"),
            EncodingChoice::parse("utf-8").unwrap(),
            Region::Cn,
        );
        assert!(fixed.is_err(), "{fixed:?}");
    }
}
