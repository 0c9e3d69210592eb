"""Chapter 3 (发展现状 / status of government new media): the province's inspection notices coded item by item,
its accounts, named accounts and flagship facts, then the platform base (websites, online service capability, key
cities, other rankings) and the population context.

Public API (the notebook ``03_status.ipynb`` uses these)::

    res = analyse(ctx, load)                        # StatusResult
    findings(res, part, ch.exhibits)                # Findings of one part (FINDING_PARTS)
    summary_table, crosstab_table, items_table, cities_table, accounts_table, split_table, named_table,
    flagship_table, weibo_table (display); capability_position_table, capability_other_table, city_years_table,
    other_table, numbers_table (display_base); websites_chart, per_million_chart, capability_chart,
    key_cities_chart, national_chart (charts)
    notice_values, named_values, website_values, capability_values, national_values, city_values, other_values
                                                    # passage fields
    inventory(ctx, inventory_file, threshold_days), inventory_table(df, lang)   # the researcher's inventory

Prose: ``text/zh.md`` and ``text/en.md``; findings declared in ``findings.yaml``; labels and codings in ``tables/``.
"""
from heilongjiang_newmedia.chapters.status.analysis import HLJ_CODE, STEM, StatusResult, analyse, labels
from heilongjiang_newmedia.chapters.status.charts import (capability_chart, key_cities_chart, national_chart,
                                                          per_million_chart, websites_chart)
from heilongjiang_newmedia.chapters.status.display import (accounts_table, cities_table, crosstab_table,
                                                           flagship_table, items_table, named_table, split_table,
                                                           summary_table, weibo_table)
from heilongjiang_newmedia.chapters.status.display_base import (capability_other_table, capability_position_table,
                                                                city_years_table, numbers_table, other_table)
from heilongjiang_newmedia.chapters.status.inventory import inventory, inventory_table
from heilongjiang_newmedia.chapters.status.record import FINDING_PARTS, findings, numbers_items
from heilongjiang_newmedia.chapters.status.values import (capability_values, city_values, named_values,
                                                          national_values, notice_values, numbers_values,
                                                          other_values, province_names, website_values)

__all__ = ["HLJ_CODE", "STEM", "StatusResult", "analyse", "labels", "FINDING_PARTS", "findings",
           "numbers_items", "summary_table", "crosstab_table", "items_table", "cities_table", "accounts_table",
           "split_table", "named_table", "flagship_table", "weibo_table", "capability_position_table",
           "capability_other_table", "city_years_table", "other_table", "numbers_table", "websites_chart",
           "per_million_chart", "capability_chart", "key_cities_chart", "national_chart", "notice_values",
           "named_values", "numbers_values", "website_values", "capability_values", "national_values", "city_values", "other_values",
           "province_names", "inventory", "inventory_table"]
