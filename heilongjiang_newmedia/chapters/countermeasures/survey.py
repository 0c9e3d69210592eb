"""Chapter 6's survey section (the researcher's own data; parameter ``survey_file``): the attributes of the
importance-performance analysis (IPA) in the "concentrate here" quadrant, largest gap first, as priorities from the
public's side. The statistics are :mod:`heilongjiang_newmedia.methods.survey`; the words are passages ``survey.*``
of the chapter's text files; column labels are ``tables/survey.yaml``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.loading.survey import find_survey, load_survey
from heilongjiang_newmedia.methods.survey import ipa, ipa_priorities

__all__ = ["survey_priorities", "survey_table"]


def survey_priorities(survey_file: str | os.PathLike | None,
                      survey_codebook: str | os.PathLike | None = None) -> tuple[str, pd.DataFrame | None]:
    """``(status, table)``: status ``missing`` (no survey supplied), ``no_pairs`` (the codebook defines no
    importance-performance pairs), ``none_to_improve`` (no attribute in the "concentrate here" quadrant) or
    ``priorities`` with the IPA rows of that quadrant (``attribute``, ``label_zh``, ``label_en``, ``importance``,
    ``performance``, ``gap``; ``attrs["sources"]``), largest gap first."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        return "missing", None
    sv = load_survey(*found)
    if not any(it.ipa_attribute for it in sv.attrs["codebook"].items.values()):
        return "no_pairs", None
    pr = ipa_priorities(ipa(sv))
    pr.attrs["sources"] = sv.attrs["sources"]
    return ("priorities" if len(pr) else "none_to_improve"), pr


def survey_table(df: pd.DataFrame, lang: str, decimals: int = 2) -> pd.DataFrame:
    """The priorities for display: labelled columns of ``lang``, numbers rounded to ``decimals``."""
    labels = read_yaml(Path(__file__).with_name("tables") / "survey.yaml")
    keep = [c for c in df.columns if c in labels and lang in labels[c]]
    out = df[keep].copy()
    for c in out.columns:
        if str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(decimals)
    out.columns = [labels[c][lang] for c in out.columns]
    return out
