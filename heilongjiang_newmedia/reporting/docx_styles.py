"""The Word documents' reference document: styles, fonts, numbering, page, header and footer, generated from
``templates/docx_styles.yaml`` (deterministic: same spec, same bytes).

Headings are Word's own ``heading 1``-``heading 4`` (outline levels, so Word's navigation pane and its table of
contents work), exhibit titles Word's ``caption``; East Asian and Latin fonts are set in every style (宋体/Times New
Roman for text, 黑体/Arial for headings and captions) and named in the font table with their usual alternative names
(SimSun, SimHei), so no font has to be embedded. Pages are A4 with the page number in the footer (after the
version label, when the build has one) and the book's title in the header; the first page (cover) has neither.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.loading.paths import TEMPLATES_DIR

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
TWIPS_PER_MM = 1440 / 25.4

#: Font table entries: name -> (alternative name, panose, charset, family, pitch)
_FONT_TABLE = {
    "宋体": ("SimSun", "02010600030101010101", "86", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "Times New Roman": ("", "02020603050405020304", "00", "roman", "variable"),
    "Arial": ("", "020B0604020202020204", "00", "swiss", "variable"),
    "Courier New": ("", "02070309020205020404", "00", "modern", "fixed"),
}


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    """The style specification (``templates/docx_styles.yaml``)."""
    return read_yaml(TEMPLATES_DIR / "docx_styles.yaml")


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _fonts(name: str) -> str:
    f = spec()["fonts"][name]
    return (f'<w:rFonts w:ascii="{_esc(f["latin"])}" w:hAnsi="{_esc(f["latin"])}" '
            f'w:eastAsia="{_esc(f["east_asia"])}" w:cs="{_esc(f["latin"])}"/>')


def _rpr(s: dict[str, Any]) -> str:
    parts = []
    if "font" in s:
        parts.append(_fonts(s["font"]))
    if s.get("bold"):
        parts.append("<w:b/><w:bCs/>")
    if s.get("italic"):
        parts.append("<w:i/><w:iCs/>")
    if s.get("strike"):
        parts.append("<w:strike/>")
    if s.get("colour"):
        parts.append(f'<w:color w:val="{s["colour"]}"/>')
    if "size" in s:
        half = round(float(s["size"]) * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if s.get("underline"):
        parts.append('<w:u w:val="single"/>')
    if s.get("shade"):
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{s["shade"]}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _ppr(s: dict[str, Any], lang: str) -> str:
    get = lambda k, d=None: s.get(f"{lang}_{k}", s.get(k, d))  # noqa: E731 (language-specific overrides)
    parts = []
    if get("keep"):
        parts.append("<w:keepNext/><w:keepLines/>")
    if get("page_break"):
        parts.append("<w:pageBreakBefore/>")
    parts.append("<w:widowControl/>")
    spacing = []
    if get("before") is not None:
        spacing.append(f'w:before="{round(float(get("before")) * 20)}"')
    if get("after") is not None:
        spacing.append(f'w:after="{round(float(get("after")) * 20)}"')
    if get("line") is not None:
        spacing.append(f'w:line="{round(float(get("line")) * 240)}" w:lineRule="auto"')
    if spacing:
        parts.append(f"<w:spacing {' '.join(spacing)}/>")
    ind = []
    if get("left"):
        ind.append(f'w:left="{round(float(get("left")) * TWIPS_PER_MM)}"')
    if get("hanging"):
        ind.append(f'w:hanging="{round(float(get("hanging")) * TWIPS_PER_MM)}"')
    if get("indent") and lang == "zh":
        ind.append(f'w:firstLineChars="{int(get("indent")) * 100}"')
    if ind:
        parts.append(f"<w:ind {' '.join(ind)}/>")
    if get("align"):
        parts.append(f'<w:jc w:val="{get("align")}"/>')
    if get("outline") is not None:
        parts.append(f'<w:outlineLvl w:val="{int(get("outline"))}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def styles_xml(lang: str) -> bytes:
    """The styles part (``word/styles.xml``) for a document in ``lang`` (``zh``/``en``)."""
    sp = spec()
    east_asia_lang = "zh-CN"
    latin_lang = "zh-CN" if lang == "zh" else "en-GB"
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {_NSDECL}>',
           "<w:docDefaults><w:rPrDefault><w:rPr>", _fonts(sp["defaults"]["font"]),
           f'<w:sz w:val="{round(sp["defaults"]["size"] * 2)}"/><w:szCs w:val="{round(sp["defaults"]["size"] * 2)}"/>',
           f'<w:lang w:val="{latin_lang}" w:eastAsia="{east_asia_lang}" w:bidi="ar-SA"/>',
           "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
           "</w:pPr></w:pPrDefault></w:docDefaults>",
           '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
           '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
           '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
           '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
           '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
           '</w:tblCellMar></w:tblPr></w:style>',
           '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/>'
           '</w:style>']
    for s in sp["paragraph"]:
        default = ' w:default="1"' if s["id"] == "Normal" else ""
        based = "" if s["id"] == "Normal" else '<w:basedOn w:val="Normal"/>'
        nxt = '<w:next w:val="BodyText"/>' if s["id"].startswith(("Heading", "Title")) else ""
        num = ""
        if s["id"] in ("ListBullet", "ListNumber"):
            num = ""  # numbering is given per paragraph (each list restarts)
        out.append(f'<w:style w:type="paragraph"{default} w:styleId="{s["id"]}"><w:name w:val="{_esc(s["name"])}"/>'
                   f'{based}{nxt}<w:qFormat/>{num}{_ppr(s, lang)}{_rpr(s)}</w:style>')
    for s in sp["character"]:
        out.append(f'<w:style w:type="character" w:styleId="{s["id"]}"><w:name w:val="{_esc(s["name"])}"/>'
                   f'<w:basedOn w:val="DefaultParagraphFont"/>{_rpr(s)}</w:style>')
    out.append("</w:styles>")
    return "".join(out).encode("utf-8")


_BULLETS = ("\u2022", "\u25e6", "\u25aa", "\u2022")


def numbering_xml(ordered_lists: int) -> bytes:
    """The numbering part: abstract list 0 = bullets, 1 = decimal; num 1 = bullets (shared), nums 2 ... are the
    ordered lists, one each (``ordered_lists`` of them), each starting again at 1."""
    indent = round(7.4 * TWIPS_PER_MM)

    def levels(kind: str) -> str:
        lv = []
        for i in range(4):
            left = indent * (i + 1)
            if kind == "bullet":
                fmt, text = "bullet", _BULLETS[i]
                rpr = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="宋体"/></w:rPr>'
            else:
                fmt = ("decimal", "lowerLetter", "lowerRoman", "decimal")[i]
                text, rpr = (f"%{i + 1}." if i == 0 else f"%{i + 1})"), ""
            lv.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                      f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                      f'<w:pPr><w:ind w:left="{left}" w:hanging="{indent}"/></w:pPr>{rpr}</w:lvl>')
        return "".join(lv)

    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {_NSDECL}>',
           f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>{levels("bullet")}'
           "</w:abstractNum>",
           f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>{levels("decimal")}'
           "</w:abstractNum>",
           '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>']
    for n in range(ordered_lists):
        out.append(f'<w:num w:numId="{n + 2}"><w:abstractNumId w:val="1"/>'
                   + "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
                             for i in range(4)) + "</w:num>")
    out.append("</w:numbering>")
    return "".join(out).encode("utf-8")


def font_table_xml() -> bytes:
    """The font table: the fonts the styles name, with alternative names and character sets for substitution."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {_NSDECL}>']
    for name, (alt, panose, charset, family, pitch) in _FONT_TABLE.items():
        alt_el = f'<w:altName w:val="{alt}"/>' if alt else ""
        out.append(f'<w:font w:name="{_esc(name)}">{alt_el}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
                   f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out).encode("utf-8")


def section_xml(header_rid: str | None, footer_rid: str | None, landscape: bool = False,
                title_page: bool = False) -> str:
    """A section's properties (``w:sectPr``): A4 portrait or landscape, the spec's margins, header and footer."""
    p = spec()["page"]
    mm = lambda v: round(float(v) * TWIPS_PER_MM)  # noqa: E731
    w, h = (mm(p["height"]), mm(p["width"])) if landscape else (mm(p["width"]), mm(p["height"]))
    orient = ' w:orient="landscape"' if landscape else ""
    refs = ""
    if header_rid:
        refs += f'<w:headerReference w:type="default" r:id="{header_rid}"/>'
    if footer_rid:
        refs += f'<w:footerReference w:type="default" r:id="{footer_rid}"/>'
    title = "<w:titlePg/>" if title_page else ""
    return (f"<w:sectPr {_NSDECL}>{refs}<w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>"
            f'<w:pgMar w:top="{mm(p["top"])}" w:right="{mm(p["right"])}" w:bottom="{mm(p["bottom"])}" '
            f'w:left="{mm(p["left"])}" w:header="{mm(p["header"])}" w:footer="{mm(p["footer"])}" w:gutter="0"/>'
            f'<w:cols w:space="425"/>{title}<w:docGrid w:linePitch="312"/></w:sectPr>')


def text_width_twips(landscape: bool = False) -> int:
    p = spec()["page"]
    width = p["height"] if landscape else p["width"]
    return round((float(width) - float(p["left"]) - float(p["right"])) * TWIPS_PER_MM)


def footer_xml(label: str | None) -> str:
    """The footer's paragraph: the version label (when given) at the left, the page number centred."""
    width = text_width_twips()
    label_run = f'<w:r><w:t xml:space="preserve">{_esc(label)}</w:t></w:r>' if label else ""
    page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'<w:ftr {_NSDECL}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs>'
            f'<w:tab w:val="center" w:pos="{width // 2}"/><w:tab w:val="right" w:pos="{width}"/></w:tabs></w:pPr>'
            f'{label_run}<w:r><w:tab/></w:r>{page}</w:p></w:ftr>')


def header_xml(title: str) -> str:
    """The header's paragraph: the document's title, centred."""
    return (f'<w:hdr {_NSDECL}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{_esc(title)}</w:t></w:r></w:p></w:hdr>')
