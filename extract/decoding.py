"""Bytes to clean text.

Every reader goes through :func:`decode` so that a page saved as UTF-8, UTF-16
or Windows-1252 reads the same (ids then come from
:func:`powermap.ontology.lexicon.slug`, the same whichever format an analysis
came in).
"""

from __future__ import annotations

import codecs
import re

from powermap.extract.errors import ReadError

__all__ = ["decode", "unify_whitespace"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# characters that are spaces or line breaks in disguise
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\ufeff": ""})
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def decode(data: bytes, source: str) -> str:
    """Decode bytes to normalised text, naming ``source`` in any error.

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32), then strict UTF-8, then
    charset-normalizer's best guess (Windows-1252 when it reads as cleanly,
    since that is what legacy English pages are usually saved as). NUL bytes
    without a UTF-16/32 mark, or no plausible encoding, mean a binary file.
    """
    if not data.strip():
        raise ReadError(source, "empty file")
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data[:1024]:
            raise ReadError(source, "binary file, not text")
        text = _decode_legacy(data, source)
    text = unify_whitespace(text)
    if not text.strip():
        raise ReadError(source, "empty file")
    return text


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_legacy(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(source, "binary file, not text")
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        return str(best)
    if mess_ratio(cp1252, 1.0) <= best.chaos:
        return cp1252
    return str(best)


def unify_whitespace(text: str) -> str:
    """Unify line breaks to ``\\n`` and non-breaking spaces to plain spaces."""
    return _LINE_BREAKS.sub("\n", text).translate(_SPACES)
