"""The plain-text format of catalogue sections, turned into safe HTML.

Rule (our own, so that the office edits text without HTML): paragraphs are separated by a
blank line; lines starting with "- " are items of a bullet list. Everything is escaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Block = tuple[str, list[str]]


def to_blocks(text: str) -> list[Block]:
    """Split text into ("p", lines) and ("ul", items) blocks, in reading order.

    Within one paragraph (no blank line between), consecutive plain lines form one block and
    consecutive "- " lines form one list.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        current: Block | None = None
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            kind = "ul" if line.startswith("- ") else "p"
            content = line[2:].strip() if kind == "ul" else line
            if current is not None and current[0] == kind:
                current[1].append(content)
            else:
                current = (kind, [content])
                blocks.append(current)
    return blocks


def to_html(text: str) -> SafeString:
    """Render section text as escaped HTML: <p> (lines joined by <br>) and <ul><li>."""
    parts = []
    for kind, lines in to_blocks(text):
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in lines) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))
