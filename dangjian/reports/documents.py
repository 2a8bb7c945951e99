"""The annual summary as a document: .docx laid out as an official document (GB/T 9704-2012) and
.pdf with a Chinese font embedded.

GB/T 9704 proportions: A4; margins top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm;
title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, first line indented two
characters, 22 lines a page (fixed line spacing 28.95 pt); level-1 headings 3号 黑体 numbered
一、二、…; page numbers 4号 (14 pt) "— 1 —", odd pages right, even pages left.

The official fonts are not free and not on the server: the .docx names them, so Word or WPS on the
users' machines (where they are installed) uses them, and substitutes otherwise. The .pdf must carry
its own glyphs: it embeds the first CJK font found on the server (Debian fonts-wqy-microhei or
fonts-noto-cjk; .ci/run installs the former), subset to the characters used.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.core.numerals import cn_number
from dangjian.reports.summary import Summary

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
TITLE_PT, BODY_PT, PAGE_PT = 22, 16, 14
LINE_PT = 28.95
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/local/share/fonts/FangSong_GB2312.ttf",
]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class NoChineseFont(RuntimeError):
    pass


def render(doc: Summary, fmt: str) -> tuple[bytes, str]:
    if fmt == "docx":
        return to_docx(doc), CONTENT_TYPES["docx"]
    if fmt == "pdf":
        return to_pdf(doc), CONTENT_TYPES["pdf"]
    raise ValueError(fmt)


def attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def outline(doc: Summary) -> list[tuple[str, str]]:
    """(kind, text) of each block, headings numbered 一、二、 with their second line joined."""
    out: list[tuple[str, str]] = []
    n = 0
    for block in doc.blocks:
        if block.kind == "heading":
            n += 1
            out.append(("heading", f"{cn_number(n)}、{block.plain}"))
        elif block.kind == "subheading" and out and out[-1][0] == "heading":
            out[-1] = ("heading", f"{out[-1][1]}  {block.plain}")
        else:
            out.append(("para" if block.kind == "para" else block.kind, block.plain))
    return out


# --- .docx -------------------------------------------------------------------------------------


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _page_number(paragraph, size: float) -> None:
    def field(kind: str, text: str = ""):
        run = paragraph.add_run()
        _font(run, PAGE_FONT, size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)

    _font(paragraph.add_run("— "), PAGE_FONT, size)
    field("begin")
    field("instr", " PAGE ")
    field("separate")
    _font(paragraph.add_run("1"), PAGE_FONT, size)
    field("end")
    _font(paragraph.add_run(" —"), PAGE_FONT, size)


def to_docx(doc: Summary) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.start_type = WD_SECTION.NEW_PAGE
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_PT)  # 单页码居右空一字
    _page_number(odd, PAGE_PT)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_PT)  # 双页码居左空一字
    _page_number(even, PAGE_PT)

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def paragraph(text: str, font: str, size: float, *, center=False, indent=True, bold=False):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else size * 1.5)
        fmt.space_before = fmt.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                fmt.first_line_indent = Pt(size * 2)
        _font(p.add_run(text), font, size, bold)
        return p

    paragraph(doc.title, TITLE_FONT, TITLE_PT, center=True)
    paragraph("", BODY_FONT, BODY_PT)
    if doc.note:
        paragraph(doc.note, BODY_FONT, BODY_PT)
    for kind, text in outline(doc):
        if kind == "heading":
            paragraph(text, HEADING_FONT, BODY_PT)
        elif kind == "subheading":
            paragraph(text, SUBHEADING_FONT, BODY_PT)
        else:
            paragraph(text, BODY_FONT, BODY_PT)
    document.core_properties.title = doc.title
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# --- .pdf --------------------------------------------------------------------------------------


def chinese_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return path
    raise NoChineseFont("服务器上没有中文字体（请安装 fonts-wqy-microhei 或 fonts-noto-cjk），无法生成PDF。")


def to_pdf(doc: Summary) -> bytes:
    from fpdf import FPDF  # the PDF library is loaded only when a PDF is made

    font = chinese_font()
    pt_mm = 25.4 / 72

    class Official(FPDF):
        def footer(self) -> None:
            self.set_y(-MARGINS_MM["bottom"] + 7)
            self.set_font("cjk", size=PAGE_PT)
            text = f"— {self.page_no()} —"
            if self.page_no() % 2:
                self.cell(0, PAGE_PT * pt_mm, text + "　", align="R")
            else:
                self.cell(0, PAGE_PT * pt_mm, "　" + text, align="L")

    pdf = Official(format="A4", unit="mm")
    pdf.set_title(doc.title)
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(True, MARGINS_MM["bottom"])
    pdf.add_font("cjk", "", font)
    pdf.add_page()
    line = LINE_PT * pt_mm
    pdf.set_font("cjk", size=TITLE_PT)
    pdf.multi_cell(0, TITLE_PT * 1.5 * pt_mm, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line)
    pdf.set_font("cjk", size=BODY_PT)
    indent = "　　"
    if doc.note:
        pdf.multi_cell(0, line, indent + doc.note, align="J", new_x="LMARGIN", new_y="NEXT")
    for kind, text in outline(doc):
        pdf.multi_cell(
            0,
            line,
            text if kind == "heading" else indent + text,
            align="L" if kind == "heading" else "J",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
