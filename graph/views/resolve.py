"""Turn a name a user types into an id of the store: actors, mechanisms, lenses, topics.

Names are compared by the gazetteer's :func:`~powermap.ontology.lexicon.normalise`
key, so "the U.S.", "US" and "u.s." are one name. Actors resolve through the
store's labels and aliases and the gazetteer's alias table (``Washington`` is
the United States); mechanisms through the store's labels and the taxonomy's
labels and alternative labels. An unknown name is a :class:`ViewError`
naming the closest matches (difflib).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from powermap.graph.errors import ViewError
from powermap.graph.views.records import Snapshot
from powermap.ontology.lexicon import FORM_KINDS, alias_table, gazetteer_index, normalise
from powermap.ontology.lexicon import mechanisms as taxonomy

__all__ = [
    "resolve_actor",
    "resolve_mechanism",
    "resolve_lens",
    "resolve_topic",
    "mechanism_family_members",
    "label_names",
    "RANK",
]

# How strongly a form names its target: an id beats a label, which beats an
# alias, a demonym, then a metonym ("Washington"), in the gazetteer's order.
RANK = {"id": 0, **{kind: i + 1 for i, kind in enumerate(FORM_KINDS)}}


@dataclass
class _Names:
    """Normalised forms of one kind of thing, and the ids they name."""

    what: str
    labels: dict[str, str] = field(default_factory=dict)
    forms: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    spelling: dict[str, str] = field(default_factory=dict)

    def add(self, form: str, target: str, kind: str) -> None:
        key = normalise(form)
        if not key:
            return
        rank = RANK[kind]
        ids = self.forms[key]
        ids[target] = min(rank, ids.get(target, rank))
        self.spelling.setdefault(key, form)

    def resolve(self, name: str, elsewhere: str | None = None) -> str:
        """The one id ``name`` stands for, or an error naming close matches."""
        key = normalise(name)
        ids = self.forms.get(key)
        if ids:
            best = min(ids.values())
            winners = sorted(i for i, rank in ids.items() if rank == best)
            if len(winners) == 1:
                return winners[0]
            options = ", ".join(f"{self.labels[i]} ({i})" for i in winners)
            raise ViewError(f"{self.what} {name!r} is ambiguous: {options}")
        if elsewhere:
            raise ViewError(elsewhere)
        raise ViewError(f"no {self.what} {name!r} in the store{self._suggest(key)}")

    def _suggest(self, key: str) -> str:
        close = difflib.get_close_matches(key, list(self.forms), n=10, cutoff=0.6)
        shown: dict[str, str] = {}  # target -> its closest form, as written
        for form in close:
            for target in sorted(self.forms[form]):
                label = self.labels[target]
                spelled = self.spelling[form]
                text = label if normalise(label) == form else f"{spelled} ({label})"
                shown.setdefault(target, text)
        return f"; close matches: {', '.join(list(shown.values())[:5])}" if shown else ""


def _actor_names(snap: Snapshot) -> _Names:
    names = _Names("actor", labels={a.id: a.label for a in snap.actors.values()})
    for actor in snap.actors.values():
        names.add(actor.id, actor.id, "id")
        names.add(actor.label, actor.id, "label")
        for alias in actor.aliases:
            names.add(alias, actor.id, "alias")
    index = gazetteer_index()
    for actor_id in snap.actors:
        entry = index.get(actor_id)
        for form, kind in entry.forms() if entry else ():
            names.add(form, actor_id, kind)
    return names


def resolve_actor(name: str, snap: Snapshot) -> str:
    """The id of the actor ``name`` stands for, among the actors of the store.

    Parameters
    ----------
    name : any label, alias, demonym or metonym the analyses or the gazetteer
        use ("Washington", "U.S.", "American"), or an actor id.
    snap : the snapshot whose actors are searched.

    Raises
    ------
    ViewError : nothing in the store goes by that name (the message names
        close matches, or says the gazetteer knows the actor but no analysis
        mentions it), or the name fits several actors equally well.

    Examples
    --------
    >>> from powermap.graph.views.snapshot import ActorInfo, Snapshot
    >>> us = ActorInfo("united-states", "United States", "State")
    >>> snap = Snapshot(actors={us.id: us})
    >>> resolve_actor("Washington", snap)
    'united-states'
    """
    elsewhere = None
    entries = alias_table().get(normalise(name), [])
    if entries:
        entry = min(entries, key=lambda pair: RANK[pair[1]])[0]
        elsewhere = f"{entry.label} is in the gazetteer, but no analysis in the store mentions it"
    return _actor_names(snap).resolve(name, elsewhere)


def _mechanism_names(snap: Snapshot) -> _Names:
    names = _Names("mechanism")
    concepts = {c.id: c for c in taxonomy()}
    families = {m.family for m in snap.mechanisms.values() if m.family}
    for mechanism in snap.mechanisms.values():
        names.labels[mechanism.id] = mechanism.label
        names.add(mechanism.id, mechanism.id, "id")
        names.add(mechanism.label, mechanism.id, "label")
    for concept_id in sorted(set(snap.mechanisms) | families):
        concept = concepts.get(concept_id)
        if concept is None:
            continue
        names.labels[concept.id] = concept.label
        names.add(concept.id, concept.id, "id")
        names.add(concept.label, concept.id, "label")
        for alt in concept.alt_labels:
            names.add(alt, concept.id, "alias")
    return names


def resolve_mechanism(name: str, snap: Snapshot) -> str:
    """The id of the mechanism (or mechanism family) ``name`` stands for.

    Families of the taxonomy ("economic coercion") resolve when the store holds
    one of their mechanisms; :func:`mechanism_family_members` expands them.

    Raises
    ------
    ViewError : no mechanism in the store goes by that name (close matches named).
    """
    elsewhere = None
    for concept in taxonomy():
        forms = {normalise(f) for f in (concept.id, concept.label, *concept.alt_labels)}
        if normalise(name) in forms:
            elsewhere = (
                f"{concept.label} is in the mechanism taxonomy, "
                "but no analysis in the store names it"
            )
            break
    return _mechanism_names(snap).resolve(name, elsewhere)


def mechanism_family_members(mechanism_id: str, snap: Snapshot) -> frozenset[str]:
    """The mechanism itself and, for a family, every mechanism of the store in it."""
    members = {m.id for m in snap.mechanisms.values() if m.family == mechanism_id}
    return frozenset(members | {mechanism_id})


def label_names(what: str, labels: Iterable[str]) -> _Names:
    """The labels of one kind (lens, topic) as names to resolve (``.resolve(name)``)."""
    names = _Names(what)
    for label in sorted(set(labels)):
        names.labels[label] = label
        names.add(label, label, "label")
    return names


def resolve_lens(name: str, snap: Snapshot) -> str:
    """The lens label of the store that ``name`` stands for (case and punctuation ignored).

    Raises
    ------
    ViewError : no analysis has that lens (close matches named).
    """
    lenses = (a.lens for a in snap.analyses.values() if a.lens)
    return label_names("lens", lenses).resolve(name)


def resolve_topic(name: str, snap: Snapshot) -> str:
    """The topic label of the store that ``name`` stands for (case and punctuation ignored).

    Raises
    ------
    ViewError : no analysis has that topic (close matches named).
    """
    topics = (t for a in snap.analyses.values() for t in a.topics)
    return label_names("topic", topics).resolve(name)
