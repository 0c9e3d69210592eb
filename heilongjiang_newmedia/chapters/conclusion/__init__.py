"""Chapter 7, conclusion (结论): public API. Nothing is recomputed from the data; the chapter reads the findings
records of chapters 1-6 and says what they amount to.

```python
ch = Chapter("07_conclusion", context=ctx, uses=list(C.USES))
records = {ns: ch.earlier(ns) for ns in C.USES}
C.check_records(records, ctx.province.code)            # every record built for the same province
pred = C.predictions(records["framework"], C.claim_verdicts(records["problems"], records["comparison"]))
ch.record_findings(C.findings(pred))                    # predictions.<theory>.verdict (findings.yaml)
rows = C.trace_rows({**records, "conclusion": ch.findings}, ctx.lang)   # the traceability table
```

Modules: :mod:`.analysis` (theory predictions, groupings, checks), :mod:`.trace` (the traceability table and the
movable sections), :mod:`.record` (findings, the predictions table, passage values).
"""
from __future__ import annotations

from heilongjiang_newmedia.chapters.conclusion.analysis import (USES, check_records, claim_verdicts, grouped,
                                                                low_flags, predictions)
from heilongjiang_newmedia.chapters.conclusion.record import declared, findings, predictions_table, text_values
from heilongjiang_newmedia.chapters.conclusion.trace import (labels, printed_value, section_html, statement_keys,
                                                             trace_html, trace_rows, trace_table)

__all__ = ["USES", "check_records", "claim_verdicts", "grouped", "low_flags", "predictions", "declared", "findings",
           "predictions_table", "text_values", "labels", "printed_value", "section_html", "statement_keys",
           "trace_html", "trace_rows", "trace_table"]
