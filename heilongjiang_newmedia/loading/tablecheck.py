"""Reading a table file as people save it, and naming every problem at once (used by :mod:`.datasets`).

* Text: UTF-8 (with or without BOM), GB18030/GBK, and UTF-16 as Excel's "Unicode text" writes it (BOM, tab-separated);
  :func:`decode_table` says which. Binary files are named as such.
* Layout: comma- or tab-separated (:func:`split_rows`); columns without a name and without values, as spreadsheets
  add at the end, are dropped; a column without a name that holds values is named "column N (letter)".
* Problems: :class:`Problems` gathers every bad cell of a file and :meth:`Problems.message` lists them (up to
  :data:`LIMIT`, then how many more), each as ``row i (line i+1), column 'c': what is wrong``.

The functions are small and independent of the checks themselves, so another validator (e.g. ``frictionless``) can
report through :class:`Problems` too.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

__all__ = ["LIMIT", "Problems", "decode_table", "split_rows", "column_label", "row_where", "cell_where"]

#: How many problems a message lists before giving the count of the rest.
LIMIT = 20


def column_label(j: int) -> str:
    """1-based column number and spreadsheet letter of the 0-based column ``j``: ``column 15 (O)``."""
    n, letters = j + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"column {j + 1} ({letters})"


def row_where(i: int) -> str:
    """Where data row ``i`` (1 = first row below the header) is: ``row i (line i+1)``."""
    return f"row {i} (line {i + 1})"


def cell_where(i: int, col: str) -> str:
    return f"{row_where(i)}, column {col!r}"


class Problems:
    """The problems found in one file of dataset ``name``; ``add(where, what)`` (``where`` None: the whole file)."""

    def __init__(self, name: str, path: Path, limit: int = LIMIT):
        self.name, self.path, self.limit = name, Path(path), limit
        self.items: list[tuple[str | None, str]] = []

    def add(self, where: str | None, what: str) -> None:
        self.items.append((where, what))

    def __bool__(self) -> bool:
        return bool(self.items)

    def message(self) -> str:
        """One line for one problem (as before: ``dataset 'x': file P, row 3 (line 4), column 'c': ...``); for several,
        a first line with their number, then one line each (up to :attr:`limit`) and the count of the rest."""
        head = f"dataset {self.name!r}: file {self.path}"
        if len(self.items) == 1:
            where, what = self.items[0]
            return f"{head}, {where}: {what}" if where else f"{head}: {what}"
        lines = [f"{head}: {len(self.items)} problems"]
        lines += [f"  - {where}: {what}" if where else f"  - {what}" for where, what in self.items[: self.limit]]
        if len(self.items) > self.limit:
            lines.append(f"  - and {len(self.items) - self.limit} more")
        return "\n".join(lines)

    def raise_if_any(self, error: type[Exception]) -> None:
        if self.items:
            raise error(self.message())


def _looks_utf16(raw: bytes) -> str | None:
    """``utf-16`` (BOM) or ``utf-16-le``/``-be`` for text saved as UTF-16 without a BOM (every other byte NUL)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = raw[:2048]
    if len(sample) >= 8:
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_table(raw: bytes) -> tuple[str | None, str]:
    """``(text, encoding)`` of a table file's bytes; ``text`` is None when it is not text: ``encoding`` then says
    ``binary`` (NUL bytes that are not UTF-16) or ``unknown``."""
    utf16 = _looks_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16).lstrip("\ufeff"), "UTF-16"
        except UnicodeDecodeError:
            return None, "binary"
    if b"\x00" in raw[:4096]:
        return None, "binary"
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030/GBK")):
        try:
            return raw.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return None, "unknown"


def split_rows(text: str) -> list[list[str]]:
    """The rows of a comma- or tab-separated text (tab when the first line has tabs and no comma), blank rows
    dropped. Raises ``csv.Error`` on malformed quoting."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [r for r in rows if r and any(cell.strip() for cell in r)]


def drop_empty_columns(header: list[str], body: list[list[str]], problems: Problems
                       ) -> tuple[list[str], list[list[str]]]:
    """Drop the columns without a name whose cells are all blank (spreadsheets add them at the end); report a
    column without a name that holds values. Cells beyond the header that are blank are dropped too."""
    width = max([len(header), *(len(r) for r in body)])
    keep = []
    for j in range(width):
        name = header[j].strip() if j < len(header) else ""
        if name:
            keep.append(j)
            continue
        filled = [i for i, r in enumerate(body, start=1) if j < len(r) and r[j].strip()]
        if filled:
            shown = ", ".join(str(i) for i in filled[:5]) + (f" and {len(filled) - 5} more" if len(filled) > 5 else "")
            problems.add(None, f"{column_label(j)} has no name in the header but holds values (row(s) {shown}); "
                               f"give it a name or delete it")
            keep.append(j)
    if len(keep) == width and len(header) == width:
        return header, body
    new_header = [header[j] if j < len(header) else "" for j in keep]
    new_body = [[r[j] for j in keep if j < len(r)] for r in body]
    return new_header, new_body
