"""What every powermap HTML page shares: templates, escaping, assets and the content policy.

The Jinja environment autoescapes everything it renders; :func:`script_json`
makes JSON safe inside a ``<script type="application/json">`` element;
vis-network comes from the pyvis package (no CDN); and
:func:`content_security_policy` lets a page run only its own scripts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from powermap.graph.errors import ViewError
from powermap.ontology.lexicon import relation_kinds, slug

__all__ = [
    "Assets",
    "environment",
    "style",
    "relation_label",
    "script_json",
    "safe_href",
    "vis_assets",
    "page_assets",
    "content_security_policy",
]

VIS_DIR = "templates/lib/vis-9.1.2"
WEB = re.compile(r"^https?://[^\s\"'<>\\]+$")


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of ``graph/site/templates``, autoescaping everything it renders."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("powermap.graph.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["relation"] = relation_label
    env.filters["slug"] = slug
    return env


@cache
def style() -> dict[str, Any]:
    """Shapes and colours of the map (``graph/site/templates/map-style.json``)."""
    text = (files("powermap.graph.site") / "templates" / "map-style.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def relation_label(relation: str) -> str:
    """The relation kind's label from ``relations.ttl`` ("depends_on" -> "depends on")."""
    kind = relation_kinds().get(relation)
    return kind.label if kind else relation.replace("_", " ")


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` (and the line separators U+2028/U+2029) become
    ``\\uXXXX`` escapes, so no text can close the element or open a comment;
    ``JSON.parse`` reads the same value back.

    Examples
    --------
    >>> str(script_json({"t": "</script><b>"}))
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(_JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


@dataclass(frozen=True)
class Assets:
    """The scripts and styles a page needs: vis-network, the map script, the site style."""

    vis_js: str
    vis_css: str
    map_js: str
    site_css: str

    def items(self) -> Iterable[tuple[str, str]]:
        """(file name, text) of each asset, as the static site writes them."""
        yield "vis-network.min.js", self.vis_js
        yield "vis-network.css", self.vis_css
        yield "map.js", self.map_js
        yield "site.css", self.site_css


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2's script and style as pyvis ships them (offline, no CDN)."""
    try:
        folder = files("pyvis") / VIS_DIR
        return (
            (folder / "vis-network.min.js").read_text("utf-8"),
            (folder / "vis-network.css").read_text("utf-8"),
        )
    except (ModuleNotFoundError, OSError) as exc:
        raise ViewError(f"vis-network is missing from the pyvis package: {exc}") from None


@cache
def page_assets() -> Assets:
    """Every asset of a map page."""
    vis_js, vis_css = vis_assets()
    templates = files("powermap.graph.site") / "templates"
    return Assets(
        vis_js=vis_js,
        vis_css=vis_css,
        map_js=(templates / "map.js").read_text("utf-8"),
        site_css=(templates / "site.css").read_text("utf-8"),
    )


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(inline_scripts: Iterable[str] = ()) -> str:
    """A policy that runs only the page's own scripts and loads nothing from elsewhere.

    Scripts come from the site's own files (``'self'``) or, for a
    self-contained page, are the inline scripts given here (by hash); no
    inline event handler, injected script or outside request is allowed.
    """
    hashes = " ".join(_sha256(s) for s in inline_scripts)
    return (
        "default-src 'none'; "
        f"script-src 'self'{' ' + hashes if hashes else ''}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'"
    )


def safe_href(href: str | None) -> str | None:
    """``href`` if it is a relative path or an http(s) address, else None (``javascript:``...).

    Examples
    --------
    >>> safe_href("../analysis/a1.html"), safe_href("javascript:alert(1)"), safe_href("//x.org")
    ('../analysis/a1.html', None, None)
    """
    if not href:
        return None
    if WEB.match(href):
        return href
    if re.match(r"^[A-Za-z0-9._~/%#-]+$", href) and not href.startswith("//"):
        return href  # a relative path (never protocol-relative)
    return None
