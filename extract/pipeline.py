"""From an :class:`Analysis` to an :class:`Extraction`: the extraction pipeline.

``Extractor`` loads the spaCy pipeline once and runs ``nlp.pipe`` over the
sections of many analyses in small batches; ``extract_many(..., jobs=N)``
spreads analyses over N worker processes, each loading the pipeline once.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from powermap.extract.actors import SHORT_TEXT, ActorRegistry, SectionDoc
from powermap.extract.candidates import Sentence, sentences
from powermap.extract.claimmodel import (
    ClaimModel,
    cost_of_pressure,
    decide,
    infer_from_headline,
    infer_state_power,
    load_model,
)
from powermap.extract.claims import between_parties, dedupe, find_claims
from powermap.extract.formats.layout import layout
from powermap.extract.mechanisms import MECHANISM_SECTION, MechanismFinder
from powermap.extract.model import Analysis, Claim, Extraction, WatchItem
from powermap.extract.nlp import MODEL, load_nlp
from powermap.extract.stakes import find_stakes, find_watch

__all__ = ["Extractor", "Draft", "extract", "extract_many", "CHUNK_CHARS"]

# sections longer than this are parsed in paragraph chunks (spaCy's max_length
# is 1,000,000 characters, and parser memory grows with document length)
CHUNK_CHARS = 20_000
BATCH_SIZE = 16
# analyses per task sent to a worker process (one nlp.pipe call there)
TASK_SIZE = 8


# a news story (one "Article" section) names many people and bodies in passing: an
# NER-only actor named fewer times than this, holding no claim, is not reported; a
# short text (a brief, a single sentence) has no passing mentions: every name counts,
# and a state named only as a modifier ("Chinese vessels") too
PASSING_MENTIONS = 2
PASSING_MIN_SENTENCES = SHORT_TEXT
NEWS_SECTION = layout().news_heading

# the default of Extractor(model=...): the claim model shipped in the package
_SHIPPED = object()


class Extractor:
    """Extracts actors, claims, mechanisms, stakes and watch items from analyses.

    Parameters
    ----------
    nlp : a loaded pipeline from :func:`powermap.extract.nlp.load_nlp`; loaded
        on first use when omitted.
    batch_size : documents per ``nlp.pipe`` batch (keep small for articles).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        batch_size: int = BATCH_SIZE,
        model: ClaimModel | None | object = _SHIPPED,
    ) -> None:
        self._nlp = nlp
        self.batch_size = batch_size
        self._model = model

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def extract(self, analysis: Analysis) -> Extraction:
        """Extract one analysis."""
        return next(self.extract_many([analysis]))

    def extract_many(self, analyses: Iterable[Analysis]) -> Iterator[Extraction]:
        """Extract a stream of analyses, parsing their sections in batches."""
        for analysis, docs in self._parsed(analyses):
            yield self._assemble(analysis, docs)

    def drafts(self, analyses: Iterable[Analysis]) -> Iterator[Draft]:
        """The rule extraction and claim candidates of each analysis (see :class:`Draft`)."""
        for analysis, docs in self._parsed(analyses):
            yield self.draft(analysis, docs)

    def _parsed(
        self, analyses: Iterable[Analysis]
    ) -> Iterator[tuple[Analysis, list[tuple[str, int, Doc]]]]:
        it = iter(analyses)
        while True:
            batch = list(itertools.islice(it, self.batch_size))
            if not batch:
                return
            texts: list[tuple[str, tuple[int, str, int]]] = []
            for n, analysis in enumerate(batch):
                for section in analysis.sections:
                    for offset, chunk in _chunks(section.text):
                        texts.append((chunk, (n, section.heading, offset)))
            docs: dict[int, list[tuple[str, int, Doc]]] = {n: [] for n in range(len(batch))}
            for doc, (n, heading, offset) in self.nlp.pipe(texts, as_tuples=True):
                docs[n].append((heading, offset, doc))
            for n, analysis in enumerate(batch):
                yield analysis, docs[n]

    def _assemble(self, analysis: Analysis, docs: list[tuple[str, int, Doc]]) -> Extraction:
        draft = self.draft(analysis, docs)
        return draft.finish(self.model)

    def draft(self, analysis: Analysis, docs: list[tuple[str, int, Doc]]) -> Draft:
        """The rule extraction of one analysis with its claim candidates (no model yet)."""
        sections = [SectionDoc(heading, doc, offset=offset) for heading, offset, doc in docs]
        registry = ActorRegistry(analysis, sections)
        finder = MechanismFinder(self.nlp)
        mechanism_by_section = [finder.scan(sec) for sec in sections]
        claims: list[Claim] = []
        for sec, mech in zip(sections, mechanism_by_section, strict=True):
            claims.extend(find_claims(registry, sec, mech))
        moved = registry.merge_group_variants()
        if moved:
            claims = _moved(claims, moved)
        title = " ".join(t for t in (analysis.title, analysis.summary) if t)
        has_mech_section = any(MECHANISM_SECTION.search(s.heading) for s in analysis.sections)
        mechanisms = finder.mechanisms(
            has_mechanism_section=has_mech_section,
            news=all(s.heading == NEWS_SECTION for s in analysis.sections),
            claimed=frozenset(c.mechanism for c in claims if c.mechanism),
        )
        if finder.merged:  # a claim names the mechanism its own was reported as
            claims = [
                replace(c, mechanism=finder.merged.get(c.mechanism or "", c.mechanism))
                for c in claims
            ]
        headline = _named_in(registry, title)
        sents = sentences(registry, sections, claims, title_actors=headline)
        watch = find_watch(sections)
        extraction = Extraction(
            analysis=analysis,
            actors=[],
            claims=claims,
            mechanisms=mechanisms,
            stakes=find_stakes(sections, title=analysis.title or ""),
            watch=watch,
        )
        return Draft(extraction, sents, registry, headline)

    @property
    def model(self) -> ClaimModel | None:
        """The claim model in use (the shipped one unless given), or None for rules only."""
        if self._model is _SHIPPED:
            return load_model()
        return self._model  # type: ignore[return-value]


def _moved(claims: list[Claim], moved: dict[str, str]) -> list[Claim]:
    """The claims with actor ids replaced as ``moved`` says (old id -> new id); a
    claim that now holds leverage over its own holder is dropped."""
    out = dedupe(
        [
            replace(
                c,
                holder=moved.get(c.holder, c.holder),
                counterpart=moved.get(c.counterpart or "", c.counterpart),
                between=[moved.get(b, b) for b in c.between],
            )
            for c in claims
        ]
    )
    return [c for c in out if c.holder != c.counterpart]


_WORDS = re.compile(r"[\w.'\u2019-]+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass
class Draft:
    """One analysis after the rules, before the claim model: what cross-validation reuses."""

    extraction: Extraction
    sentences: list[Sentence]
    registry: ActorRegistry
    # the actors the headline and dek name, in order
    headline: list[str] = field(default_factory=list)

    def finish(self, model: ClaimModel | None) -> Extraction:
        """The final extraction: claims judged by ``model`` (rules only when None)."""
        claims = self.extraction.claims
        if model is not None:
            claims = dedupe(decide(self.sentences, model, claims))
        leaders = self.registry.leaders_states()
        if leaders:  # claims of an office holder are his state's too
            claims = dedupe(claims + _moved(claims, leaders))
        claims = between_parties(claims)
        short = len(self.sentences) < PASSING_MIN_SENTENCES
        news = all(s.heading == NEWS_SECTION for s in self.extraction.analysis.sections)
        news = news and not short
        if short:  # a one-line report: the party pressed bears the cost
            claims = cost_of_pressure(claims)
            self.registry.parties_named()
        if news:  # a news headline names the story's two parties
            self.registry.recurring_parties()
            claims = dedupe(infer_from_headline(claims, self.headline))
            kinds = {e.actor.id: e.actor.kind for e in self.registry.entries.values()}
            claims = dedupe(infer_state_power(claims, self.registry.home_state, kinds))
        actors = self.registry.actors(
            keep=_claim_actors(claims),
            min_mentions=PASSING_MENTIONS if news else 1,
            modifier_states=short,
        )
        known = {a.id for a in actors}
        watch = [
            WatchItem(item.text, [a for a in item.actors if a in known])
            for item in self.extraction.watch
        ]  # a watch item names only actors the extraction reports
        return replace(self.extraction, actors=actors, claims=claims, watch=watch)


def _named_in(registry: ActorRegistry, text: str) -> list[str]:
    """Actors whose label or an alias appears as words in ``text`` (the headline, the dek)."""
    if not text:
        return []
    words = (_POSSESSIVE.sub("", w) for w in _WORDS.findall(text))  # "Kenya's plan"
    padded = " " + " ".join(words) + " "
    out = []
    for actor in registry.actors():
        for name in [actor.label, *actor.aliases]:
            if len(name) > 2 and f" {name} " in padded:
                out.append(actor.id)
                break
    return out


def _claim_actors(claims: list[Claim]) -> set[str]:
    ids = {c.holder for c in claims} | {c.counterpart for c in claims if c.counterpart}
    return ids | {b for c in claims for b in c.between}


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split a long text at paragraph (or sentence) breaks into pieces <= CHUNK_CHARS."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


_WORKER: Extractor | None = None


def _init_worker(model: str) -> None:
    global _WORKER
    _WORKER = Extractor(load_nlp(model))


def _work(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract a few analyses in a worker, their sections in one ``nlp.pipe``."""
    assert _WORKER is not None
    analyses = [Analysis.from_dict(data) for data in batch]
    return [extraction.to_dict() for extraction in _WORKER.extract_many(analyses)]


def extract(analysis: Analysis) -> Extraction:
    """Extract one analysis with the default pipeline (loaded once per process)."""
    return Extractor(load_nlp()).extract(analysis)


def extract_many(
    analyses: Iterable[Analysis], *, jobs: int = 1, model: str = MODEL
) -> Iterator[Extraction]:
    """Extract a stream of analyses in order, on ``jobs`` processes.

    With ``jobs > 1`` each worker process loads the pipeline once and takes
    ``TASK_SIZE`` analyses at a time; at most two tasks per worker are in
    flight, so memory stays flat however long the stream is.
    """
    if jobs <= 1:
        yield from Extractor(load_nlp(model)).extract_many(analyses)
        return
    it = iter(analyses)
    tasks = iter(lambda: [a.to_dict() for a in itertools.islice(it, TASK_SIZE)], [])
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(model,)) as pool:
        # two tasks per worker in flight: no worker waits on a slow one, memory stays flat
        pending = deque(pool.submit(_work, task) for task in itertools.islice(tasks, 2 * jobs))
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(_work, task) for task in itertools.islice(tasks, 1))
            for data in done:
                yield Extraction.from_dict(data)
