"""Chapter 5's lessons: what the benchmark provinces and countries documentably do, what it means for the focus
province, a compact flagship-account table and the five aspects of the thesis rated by what the data can show.

Every figure in a sentence comes from one cited data row, picked by a *selector* ``(dataset, filters, zh, en)``:
the filters are ``column: value`` pairs (``index_name``, ``metric`` and ``platform`` match by prefix, the others
exactly), and the templates are filled from the row (``{rank}``, ``{rank_ord}``, ``{score}``, ``{num}``,
``{value}``, ``{year}``, ``{quarter_zh}``, ``{pct}``, ``{followers}``). A selector that matches no row is skipped:
nothing is invented. The practice and relevance texts are this book's reading of the cited sources; they carry no
figure.

Evidence rating of an aspect (:data:`ASPECTS`), from strongest to weakest: ``limited`` (有限证据: at least one
indicator comparable across provinces that bears directly on the aspect), ``indirect`` (间接证据: only a related
indicator that does not measure the aspect itself), ``no_direct`` (无直接证据: background or isolated facts only),
``no_data`` (无数据). No aspect can be rated higher with the present data: there is no account census or survey.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["QUARTER_ZH", "cited_facts", "LESSONS", "PRACTICES", "practice_notes", "lessons_table", "flagship_table",
           "ASPECT_RATINGS", "ASPECTS", "aspects_table", "aspect_text"]

QUARTER_ZH = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度"}
_PREFIX = ("index_name", "metric", "platform", "list_name")

Selector = tuple[str, Mapping[str, str], str, str]


def _match(df: pd.DataFrame, flt: Mapping[str, str]) -> pd.DataFrame:
    m = pd.Series(True, index=df.index)
    for col, val in flt.items():
        if col in _PREFIX:
            m &= df[col].astype(str).str.startswith(val)
        elif pd.api.types.is_numeric_dtype(df[col]):
            m &= pd.to_numeric(df[col], errors="coerce").eq(float(val))
        else:
            m &= df[col].astype(str).eq(str(val))
    return df[m]


def _num(x: Any) -> float:
    v = pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0]
    return float(v) if pd.notna(v) else float("nan")


def _fill(r: pd.Series, lang: str) -> dict[str, Any]:
    rank = _num(r.get("rank"))
    q = str(r.get("quarter", ""))
    return {"rank": "" if pd.isna(rank) else int(rank), "rank_ord": "" if pd.isna(rank) else W.ordinal(int(rank)),
            "value": r.get("value_as_printed", ""), "score": W.score(_num(r.get("score")), lang),
            "num": W.count(_num(r.get("value")), lang), "year": r.get("year", r.get("eval_year", r.get("ref_period", ""))),
            "quarter": q, "quarter_zh": QUARTER_ZH.get(q, q), "pct": W.percent(_num(r.get("value_numeric", r.get("value"))), lang),
            "followers": W.count(_num(r.get("followers_normalised")), lang)}


def cited_facts(selectors: Iterable[Selector], data: Mapping[str, pd.DataFrame], lang: str) -> tuple[list[str], pd.DataFrame]:
    """Sentences filled from the first row each selector matches, and those rows (for the source note).
    ``data``: dataset name -> loaded table; selectors of a dataset not in ``data`` or matching nothing are skipped."""
    out, rows = [], []
    for ds, flt, zh, en in selectors:
        if ds not in data:
            continue
        hit = _match(data[ds], flt)
        if hit.empty:
            continue
        out.append(W.pick(lang, zh, en).format(**_fill(hit.iloc[0], lang)))
        rows.append(hit.iloc[[0]])
    return out, (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame())


#: The lessons, named as the thesis would: what the focus province could take over.
LESSONS = {
    "consolidation": ("集约化（整合平台与账号）", "consolidation of platforms and accounts (集约化)"),
    "one_stop": ("一网通办（统一身份与入口）", "one-stop service (一网通办) with one identity and one entry"),
    "diversification": ("服务形式多样化", "more forms of service"),
    "institutions": ("制度化管理", "institutionalised management"),
    "interaction": ("互动回应与突发事件发布", "interaction and emergency communication"),
    "registry": ("账号登记与清理", "registration and clean-up of accounts"),
}

_OR = "other_rankings"
_BA = "benchmark_accounts"
_GI = "gov_social_media_international"

#: Per benchmark province (short zh name) or country (ISO3): the lesson, the documented practice and its relevance
#: (text without figures) and one or two selectors of supporting facts.
PRACTICES: dict[str, dict[str, Any]] = {
    "上海": {"lesson": "consolidation",
           "zh": "上海以市政府新闻办公室运营的一个权威发布账号“上海发布”统一发声，微博、微信同名运营。",
           "en": "Shanghai speaks through one authoritative release account, 上海发布 (Shanghai Release), run by the city's press office under one name on Weibo and WeChat.",
           "rel_zh": "对本省的启示是把分散的发布集中到少数权威账号上，这正是集约化的要求。",
           "rel_en": "For the province the lesson is to concentrate scattered releases on a few authoritative accounts, which is what consolidation (集约化) asks.",
           "facts": [(_BA, {"account_zh": "上海发布", "year": "2019", "platform": "weibo"},
                      "2019年“上海发布”在人民日报政务微博影响力报告的党政新闻发布类中排第{rank}名，粉丝超过{followers}",
                      "in 2019 上海发布 ranked {rank_ord} among party and government release accounts in the People's Daily government-Weibo influence report, with more than {followers} followers"),
                     (_BA, {"account_zh": "上海发布", "year": "2019", "platform": "wechat"},
                      "其微信号在全国各省区市政务微信总榜中排第{rank}名",
                      "its WeChat account ranked {rank_ord} on the national list of provincial government WeChat accounts")]},
    "浙江": {"lesson": "institutions",
           "zh": "浙江的长处在制度：在第三方评估中，其数字政府的制度体系得分最高，公众满意度也排在前列。",
           "en": "Zhejiang's strength is its rules: third-party evaluations give its digital-government institutional system the top score and rank its public satisfaction near the top.",
           "rel_zh": "对本省的启示是先把开设、更新、考核等管理办法定下来，再谈账号的数量和活跃度。",
           "rel_en": "For the province the lesson is to settle the rules on opening, updating and assessing accounts before pursuing their number or activity.",
           "facts": [(_OR, {"index_name": "数字政府发展指数", "region_zh": "浙江", "metric": "sub-index: 制度体系"},
                      "2020年数字政府发展指数“制度体系”分项第{rank}位（{score}分）",
                      "{rank_ord} on the institutional-system sub-index of the 2020 Digital Government Development Index ({score} points)"),
                     (_OR, {"index_name": "数字政府发展指数", "region_zh": "浙江", "metric": "sub-index item: 满意度"},
                      "“满意度”分项第{rank}位", "{rank_ord} on its satisfaction item")]},
    "广东": {"lesson": "diversification",
           "zh": "广东把服务同时放在微博、微信和移动应用上，在政务“双微”的服务能力评估中居省级第一。",
           "en": "Guangdong offers services on Weibo, WeChat and mobile apps at once and tops the provinces in the evaluation of government Weibo-plus-WeChat service capability.",
           "rel_zh": "对本省的启示是让账号从“发布信息”走向“提供服务”，丰富服务形式。",
           "rel_en": "For the province the lesson is to move accounts from publishing information to delivering services: more forms of service.",
           "facts": [(_OR, {"index_name": "政府电子服务能力指数", "region_zh": "广东", "metric": "provincial 双微"},
                      "2018年政府电子服务能力指数省级“双微”指数第{rank}位",
                      "{rank_ord} among provinces on the 2018 Government E-Service Capability Index for Weibo plus WeChat"),
                     (_OR, {"index_name": "政府电子服务能力指数", "region_zh": "广东", "metric": "provincial 新媒体"},
                      "含移动应用的“新媒体”指数第{rank}位", "{rank_ord} on its new-media index including apps")]},
    "北京": {"lesson": "interaction",
           "zh": "北京的公安账号“平安北京”是最早进入全国政务微博榜首的机构账号之一，市政府的微博服务能力也居直辖市之首。",
           "en": "Beijing's police account 平安北京 (Safe Beijing) was among the first institutional accounts to top the national government-Weibo list, and the city's Weibo service capability leads the municipalities.",
           "rel_zh": "对本省的启示是让公安、应急等与公众日常安全相关的部门账号承担互动回应和突发事件信息发布。",
           "rel_en": "For the province the lesson is to let police, emergency and similar departments' accounts carry interaction and emergency information.",
           "facts": [(_BA, {"account_zh": "平安北京", "year": "2011"},
                      "2011年“平安北京”列十大政务机构微博第{rank}名", "in 2011 平安北京 ranked {rank_ord} of the ten top institutional government Weibo accounts"),
                     (_OR, {"index_name": "政府电子服务能力指数", "region_zh": "北京", "metric": "municipality weibo"},
                      "2018年直辖市政务微博服务能力指数第{rank}位", "{rank_ord} among municipalities on the 2018 government-Weibo service capability index")]},
    "江苏": {"lesson": "registry",
           "zh": "江苏的长处在于城市和部门账号的整体水平：省会城市和公安的账号都进入了全国政务微博百强。",
           "en": "Jiangsu's strength is the level of its city and department accounts as a whole: both the provincial capital's and the police accounts entered the national top 100 of government Weibo.",
           "rel_zh": "对本省的启示是管好整个账号体系（登记、分级、清理），而不只是一个省级账号。",
           "rel_en": "For the province the lesson is to manage the whole account system (registration, levels, clean-up), not only one provincial account.",
           "facts": [("top_accounts_heilongjiang", {"account_zh": "南京发布", "year": "2013"},
                      "2013年“南京发布”在党政机构微博客100强中排第{rank}名", "in 2013 南京发布 (Nanjing Release) ranked {rank_ord} in the top 100 party and government Weibo accounts"),
                     ("top_accounts_heilongjiang", {"account_zh": "平安江苏", "year": "2013"},
                      "“平安江苏”排第{rank}名", "平安江苏 (Safe Jiangsu) ranked {rank_ord}")]},
    "GBR": {"lesson": "consolidation",
            "zh": "英国把中央各部委的网站合并到一个政府域名GOV.UK上，统一内容标准和设计。",
            "en": "The United Kingdom merged the websites of the central ministries into one government domain, GOV.UK, with one content standard and design.",
            "rel_zh": "这与我国政府网站集约化的方向一致：少而强的统一平台，而不是每个部门一个网站。",
            "rel_en": "This matches the direction of China's website consolidation (集约化): a few strong shared platforms instead of one site per department.",
            "facts": [(_GI, {"iso3": "GBR", "indicator": "n_ministerial_departments_on_govuk"},
                       "2013年10月，全部{num}个部委已迁入GOV.UK", "by October 2013 all {num} ministerial departments had moved onto GOV.UK"),
                      (_GI, {"iso3": "GBR", "indicator": "n_digital_services_on_govuk"},
                       "2019年平台上有近{num}项数字服务", "in 2019 it offered {value} digital services")]},
    "SGP": {"lesson": "one_stop",
            "zh": "新加坡以统一的国家数字身份Singpass作为办理所有政府服务的入口，并由MyInfo代填政府已掌握的个人数据。",
            "en": "Singapore makes one national digital identity, Singpass, the entry to all government services, with MyInfo filling in data the government already holds.",
            "rel_zh": "这对应“一网通办”：一次认证、处处可办；政务新媒体应接入统一身份认证，而不是各自注册。",
            "rel_en": "This corresponds to one-stop service (一网通办): log in once, transact anywhere; government new media should use the single identity rather than their own registrations.",
            "facts": [(_GI, {"iso3": "SGP", "indicator": "singpass_users"},
                       "2023年Singpass用户约{num}", "in 2023 Singpass had {value} users"),
                      (_GI, {"iso3": "SGP", "indicator": "singpass_share_transactions_via_app"},
                       "约{pct}的交易通过手机应用完成", "about {pct} of its transactions were made in the app")]},
    "KOR": {"lesson": "diversification",
            "zh": "韩国在“政府24”平台上把证件、补贴查询等服务搬到手机上，服务种类逐年增加。",
            "en": "Korea moved documents, benefit checks and similar services onto phones through the Gov 24 platform, adding kinds of service year by year.",
            "rel_zh": "这对应服务形式多样化：政务新媒体和移动端不只发布信息，还能开具证明、查询待遇。",
            "rel_en": "This corresponds to more forms of service: new media and mobile channels that issue documents and check entitlements, not only publish.",
            "facts": [(_GI, {"iso3": "KOR", "indicator": "n_digital_document_types", "ref_period": "2020"},
                       "2020年可在手机上签发和保存的证件有{num}种", "in 2020, {num} types of civil documents could be issued and kept on a phone"),
                      (_GI, {"iso3": "KOR", "indicator": "n_benefits_subsidy24", "ref_period": "2021-04"},
                       "2021年4月可查询的福利项目超过{num}项", "in April 2021 more than {num} benefits could be checked")]},
    "USA": {"lesson": "registry",
            "zh": "美国设有政府社交媒体账号的官方登记处，公众可核验某个账号是否为政府官方账号。",
            "en": "The United States keeps an official registry of government social-media accounts, where the public can verify that an account is official.",
            "rel_zh": "这对应账号登记与清理：全省政务新媒体应有一份可公开查询的登记名录。",
            "rel_en": "This corresponds to registration and clean-up: the province's government new media should have a public register.",
            "facts": [(_GI, {"iso3": "USA", "indicator": "n_user_accounts_us_digital_registry"},
                       "2024年登记处有{num}个机构用户账号（不是社交媒体账号数）", "in 2024 the registry had {num} agency user accounts (not the number of social-media accounts)")]},
}


def practice_notes(units: Iterable[str], data: Mapping[str, pd.DataFrame], lang: str,
                   name: Mapping[str, str] | None = None) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """One note per unit (province zh name or ISO3) that has a documented practice: ``unit``, ``label``, ``lesson``
    (key of :data:`LESSONS`), ``text`` (practice + supporting facts + relevance, in ``lang``) and ``n_facts``.
    Units without a documented practice are returned with ``lesson=None`` and an empty text. Also returns the cited
    rows behind all facts."""
    notes, cited = [], []
    for u in units:
        p = PRACTICES.get(u)
        label = (name or {}).get(u, u)
        if p is None:
            notes.append({"unit": u, "label": label, "lesson": None, "text": "", "n_facts": 0})
            continue
        facts, rows = cited_facts(p["facts"], data, lang)
        cited += [rows] if len(rows) else []
        body = W.pick(lang, p["zh"], p["en"])
        if facts:
            body += W.pick(lang, "依据：" + "；".join(facts) + "。", " Evidence: " + "; ".join(facts) + ".")
        body += W.pick(lang, p["rel_zh"], " " + p["rel_en"])
        notes.append({"unit": u, "label": label, "lesson": p["lesson"], "text": body, "n_facts": len(facts)})
    return notes, (pd.concat(cited, ignore_index=True) if cited else pd.DataFrame())


def lessons_table(notes: list[dict[str, Any]], cm_of_lesson: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Compact table of the documented practices: region, lesson, matching countermeasure of the thesis (3 columns)."""
    rows = [[n["label"], W.pick(lang, *LESSONS[n["lesson"]]), cm_of_lesson.get(n["lesson"], "—")]
            for n in notes if n["lesson"]]
    return pd.DataFrame(rows, columns=W.pick(lang, "地区|可借鉴的做法|对应的对策", "Region|Practice to learn from|Countermeasure").split("|"))


_PLATFORM = {"weibo": ("微博", "Weibo"), "wechat": ("微信", "WeChat"), "toutiao": ("头条号", "Toutiao"),
             "weibo+wechat": ("微博和微信", "Weibo and WeChat"),
             "weibo+wechat+toutiao": ("微博、微信和头条号", "Weibo, WeChat and Toutiao")}
_ACCOUNT_EN = {"上海发布": "Shanghai Release", "北京发布": "Beijing Release", "平安北京": "Safe Beijing (police)",
               "浙江发布": "Zhejiang Release", "广东发布": "Guangdong Release", "南京发布": "Nanjing Release",
               "平安江苏": "Safe Jiangsu (police)", "平安哈尔滨": "Safe Harbin (police)", "哈尔滨发布": "Harbin Release",
               "黑龙江省人民检察院": "Heilongjiang Provincial Procuratorate"}
_UNNAMED = re.compile(r"^\((accounts|weibo|wechat|头条号) of ([^;t][^;]*);")


def _account_name(raw: str) -> tuple[str | None, bool]:
    """A named account, or the unit behind unnamed accounts ("(accounts of X; handles not printed)" -> X), and
    whether the row covers all the unit's accounts (a combined index). Groups and aggregates give ``None``."""
    m = _UNNAMED.match(raw)
    if m:
        return m.group(2).strip(), m.group(1) == "accounts"
    if raw.startswith("(") or "group" in raw or "not one account" in raw:
        return None, False
    return raw, False


def _platform(p: str, lang: str) -> str:
    key = str(p).split(" ")[0].split("(")[0]
    zh, en = _PLATFORM.get(key, ("其他平台", "other"))
    return W.pick(lang, zh, en)


def flagship_table(accounts: pd.DataFrame, provinces: Iterable[str], lang: str,
                   name: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One flagship account per province: the named account (not a group or an aggregate) with a printed national
    rank, its best rank and, among equal ranks, the latest year. Columns: account, province, platform, rank
    (``第1名`` / ``1st``; followers where printed), year. Unnamed accounts of a unit ("accounts of X") count as X,
    a combined index of all the unit's accounts preferred. Returns the display table and the rows used."""
    acc = accounts[accounts["rank"].notna()].drop_duplicates(["province_zh", "account_zh", "year", "list_name", "rank"])
    parsed = [_account_name(str(a)) for a in acc["account_zh"]]
    acc = acc.assign(_name=[p[0] for p in parsed], _all=[p[1] for p in parsed])
    acc = acc[acc["_name"].notna()]
    if "list_scope" in acc.columns:
        acc = acc[acc["list_scope"].astype(str).str.startswith("national")]
    rows, used = [], []
    for p in provinces:
        g = acc[acc["province_zh"] == p]
        if g.empty:
            continue
        r = g.assign(_r=pd.to_numeric(g["rank"]), _y=pd.to_numeric(g["year"])).sort_values(
            ["_r", "_all", "_y"], ascending=[True, False, False]).iloc[0]
        a = str(r["_name"])
        acct = a if lang == "zh" or a not in _ACCOUNT_EN else f"{a} ({_ACCOUNT_EN[a]})"
        if r["_all"]:
            acct += W.pick(lang, "（各平台账号）", " (all platforms)")
        rk = W.pick(lang, f"第{int(r['_r'])}名", W.ordinal(int(r["_r"])))
        f = _num(r.get("followers_normalised"))
        if pd.notna(f):
            rk += W.pick(lang, f"；粉丝{W.count(f, lang)}", f"; {W.count(f, lang)} followers")
        rows.append([acct, (name or {}).get(p, p), _platform(r["platform"], lang), rk, int(r["_y"])])
        used.append(r.drop(labels=["_r", "_y", "_name", "_all"]).to_frame().T)
    cols = W.pick(lang, "账号|省份|平台|全国榜单名次|年份", "Account|Province|Platform|National rank|Year").split("|")
    return pd.DataFrame(rows, columns=cols), (pd.concat(used, ignore_index=True) if used else pd.DataFrame())


ASPECT_RATINGS = {"limited": ("有限证据", "limited evidence"), "indirect": ("间接证据", "indirect evidence"),
                  "no_direct": ("无直接证据", "no direct evidence"), "no_data": ("无数据", "no data")}

#: The five aspects of the thesis: rating, what the data show (selectors; ``{p}`` = the province) and do not show.
ASPECTS: dict[str, dict[str, Any]] = {
    "team": {"zh": "队伍建设", "en": "Team building", "rating": "no_direct",
             "facts": [(_OR, {"index_name": "数字政府发展指数", "region_zh": "{p}", "metric": "sub-index: 组织机构"},
                        "2020年数字政府发展指数“组织机构”分项中，{{p}}排第{rank}位（{score}分），但这一分项衡量机构设置，不衡量运营人员",
                        "on the organisation sub-index of the 2020 Digital Government Development Index {{p}} ranks {rank_ord} ({score} points), but it measures institutional set-up, not operating staff")],
             "not_zh": "没有各省政务新媒体运营人员数量、专业结构或培训的数据；联合国人力资本指数衡量的是全民教育水平，不是政府队伍。",
             "not_en": "No data on the number, skills or training of new-media staff by province; the UN Human Capital Index measures the population's education, not government staff."},
    "efficiency": {"zh": "服务效率", "en": "Service efficiency", "rating": "indirect",
                   "facts": [("online_service_capability", {"eval_year": "2019", "province_zh": "{p}", "metric": "overall_index"},
                              "2019年网上政务服务能力评估中{{p}}为{score}分", "{{p}} scored {score} in the 2019 online government service capability evaluation")],
                   "not_zh": "该评估衡量服务的供给和成熟度，不衡量办件时长、一次办结率等过程效率。",
                   "not_en": "That evaluation measures the supply and maturity of services, not process efficiency such as processing time or one-visit completion."},
    "convenience": {"zh": "便民意识", "en": "Convenience for the public", "rating": "no_direct",
                    "facts": [(_OR, {"index_name": "数字政府发展指数", "eval_year": "2020", "metric": "sub-index item: 满意度", "rank": "1"},
                               "2020年数字政府发展指数的“满意度”分项只公布了前两名（第一为浙江）", "the satisfaction item of the 2020 Digital Government Development Index printed only its top two (Zhejiang first)")],
                    "not_zh": "没有各省用户满意度或留言回复时效的可比数据；网站密度和联合国电信基础设施指数都不衡量便民意识。",
                    "not_en": "No comparable data on user satisfaction or reply times by province; neither website density nor the UN Telecommunication Infrastructure Index measures convenience."},
    "emergency": {"zh": "突发公共事件处置", "en": "Handling public emergencies", "rating": "no_data", "facts": [],
                  "not_zh": "没有突发事件期间政务新媒体发布时效或覆盖面的数据。",
                  "not_en": "No data on the timeliness or reach of government new media during emergencies."},
    "security": {"zh": "信息安全体系", "en": "Information security", "rating": "no_direct", "facts": [],
                 "not_zh": "没有各省网络安全事件或等级保护的可比数据；检查合格率反映的是内容更新和运维问题，不是安全水平。",
                 "not_en": "No comparable data on security incidents or protection levels by province; inspection pass rates reflect content and maintenance problems, not security."},
}


def _aspect_selectors(a: dict[str, Any], province: str, label: str) -> list[Selector]:
    return [(ds, {k: v.replace("{p}", province) for k, v in flt.items()}, zh.replace("{{p}}", label), en.replace("{{p}}", label))
            for ds, flt, zh, en in a["facts"]]


def aspect_text(key: str, province: str, label: str, data: Mapping[str, pd.DataFrame], lang: str) -> tuple[str, pd.DataFrame]:
    """Prose for one aspect: its rating, what the data show (facts) and what they do not show."""
    a = ASPECTS[key]
    facts, rows = cited_facts(_aspect_selectors(a, province, label), data, lang)
    shows = (W.pick(lang, "数据能说明的：" + "；".join(facts) + "。", "What the data show: " + "; ".join(facts) + ". ")
             if facts else W.pick(lang, "数据中没有直接相关的记录。", "The data hold no directly relevant record. "))
    head = W.pick(lang, f"**{a['zh']}（{ASPECT_RATINGS[a['rating']][0]}）**。", f"**{a['en']} ({ASPECT_RATINGS[a['rating']][1]}).** ")
    return head + shows + W.pick(lang, "不能说明的：" + a["not_zh"], "What they cannot show: " + a["not_en"]), rows


def aspects_table(lang: str) -> pd.DataFrame:
    """The five aspects with their evidence rating (two columns)."""
    return pd.DataFrame([[W.pick(lang, a["zh"], a["en"]), W.pick(lang, *ASPECT_RATINGS[a["rating"]])] for a in ASPECTS.values()],
                        columns=W.pick(lang, "方面|证据评级", "Aspect|Evidence rating").split("|"))
