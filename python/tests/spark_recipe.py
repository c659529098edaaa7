"""The Spark recipe of the README, as a job ships it to its executors (`SparkContext.addPyFile`,
or inside the job's own package): galley cleans a text column a partition at a time, with one
engine per Python worker process."""

import functools

import galley
from pyspark.sql.types import ArrayType, IntegerType, StringType, StructField, StructType

EDIT = StructType(
    [
        StructField("start", IntegerType()),
        StructField("end", IntegerType()),
        StructField("byte_start", IntegerType()),
        StructField("byte_end", IntegerType()),
        StructField("line", IntegerType()),
        StructField("column", IntegerType()),
        StructField("before", StringType()),
        StructField("after", StringType()),
        StructField("rule", StringType()),
        StructField("level", StringType()),
        StructField("reason", StringType()),
    ]
)


def with_clean_columns(schema):
    """`schema` with the two columns the recipe adds: the clean text and its edits."""
    return StructType(
        schema.fields
        + [StructField("clean", StringType()), StructField("edits", ArrayType(EDIT))]
    )


@functools.lru_cache(maxsize=None)
def engine():
    """The worker's engine, built on first use: building one reads the rule packs and is done
    once per process, not once per record or per partition. Records are cleaned as fields, as
    `galley clean --jsonl` cleans them (no final line break added)."""
    return galley.Engine(final_newline=False)


def cleaner(field="text", learned=None, learn=False):
    """The function for `mapPartitions`: each row gains `clean` and `edits`.

    `learned` is a broadcast of an engine learned on a sample of the corpus (`Engine.learned`),
    so that every partition drops the same furniture; `learn=True` learns from each partition's
    own rows instead. Neither: each row is cleaned on its own, as `galley clean --jsonl` does.
    """

    def clean_partition(rows):
        rows = list(rows)
        e = learned.value if learned is not None else engine()
        cleaned = e.clean_many([r[field] for r in rows], learn=learn)
        for row, c in zip(rows, cleaned):
            edits = [
                (
                    x.start, x.end, x.byte_start, x.byte_end, x.line, x.column,
                    x.before, x.after, x.rule, x.level, x.reason,
                )
                for x in c.edits
            ]
            yield (*row, c.text, edits)

    return clean_partition
