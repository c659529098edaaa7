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

#[test]
fn a_line_of_noise_is_flagged_and_joined_to_nothing() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    let page = "会议指出，全市安全生产形\n势总体平稳，事故总量同比\n又平小欧命出期平小取正最\n下降，各项工作取得明显成\n效，得到了群众的广泛认可。\n陆春嵩程美林钟双民韩振明\n";
    let cleaned = engine.clean(page);
    assert_eq!(
        cleaned.text,
        "会议指出，全市安全生产形势总体平稳，事故总量同比\n\n又平小欧命出期平小取正最\n\n下降，各项工作取得明显成效，得到了群众的广泛认可。\n\n陆春嵩程美林钟双民韩振明\n"
    );
    // The noise is flagged with its line; the list of names is not.
    let flagged: Vec<(usize, &str)> = cleaned
        .warnings
        .iter()
        .filter(|w| w.rule == "join.line-wrap")
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0].0, 3);
    assert!(flagged[0].1.contains("又平小欧命出期平小取正最"));
}

#[test]
fn a_closing_quote_brought_onto_a_line_by_a_join_is_not_made_an_opening_one() {
    let engine = galley::Engine::builder()
        .layout(galley::text::layout::Layout::Wrapped)
        .build()
        .unwrap();
    let page = "他说：“欢迎你们来到这里，我们一直在等待这一天…\"\n在座的人都笑了起来，大家纷纷鼓掌表示\"欢迎\n气氛十分热烈融洽，大家纷纷表示要继续努力工作。\n会议指出，要加强监管，落实责任，推进各项工作。\n";
    let cleaned = engine.clean(page);
    assert_eq!(
        cleaned.text,
        "他说：“欢迎你们来到这里，我们一直在等待这一天……\"在座的人都笑了起来，大家纷纷鼓掌表示\"欢迎气氛十分热烈融洽，大家纷纷表示要继续努力工作。\n\n会议指出，要加强监管，落实责任，推进各项工作。\n"
    );
    assert!(cleaned
        .warnings
        .iter()
        .any(|w| w.rule == "punct.quotes" && w.line == 1));
}

/// A page with what the seed pages do not show: a byline with a title, paragraphs that kept
/// their indents, a run of photo captions, and two columns read across, a line of each in turn.
const PAGE: &str = "山西省气象局召开年度工作会议
中共平遥县委常委、宣传部部长 闫广明
　　近年来，山西省气象局坚持以
党建为引领，推动气象事业高质
量发展，取得了显著成效。
　　会议指出，安全生产事关人
民福祉，各单位要认真落实好。
图①　近年来，山西省气象局坚持
以党建为引领，推动气象事业高质
量发展。（新华社记者王丹摄）
图②　会议指出，安全生产事关人
民福祉。（本报记者张波摄）

近年来，山西省气象局坚持
会议指出，安全生产事关人
以党建为引领，推动气象事
民群众生命财产安全，事关
业高质量发展，取得了显著
经济发展和社会稳定大局，
成效，得到了各方面的充分
各级党委政府要深刻认识其
肯定。
重要性。
";

const PAGE_CLEAN: &str = "山西省气象局召开年度工作会议

中共平遥县委常委、宣传部部长 闫广明

近年来，山西省气象局坚持以党建为引领，推动气象事业高质量发展，取得了显著成效。

会议指出，安全生产事关人民福祉，各单位要认真落实好。

图①　近年来，山西省气象局坚持以党建为引领，推动气象事业高质量发展。（新华社记者王丹摄）

图②　会议指出，安全生产事关人民福祉。（本报记者张波摄）

近年来，山西省气象局坚持
会议指出，安全生产事关人
以党建为引领，推动气象事
民群众生命财产安全，事关
业高质量发展，取得了显著
经济发展和社会稳定大局，
成效，得到了各方面的充分
各级党委政府要深刻认识其
肯定。
重要性。
";

#[test]
fn bylines_captions_and_columns_read_across() {
    let engine = galley::Engine::builtin("newspaper-zh").unwrap();
    let cleaned = engine.clean(PAGE);
    assert_eq!(cleaned.text, PAGE_CLEAN);
    // The stretch read across is flagged at its first line in the clean text.
    let flagged: Vec<(usize, &str)> = cleaned
        .warnings
        .iter()
        .filter(|w| w.rule == "join.line-wrap")
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert_eq!(flagged[0].0, 13);
    assert!(flagged[0].1.contains("two columns"), "{flagged:?}");
}
