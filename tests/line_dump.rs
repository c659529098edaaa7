//! A line-per-box OCR dump as real dumps come (one printed line a line, first lines that lost
//! their indent, a page header, a byline with a title, items, a number and a date cut at a
//! line's end, the character errors of such dumps), and the same article one paragraph a line:
//! the default profile gives both their paragraphs back and joins nothing in the second. The
//! expected pages are written by hand.

const DUMP: &str = "第3版 要闻
全市召开安全生产工作会议
本报通讯员 李明
会议指出，，全市安全生产
形势总体平稳，事故总量同比下
降了12.5%，各项工作取得
明显成效。会议于2021年1
⽉20⽇召开。
早在—九七五年，全市就建
立了安全生产责任制度，为此后
的工作打下了坚实基础。
会议要求，各地要进一步提
高认识，压实各方责任，重点做
好以下工作
①加强组织领导，落实工作
责任；
②加大投入力度，保障资金
需求。
";

const CLEAN: &str = "全市召开安全生产工作会议

本报通讯员 李明

会议指出，全市安全生产形势总体平稳，事故总量同比下降了12.5%，各项工作取得明显成效。会议于2021年1月20日召开。

早在一九七五年，全市就建立了安全生产责任制度，为此后的工作打下了坚实基础。

会议要求，各地要进一步提高认识，压实各方责任，重点做好以下工作

①加强组织领导，落实工作责任；

②加大投入力度，保障资金需求。
";

const PARAGRAPHS: &str = "全市召开安全生产工作会议
本报通讯员 李明
会议指出，，全市安全生产形势总体平稳，事故总量同比下降了12.5%，各项工作取得明显成效。会议于2021年1⽉20⽇召开。
早在—九七五年，全市就建立了安全生产责任制度，为此后的工作打下了坚实基础。
会议要求，各地要进一步提高认识，压实各方责任，重点做好以下工作
①加强组织领导，落实工作责任；
②加大投入力度，保障资金需求。
";

const PARAGRAPHS_CLEAN: &str = "全市召开安全生产工作会议
本报通讯员 李明
会议指出，全市安全生产形势总体平稳，事故总量同比下降了12.5%，各项工作取得明显成效。会议于2021年1月20日召开。
早在一九七五年，全市就建立了安全生产责任制度，为此后的工作打下了坚实基础。
会议要求，各地要进一步提高认识，压实各方责任，重点做好以下工作
①加强组织领导，落实工作责任；
②加大投入力度，保障资金需求。
";

#[test]
fn a_line_dump_gets_its_paragraphs_back() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    let cleaned = engine.clean(DUMP);
    assert_eq!(cleaned.text, CLEAN);
    let rules = |id: &str| {
        cleaned
            .edits
            .iter()
            .filter(|e| e.rules.iter().any(|r| r == id))
            .count()
    };
    assert_eq!(rules("furniture.page-header"), 1);
    assert_eq!(rules("punct.doubled-clause-mark"), 1);
    assert_eq!(rules("punct.dash-for-one"), 1);
    assert!(rules("unicode.kangxi-radicals") >= 1);
    assert!(rules("join.line-wrap") >= 11);
}

#[test]
fn the_same_article_one_paragraph_a_line_gets_no_join() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    let cleaned = engine.clean(PARAGRAPHS);
    assert_eq!(cleaned.text, PARAGRAPHS_CLEAN);
    assert!(cleaned
        .edits
        .iter()
        .all(|e| !PARAGRAPHS[e.start..e.end].contains('\n')));
}
