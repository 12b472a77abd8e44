"""Fill the English catalogue: English is the source language, so each message translates as itself.

    python scripts/fill_source_catalogue.py locale/en/LC_MESSAGES/django.po   (make messages runs it)

Every msgstr becomes its msgid (msgstr[0] the msgid, msgstr[1] the msgid_plural) and fuzzy marks on
messages go, so the English catalogue stays complete as messages are added.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MSGSTR = re.compile(r"^(msgstr(?:\[(\d)\])?) ")


def value(lines: list[str], start: int) -> tuple[list[str], int]:
    """A quoted value as written over one or more lines, and the index after it."""
    parts = [lines[start].split(" ", 1)[1]]
    end = start + 1
    while end < len(lines) and lines[end].startswith('"'):
        parts.append(lines[end])
        end += 1
    return parts, end


def filled(lines: list[str]) -> list[str]:
    out: list[str] = []
    msgid: list[str] | None = None
    plural: list[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("msgid ", "msgid_plural ")):
            parts, end = value(lines, i)
            msgid, plural = (parts, None) if line.startswith("msgid ") else (msgid, parts)
            out.extend(lines[i:end])
            i = end
        elif (match := MSGSTR.match(line)) and msgid not in (None, ['""']):
            _, end = value(lines, i)
            source = plural if plural is not None and match.group(2) not in (None, "0") else msgid
            out.extend([f"{match.group(1)} {source[0]}", *source[1:]])
            i = end
        elif line.startswith("#, fuzzy") and msgid is not None:
            i += 1
        else:
            out.append(line)
            i += 1
    return out


def main(path: str) -> None:
    catalogue = Path(path)
    catalogue.write_text("\n".join(filled(catalogue.read_text(encoding="utf-8").split("\n"))), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
