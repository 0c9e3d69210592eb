"""A chapter's prose and findings inside its notebook: passages from its text files, its findings record.

Mixed into :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`::

    ch = Chapter("04_problems", context=ctx, uses=["status"])   # earlier findings this chapter prints
    ch.text("ratings", rows=rows)          # display passage "ratings" of chapters/problems/text/<lang>.md
    ch.passage("ratings.cell", x=...)      # the same, returned as Markdown
    ch.cell("ratings.cell", x=...)         # the same as one line of plain text (a table cell, a label)
    ch.record_findings(P.findings(result)) # the chapter's findings, written to <build>/findings/04_problems.json
    ch.find("P2.verdict", "verdict", "not_supported", exhibits=["evidence-ratings"])   # one more finding

Every passage sees: the study context's printed names (``province``, ``benchmarks``, ...), this chapter's findings
and those of the chapters named in ``uses`` under their short names (``problems.P2.verdict``), and the values passed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from heilongjiang_newmedia import findings as F
from heilongjiang_newmedia.text import Markdown, chapter_text, context_fields, render
from heilongjiang_newmedia.text.markdown import plain_text

__all__ = ["TextMixin"]


class TextMixin:
    """Text and findings methods of a chapter; expects ``stem``, ``lang``, ``context``, ``build_dir``, ``exhibits``
    and ``_earlier_roots()`` on the chapter."""

    stem: str
    lang: str
    context: Any
    exhibits: list[dict[str, Any]]

    # -- setup -----------------------------------------------------------------------------------------------------
    def _init_text(self, uses: Iterable[str] = ()) -> None:
        self.namespace = F.CHAPTER_STEMS.get(self.stem, self.stem.split("_", 1)[-1])
        self.findings = F.Findings(self.stem, self.namespace,
                                   self.context.to_json() if self.context is not None else {})
        self._earlier: dict[str, F.Findings] = {}
        for name in uses:
            rec = F.read(name, self._earlier_roots())
            self._earlier[rec.namespace] = rec
        self._write_findings()

    def earlier(self, namespace: str) -> F.Findings:
        """The findings record of an earlier chapter named in ``uses`` (read-only)."""
        if namespace not in self._earlier:
            raise KeyError(f"chapter {self.stem} did not declare uses=[{namespace!r}]")
        return self._earlier[namespace]

    # -- text ------------------------------------------------------------------------------------------------------
    def _text_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.context is not None:
            out.update(context_fields(self.context))
        else:
            out["lang"] = self.lang
        records = {**self._earlier, self.namespace: self.findings}
        for ns, rec in records.items():
            out[ns] = rec.tree()
        out["_findings"] = records
        out["_exhibits"] = {x["id"]: {"chapter": self.stem, "id": x["id"], "kind": x["kind"], "n": x["n"]}
                            for x in self.exhibits}
        out.update(values)
        return out

    def passage(self, name: str, **values: Any) -> Markdown:
        """Passage ``name`` of this chapter's text file in the chapter language, filled in (Markdown)."""
        return render(chapter_text(self.namespace, self.lang), name, self._text_values(values))

    def cell(self, name: str, **values: Any) -> str:
        """Passage ``name`` as one line of plain text, for a table cell or a chart label (see :meth:`passage`)."""
        return plain_text(self.passage(name, **values))

    def has_passage(self, name: str) -> bool:
        return name in chapter_text(self.namespace, self.lang)

    def text(self, name: str, **values: Any) -> None:
        """Display passage ``name`` (see :meth:`passage`)."""
        from IPython.display import display

        md = self.passage(name, **values)
        if md.strip():
            display({"text/markdown": str(md), "text/plain": str(md)}, raw=True)

    # -- findings --------------------------------------------------------------------------------------------------
    def _exhibit_ref(self, x: Any) -> F.ExhibitRef:
        if isinstance(x, F.ExhibitRef):
            if x.n or x.chapter != self.stem:
                return x
            x = x.id
        match = [e for e in self.exhibits if e["id"] == x]
        if not match:
            raise KeyError(f"chapter {self.stem}: a finding names exhibit {x!r}, which has not been made "
                           f"(exhibits: {', '.join(e['id'] for e in self.exhibits) or 'none'})")
        e = match[0]
        return F.ExhibitRef(self.stem, e["id"], e["kind"], e["n"])

    def _resolved(self, f: F.Finding) -> F.Finding:
        low = f.low_confidence
        refs = tuple(self._exhibit_ref(x) for x in f.exhibits)
        return F.Finding(f.key, f.kind, f.value, unit=f.unit, exhibits=refs, low_confidence=low, detail=f.detail)

    def find(self, key: str, kind: str, value: Any, *, unit: str = "", exhibits: Iterable[Any] = (),
             low_confidence: bool = False, **detail: Any) -> F.Finding:
        """Record one finding of this chapter; ``exhibits`` are ids of exhibits already made in this chapter."""
        f = self.findings.add(self._resolved(F.Finding(key, kind, value, unit=unit,
                                                       exhibits=tuple(F.ExhibitRef(self.stem, str(x)) if isinstance(x, str) else x
                                                                      for x in exhibits),
                                                       low_confidence=low_confidence, detail=detail)))
        self._write_findings()
        return f

    def record_findings(self, record: F.Findings | Iterable[F.Finding]) -> None:
        """Add findings computed by the chapter's code (exhibit ids resolved to this chapter's numbered exhibits)."""
        for f in record.values() if isinstance(record, F.Findings) else record:
            self.findings.add(self._resolved(f))
        self._write_findings()

    def check_findings(self, declared: Mapping[str, Mapping[str, Any]]) -> None:
        """Compare the record with the chapter's ``findings.yaml`` declaration (raises, listing every mismatch)."""
        self.findings.check(declared)

    def _write_findings(self) -> None:
        F.write(self.findings, self.build_dir)
