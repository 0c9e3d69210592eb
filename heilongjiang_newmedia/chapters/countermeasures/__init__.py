"""Chapter 6, countermeasures (对策建议): public API.

```python
ctx = StudyContext.from_params(...)
ch = Chapter("06_countermeasures", context=ctx, uses=["problems", "comparison"])
res = M.analyse(ctx, load, ch.earlier("problems"), ch.earlier("comparison"), target_year=2030)
M.problems_table(res, ctx.lang)          # display tables (labels from tables/labels.yaml)
ch.record_findings(M.findings(res))      # CM<n>.problem/.indicator/.baseline/.target, priority (findings.yaml)
ch.text("priority", **M.text_values(res, ctx.lang))
```

Modules: :mod:`.plan` (the countermeasures and the priority rule), :mod:`.monitoring` (indicators, baselines from
the data, targets), :mod:`.practices` (the documented practices chapter 5 recorded for each countermeasure),
:mod:`.analysis`, :mod:`.display` (exhibits), :mod:`.record` (findings, passage values), :mod:`.survey` (the
researcher's citizen survey).
"""
from __future__ import annotations

from heilongjiang_newmedia.chapters.countermeasures.analysis import Result, analyse
from heilongjiang_newmedia.chapters.countermeasures.display import (monitoring_data, monitoring_rows, monitoring_table,
                                                                    practices_table, problems_table, shown_practices)
from heilongjiang_newmedia.chapters.countermeasures.plan import (EVIDENCE_ORDER, countermeasure_table, labels,
                                                                 priority_order, priority_table)
from heilongjiang_newmedia.chapters.countermeasures.record import declared, findings, text_values
from heilongjiang_newmedia.chapters.countermeasures.survey import survey_priorities, survey_table

__all__ = ["Result", "analyse", "problems_table", "monitoring_table", "practices_table", "shown_practices",
           "monitoring_rows", "monitoring_data", "countermeasure_table",
           "labels", "priority_order", "priority_table", "EVIDENCE_ORDER", "declared", "findings", "text_values",
           "survey_priorities", "survey_table"]
