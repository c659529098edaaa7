//! Whole blocks of newspaper text, for property tests that build pages from them: sentence
//! halves cut by a column break (`党和国家机` / `关工作的开展。`, a character read twice at
//! `方面` / `面工作`), headlines and bylines that the join rule moves out of a sentence, credits,
//! notes, a Latin word hyphenated at a break, furniture, the 1920s style that ends sentences
//! with `、`, brackets and quotes cut by a break, letter-spaced OCR, full-width digits, a table row.

pub const BLOCKS: &[&str] = &[
    "党和国家机",
    "关工作的开展。",
    "近日，7方面",
    "面工作全面推进，",
    "提升汾河防洪能力",
    "我省实施方案出台",
    "（马二先生）",
    "本报记者 张三",
    "（上接第一版）亩产增加。",
    "他说：",
    "“我们要努力，",
    "不断进步。”",
    "坚持以人民为中心的发展思想，不断",
    "据新华社电 记者李四报道，",
    "it is low-",
    "cost and lowcost",
    "▲图为会议现场。",
    "的宏伟目标，农民收入继续增长。",
    "或說、『上海的共舞台、",
    "狠要緊的一件事、",
    "组版:闫广明 责编:冯海砚",
    "- 3 -",
    "法治周报 2024年3月1日 星期六 第5版",
    "━━━━━━",
    "他说\"好,",
    "坚持(试",
    "行)办法。",
    "近 年 来 , 山 西 省 气 象 局",
    "１２月３１日，江泽民发表讲话",
    "项目 数量 100 金额 200",
];
