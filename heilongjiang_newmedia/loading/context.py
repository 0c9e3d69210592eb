"""The study context: the parameters of one study, resolved once and passed down.

``StudyContext.from_params(province=..., benchmarks=..., peers=..., countries=..., start_year=..., end_year=...,
lang=..., data_dir=...)`` resolves every name once (provinces by Chinese name, English name or code; countries by ISO3
or UN name) and drops the focus province from its own benchmark and peer lists. Chapters receive the context instead
of re-resolving the province; text templates get its printed names from :func:`heilongjiang_newmedia.text`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from heilongjiang_newmedia.loading.regions import Province, resolve_country, resolve_province, split_names

__all__ = ["StudyContext", "DEFAULT_BENCHMARKS", "DEFAULT_PEERS", "DEFAULT_COUNTRIES", "LANGS"]

DEFAULT_BENCHMARKS = ("浙江", "广东", "上海", "江苏", "北京")
DEFAULT_PEERS = ("吉林", "辽宁")
DEFAULT_COUNTRIES = ("CHN", "DNK", "KOR", "SGP", "GBR", "USA", "EST")
LANGS = ("zh", "en")


def _provinces(values: Iterable[Any] | str | None, default: Iterable[str], focus: Province) -> tuple[Province, ...]:
    if values is None:
        values = default
    if isinstance(values, str):  # typed as "浙江,广东" (papermill -p, a notebook cell)
        values = split_names(values)
    out: list[Province] = []
    for v in values:
        p = resolve_province(v)
        if p.code != focus.code and p not in out:
            out.append(p)
    return tuple(out)


@dataclass(frozen=True)
class StudyContext:
    """One study's settings, resolved: ``province`` (focus), ``benchmarks`` and ``peers`` (without the focus
    province), ``countries`` (ISO3), ``start_year`` / ``end_year`` (None = what the data hold), ``lang`` (zh/en) and
    ``data_dir`` (the researcher's replacement tables, None = bundled data)."""

    province: Province
    benchmarks: tuple[Province, ...]
    peers: tuple[Province, ...]
    countries: tuple[str, ...]
    start_year: int | None = None
    end_year: int | None = None
    lang: str = "zh"
    data_dir: str | None = None

    @classmethod
    def from_params(cls, province: Any = "黑龙江", benchmarks: Iterable[Any] | None = None,
                    peers: Iterable[Any] | None = None, countries: Iterable[Any] | None = None,
                    start_year: int | None = None, end_year: int | None = None, lang: str = "zh",
                    data_dir: Any = None, **_other: Any) -> "StudyContext":
        """Resolve the study parameters (other chapter parameters in ``_other`` are ignored)."""
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        focus = resolve_province(province)
        if countries is None:
            countries = DEFAULT_COUNTRIES
        iso = tuple(dict.fromkeys(resolve_country(c) for c in split_names(countries)))
        return cls(province=focus, benchmarks=_provinces(benchmarks, DEFAULT_BENCHMARKS, focus),
                   peers=_provinces(peers, DEFAULT_PEERS, focus), countries=iso,
                   start_year=None if start_year is None else int(start_year),
                   end_year=None if end_year is None else int(end_year), lang=lang,
                   data_dir=None if data_dir in (None, "") else str(data_dir))

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def with_lang(self, lang: str) -> "StudyContext":
        """The same study in another language."""
        from dataclasses import replace

        return replace(self, lang=lang)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (codes and short names) for the findings record and the build's records."""
        return {"province": self.province.zh, "province_code": self.province.code,
                "benchmarks": [p.zh for p in self.benchmarks], "peers": [p.zh for p in self.peers],
                "countries": list(self.countries), "start_year": self.start_year, "end_year": self.end_year,
                "lang": self.lang}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "StudyContext":
        return cls.from_params(province=d.get("province_code") or d["province"], benchmarks=d.get("benchmarks"),
                               peers=d.get("peers"), countries=d.get("countries"), start_year=d.get("start_year"),
                               end_year=d.get("end_year"), lang=d.get("lang", "zh"))
