"""The README's recipes run: Hugging Face `datasets` and Apache Spark (local mode)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

import galley
from conftest import PAGES, read

HERE = os.path.dirname(os.path.abspath(__file__))


def records():
    """Texts as a pipeline holds them: whole pages, their paragraphs, pages sharing a footer."""
    texts = [read(p) for p in PAGES]
    for page in texts[:4]:
        texts += [p for p in page.split("\n\n") if p.strip()][:8]
    articles = ["近年来,山西省气象局坚持党建引领。", "会议指出,安全生产事关人民福祉。", "全省春耕生产全面展开。"]
    texts += [f"{a}\n\n法治周报社出版\n" for a in articles]
    return [{"id": k, "text": t} for k, t in enumerate(texts)]


def cli_jsonl(galley_bin, recs):
    """`galley clean --jsonl` on the records: the reference the recipes must equal."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    out = subprocess.run(
        [galley_bin, "clean", "--jsonl", "--edits-field", "edits"],
        input=lines.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]


def edit_keys(edits):
    """What the CLI's records and the recipes' edits share (byte offsets, as the CLI gives)."""
    return [
        (e["start"], e["end"], e["before"], e["after"], e["rule"], e["level"], e["reason"])
        for e in edits
    ]


def byte_keys(edits):
    return [
        (e["byte_start"], e["byte_end"], e["before"], e["after"], e["rule"], e["level"], e["reason"])
        for e in edits
    ]


def test_datasets_map_batched_with_clean_many():
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    recs = records()
    ds = datasets.Dataset.from_list(recs)
    engine = galley.Engine(final_newline=False)

    def clean_batch(batch):
        cleaned = engine.clean_many(batch["text"])
        return {
            "clean": [c.text for c in cleaned],
            "edits": [[e.to_dict() for e in c.edits] for c in cleaned],
        }

    size = 8
    out = ds.map(clean_batch, batched=True, batch_size=size)
    texts = [r["text"] for r in recs]
    expected = []
    for at in range(0, len(texts), size):
        expected += engine.clean_many(texts[at : at + size])
    assert out["clean"] == [c.text for c in expected]
    assert [byte_keys(e) for e in out["edits"]] == [
        byte_keys([e.to_dict() for e in c.edits]) for c in expected
    ]
    assert out["id"] == [r["id"] for r in recs]
    # The batch of three pages with one footer learned it.
    assert "法治周报社出版" not in out["clean"][-1]


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("GALLEY_REQUIRE_SPARK"):
            pytest.fail("Spark needs Java: install a JRE (Debian: openjdk-17-jre-headless)")
        pytest.skip("Spark needs Java, and none is installed")
    pyspark_sql = pytest.importorskip("pyspark.sql")
    # The workers run this interpreter, which has galley installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("galley-recipes")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.addPyFile(os.path.join(HERE, "spark_recipe.py"))
    yield session
    session.stop()


def test_spark_map_partitions_equals_the_command_line(spark, galley_bin):
    import spark_recipe

    recs = records()
    df = spark.createDataFrame([(r["id"], r["text"]) for r in recs], "id long, text string")
    df = df.repartition(3, "id")
    schema = spark_recipe.with_clean_columns(df.schema)
    out = spark.createDataFrame(df.rdd.mapPartitions(spark_recipe.cleaner("text")), schema)
    rows = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    assert sorted(rows) == [r["id"] for r in recs]
    reference = cli_jsonl(galley_bin, recs)
    for rec, ref in zip(recs, reference):
        row = rows[rec["id"]]
        assert row["clean"] == ref["text"], rec["id"]
        assert byte_keys(row["edits"]) == edit_keys(ref["edits"]), rec["id"]
        for e in row["edits"]:
            assert rec["text"][e["start"] : e["end"]] == e["before"]


def test_spark_with_furniture_learned_once_and_broadcast(spark):
    import spark_recipe

    recs = records()
    texts = [r["text"] for r in recs]
    learned = galley.Engine(final_newline=False).learned(texts)
    shared = spark.sparkContext.broadcast(learned)
    df = spark.createDataFrame([(r["id"], r["text"]) for r in recs], "id long, text string")
    df = df.repartition(3, "id")
    schema = spark_recipe.with_clean_columns(df.schema)
    rdd = df.rdd.mapPartitions(spark_recipe.cleaner("text", learned=shared))
    rows = {r["id"]: r["clean"] for r in spark.createDataFrame(rdd, schema).collect()}
    # Every partition cleans as one batch of the whole corpus would.
    expected = galley.Engine(final_newline=False).clean_many(texts)
    assert [rows[r["id"]] for r in recs] == [c.text for c in expected]
    assert "法治周报社出版" not in rows[recs[-1]["id"]]


def test_spark_rdd_pipe_through_the_command_line(spark, galley_bin):
    recs = records()
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    piped = (
        spark.sparkContext.parallelize(lines, 3)
        .pipe(f"{galley_bin} clean --jsonl --edits-field edits")
        .collect()
    )
    got = [json.loads(line) for line in piped]
    reference = cli_jsonl(galley_bin, recs)
    assert [(g["id"], g["text"]) for g in got] == [(r["id"], r["text"]) for r in reference]
    assert [edit_keys(g["edits"]) for g in got] == [edit_keys(r["edits"]) for r in reference]
