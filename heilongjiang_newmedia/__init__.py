"""Government new media in Heilongjiang: cited data, indicators, MCDA and chapter reports.

The names a researcher uses in a notebook, ``import heilongjiang_newmedia as hlj`` (each imported on first use, so
``import heilongjiang_newmedia`` itself costs nothing):

Data (every row carries its citation; ``data_dir=`` points at your own tables in the same schema)
    ``hlj.list_datasets()``, ``hlj.describe(name)`` (description, schema, sources), ``hlj.load(name, data_dir=None)``,
    ``hlj.citations(df)`` (the distinct sources of the rows in ``df``), ``hlj.DataValidationError``;
    your own files: ``hlj.load_inventory(path)``, ``hlj.load_survey(path, codebook)``, ``hlj.load_codebook(path)``.
Places and the study
    ``hlj.resolve_province("Heilongjiang")``, ``hlj.resolve_country("Denmark")``, ``hlj.resolve_division("Harbin")``,
    ``hlj.StudyContext.from_params(province=..., benchmarks=..., lang=...)``.
Methods (pure functions over loaded tables; see each module's docstring for formulas and references)
    ``hlj.indicators`` (growth, CAGR, densities, ranks, gaps), ``hlj.mcda`` (entropy and AHP weights, TOPSIS,
    sensitivity), ``hlj.evidence`` (the one evidence rule: verdicts from independent observations),
    ``hlj.survey`` (Cronbach's alpha, dimension scores, IPA), ``hlj.inventory`` (account-inventory indicators).
Findings (after a build: ``hlj-newmedia build``)
    ``hlj.findings("problems")`` (or ``4``, ``"04_problems"``; ``reports=`` another build folder) returns the
    chapter's :class:`~heilongjiang_newmedia.findings.record.Findings`: ``f.value("P2.verdict")``, ``f["P2.verdict"]``,
    ``f.tree()``; ``hlj.MissingFindingsError`` when the chapter has not been built there.
"""
from __future__ import annotations

__version__ = "0.1.0"

#: name -> "module" (a module) or "module:attribute"
_API = {
    "list_datasets": "heilongjiang_newmedia.loading.datasets:list_datasets",
    "describe": "heilongjiang_newmedia.loading.datasets:describe",
    "load": "heilongjiang_newmedia.loading.datasets:load",
    "citations": "heilongjiang_newmedia.loading.datasets:citations",
    "DataValidationError": "heilongjiang_newmedia.loading.datasets:DataValidationError",
    "load_inventory": "heilongjiang_newmedia.loading.inventory:load_inventory",
    "load_survey": "heilongjiang_newmedia.loading.survey:load_survey",
    "load_codebook": "heilongjiang_newmedia.loading.survey_codebook:load_codebook",
    "resolve_province": "heilongjiang_newmedia.loading.regions:resolve_province",
    "resolve_country": "heilongjiang_newmedia.loading.regions:resolve_country",
    "resolve_division": "heilongjiang_newmedia.loading.regions:resolve_division",
    "StudyContext": "heilongjiang_newmedia.loading.context:StudyContext",
    "indicators": "heilongjiang_newmedia.methods.indicators",
    "mcda": "heilongjiang_newmedia.methods.mcda",
    "evidence": "heilongjiang_newmedia.methods.evidence",
    "survey": "heilongjiang_newmedia.methods.survey",
    "inventory": "heilongjiang_newmedia.methods.inventory",
    "findings": "heilongjiang_newmedia.findings",
    "Findings": "heilongjiang_newmedia.findings.record:Findings",
    "Finding": "heilongjiang_newmedia.findings.record:Finding",
    "MissingFindingsError": "heilongjiang_newmedia.findings.store:MissingFindingsError",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """Import an API name on first use (PEP 562) and keep it in the package namespace."""
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}; the API: {', '.join(_API)}")
    import importlib

    module, _, attr = target.partition(":")
    value = importlib.import_module(module)
    if attr:
        value = getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
