"""The Python module against the command line on every page of the repository."""

import json
import pathlib
import pickle
import subprocess

import pytest

import galley
from conftest import PAGES, ROOT, read

SEED = ROOT / "fixtures" / "seeds" / "004_da18946eeed31b49.txt"


def cli_clean(galley_bin, path, tmp_path, *flags):
    """The command line's clean text and report records of one file."""
    report = tmp_path / "report.jsonl"
    out = subprocess.run(
        [galley_bin, "clean", *flags, "--quiet", "--report", str(report), str(path)],
        capture_output=True,
        check=True,
    )
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    return out.stdout.decode("utf-8"), records


def fields(edit):
    """What an edit and a report record share, under the report's names."""
    return {
        "start": edit.byte_start,
        "end": edit.byte_end,
        "line": edit.line,
        "column": edit.column,
        "before": edit.before,
        "after": edit.after,
        "rule": edit.rule,
        "rules": edit.rules,
        "level": edit.level,
        "reason": edit.reason,
        "group": edit.group,
    }


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_clean_equals_the_command_line(galley_bin, path, tmp_path):
    text, records = cli_clean(galley_bin, path, tmp_path)
    cleaned = galley.Engine().clean(read(path))
    assert cleaned.text == text
    shared = ["start", "end", "line", "column", "before", "after", "rule", "rules", "level", "reason"]
    assert [fields(e) for e in cleaned.edits] == [
        {**{k: r[k] for k in shared}, "group": r.get("group")} for r in records
    ]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_offsets_are_string_indices(path):
    text = read(path)
    cleaned = galley.Engine().clean(text)
    data = text.encode("utf-8")
    for e in cleaned.edits:
        assert text[e.start : e.end] == e.before
        assert data[e.byte_start : e.byte_end].decode("utf-8") == e.before
        line_start = text.rfind("\n", 0, e.start) + 1
        assert text.count("\n", 0, e.start) + 1 == e.line
        assert e.start - line_start + 1 == e.column
    for w in cleaned.warnings:
        assert cleaned.text.encode("utf-8")[: w.byte_offset].decode("utf-8") == cleaned.text[: w.offset]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_edits_apply_all_or_any_subset(path):
    text = read(path)
    cleaned = galley.Engine().clean(text)
    assert galley.apply_edits(text, cleaned.edits) == cleaned.text
    assert galley.apply_edits(text, []) == text
    # Every other edit: the rejected ones leave their text as it was.
    kept = cleaned.edits[::2]
    out = galley.apply_edits(text, kept)
    rebuilt, at = [], 0
    for e in kept:
        rebuilt.append(text[at : e.start] + e.after)
        at = e.end
    assert out == "".join(rebuilt) + text[at:]


def test_a_headline_move_is_a_group_whose_comma_fixes_stand_apart():
    text = read(SEED)
    edits = galley.Engine().clean(text).edits
    moved = [e for e in edits if e.group is not None]
    assert len(moved) == 2 and moved[0].group == moved[1].group
    assert moved[0].after == "孝义市举办中青年干部培训班\n\n引导党员干部全面准确领会党的二十大精神\n\n"
    kept = galley.apply_edits(text, [e for e in edits if e.group is None])
    assert "团结奋斗\n\n孝义市举办中青年干部培训班" in kept
    assert "开班仪式后，市委党校讲师" in kept


def test_an_edit_that_does_not_fit_is_refused():
    text = "近年来,山西,太原"
    edits = galley.Engine().clean(text).edits
    with pytest.raises(ValueError, match="does not fit"):
        galley.apply_edits("近年", edits)


def test_level_safe_keeps_only_safe_edits(galley_bin, tmp_path):
    path = SEED
    text, records = cli_clean(galley_bin, path, tmp_path, "--level", "safe")
    cleaned = galley.Engine(level="safe").clean(read(path))
    assert cleaned.text == text
    assert {e.level for e in cleaned.edits} == {"safe"}
    assert len(cleaned.edits) == len(records)
    assert len(cleaned.edits) < len(galley.Engine().clean(read(path)).edits)


def footer_pages():
    """Four articles, each a page ending with the same publisher's line: furniture a batch learns."""
    articles = [
        "近年来,山西省气象局坚持党建引领,推动气象事业高质量发展。",
        "会议指出,安全生产事关人民群众生命财产安全。",
        "全省春耕生产全面展开,各地抢抓农时。",
        "记者从省交通运输厅获悉,今年全省将新建农村公路。",
    ]
    return [f"{a}\n\n法治周报社出版\n" for a in articles]


def test_clean_many_learns_as_a_directory_does(galley_bin, tmp_path):
    pages = footer_pages() + [read(p) for p in PAGES[:2]]
    src, out = tmp_path / "pages", tmp_path / "clean"
    src.mkdir()
    for k, page in enumerate(pages):
        (src / f"{k:02}.txt").write_text(page, encoding="utf-8")
    subprocess.run([galley_bin, "clean", "--quiet", str(src), "-o", str(out)], check=True)
    engine = galley.Engine()
    many = engine.clean_many(pages)
    assert [c.text for c in many] == [
        (out / f"{k:02}.txt").read_text(encoding="utf-8") for k in range(len(pages))
    ]
    # The footer went because the batch showed it on every page; one page alone keeps it.
    assert "法治周报社出版" not in many[0].text
    assert "法治周报社出版" in engine.clean(pages[0]).text
    learned = engine.learned(pages)
    assert learned.is_learned and not engine.is_learned
    assert [c.text for c in many] == [learned.clean(p).text for p in pages]
    assert [[fields(e) for e in c.edits] for c in many] == [
        [fields(e) for e in learned.clean(p).edits] for p in pages
    ]


def test_clean_many_without_learning_is_clean_of_each(tmp_path):
    pages = footer_pages() + [read(p) for p in PAGES]
    engine = galley.Engine()
    for threads in (None, 1, 3):
        many = engine.clean_many(pages, learn=False, threads=threads)
        assert [c.text for c in many] == [engine.clean(p).text for p in pages]


def test_texts_are_any_iterable_of_strings():
    pages = footer_pages()
    engine = galley.Engine()
    expected = [c.text for c in engine.clean_many(pages)]
    assert [c.text for c in engine.clean_many(p for p in pages)] == expected
    assert [c.text for c in engine.clean_many(tuple(pages))] == expected
    assert engine.learned(iter(pages)).clean(pages[0]).text == expected[0]
    assert engine.clean_many([]) == []
    with pytest.raises(TypeError, match="not one string"):
        engine.clean_many(pages[0])
    with pytest.raises(TypeError, match=r"texts\[1\] is not a str but int"):
        engine.clean_many([pages[0], 7])


def test_a_learned_engine_pickles_with_what_it_learned():
    pages = footer_pages()
    learned = galley.Engine(extend_select=["join.line-wrap"]).learned(pages)
    again = pickle.loads(pickle.dumps(learned))
    assert again.is_learned
    assert again.rules == learned.rules
    assert [again.clean(p).text for p in pages] == [learned.clean(p).text for p in pages]
    assert "法治周报社出版" not in again.clean(pages[0]).text


def test_selection_layout_and_profile():
    assert galley.Engine(select=["punct.comma"]).rules == ["punct.comma"]
    assert "punct.comma" not in galley.Engine(ignore=["punct"]).rules
    lines = "近年来，山西省气象局坚持以\n党建为引领，推动气象事业高\n质量发展，取得了显著成效。\n"
    joined = "近年来，山西省气象局坚持以党建为引领，推动气象事业高质量发展，取得了显著成效。\n"
    assert galley.Engine(layout="wrapped").clean(lines).text == joined
    assert galley.Engine(layout="paragraphs").clean(lines).text == lines
    with pytest.raises(galley.GalleyError, match="unknown profile `nope`"):
        galley.Engine(profile="nope")
    with pytest.raises(galley.GalleyError, match="layout"):
        galley.Engine(layout="columns")
    assert galley.Engine(convert="s2tw").clean("台湾,开放。\n").text == "臺灣，開放。\n"


PACK = """\
[pack]
name = "house"

[[rule]]
id = "house.colour"
kind = "char_map"
level = "safe"
description = "The house writes 顏色 in full form"
map = { "颜" = "顏" }
examples = [
  { input = "颜色", output = "顏色" },
  { input = "色彩", output = "色彩" },
]
"""


def test_packs_from_text_and_file_and_their_errors(tmp_path):
    engine = galley.Engine(profile=None, rules=[PACK])
    assert engine.rules == ["house.colour"]
    assert engine.clean("颜色").text == "顏色"
    path = tmp_path / "house.toml"
    path.write_text(PACK, encoding="utf-8")
    assert galley.Engine(profile=None, rules=[path]).rules == ["house.colour"]
    assert galley.Engine(profile=None, rules=[str(path)]).rules == ["house.colour"]
    bad = PACK.replace('kind = "char_map"', 'kind = "no_such_kind"')
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(galley.GalleyError, match=r"house\.toml:\d+"):
        galley.Engine(rules=[path])
    with pytest.raises(galley.GalleyError, match=r"<rules\[0\]>:\d+"):
        galley.Engine(rules=[bad])
    with pytest.raises(TypeError):
        galley.Engine(rules=PACK)


def test_the_docstring_examples_run():
    import doctest

    failed, attempted = doctest.testmod(galley, optionflags=doctest.ELLIPSIS)
    assert attempted >= 10
    assert failed == 0
