"""Article text: plain text with a few marks, escaped first, so no HTML of the author's ever
reaches the page. Blank lines separate paragraphs; "## " starts a heading; lines starting with
"- " make a list; **tebal** is bold."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
TEBAL = re.compile(r"\*\*(.+?)\*\*")


def _baris(teks: str) -> str:
    return TEBAL.sub(r"<strong>\1</strong>", escape(teks))


@register.filter
def teks_artikel(isi: str) -> SafeString:
    out = []
    for blok in re.split(r"\n\s*\n", (isi or "").replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in blok.split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## ") and len(lines) == 1:
            out.append(f"<h2>{_baris(lines[0][3:])}</h2>")
        elif all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{_baris(line.lstrip()[2:])}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(_baris(line) for line in lines) + "</p>")
    return mark_safe("\n".join(out))  # noqa: S308 - every piece was escaped above
