"""Chapter 4: the argument in prose — sentences filled from computed evidence, in zh and en."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.problems_core import RATING_LABELS
from heilongjiang_newmedia.chapters.problems_display import counter_evidence, evidence_text, quarter_label

__all__ = ["items_paragraph", "pass_rate_paragraph", "consolidation_paragraph", "counter_paragraph",
           "rating_paragraph", "summary_paragraph"]


def items_paragraph(items: pd.DataFrame, lang: str, pname: str) -> str:
    """What the coded notice items are: how many, from which notices, about which object."""
    if items.empty:
        return W.pick(lang, f"本项目没有收录{pname}检查通报中的问题条目，因此这一类证据对{pname}缺失。",
                      f"The collection holds no inspection problem items for {pname}, so this kind of evidence is missing.")
    notices = W.listing([quarter_label(y, q, lang) for y, q in
                         sorted({(int(y), q) for y, q in zip(items["year"], items["quarter"])})], lang)
    nw = int((items["object"] == "website").sum())
    nm = int((items["object"] == "new_media").sum())
    return W.pick(lang,
                  f"已收录的{len(items)}条问题条目来自{notices}两份通报第二部分的第一项，其中政府网站{nw}条、政务新媒体{nm}条。"
                  "通报中关于政务新媒体的问题条目没有收录，所以这些条目只能说明网站运维的情况，不能直接用来判断新媒体平台是否落后；"
                  "某一类别为零表示已收录文本中没有出现，而不是不存在这类问题。",
                  f"The {len(items)} items covered come from the first problem item of section 2 of the {notices} notices: {nw} on "
                  f"websites and {nm} on new media. The notices' new-media items are not in the collection, so these items "
                  "speak to website upkeep and cannot show by themselves whether new-media platforms lag; a zero in a category "
                  "means \"not in the covered text\", not \"no such problem\".")


def pass_rate_paragraph(pc: pd.DataFrame, lang: str, pname: str) -> str:
    """Each quarter and object on its own: the province's rate, its check type and the comparators' range."""
    if pc.empty:
        return W.pick(lang, f"本项目没有收录{pname}的检查合格率，无法比较。",
                      f"The collection holds no inspection pass rate for {pname}; no comparison is possible.")
    ev = {"detail": {"quarters": pc.to_dict("records")}, "direction": "mixed"}
    return W.pick(lang, f"逐季度、分对象看：{evidence_text('pass_rate', ev, lang)}。各行检查方式和比较对象不同，本章不把它们合并成一个平均差距。",
                  f"Quarter by quarter and object by object: {evidence_text('pass_rate', ev, lang)}. Check types and "
                  "comparators differ between rows, so the chapter does not pool them into one average gap.")


def consolidation_paragraph(cons: Mapping[str, Any], running: Mapping[str, Any] | None, lang: str, pname: str) -> str:
    """The 2019 decline (flagged when doubted) and, where available, the province's own count of running sites."""
    if not pd.notna(cons["value"]):
        return W.pick(lang, f"数据中没有{pname}的政府网站降幅。", f"The collection has no website decline for {pname}.")
    ev = {"detail": cons, "direction": "counter"}
    s = W.pick(lang, f"{pname}{evidence_text('consolidation', ev, lang)}。", f"In {pname}, {evidence_text('consolidation', ev, lang)}.")
    if running:
        s += W.pick(lang, f"省级通报本身给出另一组数字：{evidence_text('running_sites', {'detail': running, 'direction': 'counter'}, lang)}。"
                          "两组来源口径不同，但方向一致：网站大幅集约，这与“管理体制不完善”的说法相反。",
                    f" The provincial notices give a second set of figures: "
                    f"{evidence_text('running_sites', {'detail': running, 'direction': 'counter'}, lang)}. The two sources differ "
                    "in scope but agree in direction: websites were heavily consolidated, which runs against \"the management "
                    "system is not perfect\".")
    return s


def counter_paragraph(inp: Any, lang: str, pname: str) -> str:
    """The positive findings that weigh against the problems: full check, first places, key city."""
    parts = []
    if inp.full_check:
        parts.append(evidence_text("full_check", {"detail": inp.full_check, "direction": "counter"}, lang))
    if inp.named is not None and len(inp.named):
        d = {"lists": inp.named["list_name"].tolist(), "periods": inp.named["year"].astype(str).tolist()}
        parts.append(evidence_text("named_accounts", {"detail": d, "direction": "counter"}, lang))
    if inp.key_city:
        parts.append(evidence_text("key_city", {"detail": inp.key_city, "direction": "counter"}, lang))
    if not parts:
        return W.pick(lang, f"数据中没有{pname}的全覆盖检查、全国排行榜第一名或重点城市记录。",
                      f"The collection holds no full-coverage check, national first place or key-city record for {pname}.")
    return W.pick(lang, "；".join(parts) + "。这些是与论文诊断方向相反的事实，下文评级时与支持性证据并列。",
                  "; ".join(parts) + ". These facts point away from the thesis's diagnosis and are weighed beside the "
                  "supporting evidence below.")


def rating_paragraph(pid: str, name: str, rating: Mapping[str, Any], table: pd.DataFrame, evidence: pd.DataFrame,
                     lang: str, labels: Mapping[str, str] | None = None) -> str:
    """One problem: rating, independent sources for and against, what is counter-evidence, what is missing."""
    rl = RATING_LABELS[rating["rating"]][0 if lang == "zh" else 1]
    con = counter_evidence(table, evidence, pid, lang, labels)
    ns, nc = int(rating["n_support"]), int(rating["n_counter"])
    s = W.pick(lang, f"{rl}。支持性观测来自{ns}个相互独立的来源或时期，反面观测来自{nc}个。",
               f"{rl}. Supporting observations come from {ns} independent sources or periods, counter-observations "
               f"from {nc}.")
    if con:
        s += W.pick(lang, "反面证据：" + "；".join(con) + "。", " Counter-evidence: " + "; ".join(con) + ".")
    if rating["rating"] == "no_data":
        s += W.pick(lang, "现有公开数据既不能证实也不能否定这一问题。", " The public data can neither confirm nor reject this problem.")
    return s


def summary_paragraph(ratings: pd.DataFrame, names: Mapping[str, str], lang: str, pname: str,
                      notices: bool = True, n_notices: int = 0, span: str = "") -> str:
    """The chapter's conclusion: which problems the evidence supports, how strongly, and what it cannot show.
    ``notices``: whether the province's own inspection notices are in the data (Heilongjiang only)."""
    by = {r: [names[p] for p in ratings.loc[ratings["rating"] == r, "problem_id"]] for r in RATING_LABELS}
    parts = []
    for r in ("limited", "preliminary", "counter", "no_data"):
        if by[r]:
            lab = RATING_LABELS[r][0 if lang == "zh" else 1]
            parts.append(W.pick(lang, f"{W.listing([f'“{x}”' for x in by[r]], lang)}为{lab}",
                                f"{W.listing([chr(34) + x + chr(34) for x in by[r]], lang)}: {lab}"))
    head = W.pick(lang, f"就{pname}而言，" + "；".join(parts) + "。", f"For {pname}: " + "; ".join(parts) + ".")
    if not notices:
        return head + W.pick(lang, f"本项目没有收录{pname}检查通报中点名的问题条目，评级主要依据全国性数据；缺少支持性证据可能只反映数据覆盖，而不一定说明实际情况更好。",
                             f" The collection holds no problem items from {pname}'s notices; the ratings rest mainly on national data, "
                             "so missing support may reflect data coverage rather than a better situation.")
    return head + W.pick(lang,
                  f"没有一个问题达到比“有限证据”更强的程度：公开数据中载有问题条目的省级通报只有{n_notices}份、"
                  f"每份只收录了第一项问题，且几乎全部关于政府网站。论文的诊断在{span}年的数据中部分可见，主要体现为基层网站运维不到位"
                  "和服务能力落后于先进省份；而政务新媒体本身的合格率和排行榜表现并不支持“平台相对落后”的笼统说法。"
                  "要作出更强的判断，需要全省账号普查、连续多个季度的通报和面向使用者的问卷。",
                  f" No problem reaches anything stronger than limited evidence: the public "
                  f"data hold {n_notices} provincial notices with problem items, only the first problem item of each, nearly all about websites. The "
                  f"thesis's diagnosis is partly visible in the {span} data, mainly as poor website upkeep at the "
                  "grassroots and a service capability behind the leading provinces; the new-media pass rates and rankings "
                  "do not support a general claim that the platforms lag. A stronger judgement needs an account census, "
                  "notices for consecutive quarters and a user survey.")
