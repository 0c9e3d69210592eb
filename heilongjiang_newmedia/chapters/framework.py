"""The analytical framework (chapter 2): theories -> evaluation dimensions -> indicators, shared by chapters 2-6.

The framework is *data*: ``data_tables/framework.csv`` (one row per indicator) and
``data_tables/framework_dimensions.csv`` (one row per dimension, with the theory it operationalises). Chapters 4-6
read the same tables through :func:`load_framework`, so they all use one indicator system. This module is the
public face of the framework; the work is done in

* :mod:`framework_tables` — the tables, validated, and their reader labels;
* :mod:`framework_data` — the 31-province indicator matrix and the data coverage of every indicator;
* :mod:`framework_weights` — entropy / equal / AHP weights, weighted scores and a province's profile;
* :mod:`framework_text` — chapter 2's display tables, glossary, chart and prose.

Theories (the thesis's three) and dimensions
--------------------------------------------
* 使用与满足理论 uses-and-gratifications -> ``reach`` (覆盖与使用, reach and use);
* 新公共服务理论 new public service -> ``interaction`` (互动与参与, interaction and participation);
* 服务型政府理论 service-oriented government -> ``platform`` (平台建设), ``service`` (服务能力) and ``security``
  (管理与安全, management and security);
* ``context`` (背景) holds denominators and background variables that are *not* evaluation criteria.

Roles of the indicators (column ``role``)
-----------------------------------------
* ``composite``: a value for each of the 31 provinces on one basis; used for entropy weights, TOPSIS and composites.
* ``context``: computed as a 31-province cross-section but not weighted (size-dependent count, timing-dependent
  change or background variable).
* ``evidence``: data exist for some provinces/periods (chapters 3-4) but there is no comparable cross-section.
* ``not_covered``: an indicator the thesis's argument needs for which ``data/`` holds nothing (coverage 0).

Only two of the fifteen evaluation indicators have full 31-province coverage on one basis: the Party School 2019
online service capability index (service) and government websites per million residents 2019 (platform).
"""
from __future__ import annotations

import os

import pandas as pd

from heilongjiang_newmedia.chapters.framework_data import COMPUTABLE, coverage, framework_coverage, indicator_matrix
from heilongjiang_newmedia.chapters.framework_tables import (DIMENSIONS_CSV, EVALUATION_DIMENSIONS, FRAMEWORK_CSV, ROLES,
                                                             XPCC, composite_ids, direction_label, directions,
                                                             evaluation_ids, load_dimensions, read_framework,
                                                             role_label)
from heilongjiang_newmedia.chapters.framework_weights import (ahp_indicator_weights, ahp_weights,
                                                              entropy_and_equal_weights, province_profile,
                                                              weighted_scores)

__all__ = ["FRAMEWORK_CSV", "DIMENSIONS_CSV", "ROLES", "EVALUATION_DIMENSIONS", "XPCC", "load_framework",
           "load_dimensions", "directions", "composite_ids", "evaluation_ids", "indicator_matrix", "coverage",
           "framework_coverage", "entropy_and_equal_weights", "ahp_weights", "ahp_indicator_weights",
           "weighted_scores", "province_profile", "role_label", "direction_label"]


def load_framework(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The indicator table, one row per indicator, in file order.

    Columns: ``indicator_id`` (also as ``indicator``, the name chapters 4-6 use), ``label_zh``, ``label_en``,
    ``dimension``, ``dimension_zh``, ``dimension_en``, ``theory``, ``theory_zh``, ``theory_en``, ``dataset``
    (``;``-separated source datasets, empty when not covered), ``filter``, ``definition`` (English, with unit),
    ``definition_zh``, ``unit``, ``unit_zh``, ``direction`` (``benefit`` / ``cost`` / ``none`` for context
    variables), ``year`` (str, may be empty), ``role`` (one of :data:`ROLES`) and ``in_matrix`` (computable by
    :func:`indicator_matrix`). Raises ``ValueError`` on duplicate ids, unknown roles, directions or dimensions.
    """
    fw = read_framework(path)
    fw["in_matrix"] = fw["indicator_id"].isin(list(COMPUTABLE))
    return fw
