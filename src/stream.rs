//! Large inputs in bounded memory: the encoding sniffed from a byte stream, and the text read
//! back a run of whole pages at a time.
//!
//! [`crate::Engine::clean`] lets every rule see one form-feed separated page at a time, so a text
//! cut after any form feed and cleaned a run of pages at a time comes out exactly as the whole
//! text cleaned at once. [`sniff`] decides the encoding as [`crate::decode::decode`] would for
//! the whole input, reading it (more than once when it is not UTF-8) without holding it;
//! [`PageRuns`] then decodes it strictly and hands out runs of pages.
//!
//! ```
//! use galley::decode::{EncodingChoice, Region};
//! use galley::stream::{sniff, PageRuns};
//! use std::path::Path;
//!
//! let bytes = "第一版。\n\u{c}第二版。\n\u{c}第三版。\n".as_bytes();
//! let sniffed = sniff(|| Ok(bytes), Path::new("dump.txt"), EncodingChoice::Auto, Region::Cn)?;
//! assert_eq!(sniffed.encoding.name(), "UTF-8");
//! let runs: Vec<String> = PageRuns::new(bytes, &sniffed, Path::new("dump.txt"), 8)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(runs, ["第一版。\n\u{c}", "第二版。\n\u{c}", "第三版。\n"]);
//! # Ok::<(), galley::Error>(())
//! ```

use crate::decode::{ambiguous, legacy_candidates, undecodable, EncodingChoice, Region};
use crate::error::{Error, Result};
use crate::text::position::first_bytes;
use chardetng::{EncodingDetector, Iso2022JpDetection};
use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// How many bytes are read at a time.
const READ_SIZE: usize = 1 << 20;

/// How an input is to be decoded, and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark to skip.
    pub bom: usize,
    /// As [`crate::decode::Decoded::confidence`].
    pub confidence: &'static str,
    /// SHA-256 of all the input's bytes.
    pub sha256: String,
}

/// One read into `buf` (0 at the end), retried when interrupted.
fn read_some(reader: &mut impl Read, buf: &mut [u8], path: &Path) -> Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            read => {
                return read.map_err(|source| Error::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
    }
}

/// Reads all of `reader` in pieces, handing each to `each`.
fn each_piece(mut reader: impl Read, path: &Path, mut each: impl FnMut(&[u8])) -> Result<()> {
    let mut buf = vec![0; READ_SIZE];
    loop {
        match read_some(&mut reader, &mut buf, path)? {
            0 => return Ok(()),
            n => each(&buf[..n]),
        }
    }
}

/// Whether all of `reader` decodes strictly as `encoding` (after `bom` bytes); if not, the
/// byte offset of the first bad byte. The text is decoded a piece at a time and dropped.
fn decodes(
    reader: impl Read,
    path: &Path,
    encoding: &'static Encoding,
    bom: usize,
) -> Result<Option<usize>> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let (mut out, mut skip, mut read, mut bad) = (String::new(), bom, 0usize, None);
    let mut step = |decoder: &mut Decoder, src: &[u8], base: usize, last: bool| {
        out.clear();
        out.reserve(
            decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(src.len() * 4 + 16),
        );
        match decoder.decode_to_string_without_replacement(src, &mut out, last) {
            (DecoderResult::Malformed(b, e), consumed) => {
                Some((base + consumed).saturating_sub(b as usize + e as usize))
            }
            _ => None,
        }
    };
    each_piece(reader, path, |piece| {
        if bad.is_none() {
            let s = skip.min(piece.len());
            skip -= s;
            bad = step(&mut decoder, &piece[s..], read + s, false);
        }
        read += piece.len();
    })?;
    Ok(bad.or_else(|| step(&mut decoder, &[], read, true)))
}

/// Decides how to decode an input as [`crate::decode::decode`] would decide for all its bytes
/// at once, reading it through `open` (called once more for each further pass: detecting a
/// legacy encoding needs all the bytes, then each candidate is checked in full).
pub fn sniff<R: Read>(
    open: impl Fn() -> std::io::Result<R>,
    path: &Path,
    choice: EncodingChoice,
    region: Region,
) -> Result<Sniffed> {
    let opened = || {
        open().map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    // First pass: the hash, a BOM, and whether the bytes are UTF-8.
    let mut hash = Sha256::new();
    let mut head: Vec<u8> = Vec::new();
    let mut utf8 = Utf8Check::default();
    each_piece(opened()?, path, |piece| {
        hash.update(piece);
        if head.len() < 4 {
            head.extend(&piece[..piece.len().min(4 - head.len())]);
        }
        utf8.feed(piece);
    })?;
    let sha256 = crate::report::jsonl::hex(&hash.finalize());
    let sniffed = |encoding, bom, confidence| Sniffed {
        encoding,
        bom,
        confidence,
        sha256: String::clone(&sha256),
    };
    if let EncodingChoice::Fixed(enc) = choice {
        return match decodes(opened()?, path, enc, 0)? {
            None => Ok(sniffed(enc, 0, "given")),
            Some(offset) if enc == UTF_8 => Err(Error::NotUtf8 {
                path: path.to_path_buf(),
                offset,
            }),
            Some(_) => Err(Error::Undecodable {
                path: path.to_path_buf(),
                tried: enc.name().to_string(),
            }),
        };
    }
    if let Some((enc, bom)) = Encoding::for_bom(&head) {
        return match decodes(opened()?, path, enc, bom)? {
            None => Ok(sniffed(enc, bom, "bom")),
            Some(offset) => Err(Error::BadBytes {
                path: path.to_path_buf(),
                encoding: enc.name(),
                offset,
            }),
        };
    }
    if utf8.finish() {
        return Ok(sniffed(UTF_8, 0, "utf-8"));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    each_piece(opened()?, path, |piece| {
        detector.feed(piece, false);
    })?;
    detector.feed(&[], true);
    let candidates = legacy_candidates(&detector, region);
    for &(enc, confidence) in &candidates.list {
        if decodes(opened()?, path, enc, 0)?.is_none() {
            if let Some(rival) = candidates.rival.filter(|&r| r != enc) {
                if decodes(opened()?, path, rival, 0)?.is_none() {
                    return Err(ambiguous(path, enc, rival));
                }
            }
            return Ok(sniffed(enc, 0, confidence));
        }
    }
    Err(undecodable(path))
}

/// UTF-8 validation across pieces: a sequence cut at a piece's end is finished by the next.
#[derive(Default)]
struct Utf8Check {
    carry: Vec<u8>,
    bad: bool,
}

impl Utf8Check {
    fn feed(&mut self, piece: &[u8]) {
        if self.bad {
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(piece);
        match simdutf8::compat::from_utf8(&bytes) {
            Ok(_) => {}
            // Cut short at the end: keep the unfinished sequence for the next piece.
            Err(e) if e.error_len().is_none() => self.carry = bytes[e.valid_up_to()..].to_vec(),
            Err(_) => self.bad = true,
        }
    }

    fn finish(self) -> bool {
        !self.bad && self.carry.is_empty()
    }
}

/// The decoded text of a byte stream, a run of whole pages at a time: each run ends just after a
/// form feed, and holds pages until it reaches the target size. A page longer than four times
/// the target comes in parts instead, each ending at a line break where there is one (a text
/// without form feeds is one such page); a run that neither ends with a form feed nor is the last
/// is such a part (see [`crate::long_page`]). Decoding is strict: a malformed byte ends the
/// iteration with an error giving its offset.
pub struct PageRuns<R> {
    reader: R,
    decoder: Decoder,
    path: std::path::PathBuf,
    target: usize,
    /// Bytes of BOM still to skip.
    skip: usize,
    /// Decoded text not handed out yet.
    pending: String,
    /// Bytes read so far (for error offsets).
    read: usize,
    /// How far `pending` has been searched for a form feed in vain.
    searched: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: Read> PageRuns<R> {
    /// Runs of at least `target` bytes of text (but for the last) from `reader`, decoded as
    /// `sniffed` says.
    pub fn new(reader: R, sniffed: &Sniffed, path: &Path, target: usize) -> PageRuns<R> {
        PageRuns::with_bom(reader, sniffed.encoding, sniffed.bom, path, target)
    }

    fn with_bom(
        reader: R,
        encoding: &'static Encoding,
        bom: usize,
        path: &Path,
        target: usize,
    ) -> PageRuns<R> {
        PageRuns {
            reader,
            decoder: encoding.new_decoder_without_bom_handling(),
            path: path.to_path_buf(),
            target: target.max(1),
            skip: bom,
            pending: String::new(),
            read: 0,
            searched: 0,
            buf: vec![0; READ_SIZE],
            done: false,
        }
    }

    /// Reads and decodes one more piece into `pending`; false at the end of the input.
    fn fill(&mut self) -> Result<bool> {
        let n = read_some(&mut self.reader, &mut self.buf, &self.path)?;
        let last = n == 0;
        let skip = self.skip.min(n);
        self.skip -= skip;
        let src = &self.buf[skip..n];
        let base = self.read + skip;
        self.read += n;
        let needed = self
            .decoder
            .max_utf8_buffer_length_without_replacement(src.len())
            .unwrap_or(src.len() * 4 + 16);
        self.pending.reserve(needed);
        let (result, consumed) =
            self.decoder
                .decode_to_string_without_replacement(src, &mut self.pending, last);
        match result {
            DecoderResult::InputEmpty => Ok(!last),
            DecoderResult::Malformed(bad, extra) => Err(Error::NotUtf8 {
                path: self.path.clone(),
                offset: (base + consumed).saturating_sub(bad as usize + extra as usize),
            }),
            DecoderResult::OutputFull => unreachable!("room for the whole piece was reserved"),
        }
    }
}

impl<R: Read> Iterator for PageRuns<R> {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Result<String>> {
        if self.done {
            return None;
        }
        loop {
            // The first form feed that makes the run long enough ends it (a form feed is one
            // byte in UTF-8, never part of another character).
            let from = (self.target - 1).max(self.searched);
            let limit = self.target.saturating_mul(4);
            let feed = self
                .pending
                .as_bytes()
                .get(from..)
                .and_then(|tail| tail.iter().position(|&b| b == b'\x0c'))
                .map(|at| from + at);
            match feed {
                Some(at) if at < limit => {
                    let rest = self.pending.split_off(at + 1);
                    self.searched = 0;
                    return Some(Ok(std::mem::replace(&mut self.pending, rest)));
                }
                _ if self.pending.len() >= limit => {
                    // Part of a long page: up to its last line break, or a whole character.
                    let mut cut = first_bytes(&self.pending, limit).len();
                    if let Some(nl) = self.pending[..cut].rfind('\n') {
                        cut = nl + 1;
                    }
                    let rest = self.pending.split_off(cut);
                    self.searched = 0;
                    return Some(Ok(std::mem::replace(&mut self.pending, rest)));
                }
                _ => self.searched = self.pending.len(),
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return (!self.pending.is_empty())
                        .then(|| Ok(std::mem::take(&mut self.pending)));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030};

    fn sniffed(bytes: &[u8], choice: EncodingChoice) -> Result<Sniffed> {
        sniff(|| Ok(bytes), Path::new("t"), choice, Region::Cn)
    }

    /// Each of `inputs` sniffed and read as runs gives what decoding it whole gives.
    #[test]
    fn sniffing_and_runs_agree_with_decoding_whole() {
        let text = "近年来，山西省气象局坚持以习近平新时代中国特色社会主义思想为指导。\n\u{c}會議指出，安全生產事關人民福祉。\n\u{c}".repeat(3);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        let inputs = [
            text.as_bytes().to_vec(),
            bom,
            GB18030.encode(&text).0.into_owned(),
            BIG5.encode("會議指出，安全生產事關人民福祉，推動精神文明建設。\n\u{c}臺灣")
                .0
                .into_owned(),
        ];
        for bytes in inputs {
            let whole = crate::decode::decode(
                bytes.clone(),
                Path::new("t"),
                EncodingChoice::Auto,
                Region::Cn,
            )
            .unwrap();
            let s = sniffed(&bytes, EncodingChoice::Auto).unwrap();
            assert_eq!(
                (s.encoding.name(), s.confidence, s.sha256.as_str()),
                (
                    whole.encoding,
                    whole.confidence,
                    crate::report::jsonl::sha256_hex(&bytes).as_str()
                )
            );
            for target in [1, 7, 100, usize::MAX] {
                let runs: Vec<String> = PageRuns::new(&bytes[..], &s, Path::new("t"), target)
                    .collect::<Result<_>>()
                    .unwrap();
                assert_eq!(runs.concat(), whole.text);
                // A run ends pages, or is a part of a long page, up to a line break where it can.
                for run in &runs[..runs.len() - 1] {
                    assert!(
                        run.ends_with('\u{c}') || run.len() <= target.saturating_mul(4),
                        "{run:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn pieces_tell_long_pages_from_whole_ones() {
        let text = format!(
            "短。\n\u{c}{}\u{c}短。\n\u{c}{}",
            "长长长长\n".repeat(8),
            "尾尾\n".repeat(9)
        );
        let s = sniffed(text.as_bytes(), EncodingChoice::Auto).unwrap();
        let pieces: Vec<Piece> = Pieces::new(PageRuns::new(text.as_bytes(), &s, Path::new("t"), 8))
            .collect::<Result<_>>()
            .unwrap();
        // Put back together, the pieces are the text; parts come only between page ends.
        let mut joined = String::new();
        let mut in_long = false;
        for p in &pieces {
            match p {
                Piece::Pages(t) => {
                    assert!(!in_long);
                    joined.push_str(t);
                }
                Piece::Part(t) => {
                    in_long = true;
                    assert!(!t.contains('\u{c}'));
                    joined.push_str(t);
                }
                Piece::PageEnd { form_feed } => {
                    assert!(in_long);
                    in_long = false;
                    if *form_feed {
                        joined.push('\u{c}');
                    }
                }
            }
        }
        assert_eq!(joined, text);
        assert!(!in_long);
        assert_eq!(
            pieces
                .iter()
                .filter(|p| matches!(p, Piece::PageEnd { .. }))
                .count(),
            2,
            "{pieces:?}"
        );
    }

    #[test]
    fn bad_bytes_are_an_error_with_their_offset() {
        let mut bytes = "第一版。\n".as_bytes().to_vec();
        bytes.extend(b"\xFF\xFF\xFF\xFF");
        let fixed = sniffed(&bytes, EncodingChoice::Fixed(UTF_8)).unwrap_err();
        assert!(
            matches!(fixed, Error::NotUtf8 { offset: 13, .. }),
            "{fixed:?}"
        );
        assert!(matches!(
            sniffed(&bytes, EncodingChoice::Auto).unwrap_err(),
            Error::Undecodable { .. }
        ));
    }

    #[test]
    fn a_sequence_cut_between_reads_is_still_utf8() {
        let mut check = Utf8Check::default();
        let bytes = "气象".as_bytes();
        check.feed(&bytes[..2]);
        check.feed(&bytes[2..]);
        assert!(check.finish());
        let mut cut = Utf8Check::default();
        cut.feed(&bytes[..2]);
        assert!(!cut.finish());
    }
}

/// What [`Pieces`] hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Whole pages (each but a last one ending with its form feed).
    Pages(String),
    /// The next part of a page too long to hold (see [`crate::long_page`]).
    Part(String),
    /// The end of that long page, and whether a form feed (not part of any piece) ends it.
    PageEnd {
        /// A form feed followed the page.
        form_feed: bool,
    },
}

/// The runs of [`PageRuns`] told apart: whole pages, or the parts of a page too long to hold.
pub struct Pieces<R: Read> {
    runs: std::iter::Peekable<PageRuns<R>>,
    in_long: bool,
    queue: std::collections::VecDeque<Piece>,
}

impl<R: Read> Pieces<R> {
    /// The pieces of `runs`.
    pub fn new(runs: PageRuns<R>) -> Pieces<R> {
        Pieces {
            runs: runs.peekable(),
            in_long: false,
            queue: Default::default(),
        }
    }

    fn split(&mut self, mut run: String, last: bool) {
        if self.in_long {
            match run.find('\u{c}') {
                Some(i) => {
                    let rest = run.split_off(i + 1);
                    run.pop();
                    if !run.is_empty() {
                        self.queue.push_back(Piece::Part(run));
                    }
                    self.queue.push_back(Piece::PageEnd { form_feed: true });
                    self.in_long = false;
                    if !rest.is_empty() {
                        self.split(rest, last);
                    }
                }
                None => {
                    self.queue.push_back(Piece::Part(run));
                    if last {
                        self.queue.push_back(Piece::PageEnd { form_feed: false });
                        self.in_long = false;
                    }
                }
            }
        } else if run.ends_with('\u{c}') || last {
            self.queue.push_back(Piece::Pages(run));
        } else {
            // Whole pages, then the start of a long one.
            let part = run.split_off(run.rfind('\u{c}').map_or(0, |i| i + 1));
            if !run.is_empty() {
                self.queue.push_back(Piece::Pages(run));
            }
            self.in_long = true;
            self.queue.push_back(Piece::Part(part));
        }
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = Result<Piece>;

    fn next(&mut self) -> Option<Result<Piece>> {
        loop {
            if let Some(piece) = self.queue.pop_front() {
                return Some(Ok(piece));
            }
            let run = match self.runs.next()? {
                Ok(run) => run,
                Err(e) => return Some(Err(e)),
            };
            let last = self.runs.peek().is_none();
            self.split(run, last);
        }
    }
}
