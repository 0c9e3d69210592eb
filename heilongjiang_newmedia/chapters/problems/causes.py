"""Facts from the province's own notices for the qualitative discussion of the causes (section 4.5).

No public indicator measures a cause (understanding, development capacity, resources, talent). What the notices
show are the units they name, their headings, and the monitoring and rectification they report; these are counted
here. The reading of them is the book's, in the text files.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["cause_facts"]


def cause_facts(coded: pd.DataFrame, quarterly: pd.DataFrame, city_results: pd.DataFrame | None) -> dict[str, Any]:
    """Facts of the province's notices (an empty dict when the data hold no problem item of the province).

    ``n_items`` problem items, ``n_units`` distinct units named, of which ``n_units_province`` at provincial level
    (``city_zh`` 省级) and ``n_units_local`` below it; ``n_content`` items on content not updated;
    ``n_new_media_items`` items on new media; ``repeat_units`` units named for defects still present after a round
    of rectification (the printed item says 整改后仍…); ``headings`` (notice -> verbatim headings);
    ``monitored_daily`` / ``monitored_from`` (sites the provincial office monitored daily, from when);
    ``n_cities_monthly`` (cities checking all their own sites monthly); ``after_rectification`` (pass rates after
    rectification, %, by ``period`` and object)."""
    pi = coded[coded["row_type"] == "problem_item"] if len(coded) else coded
    if pi.empty:
        return {}
    units = pi.drop_duplicates("unit_zh")
    prov = units["city_zh"].astype(str).eq("省级")
    repeat = pi[pi["quote"].astype(str).str.contains("整改后仍")]
    q = quarterly
    daily = q[q["measure"] == "n_monitored_daily"]
    after = q[q["measure"] == "pass_rate_after_rectification"]
    monthly = (city_results.loc[city_results["result"] == "monthly_full_check_own_sites", "city_zh"].nunique()
               if city_results is not None else 0)
    return {
        "n_items": int(len(pi)), "n_units": int(len(units)), "n_units_province": int(prov.sum()),
        "n_units_local": int((~prov).sum()),
        "n_content": int(pi["codes"].str.split(";").map(lambda c: "内容更新" in c).sum()),
        "n_new_media_items": int((pi["object"] == "new_media").sum()),
        "repeat_units": list(dict.fromkeys(repeat["unit_zh"])),
        "headings": {n: list(dict.fromkeys(g["heading_zh"].astype(str))) for n, g in pi.groupby("notice", sort=True)},
        "monitored_daily": float(daily["value_numeric"].iloc[0]) if len(daily) else None,
        "monitored_from": str(daily["reference_period"].iloc[0]).replace("from ", "") if len(daily) else None,
        "n_cities_monthly": int(monthly),
        "after_rectification": [{"period": f"{int(y)}{qq}", "object": o, "value": float(v)}
                                for y, qq, o, v in zip(after["year"], after["quarter"], after["object"],
                                                       after["value_numeric"])],
    }
