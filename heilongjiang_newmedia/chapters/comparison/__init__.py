"""Chapter 5, comparison with advanced provinces and countries (国内外经验比较): public API.

```python
ctx = StudyContext.from_params(...)
res = C.analyse(ctx, load, sensitivity_pct=10)     # every computation, pure over the loaded tables
C.profile_table(res, ctx.lang)                      # display tables (labels from tables/labels.yaml)
ch.record_findings(C.findings(res, "indicators"))   # findings by section (findings.yaml)
```

Modules: :mod:`.indicators` (chapter 2's indicator system and the province against the benchmarks),
:mod:`.composite` (the two composites, NBS regions), :mod:`.international` (UN and ITU, national context),
:mod:`.practices` (documented practices), :mod:`.aspects` (the five aspects on the evidence scale),
:mod:`.display` and :mod:`.charts` (exhibits), :mod:`.record` (findings).
"""
from __future__ import annotations

from heilongjiang_newmedia.chapters.comparison.analysis import Result, analyse
from heilongjiang_newmedia.chapters.comparison.charts import (components_chart, composite_chart, egdi_chart,
                                                              itu_chart, profile_chart)
from heilongjiang_newmedia.chapters.comparison.display import (aspects_table, background_table, bearing_table,
                                                               labels, lead_lag_table, observations_table,
                                                               practices_table, profile_table, regions_table)
from heilongjiang_newmedia.chapters.comparison.record import declared, findings, shown_rows, text_values

__all__ = ["Result", "analyse", "declared", "shown_rows", "findings", "text_values", "labels", "profile_table",
           "background_table", "regions_table", "lead_lag_table", "practices_table", "bearing_table",
           "aspects_table", "observations_table", "profile_chart", "composite_chart", "egdi_chart",
           "components_chart", "itu_chart"]
