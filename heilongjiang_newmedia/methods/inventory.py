"""The researcher's own inventory of government new-media accounts (政务新媒体账号台账): loader and indicators.

The inventory is not public data: a researcher collects it (one row per account) in the template
``data/templates/account_inventory.csv`` whose columns, types and units are documented in
``data/templates/account_inventory.schema.json`` (Frictionless table schema) and
``data/templates/account_inventory_codebook.md``. Nothing here ships or invents inventory figures.

Loading (:func:`load_inventory`) accepts CSV (UTF-8, UTF-8 with BOM, GB18030/GBK as Excel writes on Chinese
Windows) and XLSX (first sheet, or ``sheet=``), and validates with the same checks and messages as the bundled
datasets (:func:`heilongjiang_newmedia.loading.datasets.validate_table`): missing/unexpected columns, required values, types,
enums, minimums, duplicate ``account_id``; every error names the file, the row (1 = first data row, i.e. line 2 of
the file / spreadsheet row 2) and the column. :func:`find_inventory` resolves the chapter parameters
(``inventory_file`` or ``<data_dir>/account_inventory.csv|xlsx``) and returns ``None`` when nothing was supplied.

Indicators (pure functions over the loaded table, all counts in accounts, shares in percent 0-100):

* :func:`account_counts` — accounts by platform, level, division or sector;
* :func:`accounts_per_100k` — accounts per 100,000 residents by prefecture-level division, denominator the 2020
  (7th) census resident population from ``load("hlj_cities")`` (indicator ``census2020_resident_population``);
* :func:`inactive_share` — share of accounts without a post for more than ``threshold_days`` before the snapshot;
* :func:`follower_concentration` — top-N share of followers and the Gini coefficient;
* :func:`service_share` — share of accounts offering services.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.datasets import DataValidationError, log_read, load, read_table_text, validate_table

__all__ = [
    "INVENTORY_NAME", "PLATFORMS", "LEVELS", "INSPECTION_INACTIVE_DAYS", "INSPECTION_SOURCE",
    "inventory_schema", "template_dir", "find_inventory", "load_inventory", "inventory_sources",
    "account_counts", "accounts_per_100k", "inactive_share", "follower_concentration", "gini",
    "service_share", "inventory_overview", "MISSING_INVENTORY_TEXT", "canonical_division",
    "inventory_section", "display_inventory_table", "read_xlsx_rows",
]

INVENTORY_NAME = "account_inventory"
PLATFORMS = ("weibo", "wechat", "douyin", "toutiao", "app", "other")
LEVELS = ("province", "city", "county", "township")

#: Default inactivity threshold in days. The 2019 national inspection criteria for government websites and new
#: media (国务院办公厅秘书局《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号) make "no update for more than
#: two weeks" (监测时间点前2周内无更新) a single-veto item (单项否决) for a government new-media account.
#: Verified in an official application of the criteria: 咸阳市 2021 inspection report, which judges 25 accounts
#: failed "依据国办政务新媒体检查指标 … 出现单项否决中超过两周无更新的情况",
#: https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html (the 2019 document itself was not available to us
#: in full text; see INSPECTION_SOURCE).
INSPECTION_INACTIVE_DAYS = 14
INSPECTION_SOURCE = {
    "title": "国务院办公厅秘书局《政府网站与政务新媒体检查指标、监管工作年度考核指标》(国办秘函〔2019〕19号), "
             "单项否决: 超过两周无更新 — as applied in 咸阳市政务服务管理局 2021年2月政府网站与政务新媒体检查情况报告",
    "url": "https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html",
    "date": "2021-04-02",
    "confidence": "medium",
}

#: What the chapter says when no inventory was supplied (Markdown; no figures).
MISSING_INVENTORY_TEXT = {
    "zh": ("**账号台账（研究者自备数据）**：未提供账号台账，本节从略。如需本节，请复制模板 "
           "`data/templates/account_inventory.csv`（字段说明见 `account_inventory_codebook.md`），逐个账号填写后，"
           "以参数 `inventory_file`（CSV 或 XLSX 路径）传入，或将文件命名为 `account_inventory.csv` / "
           "`account_inventory.xlsx` 放入 `data_dir` 目录，再重新生成报告。"),
    "en": ("**Account inventory (researcher-supplied data)**: no inventory was supplied, so this section is "
           "omitted. To add it, copy the template `data/templates/account_inventory.csv` (fields described in "
           "`account_inventory_codebook.md`), fill in one row per account, and pass it with the parameter "
           "`inventory_file` (CSV or XLSX path) or save it as `account_inventory.csv` / `account_inventory.xlsx` "
           "in `data_dir`; then rebuild the report."),
}

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def template_dir() -> Path:
    """The ``data/templates/`` directory (empty template, schema, codebooks)."""
    here = _PACKAGE_ROOT.parent / "data" / "templates"
    return here if here.exists() else _PACKAGE_ROOT / "data" / "templates"


def inventory_schema() -> dict[str, Any]:
    """The Frictionless table schema of the inventory (``data/templates/account_inventory.schema.json``)."""
    path = template_dir() / "account_inventory.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise DataValidationError(f"inventory schema not found: {path}") from exc


def find_inventory(inventory_file: str | os.PathLike | None = None,
                   data_dir: str | os.PathLike | None = None) -> Path | None:
    """The inventory file to use, or ``None`` when the researcher supplied none.

    ``inventory_file`` (a CSV/XLSX path) wins and must exist; otherwise ``<data_dir>/account_inventory.csv``,
    ``.xlsx`` (also under ``<data_dir>/inventory/``) or, with ``data_dir=None``, the same names in the directory of
    the environment variable ``HLJ_NEWMEDIA_DATA_DIR``.
    """
    if inventory_file not in (None, ""):
        path = Path(inventory_file).expanduser()
        if not path.is_file():
            raise DataValidationError(f"dataset {INVENTORY_NAME!r}: inventory_file {str(path)!r} not found")
        return path
    root = data_dir if data_dir not in (None, "") else os.environ.get("HLJ_NEWMEDIA_DATA_DIR") or None
    if root is None:
        return None
    for sub in ("", "inventory"):
        for ext in ("csv", "xlsx"):
            cand = Path(root) / sub / f"{INVENTORY_NAME}.{ext}"
            if cand.is_file():
                return cand
    return None


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates ISO, whole floats without .0, booleans true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_rows(path: Path, name: str, sheet: str | int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows (all cells as text) of one worksheet; blank rows dropped. Used for XLSX inventories."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for non-xlsx content
        raise DataValidationError(f"dataset {name!r}: file {path} is not a readable XLSX workbook ({exc})") from exc
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            if sheet not in wb.sheetnames:
                raise DataValidationError(
                    f"dataset {name!r}: file {path} has no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
            ws = wb[sheet]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise DataValidationError(f"dataset {name!r}: file {path} is empty")
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":  # trailing empty header cells (formatted but unused columns)
        header.pop()
    width = len(header)
    body = []
    for i, r in enumerate(rows[1:], start=1):
        if any(c.strip() for c in r[width:]):
            raise DataValidationError(
                f"dataset {name!r}: file {path}, row {i} (line {i + 1}): values beyond the last header column")
        body.append((r + [""] * width)[:width])
    return header, body


def load_inventory(path: str | os.PathLike, sheet: str | int | None = None) -> pd.DataFrame:
    """Load and validate the researcher's account inventory (CSV in UTF-8/BOM/GBK, or XLSX).

    Returns one row per account with typed columns (``followers`` etc. nullable ``Int64``, flags nullable
    ``boolean``, dates ``datetime64``), ``attrs["sources"]`` (one citation: the researcher's file, with the
    snapshot dates) and ``attrs["path"]``. Raises :class:`DataValidationError` naming file, row and column for:
    missing or unexpected columns, empty required cells, bad types, values outside the enums (platform, level),
    negative counts, duplicate ``account_id``, a ``last_post_date`` after the ``snapshot_date``, and services counted
    on an account marked without a service menu.
    """
    log_read(Path(path))
    path = Path(path)
    name = INVENTORY_NAME
    if not path.is_file():
        raise DataValidationError(f"dataset {name!r}: file not found: {path}")
    schema = inventory_schema()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table: Any = read_xlsx_rows(path, name, sheet)
    elif path.suffix.lower() == ".xls":
        raise DataValidationError(f"dataset {name!r}: file {path}: old .xls workbooks are not supported; "
                                  "save as .xlsx or CSV")
    else:
        table = read_table_text(path, name)
    df = validate_table(table, schema, name, path)
    for i in range(len(df)):
        where = f"dataset {name!r}: file {path}, row {i + 1} (line {i + 2})"
        last, snap = df.at[i, "last_post_date"], df.at[i, "snapshot_date"]
        if pd.notna(last) and last > snap:
            raise DataValidationError(f"{where}, column 'last_post_date': {last.date().isoformat()} is after the "
                                      f"snapshot_date {snap.date().isoformat()}")
        menu, n = df.at[i, "has_service_menu"], df.at[i, "n_services"]
        if pd.notna(menu) and not bool(menu) and pd.notna(n) and n > 0:
            raise DataValidationError(f"{where}, column 'n_services': {int(n)} services but has_service_menu is "
                                      "false")
    df.attrs = {"dataset": name, "path": str(path), "sources": inventory_sources(df, path)}
    return df


def inventory_sources(df: pd.DataFrame, path: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The citation of an inventory table: the researcher's own file and its snapshot dates."""
    path = Path(path or df.attrs.get("path", INVENTORY_NAME))
    snaps = pd.to_datetime(df["snapshot_date"]).dropna() if "snapshot_date" in df else pd.Series([], dtype=object)
    if len(snaps):
        lo, hi = snaps.min().date().isoformat(), snaps.max().date().isoformat()
        date = lo if lo == hi else f"{lo}/{hi}"
    else:
        date = ""
    return [{"title": f"研究者自建政务新媒体账号台账 / researcher's account inventory ({path.name})", "url": "",
             "date": date, "confidence": "", "rows": int(len(df))}]


def _with_sources(out: pd.DataFrame, inv: pd.DataFrame, extra: list[dict] | None = None) -> pd.DataFrame:
    out.attrs = {"sources": list(inv.attrs.get("sources") or inventory_sources(inv)) + list(extra or [])}
    return out


_BY = {"platform": "platform", "level": "admin_level", "admin_level": "admin_level", "division": "division",
       "sector": "sector"}


def account_counts(inv: pd.DataFrame, by: str = "platform") -> pd.DataFrame:
    """Accounts by ``by`` (platform, level, division or sector): columns ``<by>``, ``accounts`` (count) and
    ``share_pct`` (percent of all accounts in the inventory).

    Platform and level list every category of the schema, with 0 where none was recorded, in schema order; division
    and sector are sorted by count (descending) and name; an empty division/sector is shown as ``"(none)"``
    (province-level accounts have no division)."""
    if by not in _BY:
        raise ValueError(f"by must be one of platform, level, division, sector; got {by!r}")
    col = _BY[by]
    values = inv[col].astype("str").fillna("(none)").str.strip().replace({"": "(none)"})
    if col == "division":
        values = values.map(canonical_division)
    counts = values.value_counts()
    if col in ("platform", "admin_level"):
        cats = list(PLATFORMS if col == "platform" else LEVELS)
        counts = counts.reindex(cats, fill_value=0)
    else:
        counts = counts.rename_axis(col).reset_index(name="n").sort_values(["n", col], ascending=[False, True])
        counts = counts.set_index(col)["n"]
    total = int(len(inv))
    out = pd.DataFrame({by: counts.index.astype(str), "accounts": counts.to_numpy().astype(int)})
    out["share_pct"] = out["accounts"] / total * 100 if total else np.nan
    return _with_sources(out.reset_index(drop=True), inv)


def _division_key(x: str) -> str:
    x = str(x).strip()
    for suffix in ("地区", "市"):
        if x.endswith(suffix) and len(x) > len(suffix):
            return x[: -len(suffix)]
    return x


def canonical_division(name: str) -> str:
    """The official Chinese name of a Heilongjiang prefecture-level division (哈尔滨 / Harbin / 230100 ->
    哈尔滨市); other names are returned unchanged (stripped)."""
    from heilongjiang_newmedia.loading.regions import hlj_divisions

    name = str(name).strip()
    for _, r in hlj_divisions().iterrows():
        if name in (r["zh"], r["short"], str(r["code"])) or name.lower() == str(r["en"]).lower() or \
                _division_key(name) == r["short"]:
            return str(r["zh"])
    return name


def accounts_per_100k(inv: pd.DataFrame, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Accounts per 100,000 residents by prefecture-level division of Heilongjiang.

    ``accounts_per_100k = accounts / census2020_resident_population * 100000`` where the denominator is the 7th
    census (2020-11-01) resident population of the division from ``load("hlj_cities", data_dir)``. Accounts are
    those with a non-empty ``division`` (city-, county- and township-level units; province-level accounts are not
    attributed to a division). Divisions are matched on the Chinese name with or without 市/地区, or the English
    name (case-insensitive); all 13 divisions are listed (0 accounts where none recorded). Divisions named in the
    inventory that match no census division are returned in ``attrs["unmatched"]`` (name -> accounts).
    The returned table carries the census rows' citation columns, so ``citations(table)`` cites the population
    figures; ``attrs["sources"]`` adds the inventory itself.
    """
    pop = load("hlj_cities", data_dir=data_dir)
    pop = pop[pop["indicator"] == "census2020_resident_population"].drop_duplicates("admin_code")
    pop = pop.sort_values("value", ascending=False).reset_index(drop=True)
    keys: dict[str, int] = {}
    for j, r in pop.iterrows():
        for k in (_division_key(r["city_zh"]), str(r["city_en"]).strip().lower(), str(r["admin_code"])):
            keys[k] = j
    div = inv["division"].astype("str").fillna("").str.strip()
    div = div[div != ""]
    counts = np.zeros(len(pop), dtype=int)
    unmatched: dict[str, int] = {}
    for name, n in div.value_counts().items():
        j = keys.get(_division_key(name), keys.get(name.lower()))
        if j is None:
            unmatched[name] = int(n)
        else:
            counts[j] += int(n)
    out = pd.DataFrame({
        "division": pop["city_zh"].to_numpy(), "division_en": pop["city_en"].to_numpy(),
        "admin_code": pop["admin_code"].to_numpy(), "accounts": counts,
        "population_census2020": pop["value"].to_numpy(),
    })
    out["accounts_per_100k"] = out["accounts"] / out["population_census2020"] * 100_000
    for c in ("source_url", "source_title", "source_date", "locator", "confidence"):
        out[c] = pop[c].to_numpy()
    out = out.sort_values(["accounts_per_100k", "division"], ascending=[False, True]).reset_index(drop=True)
    from heilongjiang_newmedia.loading.datasets import citations

    _with_sources(out, inv, citations(out))
    out.attrs["unmatched"] = unmatched
    out.attrs["not_attributed"] = int((inv["division"].astype("str").fillna("").str.strip() == "").sum())
    return out


def inactive_share(inv: pd.DataFrame, threshold_days: int = INSPECTION_INACTIVE_DAYS,
                   by: str | None = None) -> pd.DataFrame:
    """Share of accounts inactive on their snapshot date.

    An account is *inactive* when ``snapshot_date - last_post_date > threshold_days`` (days), i.e. it has not
    posted within the ``threshold_days`` before the snapshot. The default, 14 days, is the single-veto item of the
    2019 national inspection criteria (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号: no update within the two
    weeks before the check) — see :data:`INSPECTION_INACTIVE_DAYS` for the verified source
    (https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html). Accounts with an empty ``last_post_date``
    (never posted, or not read) are counted in ``unknown`` and left out of the denominator.

    Returns one row (``by=None``, label ``"all"``) or one row per category of ``by`` with columns ``group``,
    ``accounts``, ``known``, ``unknown``, ``inactive``, ``inactive_share_pct`` (percent of ``known``) and
    ``threshold_days``.
    """
    if int(threshold_days) != threshold_days or threshold_days < 0:
        raise ValueError(f"threshold_days must be a non-negative whole number of days, got {threshold_days!r}")
    days = (pd.to_datetime(inv["snapshot_date"]) - pd.to_datetime(inv["last_post_date"])).dt.days
    frame = pd.DataFrame({"known": days.notna(), "inactive": days > threshold_days})
    frame["group"] = "all" if by is None else inv[_BY[by]].astype("str").fillna("(none)").replace({"": "(none)"})
    rows = []
    for g, part in frame.groupby("group", sort=True):
        known, inactive = int(part["known"].sum()), int(part["inactive"].sum())
        rows.append({"group": g, "accounts": len(part), "known": known, "unknown": len(part) - known,
                     "inactive": inactive, "inactive_share_pct": inactive / known * 100 if known else np.nan,
                     "threshold_days": int(threshold_days)})
    out = pd.DataFrame(rows, columns=["group", "accounts", "known", "unknown", "inactive", "inactive_share_pct",
                                      "threshold_days"])
    return _with_sources(out, inv, [INSPECTION_SOURCE] if threshold_days == INSPECTION_INACTIVE_DAYS else [])


def gini(values: Any) -> float:
    """Gini coefficient of non-negative values (0 = all equal, (n-1)/n = one holds everything).

    ``G = sum_i (2i - n - 1) x_(i) / (n * sum x)`` with ``x`` sorted ascending and ``i = 1..n``. NaN for no
    values or an all-zero total."""
    x = np.sort(np.asarray(pd.Series(values).dropna(), dtype=float))
    if len(x) == 0 or x.sum() == 0:
        return float("nan")
    if (x < 0).any():
        raise ValueError("gini: values must be non-negative")
    n = len(x)
    i = np.arange(1, n + 1)
    return float(((2 * i - n - 1) * x).sum() / (n * x.sum()))


def follower_concentration(inv: pd.DataFrame, top_n: int = 10, platform: str | None = None) -> pd.DataFrame:
    """Concentration of followers across accounts (optionally on one ``platform``).

    Columns: ``platform`` ("all" or the platform), ``accounts_with_followers`` (accounts with a follower count;
    WeChat official accounts usually have none), ``total_followers`` (sum, followers), ``top_n``,
    ``top_n_share_pct`` (percent of all followers held by the ``top_n`` largest accounts) and ``gini``
    (see :func:`gini`). Follower counts are summed across platforms as recorded; one person following several
    accounts counts several times."""
    if top_n < 1:
        raise ValueError("top_n must be at least 1")
    part = inv if platform is None else inv[inv["platform"] == platform]
    f = part["followers"].dropna().astype(float).sort_values(ascending=False)
    total = float(f.sum())
    out = pd.DataFrame([{
        "platform": platform or "all", "accounts_with_followers": int(len(f)), "total_followers": total,
        "top_n": int(top_n), "top_n_share_pct": float(f.head(top_n).sum() / total * 100) if total else np.nan,
        "gini": gini(f),
    }])
    return _with_sources(out, inv)


def service_share(inv: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share of accounts offering services: ``has_service_menu`` true or ``n_services`` > 0.

    Columns: ``group``, ``accounts``, ``known`` (accounts where either field is filled), ``offering``,
    ``service_share_pct`` (percent of ``known``), ``mean_services`` (mean ``n_services`` among offering accounts
    that report a number)."""
    menu = inv["has_service_menu"].astype("boolean")
    n = inv["n_services"].astype("Float64")
    offering = (menu.fillna(False) | (n.fillna(0) > 0)).astype(bool)
    known = (menu.notna() | n.notna()).astype(bool)
    frame = pd.DataFrame({"offering": offering, "known": known, "n": n})
    frame["group"] = "all" if by is None else inv[_BY[by]].astype("str").fillna("(none)").replace({"": "(none)"})
    rows = []
    for g, part in frame.groupby("group", sort=True):
        k, o = int(part["known"].sum()), int(part["offering"].sum())
        ns = part.loc[part["offering"], "n"].dropna()
        rows.append({"group": g, "accounts": len(part), "known": k, "offering": o,
                     "service_share_pct": o / k * 100 if k else np.nan,
                     "mean_services": float(ns.mean()) if len(ns) else np.nan})
    return _with_sources(pd.DataFrame(rows), inv)


def inventory_overview(inv: pd.DataFrame, threshold_days: int = INSPECTION_INACTIVE_DAYS, top_n: int = 10,
                       data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """All inventory exhibits for a chapter section, keyed ``by_platform``, ``by_level``, ``by_division``,
    ``by_sector``, ``per_100k``, ``inactive``, ``inactive_by_platform``, ``concentration``, ``services``."""
    return {
        "by_platform": account_counts(inv, "platform"), "by_level": account_counts(inv, "level"),
        "by_division": account_counts(inv, "division"), "by_sector": account_counts(inv, "sector"),
        "per_100k": accounts_per_100k(inv, data_dir=data_dir),
        "inactive": inactive_share(inv, threshold_days),
        "inactive_by_platform": inactive_share(inv, threshold_days, by="platform"),
        "concentration": follower_concentration(inv, top_n),
        "services": service_share(inv),
    }


# -- chapter section -----------------------------------------------------------------------------------------------

_LABELS = {
    "platform": ("平台", "Platform"), "level": ("行政层级", "Level"), "division": ("地市", "Division"),
    "sector": ("领域", "Sector"), "accounts": ("账号数", "Accounts"), "share_pct": ("占比（%）", "Share (%)"),
    "group": ("分组", "Group"), "known": ("有记录账号", "With data"), "unknown": ("无记录", "No data"),
    "inactive": ("不活跃账号", "Inactive"), "inactive_share_pct": ("不活跃占比（%）", "Inactive share (%)"),
    "threshold_days": ("阈值（天）", "Threshold (days)"), "offering": ("提供服务", "Offering services"),
    "service_share_pct": ("提供服务占比（%）", "Service share (%)"), "mean_services": ("平均服务数", "Mean services"),
    "accounts_with_followers": ("有粉丝数账号", "Accounts with followers"),
    "total_followers": ("粉丝总数", "Total followers"), "top_n": ("前N", "Top N"),
    "top_n_share_pct": ("前N账号粉丝占比（%）", "Top-N share (%)"), "gini": ("基尼系数", "Gini"),
    "population_census2020": ("2020年普查常住人口", "Census 2020 residents"),
    "accounts_per_100k": ("每10万人账号数", "Accounts per 100,000"),
}
_VALUES_ZH = {"weibo": "微博", "wechat": "微信", "douyin": "抖音", "toutiao": "今日头条", "app": "政务APP",
              "other": "其他", "province": "省级", "city": "地市级", "county": "县级", "township": "乡镇级",
              "all": "全部", "(none)": "（无）"}


def display_inventory_table(df: pd.DataFrame, lang: str = "zh", decimals: int = 1) -> pd.DataFrame:
    """A copy of an indicator table for display: labelled columns in ``lang``, platform/level names translated,
    shares rounded; citation columns dropped (the exhibit cites them through ``sources``)."""
    drop = [c for c in ("source_url", "source_title", "source_date", "locator", "confidence", "admin_code",
                        "division_en" if lang == "zh" else "division") if c in df.columns]
    out = df.drop(columns=drop).copy()
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype) in ("str", "string"):
            if lang == "zh":
                out[c] = out[c].map(lambda v: _VALUES_ZH.get(v, v))
        elif str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(3 if c == "gini" else 2 if c == "accounts_per_100k" else decimals)
    idx = 0 if lang == "zh" else 1
    out.columns = [_LABELS.get(c, (c, c))[idx] if c != "division_en" else _LABELS["division"][1] for c in out.columns]
    out.attrs = dict(df.attrs)
    return out


def inventory_section(ch: Any, inventory_file: str | os.PathLike | None = None,
                      data_dir: str | os.PathLike | None = None, province: Any = "黑龙江",
                      threshold_days: int = INSPECTION_INACTIVE_DAYS, top_n: int = 10) -> dict[str, pd.DataFrame] | None:
    """The "account inventory" section of a chapter (``ch`` = :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`).

    Without a file (see :func:`find_inventory`) it says how to supply one and records ``inventory_supplied`` =
    False. Otherwise it shows accounts by platform and level, accounts per 100,000 residents by division (only for
    Heilongjiang, whose 2020 census division populations are bundled), activity and services by platform and
    follower concentration, records key figures and returns :func:`inventory_overview`."""
    from heilongjiang_newmedia.loading.regions import resolve_province

    P = resolve_province(province)
    path = find_inventory(inventory_file, data_dir)
    if path is None:
        ch.say(zh=MISSING_INVENTORY_TEXT["zh"], en=MISSING_INVENTORY_TEXT["en"])
        ch.record("inventory_supplied", False)
        return None
    inv = load_inventory(path)
    ov = inventory_overview(inv, threshold_days, top_n, data_dir)
    hlj = P.zh == "黑龙江"
    src = inv.attrs["sources"]
    lang = ch.lang
    snap = src[0]["date"]
    ch.say(zh="**账号台账（研究者自备数据）**：台账共收录{prov}政务新媒体账号 {n:,} 个（采集日期 {snap}），以下统计全部来自该台账。",
           en="**Account inventory (researcher-supplied data)**: the inventory lists {n:,} government new-media "
              "accounts of {prov} (read on {snap}); the figures below all come from it.",
           prov=P.zh if lang == "zh" else P.en, n=len(inv), snap=snap)
    plat = ov["by_platform"].merge(service_share(inv, by="platform")[["group", "service_share_pct"]],
                                   left_on="platform", right_on="group", how="left").drop(columns="group")
    plat = plat.merge(ov["inactive_by_platform"][["group", "inactive_share_pct"]], left_on="platform",
                      right_on="group", how="left").drop(columns="group")
    plat.attrs = ov["by_platform"].attrs
    ch.exhibit(display_inventory_table(plat, lang), id="inventory-platform", data=plat, sources=src,
               title=ch.t(zh="政务新媒体账号的平台分布、活跃与服务情况（研究者台账）",
                          en="Government new-media accounts by platform: activity and services (researcher's inventory)"),
               note=ch.t(zh=f"不活跃：采集日前超过{threshold_days}天未更新。2019年国办《政府网站与政务新媒体检查指标》将"
                            "“超过两周无更新”列为单项否决项（默认阈值14天）。",
                         en=f"Inactive: no post for more than {threshold_days} days before the snapshot. The 2019 "
                            "national inspection criteria make 'no update for more than two weeks' a single-veto "
                            "item (default threshold 14 days)."))
    ch.exhibit(display_inventory_table(ov["by_level"], lang), id="inventory-level", data=ov["by_level"],
               sources=src, title=ch.t(zh="账号的行政层级分布", en="Accounts by administrative level"))
    if hlj:
        per = ov["per_100k"]
        ch.exhibit(display_inventory_table(per, lang), id="inventory-per-100k", data=per,
                   sources=per.attrs["sources"],
                   title=ch.t(zh="各地市每10万常住人口政务新媒体账号数", en="Accounts per 100,000 residents by division"),
                   note=ch.t(zh="人口为2020年第七次全国人口普查常住人口；省级账号不计入地市。",
                             en="Population: 2020 (7th) census residents; province-level accounts are not attributed "
                                "to a division."))
        if per.attrs["unmatched"]:
            ch.say(zh="台账中有 {k} 个地市名称未能与黑龙江13个地市匹配：{names}。",
                   en="{k} division names in the inventory match none of Heilongjiang's 13 divisions: {names}.",
                   k=len(per.attrs["unmatched"]), names=", ".join(per.attrs["unmatched"]))
    else:
        ch.say(zh="各地市人口数据仅内置黑龙江省（2020年普查），{prov}的每10万人账号数无法计算。",
               en="Division populations are bundled only for Heilongjiang (2020 census); accounts per 100,000 "
                  "residents cannot be computed for {prov}.", prov=P.zh if lang == "zh" else P.en)
    act, conc, serv = ov["inactive"].iloc[0], ov["concentration"].iloc[0], ov["services"].iloc[0]
    ch.exhibit(display_inventory_table(ov["concentration"], lang), id="inventory-concentration",
               data=ov["concentration"], sources=src,
               title=ch.t(zh="粉丝集中度（前N账号占比与基尼系数）", en="Follower concentration (top-N share and Gini)"))
    ch.say(zh="有更新日期记录的 {known} 个账号中，{inactive} 个超过 {days} 天未更新（{share:.1f}%）；"
              "{offering} 个账号提供办事服务（占有记录账号的 {sshare:.1f}%）；粉丝数前 {top} 的账号拥有全部粉丝的 "
              "{tshare:.1f}%，基尼系数 {gini:.3f}。",
           en="Of the {known} accounts with a last-post date, {inactive} had not posted for more than {days} days "
              "({share:.1f}%); {offering} offer services ({sshare:.1f}% of accounts with data); the top {top} "
              "accounts hold {tshare:.1f}% of all followers (Gini {gini:.3f}).",
           known=int(act["known"]), inactive=int(act["inactive"]), days=int(threshold_days),
           share=float(act["inactive_share_pct"]), offering=int(serv["offering"]),
           sshare=float(serv["service_share_pct"]), top=int(top_n), tshare=float(conc["top_n_share_pct"]),
           gini=float(conc["gini"]))
    ch.record("inventory_supplied", True)
    ch.record("inventory_accounts", int(len(inv)), exhibit="inventory-platform")
    ch.record("inventory_inactive_share_pct", float(act["inactive_share_pct"]), exhibit="inventory-platform")
    ch.record("inventory_service_share_pct", float(serv["service_share_pct"]), exhibit="inventory-platform")
    ch.record("inventory_follower_gini", float(conc["gini"]), exhibit="inventory-concentration")
    return ov
