//! autocorrect's (MIT, tests/data/autocorrect) width and punctuation test pairs through galley's
//! punctuation pack. Where the two agree, the pair is a galley test as it stands; where galley
//! deliberately differs, the case is listed in `DIFFERENT` with galley's answer and the reason
//! (also in docs/rules.md).

use galley::pack::builtin;
use galley::Engine;

/// (input, galley's output, why galley differs from autocorrect).
const DIFFERENT: &[(&str, &str, &str)] = &[
    ("（美股）市场：发布「最新」100消息【BABA.US】“大涨”50%；同比上涨20%！", "（美股）市场：发布「最新」100消息【BABA.US】“大涨”50%；同比上涨20%！", "no spaces between Chinese and digits or Latin in newspaper text"),
    ("第3季度财报发布看涨看跌？敬请期待。", "第3季度财报发布看涨看跌？敬请期待。", "no spaces between Chinese and digits"),
    ("全世界已有数百家公司在生产环境中使用Rust，以达到快速、跨平台、低资源占用的目的。很多著名且受欢迎的软件，例如Firefox、 Dropbox和Cloudflare都在使用Rust。", "全世界已有数百家公司在生产环境中使用Rust，以达到快速、跨平台、低资源占用的目的。很多著名且受欢迎的软件，例如Firefox、Dropbox和Cloudflare都在使用Rust。", "no spaces between Chinese and Latin"),
    ("現今全世界上百家公司企業為了尋求快速、節約資源而且能跨平台的解決辦法，都已在正式環境中使用Rust。許多耳熟能詳且受歡迎的軟體，諸如Firefox、Dropbox以及Cloudflare都在使用Rust。", "現今全世界上百家公司企業為了尋求快速、節約資源而且能跨平台的解決辦法，都已在正式環境中使用Rust。許多耳熟能詳且受歡迎的軟體，諸如Firefox、Dropbox以及Cloudflare都在使用Rust。", "no spaces between Chinese and Latin"),
    ("既に、世界中の数百という企業がRustを採用し、高速で低リソースのクロスプラットフォームソリューションを実現しています。皆さんがご存じで愛用しているソフトウェア、例えばFirefox、DropboxやCloudflareも、Rustを採用しています。", "既に、世界中の数百という企業がRustを採用し、高速で低リソースのクロスプラットフォームソリューションを実現しています。皆さんがご存じで愛用しているソフトウェア、例えばFirefox、DropboxやCloudflareも、Rustを採用しています。", "no spaces added; Japanese is not galley's target"),
    ("전 세계 수백 개의 회사가 프로덕션 환경에서 Rust를 사용하여 빠르고, 크로스 플랫폼 및 낮은 리소스 사용량을 달성했습니다. Firefox, Dropbox 및 Cloudflare와 같이 잘 알려져 있고 널리 사용되는 많은 소프트웨어가 Rust를 사용하고 있습니다.", "전 세계 수백 개의 회사가 프로덕션 환경에서 Rust를 사용하여 빠르고, 크로스 플랫폼 및 낮은 리소스 사용량을 달성했습니다. Firefox, Dropbox 및 Cloudflare와 같이 잘 알려져 있고 널리 사용되는 많은 소프트웨어가 Rust를 사용하고 있습니다.", "no spaces added"),
    ("\"请求参数错误.\"", "“请求参数错误。”", "straight quotes around Chinese become “ ” (mainland convention)"),
    ("!开头不处理.", "！开头不处理。", "a mark with Chinese on either side is in Chinese context"),
    ("我们需要一位熟悉 JavaScript、HTML5,至少理解一种框架 (如 Backbone.js、AngularJS、React 等) 的前端开发者.", "我们需要一位熟悉 JavaScript、HTML5，至少理解一种框架（如 Backbone.js、AngularJS、React 等）的前端开发者。", "parentheses holding or beside Chinese are full-width (GB/T 15834), and spaces around full-width marks go"),
    ("蚂蚁集团是阿里巴巴 (BABA.N) 旗下金融科技子公司", "蚂蚁集团是阿里巴巴（BABA.N）旗下金融科技子公司", "parentheses in a Chinese sentence are full-width (GB/T 15834)"),
    ("中文;中文", "中文；中文", "`;` between Chinese is a Chinese semicolon (GB/T 15834)"),
    ("でもっと多くのことができるようになります.そんな新機能の数々をさっそく体験してみましょう.", "でもっと多くのことができるようになります.そんな新機能の数々をさっそく体験してみましょう.", "kana is not Chinese context: galley leaves Japanese alone"),
];

const TABLES: [&str; 5] = [
    "it_format_for_cjk",
    "test_fullwidth",
    "test_fullwidth_with_cjk",
    "it_format_for_fullwidth_symbols",
    "it_format_for_remove_spaces_with_punctuation",
];

#[test]
fn autocorrect_pairs_agree_where_the_norms_do() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("data/autocorrect/inline-cases.json")).unwrap();
    let punctuation = builtin::pack("punctuation").unwrap().unwrap();
    let engine = Engine::builder()
        .profile(None)
        .pack(punctuation)
        .build()
        .unwrap();
    let (mut agree, mut differ) = (0, 0);
    for case in data["cases"].as_array().unwrap() {
        if !TABLES.contains(&case["test_fn"].as_str().unwrap()) {
            continue;
        }
        let input = case["input"].as_str().unwrap();
        let got = engine.clean(input).text;
        match DIFFERENT.iter().find(|(i, ..)| *i == input) {
            Some((_, want, why)) => {
                assert_eq!(&got, want, "{input:?} ({why})");
                assert_ne!(got, case["expected"].as_str().unwrap());
                differ += 1;
            }
            None => {
                assert_eq!(got, case["expected"].as_str().unwrap(), "{input:?}");
                agree += 1;
            }
        }
    }
    assert_eq!((agree, differ), (14, 12));
}
