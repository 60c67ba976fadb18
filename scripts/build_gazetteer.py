"""Build ontology/gazetteer.yaml, powermap's actor gazetteer, from its sources.

Run from the repository root::

    .venv/bin/python scripts/build_gazetteer.py \
        --phoenix /work/shared/vendor/phoenix-dictionaries --out ontology/gazetteer.yaml

Sources, merged in this order:

- ``ontology/states.yaml`` (hand-curated): which states exist, their Wikidata ids
  and corrections; ``countryinfo`` (names, alternative spellings, demonyms,
  capitals, ISO codes); the Phoenix country dictionary (formal names, demonyms).
- ``ontology/igos.yaml`` and ``ontology/organizations.yaml`` (hand-curated), with
  aliases found for the same bodies in the Phoenix international and non-state
  dictionaries.
- ``ontology/agencies.yaml`` (hand-curated United States federal bodies).
- ``ontology/peoples.yaml`` (hand-curated): peoples and communities named as
  collectives ("Uyghurs", "Rohingya"), Group actors.
- Every armed and non-state group of the Phoenix non-state dictionary
  (``Phoenix.MilNonState.actors.txt``) that is not already a curated body, as an
  Organization with those names of its block that name a group (rules in
  ``ontology/nonstate.yaml``; one-word names need NER agreement).
- Persons: Phoenix leaders (a dated government role, or a role at a curated IGO,
  running in 2015 or later) and ``ontology/persons.yaml`` (naming rules, leaders
  since 2014).

Any surface form that two entries share is marked ambiguous on both. The output
is deterministic; only the ``# generated on`` header line changes between runs.
This script is a build tool: powermap never runs it at run time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from powermap.ontology.lexicon import normalise

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
SINCE = dt.date(2015, 1, 1)
FIELDS = ("aliases", "demonyms", "metonyms")
KIND_ORDER = {"State": 0, "IGO": 1, "Organization": 2, "Group": 3, "Person": 4}
SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "to", "a", "an", "de", "du", "des"}
NO_PLURAL_ENDINGS = ("ese", "ish", "ic", "ch", "ss", "sh", "s", "x", "z")
ROLE = re.compile(r"\[([A-Z]+)(?:\s+([<>]?\d+(?:-\d+)?))?\s*\]")


# --- Phoenix dictionaries -------------------------------------------------------


@dataclass
class Block:
    """One Phoenix actor entry: its head name, synonyms and coded roles."""

    head: str
    synonyms: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Head and synonyms as display strings ("UNITED_STATES_" -> "UNITED STATES")."""
        return [n for n in (_display(x) for x in [self.head, *self.synonyms]) if n]


def _display(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ").replace("`", "'")).strip(" ,")


def read_blocks(path: Path) -> list[Block]:
    """Parse a TABARI/PETRARCH ``.actors`` file into blocks.

    A line starting with a name opens a block unless the open block has no
    role yet (consecutive names before a role line share it); ``+`` lines are
    synonyms; indented ``[CODE dates]`` lines are roles; ``#`` starts a comment.
    """
    blocks: list[Block] = []
    current: Block | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            if not line.strip() and current is not None:
                blocks.append(current)
                current = None
            continue
        roles = ROLE.findall(body)
        name = ROLE.sub("", body).strip().lstrip("+").strip()
        if body[0] in " \t":
            if current is not None:
                current.roles.extend(roles)
        elif body.startswith("+") or (current is not None and not current.roles):
            if current is not None:
                current.synonyms.append(name)
                current.roles.extend(roles)
        else:
            if current is not None:
                blocks.append(current)
            current = Block(head=name, roles=list(roles))
    if current is not None:
        blocks.append(current)
    return blocks


def _date(text: str) -> dt.date:
    """A Phoenix date: YYMMDD (00-30 -> 20YY, else 19YY) or YYYYMMDD."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return dt.date(year, int(text[2:4]) or 1, int(text[4:6]) or 1)
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]) or 1, int(text[6:8]) or 1)
    raise ValueError(f"not a Phoenix date: {text!r}")


def role_since(dates: str, since: dt.date = SINCE) -> dt.date | None:
    """Start of a dated role that runs on ``since`` or later, else None.

    ``>080508`` (open-ended) counts as running; undated roles never count.
    """
    try:
        if dates.startswith(">"):
            return _date(dates[1:])
        if "-" in dates:
            start, end = dates.split("-")
            if _date(end) >= since:
                return _date(start)
    except ValueError:
        return None
    return None


# --- Names ------------------------------------------------------------------------


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _cap(word: str) -> str:
    if "'" in word:
        head, _, tail = word.partition("'")
        if len(head) == 1:
            return head.upper() + "'" + _cap(tail)
    if re.fullmatch(r"[ivx]+", word) or (len(word) <= 2 and word.endswith(".")):
        return word.upper()
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2].upper() + word[3:]
    return word[:1].upper() + word[1:]


def title_name(name: str, rules: dict[str, Any], family_first: bool = False) -> str:
    """Title-case an upper-case Phoenix person name ("BASHAR AL ASSAD" -> "Bashar al-Assad")."""
    particles = {p.lower() for p in rules["particles"]}
    words = name.lower().split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if i > 0 and word in particles:
            if word in {"al", "el"} and i + 1 < len(words):
                out.append(word + "-" + _cap(words[i + 1]))
                i += 2
                continue
            out.append(word)
        elif "-" in word:
            parts = word.split("-")
            rest = [p if family_first else _cap(p) for p in parts[1:]]
            out.append("-".join([_cap(parts[0]), *rest]))
        else:
            out.append(_cap(word))
        i += 1
    return " ".join(out)


def title_phrase(name: str) -> str:
    """Title-case an upper-case Phoenix organisation or state name, small words lower."""
    words = name.split()
    if len(words) == 1 and len(name) <= 5 and name.isupper():
        return name
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        out.append(
            low if i > 0 and low in SMALL_WORDS else "-".join(_cap(p) for p in low.split("-"))
        )
    return " ".join(out)


def strip_prefixes(name: str, prefixes: list[tuple[str, ...]]) -> str:
    """Drop leading titles or demonyms ("Russian President Vladimir Putin" -> "Vladimir Putin")."""
    words = name.split()
    changed = True
    while changed and words:
        changed = False
        low = tuple(normalise(w) for w in words)
        for prefix in prefixes:
            if len(prefix) < len(words) and low[: len(prefix)] == prefix:
                words = words[len(prefix) :]
                changed = True
                break
    return " ".join(words)


def slug(text: str) -> str:
    """Lower-case ASCII slug of a label ("U.S. Congress" -> "us-congress")."""
    ascii_text = _ascii(text).lower().replace("+", " plus ")
    ascii_text = re.sub(r"[.'\u2019]", "", ascii_text)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def plural(demonym: str) -> str | None:
    """Plural of a demonym noun ("Qatari" -> "Qataris"); None when it has none ("Swiss")."""
    if " and " in demonym or demonym.lower().endswith(NO_PLURAL_ENDINGS):
        return None
    return demonym + "s"


# --- Entries ----------------------------------------------------------------------


@dataclass
class Entry:
    """A gazetteer entry under construction."""

    id: str
    label: str
    kind: str
    wikidata: str | None = None
    iso3: str | None = None
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)
    drop: set[str] = field(default_factory=set)
    armed: bool = False

    def add(self, kind: str, forms: Iterable[str], curated: bool = True) -> None:
        """Add forms of one kind, skipping dropped ones and any form already present.

        Curated forms that differ only in case or punctuation ("U.S.", "US") are all
        kept, since the extractor matches surface text. A form from a source is
        skipped when it normalises like a present one, and loses a leading "the".
        """
        target: list[str] = getattr(self, kind)
        for form in forms:
            form = form.strip() if curated else re.sub(r"^[Tt]he\s+", "", form.strip())
            key = normalise(form)
            present = {f for f, _ in self.forms()} if curated else self.keys()
            if not key or key in self.drop or (form if curated else key) in present:
                continue
            target.append(form)

    def keys(self) -> set[str]:
        """Normalised forms of the entry."""
        return {normalise(f) for f, _ in self.forms()}

    def forms(self) -> Iterator[tuple[str, str]]:
        """Every form with its kind."""
        yield self.label, "label"
        for kind in FIELDS:
            for form in getattr(self, kind):
                yield form, kind

    def to_yaml(self) -> dict[str, Any]:
        """The entry as written to gazetteer.yaml (empty fields left out)."""
        present = {normalise(f): f for f, _ in self.forms()}
        ambiguous = sorted({present[k] for k in map(normalise, self.ambiguous) if k in present})
        out: dict[str, Any] = {"id": self.id, "label": self.label, "kind": self.kind}
        for key in ("wikidata", "iso3", "affiliation", "armed"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        for key in FIELDS:
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if ambiguous:
            out["ambiguous"] = ambiguous
        return out


def _load(name: str) -> Any:
    return yaml.safe_load((ONTOLOGY / name).read_text(encoding="utf-8"))


def _curated(entry: Entry, spec: dict[str, Any]) -> None:
    entry.drop |= {normalise(d) for d in spec.get("drop") or ()}
    for kind in FIELDS:
        setattr(entry, kind, [f for f in getattr(entry, kind) if normalise(f) not in entry.drop])
    for kind in FIELDS:
        entry.add(kind, spec.get(kind) or ())
    entry.ambiguous |= set(spec.get("ambiguous") or ())


def _name_tokens(text: str, generic: set[str]) -> set[str]:
    return {t for t in normalise(text).split() if len(t) >= 3 and t not in generic}


def _countryinfo() -> dict[str, dict[str, Any]]:
    from countryinfo import all_countries

    by_iso: dict[str, dict[str, Any]] = {}
    for country in all_countries():
        info: dict[str, Any] = dict(country.info())
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if iso3 and iso3 not in by_iso:
            by_iso[iso3] = info
    return by_iso


def _latin(text: str) -> bool:
    return all(ord(c) <= 0xFF for c in text)


def _formal_name(words: set[str], bases: list[str], generic: set[str]) -> bool:
    """Whether a multi-word Phoenix name is a formal name of the state.

    It must contain one of the state's names and otherwise only generic words of
    state names ("Islamic Republic of Afghanistan", not "Soviet Occupied Afghanistan").
    """
    for base in bases:
        base_words = set(normalise(base).split())
        if _name_tokens(base, generic) and base_words <= words <= base_words | generic:
            return words != base_words
    return False


def _english_variant(name: str, bases: list[str], generic: set[str]) -> bool:
    """Whether a source spelling is an English name of the state.

    Its words must be the words of one of the state's names or demonyms plus
    generic words ("Republic of Angola", "Argentine Republic"; not "República de Angola").
    """
    words = set(normalise(name).split())
    known = {w for b in bases for w in _name_tokens(b, generic)}
    return bool(words & known) and words <= known | generic


def build_states(
    config: dict[str, Any], info: dict[str, dict[str, Any]], phoenix: list[Block]
) -> tuple[list[Entry], dict[str, str]]:
    """State entries, and the map Phoenix country code -> state id."""
    generic = {t for w in config["generic_name_words"] for t in normalise(w).split()}
    phoenix_by_code: dict[str, Block] = {}
    for candidate in phoenix:
        own = [c for c, dates in candidate.roles if not dates and re.fullmatch(r"[A-Z]{3}", c)]
        if own and own[0] not in phoenix_by_code:
            phoenix_by_code[own[0]] = candidate
    entries: list[Entry] = []
    codes: dict[str, str] = {}
    for iso3, spec in config["states"].items():
        spec = spec or {}
        ci = info.get(iso3, {})
        label = spec.get("label") or ci["name"]
        entry = Entry(id=slug(label), label=label, kind="State", wikidata=spec.get("wikidata"))
        entry.iso3 = iso3
        _curated(entry, spec)
        iso_codes = {iso3, (ci.get("ISO") or {}).get("alpha2")}
        foreign = {ci.get("nativeName"), *(ci.get("translations") or {}).values()}
        for demonym in re.split(r"[,/]", ci.get("demonym") or ""):
            entry.add("demonyms", [demonym], curated=False)
        bases = [entry.label, *entry.aliases, *entry.demonyms]
        for alt in ci.get("altSpellings") or ():
            alt = alt.strip()
            if alt in iso_codes or alt in foreign or ", " in alt or not _latin(alt):
                continue
            if _english_variant(alt, bases, generic):
                entry.add("aliases", [alt], curated=False)
        capital = spec.get("capital") or ci.get("capital")
        if isinstance(capital, list):
            capital = capital[0] if capital else None
        if capital:
            entry.add("metonyms", [capital], curated=False)
        code = spec.get("phoenix", iso3)
        block = phoenix_by_code.get(code)
        if block is not None:
            bases = [entry.label, *entry.aliases]
            for name in block.names[1:]:
                if re.search(r"[(,\d]", name) or len(normalise(name)) <= 3:
                    continue
                pretty = title_phrase(name)
                if _formal_name(set(normalise(pretty).split()), bases, generic):
                    entry.add("aliases", [pretty], curated=False)
        entry.add("demonyms", [p for p in map(plural, list(entry.demonyms)) if p], curated=False)
        codes[code] = entry.id
        entries.append(entry)
    return entries, codes


def _variant_of(name: str, entry: Entry, places: set[str]) -> bool:
    """Whether a Phoenix synonym names the body itself, not a leader, branch or rival.

    It must share a distinctive word with one of the body's names or be a close
    spelling variant of one ("Hezballah"), and name no place the body's names lack
    ("al-Qaeda in Iraq").
    """
    key = normalise(name)
    names = [normalise(f) for f, _ in entry.forms()]
    own_words = {w for n in names for w in n.split()}
    if (set(key.split()) - own_words) & places:
        return False
    shares = bool({w for w in key.split() if len(w) >= 4} & own_words)
    close = any(difflib.SequenceMatcher(None, key, n).ratio() >= 0.8 for n in names)
    return shares or close


def build_bodies(
    items: list[dict[str, Any]],
    kind: str,
    phoenix: list[Block],
    affiliation: str | None = None,
    places: frozenset[str] = frozenset(),
) -> tuple[list[Entry], dict[str, str]]:
    """Entries for curated bodies (IGOs, agencies, organisations), with Phoenix aliases.

    A Phoenix block adds those of its other names that are variants of the body's
    names to the one body that one of its names already resolves to. Returns the
    entries and the map Phoenix role code -> id.
    """
    entries: list[Entry] = []
    codes: dict[str, str] = {}
    for spec in items:
        entry = Entry(
            id=spec.get("id") or slug(spec["label"]),
            label=spec["label"],
            kind=spec.get("kind", kind),
            wikidata=spec.get("wikidata"),
            affiliation=spec.get("affiliation", affiliation),
            armed=bool(spec.get("armed")),
        )
        _curated(entry, spec)
        for code in spec.get("phoenix") or ():
            codes[code] = entry.id
        entries.append(entry)
    owners: dict[str, Entry] = {}
    for entry in entries:
        for key in entry.keys():
            owners[key] = entry
    role_words = {w.lower() for w in _load("persons.yaml")["role_words"]}
    for block in phoenix:
        names = block.names
        hits = {
            owners[normalise(n)].id: owners[normalise(n)] for n in names if normalise(n) in owners
        }
        if len(hits) != 1:
            continue
        (entry,) = hits.values()
        for name in names:
            key = normalise(name)
            if "(" in name or "/" in name or len(key) <= 3 or re.search(r"\d", name):
                continue
            if set(key.split()) & role_words or not _variant_of(name, entry, set(places)):
                continue
            entry.add("aliases", [title_phrase(name)], curated=False)
    return entries, codes


_UNUSABLE = re.compile(r"[(),/+]")


def _nonstate_name(raw: str) -> str | None:
    """A display name from a Phoenix non-state name, or None when it cannot be one.

    A parenthesised acronym is dropped ("ADEN ABYAN ISLAMIC ARMY (AAIA)"); names
    with commas, slashes or joined lines ("ORDER, THE", "UDA/UFF"), and names of
    three characters or fewer, are skipped.
    """
    name = re.sub(r"\s*\([^)]*\)", "", raw).strip(" -")
    if _UNUSABLE.search(name) or len(normalise(name)) <= 3:
        return None
    return title_phrase(re.sub(r"\s+-+\s+", " - ", name))


def _group_name(name: str, rules: dict[str, Any]) -> bool:
    """Whether a Phoenix non-state name names a group (see ``nonstate.yaml``)."""
    key = normalise(name)
    if key in {normalise(d) for d in rules["drop"]}:
        return False
    if key in {normalise(k) for k in rules["keep"]}:
        return True
    if " " in key:
        return bool(set(key.split()) & {normalise(w) for w in rules["group_words"]})
    return key.endswith("s") and len(key) > 4


def _curated_spelling(name: str, rules: dict[str, Any]) -> str:
    """A group name as ``nonstate.yaml`` spells it: a ``keep`` name as listed
    ("KACH" -> "Kach"), an ``acronyms`` word in capitals ("Official Ira" -> "Official IRA")."""
    key = normalise(name)
    for kept in rules["keep"]:
        if normalise(kept) == key:
            return str(kept)
    upper = {normalise(a): str(a) for a in rules.get("acronyms", ())}
    return " ".join(upper.get(normalise(w), w) for w in name.split())


def _armed(block: Block) -> bool:
    """Is a Phoenix non-state block an armed group? CAMEO codes it REB (rebels,
    "[NGAREB]") or IMG (international militarised group, "[IMGMUSALQ]")."""
    return any("REB" in code or code.startswith("IMG") for code, _ in block.roles)


def build_nonstate(blocks: list[Block], known: list[Entry], rules: dict[str, Any]) -> list[Entry]:
    """Organization entries for the Phoenix non-state blocks no known entry covers.

    Only names of groups are kept (a leader's name or a date in a group's block is
    left out, see :func:`_group_name`). A block any of whose names is already a form
    of a known entry is that entry (curated bodies take their aliases in
    :func:`build_bodies`). Blocks whose label gives the same id merge. One-word
    names are ambiguous.
    """
    taken = {key for entry in known for key in entry.keys()}
    ids = {entry.id for entry in known}
    made: dict[str, Entry] = {}
    for block in blocks:
        names = [n for n in (_nonstate_name(x) for x in block.names) if n]
        if any(normalise(n) in taken for n in names):
            continue
        names = [_curated_spelling(n, rules) for n in names if _group_name(n, rules)]
        if not names:
            continue
        pid = slug(names[0])
        if pid in ids:
            continue
        entry = made.setdefault(pid, Entry(id=pid, label=names[0], kind="Organization"))
        entry.armed = entry.armed or _armed(block)
        entry.add("aliases", names[1:], curated=False)
        entry.ambiguous |= {n for n in names if len(normalise(n).split()) == 1}
    return list(made.values())


def _prefixes(
    rules: dict[str, Any], states: list[Entry], bodies: list[Entry]
) -> list[tuple[str, ...]]:
    words = [*rules["titles"]]
    for entry in states:
        words += [entry.label, *entry.aliases, *entry.demonyms]
    for entry in bodies:
        words += [entry.label, *entry.aliases]
    found = {tuple(normalise(w).split()) for w in words if normalise(w)}
    return sorted(found, key=lambda p: (-len(p), p))


def _surname_forms(
    label: str, rules: dict[str, Any], family_first: bool, double: bool
) -> list[str]:
    """Surname aliases of a person label ("Bashar al-Assad" -> ["al-Assad", "Assad"]).

    None for one-word and regnal names, for initials, and for names of three or more words
    from states where people often carry two surnames (which one is used varies).
    """
    suffixes = {normalise(s) for s in rules["suffixes"]}
    words = [w.strip(",") for w in label.split()]
    if re.fullmatch(r"[IVX]+", words[-1]):
        return []  # a regnal name ("Juan Carlos I") has no surname
    words = [w for w in words if normalise(w) not in suffixes]
    if len(words) < 2 or (double and len(words) > 2):
        return []
    surname = words[0] if family_first else words[-1]
    if "." in surname or len(normalise(surname)) < 2:
        return []
    forms = [surname]
    if "-" in surname and surname.split("-")[0] in {"al", "el"}:
        forms.append(surname.split("-", 1)[1])
    return forms


def build_persons(
    rules: dict[str, Any],
    country_blocks: list[Block],
    intl_blocks: list[Block],
    state_codes: dict[str, str],
    igo_codes: dict[str, str],
    states: list[Entry],
    bodies: list[Entry],
) -> list[Entry]:
    """Person entries: Phoenix leaders in office in 2015 or later, then curated extras."""
    iso_of = {e.id: e.iso3 for e in states}
    family_first = set(rules["family_name_first"])
    double = set(rules["double_surname"])
    prefixes = _prefixes(rules, states, bodies)
    role_words = {w.lower() for w in rules["role_words"]}
    skip = {normalise(s) for s in rules.get("skip") or ()}
    persons: dict[str, Entry] = {}

    def affiliation_of(block: Block, international: bool) -> str | None:
        best: tuple[dt.date, str] | None = None
        for code, dates in block.roles:
            if international:
                owner = igo_codes.get(code)
            else:
                is_gov = code.endswith("GOV") and len(code) == 6
                owner = state_codes.get(code[:3]) if is_gov else None
            start = role_since(dates) if owner and dates else None
            if owner and start and (best is None or start > best[0]):
                best = (start, owner)
        return best[1] if best else None

    def clean(name: str, ff: bool) -> str | None:
        stripped = strip_prefixes(name, prefixes)
        key = normalise(stripped)
        if len(key) < 2 or re.search(r'[(\d"]', name) or set(key.split()) & role_words:
            return None
        return title_name(stripped, rules, ff)

    for international, blocks in ((False, country_blocks), (True, intl_blocks)):
        for block in blocks:
            if normalise(_display(block.head)) in skip:
                continue
            if not international and not any(c.endswith("ELI") for c, _ in block.roles):
                continue
            affiliation = affiliation_of(block, international)
            if affiliation is None:
                continue
            iso3 = iso_of.get(affiliation)
            ff = iso3 in family_first
            names = [n for n in (clean(x, ff) for x in block.names) if n]
            full = [n for n in names if len(n.split()) > 1]
            if not full:
                continue
            label = full[0]
            pid = slug(label)
            entry = persons.get(pid)
            if entry is None or entry.affiliation != affiliation:
                if entry is not None:
                    pid = f"{pid}-{affiliation}"
                entry = persons.setdefault(
                    pid, Entry(id=pid, label=label, kind="Person", affiliation=affiliation)
                )
            entry.add("aliases", names, curated=False)
            entry.add("aliases", _surname_forms(label, rules, ff, iso3 in double), curated=False)
    for spec in rules.get("extra") or ():
        pid = spec.get("id") or slug(spec["label"])
        entry = persons.get(pid) or Entry(id=pid, label=spec["label"], kind="Person")
        entry.label = spec["label"]
        entry.affiliation = spec["affiliation"]
        entry.wikidata = spec.get("wikidata") or entry.wikidata
        _curated(entry, spec)
        iso3 = iso_of.get(entry.affiliation)
        entry.add("aliases", [spec["surname"]] if "surname" in spec else [])
        if "surname" not in spec:
            entry.add(
                "aliases", _surname_forms(entry.label, rules, iso3 in family_first, iso3 in double)
            )
        persons[pid] = entry
    persons = _merge_duplicates(persons)
    common = {normalise(s) for s in rules["ambiguous_surnames"]}
    for entry in persons.values():
        entry.ambiguous |= {a for a in entry.aliases if normalise(a) in common}
    return list(persons.values())


def _merge_duplicates(persons: dict[str, Entry]) -> dict[str, Entry]:
    """Merge Phoenix entries for one person ("Ralph Gonsalves", "Ralph Everard Gonsalves").

    Two entries are one person when they share affiliation, first and last name word,
    and one label's words are all in the other's; the shorter label wins and the
    other's names become aliases.
    """
    ordered = sorted(persons.values(), key=lambda e: (e.wikidata is None, len(e.label), e.id))
    kept: list[Entry] = []
    for entry in ordered:
        words = normalise(entry.label).split()
        for keep in kept:
            keep_words = normalise(keep.label).split()
            same_ends = (keep_words[0], keep_words[-1]) == (words[0], words[-1])
            if (
                keep.affiliation == entry.affiliation
                and same_ends
                and set(keep_words) <= set(words)
            ):
                keep.add("aliases", [entry.label, *entry.aliases], curated=False)
                keep.ambiguous |= entry.ambiguous
                break
        else:
            kept.append(entry)
    return {e.id: e for e in kept}


def mark_collisions(entries: list[Entry]) -> list[tuple[str, list[str]]]:
    """Mark every form shared by two or more entries ambiguous on each; return the shared forms."""
    owners: dict[str, set[str]] = defaultdict(set)
    by_id = {e.id: e for e in entries}
    for entry in entries:
        for form, _kind in entry.forms():
            owners[normalise(form)].add(entry.id)
    shared = []
    for key, ids in sorted(owners.items()):
        if len(ids) < 2:
            continue
        shared.append((key, sorted(ids)))
        for eid in ids:
            entry = by_id[eid]
            entry.ambiguous |= {f for f, _ in entry.forms() if normalise(f) == key}
    return shared


def check_ids(entries: list[Entry]) -> None:
    """Fail on duplicate or malformed ids and on affiliations that name no entry."""
    ids = [e.id for e in entries]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    unknown = sorted({e.affiliation for e in entries if e.affiliation and e.affiliation not in ids})
    if dupes or bad or unknown:
        raise SystemExit(
            f"bad ids: duplicate {dupes}, malformed {bad}, unknown affiliation {unknown}"
        )


# --- Output ---------------------------------------------------------------------


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.strip().removesuffix("...").strip()


def render(entries: list[Entry], header: str) -> str:
    """The YAML text: a header comment, then one block mapping per entry."""
    lines = [header.rstrip(), ""]
    for entry in entries:
        data = entry.to_yaml()
        first = True
        for key, value in data.items():
            prefix = "- " if first else "  "
            lines.append(f"{prefix}{key}: {_flow(value)}")
            first = False
    return "\n".join(lines) + "\n"


HEADER = """\
# powermap actor gazetteer: canonical actors with their names, kinds and ids.
# GENERATED FILE, do not edit: change the inputs and re-run
#   python scripts/build_gazetteer.py --phoenix <phoenix-dictionaries> --out ontology/gazetteer.yaml
# generated on {date}
# Sources:
#   ontology/states.yaml, igos.yaml, agencies.yaml, organizations.yaml, companies.yaml,
#     peoples.yaml, persons.yaml (hand-curated; Wikidata ids only where certain)
#   countryinfo {countryinfo} (names, alternative spellings, demonyms, capitals, ISO codes)
#   Phoenix actor dictionaries of PETRARCH2 (openeventdata/petrarch2, MIT licence, see
#     NOTICE-phoenix.md): formal state names and demonyms, leaders whose dated role runs
#     in 2015 or later, aliases of curated international and non-state bodies, and
#     every armed and non-state group of Phoenix.MilNonState.actors.txt
# Fields: id (slug), label, kind (State | IGO | Organization | Person | Group), wikidata,
#   iso3, affiliation (the state or IGO a person or agency acts for), aliases, demonyms,
#   metonyms (capitals and seats standing for the government), ambiguous (forms that
#   resolve only when NER agrees; every form shared by two entries is among them),
#   armed (an armed group: curated, or coded REB or IMG in the Phoenix dictionary).
# Entries: {counts}"""


def build(phoenix_dir: Path) -> tuple[list[Entry], list[tuple[str, list[str]]]]:
    """All gazetteer entries in output order, and the forms shared between entries."""
    country_blocks = read_blocks(phoenix_dir / "Phoenix.Countries.actors.txt")
    intl_blocks = read_blocks(phoenix_dir / "Phoenix.International.actors.txt")
    nonstate_blocks = read_blocks(phoenix_dir / "Phoenix.MilNonState.actors.txt")
    states, state_codes = build_states(_load("states.yaml"), _countryinfo(), country_blocks)
    places = frozenset(
        normalise(f) for e in states for f, _ in e.forms() if len(normalise(f).split()) == 1
    )
    igos, igo_codes = build_bodies(_load("igos.yaml"), "IGO", intl_blocks, places=places)
    agencies, _ = build_bodies(_load("agencies.yaml"), "Organization", [], "united-states")
    orgs, _ = build_bodies(
        _load("organizations.yaml"), "Organization", nonstate_blocks, places=places
    )
    companies, _ = build_bodies(_load("companies.yaml"), "Organization", [], places=places)
    peoples, _ = build_bodies(_load("peoples.yaml"), "Group", [])
    bodies = [*igos, *agencies, *orgs, *companies]
    persons = build_persons(
        _load("persons.yaml"), country_blocks, intl_blocks, state_codes, igo_codes, states, bodies
    )
    nonstate = build_nonstate(
        nonstate_blocks, [*states, *bodies, *peoples, *persons], _load("nonstate.yaml")
    )
    entries = sorted(
        [*states, *bodies, *nonstate, *peoples, *persons],
        key=lambda e: (KIND_ORDER[e.kind], e.id),
    )
    check_ids(entries)
    return entries, mark_collisions(entries)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help="phoenix-dictionaries folder")
    parser.add_argument("--out", type=Path, default=ONTOLOGY / "gazetteer.yaml")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="date for the header")
    parser.add_argument("--report", action="store_true", help="list forms shared between entries")
    args = parser.parse_args(argv)
    from importlib.metadata import version

    entries, shared = build(args.phoenix)
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.kind] += 1
    header = HEADER.format(
        date=args.date,
        countryinfo=version("countryinfo"),
        counts=", ".join(
            f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: KIND_ORDER[kv[0]])
        ),
    )
    args.out.write_text(render(entries, header), encoding="utf-8")
    print(f"wrote {len(entries)} entries to {args.out}", file=sys.stderr)
    if args.report:
        for key, ids in shared:
            print(f"shared {key!r}: {', '.join(ids)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
