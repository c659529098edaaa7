"""Shared fixtures of the Python tests: the repository's pages and the `galley` command."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Every page the repository holds: the seed pages as OCR delivered them, their hand-checked clean
# versions, and the CC BY / Apache texts of tests/data.
PAGES = sorted(
    [
        *(ROOT / "fixtures" / "seeds").glob("*.txt"),
        *(ROOT / "fixtures" / "expected").glob("*.txt"),
        ROOT / "tests" / "data" / "us_constitution_zhs.txt",
        ROOT / "tests" / "data" / "ecpo" / "sample.lines.txt",
    ]
)


@pytest.fixture(scope="session")
def galley_bin():
    """The `galley` command: $GALLEY_BIN, or the release build (built when missing)."""
    given = os.environ.get("GALLEY_BIN")
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "release" / "galley")


def read(path):
    return pathlib.Path(path).read_text(encoding="utf-8")
