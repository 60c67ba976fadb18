"""A synthetic corpus for benchmarks: article-length analyses recombined from ``data/``.

Not a test fixture and not for scoring: the analyses only have to read like the
real thing (same formats of sections, same sentence shapes, same density of
actors and leverage language) so that throughput figures mean something.

Each synthetic analysis takes the section layout of one sample analysis in
``data/`` and fills every section with a paragraph drawn, by heading, from any
sample (so "Who gains leverage" gets some sample's "Who gains leverage"
paragraph). The invented names of the samples (people, companies, unions: the
words of gold actor names that the gazetteer does not know) are then replaced,
word by word and consistently within an analysis, by generated words, so no
two analyses name the same cast. The same ``seed`` always gives the same corpus.

    >>> from corpus import synthetic_analyses  # doctest: +SKIP
    >>> [a.id for a in synthetic_analyses(2)]  # doctest: +SKIP
    ['synthetic-000000', 'synthetic-000001']
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from powermap.extract.model import Analysis, Section
from powermap.extract.reader import iter_sources, read_many
from powermap.ontology import lexicon

__all__ = [
    "DATA",
    "sample_analyses",
    "invented_words",
    "synthetic_analyses",
    "write_corpus",
    "word_count",
]

DATA = Path(__file__).resolve().parent.parent / "data"
# sounds for generated names ("Velrosk", "Tamadine"): not words of any language
ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr",
          "kl", "pr", "st", "tr", "vr", "sh", "th")  # fmt: skip
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
CODAS = ("", "", "", "n", "r", "l", "s", "sk", "nd", "rt", "x", "th")
_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=4)
def sample_analyses(folder: Path = DATA) -> tuple[Analysis, ...]:
    """The analyses at the top of ``folder`` (not its subfolders, such as the one-section
    news stories of ``data/voa``) as read by powermap's reader, in sorted order."""
    return tuple(read_many([p for p in iter_sources([folder]) if Path(p).parent == folder]))


@functools.lru_cache(maxsize=4)
def invented_words(folder: Path = DATA) -> tuple[str, ...]:
    """Words of the samples' invented names, to be replaced by generated ones.

    A word qualifies when it belongs to a gold actor name the gazetteer does not
    know, is capitalised, appears capitalised mid-sentence, never lower-case, and
    is not part of any gazetteer name ("Korvane", "Abernathy", "Ohio"; not
    "Turkey", "Federal", "Commission", "Data", "Shipowners").
    """
    known = lexicon.alias_table()
    gazetteer_words = {
        w.lower() for e in lexicon.gazetteer() for form, _ in e.forms() for w in _WORD.findall(form)
    }
    text = " ".join(a.text + " " + (a.title or "") for a in sample_analyses(folder))
    lower_words = {w for w in _WORD.findall(text) if w[0].islower()}
    mid_sentence = set(re.findall(r"[a-z,] ([A-Z][A-Za-z]+)", text))
    names: set[str] = set()
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text("utf-8"))
        for group in ("required", "allowed"):
            for actor in gold.get("actors", {}).get(group, []):
                if lexicon.normalise(actor["label"]) in known:
                    continue
                for name in (actor["label"], *actor.get("aliases", [])):
                    names.update(_WORD.findall(name))
    return tuple(
        sorted(
            w
            for w in names
            if len(w) > 2
            and not w.isupper()
            and w in mid_sentence
            and w.lower() not in lower_words
            and w.lower() not in gazetteer_words
        )
    )


def _fake_word(rng: random.Random, like: str) -> str:
    """A pronounceable capitalised word about as long as ``like``."""
    word = ""
    while len(word) < max(4, len(like) - 2):
        word += rng.choice(ONSETS) + rng.choice(VOWELS)
    return (word + rng.choice(CODAS)).capitalize()


def _paragraph_pools(samples: tuple[Analysis, ...]) -> dict[str, list[str]]:
    """Every paragraph of the samples, pooled by lower-cased section heading."""
    pools: dict[str, list[str]] = {}
    for analysis in samples:
        for section in analysis.sections:
            paragraphs = [p.strip() for p in section.text.split("\n\n") if p.strip()]
            pools.setdefault(section.heading.lower(), []).extend(paragraphs)
    return pools


def synthetic_analyses(n: int, *, seed: int = 0, folder: Path = DATA) -> Iterator[Analysis]:
    """``n`` article-length analyses recombined from the samples of ``folder``.

    Parameters
    ----------
    n : how many analyses.
    seed : the same seed gives the same analyses, in the same order.
    folder : sample analyses (with ``*.gold.json`` beside them, for the names).

    Yields
    ------
    Analysis with ids ``synthetic-000000``, ``synthetic-000001``, ...
    """
    samples = sample_analyses(folder)
    if not samples:
        raise ValueError(f"no sample analyses in {folder}")
    pools = _paragraph_pools(samples)
    words = invented_words(folder)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b") if words else None
    rng = random.Random(seed)
    for i in range(n):
        template = rng.choice(samples)
        cast = {w: _fake_word(rng, w) for w in words}

        def rename(text: str, cast: dict[str, str] = cast) -> str:
            return pattern.sub(lambda m: cast[m.group(1)], text) if pattern else text

        sections = []
        for section in template.sections:
            pool = pools[section.heading.lower()]
            count = max(1, section.text.count("\n\n") + 1)  # news bodies keep their length
            paragraphs = rng.sample(pool, min(count, len(pool)))
            sections.append(Section(section.heading, rename("\n\n".join(paragraphs))))
        yield replace(
            template,
            id=f"synthetic-{i:06d}",
            document=f"synthetic/{i:06d}.md",
            title=rename(template.title or f"Synthetic analysis {i}"),
            summary=rename(template.summary) if template.summary else None,
            sections=sections,
        )


def write_corpus(folder: Path, n: int, *, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic analyses to ``folder`` as Markdown with front matter
    (a format powermap reads), for benchmarks that go through files or the CLI."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for analysis in synthetic_analyses(n, seed=seed):
        meta = {
            "title": analysis.title,
            "summary": analysis.summary,
            "lens": analysis.lens,
            "type": analysis.type,
            "published": analysis.published,
            "read_time": analysis.read_time_minutes,
            "source": {"name": analysis.source.name, "url": analysis.source.url},
            "topics": analysis.topics,
        }
        front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True)
        body = "\n\n".join(f"## {s.heading}\n\n{s.text}" for s in analysis.sections)
        path = folder / f"{analysis.id}.md"
        path.write_text(f"---\n{front}---\n\n# {analysis.title}\n\n{body}\n", "utf-8")
        paths.append(path)
    return paths


def word_count(analysis: Analysis) -> int:
    """Whitespace-separated words of the section texts (what both sides parse)."""
    return sum(len(s.text.split()) for s in analysis.sections)
