//! A generator of newspaper-like pages: furniture (masthead, editor line, section banner,
//! publisher line, page number) that changes from page to page around article text taken from a
//! permissively licensed Chinese document (tests/data, Apache-2.0). Deterministic for a seed.

#![allow(dead_code)]

/// One generated page and what it is made of.
pub struct Page {
    pub text: String,
    /// Lines that are furniture and must go.
    pub furniture: Vec<String>,
    /// Lines of article text that must stay, each as a whole line of the clean page.
    pub article: Vec<String>,
}

const SOURCE: &str = include_str!("../data/us_constitution_zhs.txt");

pub const HEADLINES: [&str; 24] = [
    "国会审议通过新议案",
    "参众两院举行联席会议",
    "各州代表共商选举事宜",
    "最高法院发布裁决意见",
    "总统签署年度预算法案",
    "众议院选出新任议长",
    "参议院批准条约草案",
    "各州议会讨论修正案",
    "联邦法院体系完成调整",
    "国会听取财政报告",
    "选举人团完成投票",
    "海关税则迎来修订",
    "邮政系统扩建驿路",
    "陆海军规则重新制定",
    "归化条例全国统一",
    "版权保护期限明确",
    "州际贸易规则出台",
    "公民权利获得保障",
    "陪审制度进一步完善",
    "弹劾程序依法启动",
    "人口普查如期展开",
    "破产法草案提交审议",
    "度量衡标准得以确立",
    "新州加入联邦获批",
];
const EDITORS: [&str; 6] = ["王丹", "李婷", "刘凯华", "冯海砚", "陶登肖", "祁克宁"];
const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// Body paragraphs of the source: sentences long enough to be article text.
pub fn paragraphs() -> Vec<&'static str> {
    SOURCE
        .lines()
        // Lines with spaces are left out: the source spaces some commas, which galley rightly removes.
        .filter(|l| l.chars().count() > 25 && l.ends_with('。') && !l.contains(' '))
        .collect()
}

/// `n` pages; page `i` is page `i % 8 + 1` of the issue of day `i / 8 + 1`.
pub fn pages(n: usize) -> Vec<Page> {
    let paras = paragraphs();
    let mut next_para = 0;
    (0..n)
        .map(|i| {
            let (day, page_no) = (i / 8 + 1, i % 8 + 1);
            let masthead = format!(
                "法治周报 2024年3月{day}日 星期{} 第{page_no}版",
                WEEKDAYS[(day + 4) % 7]
            );
            let editors = format!(
                "本版编辑：{} 美编：{}",
                EDITORS[i % EDITORS.len()],
                EDITORS[(i + 2) % EDITORS.len()]
            );
            let banner = "◆ 法治要闻 ◆".to_string();
            let publisher =
                "法治周报社出版 地址：北京市朝阳区金台西路2号 邮编：100733 电话：010-65368888"
                    .to_string();
            let number = format!("- {page_no} -");
            let headline = HEADLINES[i % HEADLINES.len()].to_string();
            let count = 3 + i % 3;
            let body: Vec<String> = (0..count)
                .map(|_| {
                    let p = paras[next_para % paras.len()].to_string();
                    next_para += 1;
                    p
                })
                .collect();
            let mut blocks = vec![
                masthead.clone(),
                editors.clone(),
                banner.clone(),
                headline.clone(),
            ];
            blocks.extend(body.iter().cloned());
            blocks.push(publisher.clone());
            blocks.push(number.clone());
            let mut article = vec![headline];
            article.extend(body);
            Page {
                text: blocks.join("\n\n") + "\n",
                furniture: vec![masthead, editors, banner, publisher, number],
                article,
            }
        })
        .collect()
}
