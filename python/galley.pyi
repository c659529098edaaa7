"""galley cleans raw OCR dumps of Chinese newspaper pages, with reviewable rule-by-rule edits."""

import os
from typing import Iterable, List, Literal, Optional, Sequence, Union

__version__: str
DEFAULT_PROFILE: str

class GalleyError(ValueError):
    """A rule pack, profile, selector or setting galley cannot use (the command line's message)."""

class Edit:
    """One edit: `start:end` of the input (string indices) replaced by `after`."""

    start: int
    end: int
    byte_start: int
    byte_end: int
    line: int
    column: int
    before: str
    after: str
    rules: List[str]
    rule: str
    level: Literal["safe", "review"]
    reason: str
    group: Optional[int]
    def to_dict(self) -> dict: ...

class Warning:
    """Something a rule noticed and did not change, on the clean text."""

    offset: int
    byte_offset: int
    line: int
    rule: str
    message: str

class Cleaned:
    """The clean text, the edits on the input, the warnings on the clean text."""

    text: str
    edits: List[Edit]
    warnings: List[Warning]

class Engine:
    """A rule engine: a profile's rule packs, your own packs, and which rules run."""

    def __init__(
        self,
        profile: Optional[str] = "newspaper-zh",
        select: Optional[Sequence[str]] = None,
        extend_select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
        rules: Optional[Iterable[Union[str, os.PathLike]]] = None,
        layout: Literal["auto", "wrapped", "paragraphs"] = "auto",
        convert: Optional[str] = None,
        level: Literal["all", "safe"] = "all",
        final_newline: bool = True,
    ) -> None: ...
    def clean(self, text: str) -> Cleaned: ...
    def clean_many(
        self, texts: Iterable[str], learn: bool = True, threads: Optional[int] = None
    ) -> List[Cleaned]: ...
    def learned(self, texts: Iterable[str]) -> "Engine": ...
    @property
    def is_learned(self) -> bool: ...
    @property
    def rules(self) -> List[str]: ...

def apply_edits(text: str, edits: Sequence[Edit]) -> str: ...
