"""Region resolution: provinces by any name form, divisions, countries, and helpful errors."""
import pytest

from heilongjiang_newmedia.loading import regions
from heilongjiang_newmedia.loading.regions import UnknownRegionError, resolve_country, resolve_province


@pytest.mark.parametrize("alias", ["黑龙江", "黑龙江省", "Heilongjiang", "heilongjiang", "HEILONGJIANG", 230000, "230000",
                                   " Heilongjiang "])
def test_heilongjiang_aliases(alias):
    p = resolve_province(alias)
    assert (p.zh, p.zh_full, p.en, p.code, p.region) == ("黑龙江", "黑龙江省", "Heilongjiang", 230000, "northeast")


@pytest.mark.parametrize("alias, zh", [("内蒙古自治区", "内蒙古"), ("Inner Mongolia", "内蒙古"), ("Xizang", "西藏"),
                                       ("广西壮族自治区", "广西"), ("Zhejiang", "浙江"), ("上海市", "上海"), (610000, "陕西")])
def test_other_provinces(alias, zh):
    assert resolve_province(alias).zh == zh


def test_31_provinces_in_four_nbs_regions():
    df = regions.provinces()
    assert len(df) == 31 and df["code"].is_unique
    assert df.groupby("region").size().to_dict() == {"central": 6, "east": 10, "northeast": 3, "west": 12}


def test_unknown_province_suggests():
    with pytest.raises(UnknownRegionError, match="Did you mean Heilongjiang"):
        resolve_province("Heilongjang")
    with pytest.raises(UnknownRegionError, match="Did you mean 黑龙江"):
        resolve_province("黑龙")
    with pytest.raises(ValueError, match="unknown province 'Atlantis'"):
        resolve_province("Atlantis")


def test_heilongjiang_divisions():
    df = regions.hlj_divisions()
    assert len(df) == 13
    assert df.iloc[0].tolist() == ["哈尔滨市", "哈尔滨", "Harbin", 230100]
    assert regions.resolve_division("Harbin") == regions.resolve_division(230100) == "哈尔滨市"
    with pytest.raises(UnknownRegionError, match="Did you mean"):
        regions.resolve_division("Harbn")


def test_countries():
    assert resolve_country("chn") == "CHN"
    assert resolve_country("Republic of Korea") == "KOR"
    assert resolve_country("Singapore") == "SGP"
    with pytest.raises(UnknownRegionError, match="unknown country 'CHM'"):
        resolve_country("CHM")


def test_country_lookup_matches_the_validated_table():
    """countries() reads four columns of un_egdi without validating the table (it runs before every build): it must
    give exactly what the validated loader gives."""
    from heilongjiang_newmedia.loading.datasets import load

    df = load("un_egdi")
    df = df[df["entity_type"] == "country"].sort_values("survey_year").drop_duplicates("iso3", keep="last")
    expected = df[["iso3", "country"]].rename(columns={"country": "name"}).sort_values("iso3").reset_index(drop=True)
    got = regions.countries()
    assert len(got) == 193
    assert got["iso3"].tolist() == expected["iso3"].tolist()
    assert got["name"].tolist() == expected["name"].astype(str).tolist()
