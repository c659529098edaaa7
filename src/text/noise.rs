//! Lines of characters that form no words: a seal impression, show-through from the other side
//! of the sheet, a smudge read as text (`又平小欧命出期平小取正最`). Gluing such a line into a
//! sentence buries it where no one looks; it is left on its own line and flagged instead.
//!
//! A line is noise when it holds at least [`MIN_HAN`] Han characters and nothing else but spaces,
//! no punctuation mark, and fewer than [`WORD_SHARE`] of its characters stand in a dictionary
//! word. Measured (2026-12-05): of the lines of ten or more Han characters alone, none of 1,475
//! in People's Daily 1998-01 (headlines, decks, verse, bylines) and 1 of 112 in the ECPO sample
//! (classical prose of the 1930s, which the modern word list covers less) lie below it; of
//! twelve characters drawn at random from the same text, 40 in 100 do. Rare and cautious, as a
//! flag that stops a join should be. A list of names (`陆春嵩程美林钟双民韩振明`, 0.17) is no
//! sentence either: below [`NAMES_SHARE`], a line that starts with a surname and has one every
//! few characters is not joined, and not flagged.

use crate::text::class::is_han;
use crate::text::dictionary::word_share;

/// Fewest Han characters a noise line holds: shorter lines are too short to tell.
pub const MIN_HAN: usize = 10;

/// A line whose characters stand in dictionary words less than this share is no text.
pub const WORD_SHARE: f64 = 0.1;

/// Common surnames, for telling a list of names from noise.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝赖";

/// A list of names stands in dictionary words less than this share (given names seldom form
/// words): no line of text is joined to it.
pub const NAMES_SHARE: f64 = 0.25;

/// Whether `line` (one line, without its newline) is a line of noise that forms no words.
pub fn is_noise(line: &str) -> bool {
    share(line).is_some_and(|s| s < WORD_SHARE) && !names(line.trim())
}

/// Whether `line` is a line of Han characters that form no words, noise or a list of names: no
/// line of text is joined to it.
pub fn no_words(line: &str) -> bool {
    share(line).is_some_and(|s| s < WORD_SHARE || (s < NAMES_SHARE && names(line.trim())))
}

/// The share of a line of Han characters alone that stands in words ([`word_share`]), exact
/// below [`NAMES_SHARE`], the larger of the shares it is compared with; `None` for other lines
/// and for lines shorter than [`MIN_HAN`].
fn share(line: &str) -> Option<f64> {
    if !line.chars().all(|c| is_han(c) || c.is_whitespace()) {
        return None;
    }
    word_share(line, MIN_HAN, NAMES_SHARE)
}

/// Whether `line` reads as a list of names: it starts with a surname, and a surname starts
/// at least every fourth character.
fn names(line: &str) -> bool {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    let surnames = chars.iter().filter(|&&c| SURNAMES.contains(c)).count();
    chars.first().is_some_and(|&c| SURNAMES.contains(c)) && 4 * surnames >= chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_names_and_text() {
        assert!(is_noise("又平小欧命出期平小取正最"));
        assert!(no_words("陆春嵩程美林钟双民韩振明"));
        assert!(!is_noise("陆春嵩程美林钟双民韩振明"));
        for text in [
            "北风吹过了河湾的柳树",
            "本报驻澳大利亚记者王建明",
            "全市召开安全生产工作会议",
            "又平小欧",
            "会议指出，又平小欧命出期平小取正最",
        ] {
            assert!(!no_words(text), "{text}");
        }
    }
}
