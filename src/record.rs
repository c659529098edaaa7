//! JSON-lines records: one string field of a record is cleaned and every other byte of the line
//! is kept as it came.
//!
//! A pipeline's records carry fields galley knows nothing of: a 23-digit id that a float would
//! round, `1.10` that a number type would print as `1.1`, escapes such as `\/` that a serializer
//! would drop, a key given twice. Parsing the record into values and printing them again changes
//! all of these, so the record is only scanned: the cleaned field's value is spliced into the
//! line in its place, and the edits (if asked for) are added before the closing brace.
//!
//! ```
//! use galley::record::Record;
//!
//! let line = r#"{"id":12345678901234567890123,"text":"近年来,山西","f":1.10}"#;
//! let record = Record::parse(line, "text")?;
//! assert_eq!(record.text(), "近年来,山西");
//! assert_eq!(
//!     record.with_text("近年来，山西", None)?,
//!     r#"{"id":12345678901234567890123,"text":"近年来，山西","f":1.10}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::ops::Range;

/// Why a line is not a record with the field to clean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Not JSON at all (the parser's words, with the column).
    #[error("not valid JSON ({0})")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("not a JSON object")]
    NotObject,
    /// The object has no such field.
    #[error("no field `{0}`")]
    NoField(String),
    /// The field is there but holds no string.
    #[error("field `{0}` is not a string")]
    NotString(String),
    /// The field's string is not Unicode text (a lone surrogate escape such as `\ud800`).
    #[error("field `{field}` is not Unicode text: it holds a surrogate escape (`\\ud800` to `\\udfff`) without its pair ({reason})")]
    NotUnicode {
        /// The field.
        field: String,
        /// The parser's words.
        reason: String,
    },
    /// The field is given twice, so which one to clean is a guess.
    #[error("field `{0}` appears more than once")]
    DuplicateField(String),
    /// The field that was to receive the edits is there already.
    #[error("the record already has a field `{0}`; choose another name for the edits")]
    FieldTaken(String),
}

/// The top-level keys of an object and the raw text of each value, in order, duplicates kept.
struct Pairs<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Pairs<'de>, M::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, &'de RawValue>()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(PairsVisitor)
    }
}

/// One JSON line with its field to clean located in it.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    line: &'a str,
    keys: Vec<String>,
    /// Where the field's value (with its quotes) stands in the line.
    value: Range<usize>,
    text: String,
    /// Where the object's closing brace stands.
    close: usize,
}

impl<'a> Record<'a> {
    /// Finds the string field `field` in `line`, a JSON object.
    pub fn parse(line: &'a str, field: &str) -> Result<Record<'a>, RecordError> {
        let pairs = match serde_json::from_str::<Pairs<'a>>(line) {
            Ok(p) => p.0,
            Err(e) if e.classify() == serde_json::error::Category::Data => {
                return Err(RecordError::NotObject)
            }
            Err(e) => return Err(RecordError::NotJson(e.to_string())),
        };
        let mut found = pairs.iter().filter(|(k, _)| k == field).map(|(_, v)| *v);
        let raw = found
            .next()
            .ok_or_else(|| RecordError::NoField(field.to_string()))?;
        if found.next().is_some() {
            return Err(RecordError::DuplicateField(field.to_string()));
        }
        if !raw.get().starts_with('"') {
            return Err(RecordError::NotString(field.to_string()));
        }
        let text =
            serde_json::from_str::<String>(raw.get()).map_err(|e| RecordError::NotUnicode {
                field: field.to_string(),
                reason: e.to_string(),
            })?;
        // The raw value borrows from the line: its place is its distance from the line's start.
        let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
        let close = line.trim_end().len() - 1;
        Ok(Record {
            line,
            keys: pairs.into_iter().map(|(k, _)| k).collect(),
            value: start..start + raw.get().len(),
            text,
            close,
        })
    }

    /// The field's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the field's value, quotes included, stands in the line (byte offsets).
    pub fn span(&self) -> Range<usize> {
        self.value.clone()
    }

    /// The line with the field's value replaced by `clean` (the line itself, byte for byte,
    /// when `clean` is the field's text) and, with `extra`, one more field `(name, raw JSON)`
    /// added last.
    pub fn with_text(
        &self,
        clean: &str,
        extra: Option<(&str, &str)>,
    ) -> Result<String, RecordError> {
        let value = if clean == self.text {
            self.line[self.value.clone()].to_string()
        } else {
            serde_json::to_string(clean).expect("a string serializes")
        };
        let mut out = String::with_capacity(self.line.len() + value.len());
        out.push_str(&self.line[..self.value.start]);
        out.push_str(&value);
        match extra {
            None => out.push_str(&self.line[self.value.end..]),
            Some((name, json)) => {
                if self.keys.iter().any(|k| k == name) {
                    return Err(RecordError::FieldTaken(name.to_string()));
                }
                out.push_str(&self.line[self.value.end..self.close]);
                out.push(',');
                out.push_str(&serde_json::to_string(name).expect("a string serializes"));
                out.push(':');
                out.push_str(json);
                out.push_str(&self.line[self.close..]);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_fields_keep_their_bytes() {
        let line = r#" {"n":12345678901234567890123, "f":1.10,"s":"\u00e9\/","d":1,"d":2,"text":"近年来,山西"} "#;
        let r = Record::parse(line, "text").unwrap();
        assert_eq!(
            r.with_text("近年来，山西", Some(("edits", "[]"))).unwrap(),
            r#" {"n":12345678901234567890123, "f":1.10,"s":"\u00e9\/","d":1,"d":2,"text":"近年来，山西","edits":[]} "#
        );
        // Unchanged text: the line as it came, escapes and all.
        let escaped = r#"{"text":"\u8fd1\u5e74"}"#;
        let r = Record::parse(escaped, "text").unwrap();
        assert_eq!(r.text(), "近年");
        assert_eq!(r.with_text("近年", None).unwrap(), escaped);
    }

    #[test]
    fn each_way_a_line_is_not_a_record_is_named() {
        let err = |line: &str| Record::parse(line, "text").unwrap_err();
        assert!(matches!(err("{\"text\":"), RecordError::NotJson(_)));
        assert_eq!(err("[1]"), RecordError::NotObject);
        assert_eq!(err("{\"t\":\"a\"}"), RecordError::NoField("text".into()));
        assert_eq!(err("{\"text\":1}"), RecordError::NotString("text".into()));
        assert_eq!(
            err("{\"text\":\"a\",\"text\":\"b\"}"),
            RecordError::DuplicateField("text".into())
        );
        let e = err(r#"{"text":"a\ud800b"}"#);
        assert!(matches!(e, RecordError::NotUnicode { .. }), "{e:?}");
        assert!(e.to_string().contains("without its pair"), "{e}");
        let r = Record::parse(r#"{"text":"a","edits":0}"#, "text").unwrap();
        assert_eq!(
            r.with_text("b", Some(("edits", "[]"))),
            Err(RecordError::FieldTaken("edits".into()))
        );
    }
}
