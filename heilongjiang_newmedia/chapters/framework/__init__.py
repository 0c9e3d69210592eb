"""Chapter 2 (理论基础与分析框架 / theory and framework): the three theories and their predictions, the indicator
system counted against the data, and the weights of the comparable indicators.

Public API (the notebook ``02_framework.ipynb`` uses these)::

    res = analyse(ctx, ahp_matrix=None, ahp_criteria=None)   # FrameworkResult
    findings(res, part)                                      # Findings of one part ("theories", "indicators", ...)
    dimension_table(res, lang), predictions_table(res, lang, ch.passage), indicator_table(res, lang),
    weights_table(res, lang), weights_chart(res, lang), profile_table(res, lang, name),
    ahp_matrix_table(res, lang), ahp_result_table(res, lang)                 # exhibits
    system_values(res, lang), weight_values(res, lang), claim_texts(lang), ahp_values(res, lang)  # passage fields

Prose: ``text/zh.md`` and ``text/en.md``; findings declared in ``findings.yaml``; labels in ``tables/``. The indicator
system itself is shared by chapters 2-6 and lives in :mod:`heilongjiang_newmedia.loading.indicators`.
"""
from heilongjiang_newmedia.chapters.framework.analysis import (FINDING_PARTS, FrameworkResult, analyse, claims,
                                                               findings, labels, theories)
from heilongjiang_newmedia.chapters.framework.display import (ahp_matrix_table, ahp_result_table, ahp_values,
                                                              claim_texts, dimension_table, indicator_table,
                                                              predictions_table, profile_table, system_values,
                                                              weight_values, weights_chart, weights_table)
from heilongjiang_newmedia.chapters.framework.weights import (ahp_indicator_weights, ahp_weights,
                                                              entropy_and_equal_weights, province_profile,
                                                              weighted_scores)

__all__ = ["FINDING_PARTS", "FrameworkResult", "analyse", "findings", "theories", "claims", "labels",
           "dimension_table", "predictions_table", "indicator_table", "weights_table", "weights_chart",
           "profile_table", "ahp_matrix_table", "ahp_result_table", "system_values", "weight_values", "claim_texts",
           "ahp_values", "entropy_and_equal_weights", "ahp_weights", "ahp_indicator_weights", "weighted_scores",
           "province_profile"]
