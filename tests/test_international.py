"""International comparison (chapter 5): UN EGDI panel, lead/lag, ITU vintages, cited cases — on the real data."""
import pandas as pd
import pytest

from heilongjiang_newmedia.chapters.comparison import international as I
from heilongjiang_newmedia.loading.datasets import load

COUNTRIES = ["CHN", "DNK", "KOR", "SGP", "GBR", "USA", "EST"]


@pytest.fixture(scope="module")
def panel():
    return I.egdi_panel(load("un_egdi"), COUNTRIES)


def test_china_egdi_2022_value_and_rank(panel):
    t = I.egdi_trend(panel)
    row = t[(t["iso3"] == "CHN") & (t["survey_year"] == 2022)]
    assert len(row) == 1
    assert row["value"].iloc[0] == pytest.approx(0.8119)
    assert int(row["rank"].iloc[0]) == 43
    # published ranks 2012 -> 2024 (NOTES.md coverage line)
    chn = t[t["iso3"] == "CHN"].sort_values("survey_year")
    assert chn["rank"].astype(int).tolist() == [78, 70, 63, 65, 45, 43, 35]
    assert chn["survey_year"].min() == I.EGDI_DEFAULT_START and chn["survey_year"].max() == 2024


def test_years_bound_and_missing_country():
    p = I.egdi_panel(load("un_egdi"), ["CHN", "XXX"], start_year=2016, end_year=2020)
    assert sorted(p["survey_year"].unique()) == [2016, 2018, 2020]
    assert p.attrs["missing_countries"] == ["XXX"]
    assert {"source_url", "confidence"} <= set(p.columns)


def test_rank_only_rows_and_duplicates_resolved():
    p = I.egdi_panel(load("un_egdi"), ["SGP", "CHE"])
    assert not p.duplicated(["survey_year", "iso3", "indicator"]).any()
    assert p["value"].notna().all()
    che = p[(p["iso3"] == "CHE") & (p["survey_year"] == 2024) & (p["indicator"] == "egdi")]
    assert int(che["rank"].iloc[0]) == 26 and che["confidence"].iloc[0] == "high"
    sgp = p[(p["iso3"] == "SGP") & (p["survey_year"] == 2012) & (p["indicator"] == "osi")]
    assert sgp["value"].iloc[0] == pytest.approx(1.0)


def test_lead_lag_hand_computed(panel):
    wide = I.components(panel, 2024)
    assert list(wide.columns) == ["osi", "tii", "hci", "epi"]
    ll = I.lead_lag(wide, "CHN").set_index("indicator")
    # OSI 2024: China 0.92576; others DNK .99924 EST .99535 GBR .95349 KOR 1.0 SGP .98306 USA .91358
    others = [0.99924, 0.99535, 0.95349, 1.00000, 0.98306, 0.91358]
    assert ll.at["osi", "focus_value"] == pytest.approx(0.92576)
    assert ll.at["osi", "comparison_mean"] == pytest.approx(sum(others) / 6)
    assert ll.at["osi", "diff"] == pytest.approx(0.92576 - sum(others) / 6)
    assert ll.at["osi", "best_country"] == "KOR" and ll.at["osi", "position"] == 6  # only USA lower
    assert (ll["status"] == "lags").all()


def test_lead_lag_small_frame():
    wide = pd.DataFrame({"osi": [0.9, 0.5, 0.7], "epi": [0.2, 0.6, 0.4]}, index=["CHN", "A", "B"])
    ll = I.lead_lag(wide, "CHN").set_index("indicator")
    assert ll.at["osi", "diff"] == pytest.approx(0.3) and ll.at["osi", "status"] == "leads"
    assert ll.at["epi", "diff"] == pytest.approx(-0.3) and ll.at["epi", "position"] == 3
    assert list(ll.index) == ["osi", "epi"]
    with pytest.raises(ValueError):
        I.lead_lag(wide, "USA")


def test_itu_vintages_not_mixed():
    s = I.itu_series(load("itu_internet_users"), COUNTRIES)
    owid, hub = s["owid"], s["itu"]
    assert owid["source_title"].str.startswith("Our World in Data").all()
    assert not owid.duplicated(["iso3", "year"]).any()
    chn = hub[hub["iso3"] == "CHN"].set_index("year")
    assert chn.at[2023, "series"] == "new_definition" and chn.at[2022, "series"] == "before"
    assert chn.at[2023, "value"] == pytest.approx(90.6)
    assert owid[(owid["iso3"] == "CHN") & (owid["year"] == 2023)]["value"].iloc[0] == pytest.approx(77.4827)
    assert set(hub.loc[hub["iso3"] != "CHN", "series"]) == {"extract"}
