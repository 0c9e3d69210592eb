"""The book's one evidence rule: a verdict on a claim from the balance of *independent* observations.

An observation is one row of a DataFrame with the columns

* ``claim`` — what it is evidence about (a problem id such as ``P2``, a comparison aspect, ...);
* ``direction`` — ``for`` (points to the claim) or ``against`` (points the other way); anything else (``context``)
  is shown but never counted;
* ``source`` — the publication, notice or list the observation comes from (e.g. ``zyw-procuratorate-monthly``);
* ``period`` — the period it refers to, as printed (``2020-03``, ``2022Q2``, ``2019``);
* ``construct`` — True when it measures what the claim is about (a website item does not measure new-media
  service forms); False rows are excluded with the reason ``construct``;
* ``comparable`` — False for a comparison across quarters, objects (websites vs new media) or inspection methods
  (sample vs full coverage); such rows are excluded with the reason ``not_comparable``, in either direction.

Counting (:func:`count_observations`): among the counted rows, observations with the same ``(source, period)`` are
one independent observation — one list in one month is one observation however many sub-lists it has, one notice
in one quarter is one observation. If one ``(source, period)`` has rows in both directions, it counts once in each.

Verdict (:func:`verdict_for`), the same for every claim (words and definitions: ``text/scale.yaml``):

=====================  ======================================================
``supported``          n_for >= 2 and n_against == 0
``partly_supported``   n_for > n_against (otherwise)
``contested``          n_for == n_against >= 1
``not_supported``      n_against > n_for
``no_direct_evidence`` n_for == n_against == 0
=====================  ======================================================

So one supporting and three contrary observations read ``not_supported``, never a supporting verdict.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["VERDICTS", "OBSERVATION_COLUMNS", "verdict_for", "count_observations", "rate_claims"]

#: verdict codes, strongest support first
VERDICTS = ("supported", "partly_supported", "contested", "not_supported", "no_direct_evidence")
OBSERVATION_COLUMNS = ("claim", "direction", "source", "period", "construct", "comparable")


def verdict_for(n_for: int, n_against: int) -> str:
    """The verdict code for ``n_for`` supporting and ``n_against`` contrary independent observations."""
    n_for, n_against = int(n_for), int(n_against)
    if n_for < 0 or n_against < 0:
        raise ValueError(f"observation counts cannot be negative ({n_for}, {n_against})")
    if n_for == 0 and n_against == 0:
        return "no_direct_evidence"
    if n_against == 0 and n_for >= 2:
        return "supported"
    if n_for > n_against:
        return "partly_supported"
    if n_for == n_against:
        return "contested"
    return "not_supported"


def _check(obs: pd.DataFrame) -> None:
    missing = [c for c in OBSERVATION_COLUMNS if c not in obs.columns]
    if missing:
        raise ValueError(f"observations lack the column(s) {', '.join(missing)}; expected {', '.join(OBSERVATION_COLUMNS)}")


def count_observations(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with two added columns: ``counted`` (bool) and ``excluded`` (``""``, ``construct``,
    ``not_comparable`` or ``no_direction``), and ``independent_key`` (``source|period``) of counted rows."""
    _check(obs)
    out = obs.copy()
    direction_ok = out["direction"].isin(["for", "against"])
    construct = out["construct"].astype(bool)
    comparable = out["comparable"].astype(bool)
    out["excluded"] = ""
    out.loc[~direction_ok, "excluded"] = "no_direction"
    out.loc[direction_ok & ~construct, "excluded"] = "construct"
    out.loc[direction_ok & construct & ~comparable, "excluded"] = "not_comparable"
    out["counted"] = out["excluded"] == ""
    out["independent_key"] = (out["source"].astype(str) + "|" + out["period"].astype(str)).where(out["counted"], "")
    return out


def rate_claims(obs: pd.DataFrame, claims: list[str] | None = None) -> pd.DataFrame:
    """One row per claim: ``n_for`` / ``n_against`` (distinct independent observations), ``n_excluded`` (rows not
    counted, any reason) and ``verdict``. ``claims`` lists claims to rate even without observations (they read
    ``no_direct_evidence``); default: the claims present in ``obs``, in order of first appearance."""
    counted = count_observations(obs)
    order = list(dict.fromkeys(list(claims or []) + list(counted["claim"])))
    rows = []
    for claim in order:
        mine = counted[counted["claim"] == claim]
        use = mine[mine["counted"]]
        n_for = use.loc[use["direction"] == "for", "independent_key"].nunique()
        n_against = use.loc[use["direction"] == "against", "independent_key"].nunique()
        rows.append({"claim": claim, "n_for": int(n_for), "n_against": int(n_against),
                     "n_excluded": int((~mine["counted"]).sum()), "verdict": verdict_for(n_for, n_against)})
    return pd.DataFrame(rows, columns=["claim", "n_for", "n_against", "n_excluded", "verdict"])
