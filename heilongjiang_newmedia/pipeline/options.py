"""What a build is asked to do (:class:`Options`) and what it did (:class:`ChapterResult`, :class:`BuildReport`);
where a chapter's outputs live in the reports directory."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

OUTPUT_KINDS = ("html", "pdf", "executed", "findings")


@dataclass
class Options:
    out: Path
    notebooks_dir: Path
    jobs: int = 1
    force: bool = False
    show_code: bool = False
    data_dir: str | None = None
    timeout: int | None = 1800
    book: dict[str, str] = field(default_factory=dict)  # cover: author, institution, supervisor, date, label
    docx: bool = True  # book.docx beside book.pdf (--no-docx: not made)


@dataclass
class ChapterResult:
    stem: str
    status: str  # done | cached | failed
    seconds: float = 0.0
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class BuildReport:
    results: list[ChapterResult]
    seconds: float
    book_built: bool = False
    book_note: str = ""  # why the book and REPLICATION.md were left as they were (see pipeline.assemble)

    @property
    def ok(self) -> bool:
        return all(r.status in ("done", "cached") for r in self.results)

    @property
    def failed(self) -> list[ChapterResult]:
        return [r for r in self.results if r.status == "failed"]


def outputs_of(out: Path, stem: str, exhibits: bool = False) -> dict[str, Path]:
    """A chapter's output files by kind (with ``exhibits``: also its folder ``exhibits/<chapter>/``)."""
    files = {"html": out / "html" / f"{stem}.html", "pdf": out / "pdf" / f"{stem}.pdf",
             "executed": out / "executed" / f"{stem}.ipynb",
             "findings": out / "findings" / f"{stem}.json"}
    return {**files, "exhibits": out / "exhibits" / stem} if exhibits else files
