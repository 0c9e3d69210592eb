"""Tables of the reports' HTML as Word tables (part of :class:`.docx_html.BodyWriter`): three-line rules (三线表),
header rows repeated on every page and kept from splitting, column and row spans kept, column widths in proportion
to their longest text (CJK characters counting double), numbers right-aligned, small type for wide tables."""
from __future__ import annotations

import re
from typing import Any

from heilongjiang_newmedia.reporting import docx_styles as S

BLOCK = frozenset("p div section article figure figcaption h1 h2 h3 h4 h5 h6 ul ol li table blockquote pre nav "
                  "details summary hr header footer main aside dl dt dd img".split())
_NUMERIC = re.compile(r"^[−\-+]?[\d,.]+\s?%?$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def text_width(text: str) -> int:
    """Display width of ``text`` in Latin character widths (a CJK character counts two)."""
    return len(text) + len(_CJK.findall(text))


class TableMixin:
    # -- tables ----------------------------------------------------------------------------------------------------
    def _table(self, el, ctx: dict[str, Any]) -> None:
        rows: list[tuple[Any, bool]] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("thead", "tbody", "tfoot"):
                rows += [(tr, child.tag == "thead") for tr in child if tr.tag == "tr"]
            elif child.tag == "tr":
                rows.append((child, False))
        if not rows:
            return
        if not any(h for _, h in rows) and all(c.tag == "th" for c in rows[0][0] if isinstance(c.tag, str)):
            rows[0] = (rows[0][0], True)
        grid, spans_down = [], {}  # spans_down: column -> rows still covered by a rowspan
        for tr, _ in rows:
            line, col = [], 0
            for cell in (c for c in tr if c.tag in ("td", "th")):
                while spans_down.get(col, 0) > 0:
                    line.append(("continue", col, 1, None))
                    spans_down[col] -= 1
                    col += 1
                span = max(1, int(cell.get("colspan") or 1))
                down = max(1, int(cell.get("rowspan") or 1))
                line.append(("restart" if down > 1 else None, col, span, cell))
                if down > 1:
                    spans_down[col] = down - 1
                col += span
            while any(spans_down.get(c, 0) > 0 for c in range(col, max(spans_down, default=-1) + 1)):
                if spans_down.get(col, 0) > 0:
                    line.append(("continue", col, 1, None))
                    spans_down[col] -= 1
                col += 1
            grid.append(line)
        ncols = max(sum(s for _, _, s, _ in line) for line in grid) or 1
        small = ctx.get("small_table") or ncols >= 8
        landscape = ctx.get("landscape", False)
        weights = [4] * ncols
        for line in grid:
            for _, col, span, cell in line:
                if cell is not None and span == 1 and col < ncols:
                    weights[col] = max(weights[col], min(30, text_width(" ".join(cell.text_content().split()))) + 3)
        total = S.text_width_twips(landscape)
        widths = [max(300, round(total * w / sum(weights))) for w in weights]
        rule = S.spec()["table"]
        head_rows = [i for i, (_, h) in enumerate(rows) if h]
        last_head = head_rows[-1] if head_rows else -1
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblBorders>'
               f'<w:top w:val="single" w:sz="{rule["rule_outer"]}" w:space="0" w:color="000000"/>'
               f'<w:bottom w:val="single" w:sz="{rule["rule_outer"]}" w:space="0" w:color="000000"/></w:tblBorders>'
               '<w:tblLayout w:type="autofit"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
        for i, ((tr, header), line) in enumerate(zip(rows, grid)):
            trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header and i <= last_head and all(
                rows[k][1] for k in range(i + 1)) else "")
            out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
            for merge, col, span, cell in line:
                width = sum(widths[col:col + span])
                tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
                if span > 1:
                    tcpr += f'<w:gridSpan w:val="{span}"/>'
                if merge:
                    tcpr += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
                if i == last_head:
                    tcpr += (f'<w:tcBorders><w:bottom w:val="single" w:sz="{rule["rule_header"]}" w:space="0" '
                             f'w:color="000000"/></w:tcBorders>')
                out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{self._cell(cell, header, small, ctx)}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.chunks.append("".join(out))

    def _cell(self, cell, header: bool, small: bool, ctx: dict[str, Any]) -> str:
        if cell is None:
            return "<w:p/>"
        style = "TableHeading" if (header or cell.tag == "th") else ("TableTextSmall" if small else "TableText")
        text = " ".join(cell.text_content().split())
        align = "center" if header else ("right" if _NUMERIC.match(text) else "")
        outer, self.chunks = self.chunks, []
        try:
            if any(isinstance(c.tag, str) and c.tag in BLOCK for c in cell):
                self._blocks(cell, {**ctx, "style": style, "in_table": True})
            else:
                self._flush(self._inline_children(cell, frozenset()), {**ctx, "style": style},
                            f'<w:jc w:val="{align}"/>' if align else "")
            inner = "".join(self.chunks)
        finally:
            self.chunks = outer
        return inner or f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p>'
