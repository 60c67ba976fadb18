"""Build ontology/newsverbs.yaml and ontology/agents.yaml from the Phoenix dictionaries.

Run from the repository root::

    .venv/bin/python scripts/build_newsverbs.py --phoenix /work/shared/vendor/phoenix-dictionaries

Sources (PETRARCH2, MIT licence; see ontology/NOTICE-phoenix.md):

- ``CAMEO.2.0.txt``, the CAMEO verb dictionary: synonym sets (``&NAME`` with
  ``+member`` lines), then verb blocks (``---  THREATEN   [130]  ---``, one verb a
  line with its irregular forms in ``{...}`` and an optional code of its own in
  ``[...]``, then pattern lines ``- * SANCTIONS [163]  # IMPOSE`` that refine the
  code by what follows the verb ``*``; the comment names the verb the pattern was
  found with). A code ``[a:b]`` is an event a from subject to object plus an event
  b from object to subject; ``[:b]`` only the latter.
- ``Phoenix.agents.txt``: role nouns with agent codes (``COURT [~JUD]``), regular
  plurals implicit, irregular ones in ``{...}``, ``{}`` for none, ``!MINIST!``
  substitution sets.
- ``scripts/newsverbs_map.yaml`` (hand-made): which CAMEO codes state which
  powermap relation kind and who holds it, verbs and nouns to leave out, cues and
  agents CAMEO lacks, and which agent codes stand for a state.

Outputs, both deterministic (sorted; no date), so a re-run reproduces them byte
for byte:

- ``ontology/newsverbs.yaml``: each verb lemma with its CAMEO codes and, when
  they state leverage, the relation kind and the roles of subject and object;
  then verb + object-noun cues from the patterns ("impose" + "sanction").
- ``ontology/agents.yaml``: each role noun with its agent code and whether
  "DEMONYM + noun" stands for the state.

This script is a build tool: powermap never runs it at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
MAP = Path(__file__).resolve().with_name("newsverbs_map.yaml")
CAMEO_FILE = "CAMEO.2.0.txt"
AGENTS_FILE = "Phoenix.agents.txt"
UPSTREAM = "https://github.com/openeventdata/petrarch2"

BLOCK = re.compile(r"^---\s+(.*?)\s+\[([^\]]*)\]\s*---")
CODE = re.compile(r"\[\s*([0-9]*|-+)\s*(?::\s*([0-9]*|-+)\s*)?\]")
TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|\S+")
VERB_LINE = re.compile(r"^(\+?[A-Z][A-Z0-9_'\-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*$")
AGENT_LINE = re.compile(r"^(.*?)\s*(\{[^}]*\})?\s*\[\s*(~?)([A-Z]+)(~?)\s*\]\s*$")
SUBST = re.compile(r"^!([A-Z]+)!\s*=\s*(.+)$")
WORD = re.compile(r"^[a-z][a-z'\-]*$")
COMMIT = re.compile(r"commit\s+([0-9a-f]{40})")
# Words right after the verb that make it a phrasal verb ("cut * off supplies").
PARTICLES = {"off", "out", "up", "down", "back", "away", "aside", "forward", "over", "through"}


def _words(raw: str) -> list[str]:
    """Dictionary phrase -> lowercase words ("+CUT_OFF" -> ["cut", "off"])."""
    return [w for w in re.split(r"[\s_]+", raw.strip().lstrip("+").lower()) if w]


def _strip_comment(line: str) -> tuple[str, str]:
    """Split a dictionary line into content and comment (``#`` or legacy ``;``)."""
    cut = min((i for i in (line.find("#"), line.find(";")) if i >= 0), default=len(line))
    return line[:cut].rstrip(), line[cut + 1 :].strip()


# --- CAMEO verb dictionary --------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A CAMEO code and whether it runs from the verb's object to its subject."""

    code: str
    reverse: bool = False


def parse_code(raw: str) -> Event | None:
    """``[163]`` -> 163; ``[042:043]`` -> 042; ``[:173]`` -> 173 reversed; ``[---]`` -> None."""
    m = CODE.fullmatch(raw.strip())
    if m is None:
        return None
    forward, backward = m.group(1), m.group(2) or ""
    if forward.isdigit():
        return Event(forward)
    if backward.isdigit():
        return Event(backward, reverse=True)
    return None


@dataclass
class Verb:
    """One verb of a block: lemma (words joined by spaces), irregular forms, own code."""

    lemma: str
    forms: set[str]
    event: Event | None


@dataclass
class Pattern:
    """One pattern line: its tokens, code and the verbs named in its comment."""

    tokens: list[str]
    event: Event | None
    named: list[str]


@dataclass
class Block:
    """A verb synonym block: the verbs that share its default code and patterns."""

    name: str
    event: Event | None
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Cameo:
    """The parsed verb dictionary."""

    synsets: dict[str, list[list[str]]]
    blocks: list[Block]


def read_cameo(path: Path) -> Cameo:
    """Parse CAMEO.2.0.txt into synonym sets and verb blocks (transformations are skipped)."""
    synsets: dict[str, list[list[str]]] = {}
    blocks: list[Block] = []
    section = ""
    synset: list[list[str]] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("#"):
            for name in ("SYNONYM SETS", "VERB PATTERNS", "TRANSFORMATIONS"):
                if name in raw and raw.strip("# ").startswith(name):
                    section = name
            continue
        if section == "SYNONYM SETS":
            content, _ = _strip_comment(raw)
            if content.startswith("&"):
                synset = synsets.setdefault(content.strip().lstrip("&").rstrip("_").upper(), [])
            elif content.startswith("+") and synset is not None:
                synset.append(_words(content))
            elif not content.strip():
                synset = None
        elif section == "VERB PATTERNS":
            header = BLOCK.match(raw)
            if header:
                blocks.append(Block(header.group(1).strip(), parse_code(f"[{header.group(2)}]")))
                continue
            if not blocks or not raw.strip():
                continue
            block = blocks[-1]
            if raw.startswith("-"):
                content, comment = _strip_comment(raw[1:])
                tokens = TOKEN.findall(content)
                codes = [t for t in tokens if t.startswith("[")]
                if not codes:
                    continue
                named = [" ".join(_words(n)) for n in re.sub(r"<[^>]*>", "", comment).split(",")]
                body = [t for t in tokens if not t.startswith("[")]
                block.patterns.append(Pattern(body, parse_code(codes[-1]), [n for n in named if n]))
                continue
            content, _ = _strip_comment(raw)
            m = VERB_LINE.match(content.strip())
            if m is None:
                continue
            inner = (m.group(2) or "{}")[1:-1].replace(",", " ")
            # "{FROZE FROZEN}" lists words; "{+CRACKED_DOWN +CRACKS_DOWN}" phrases
            pieces = inner.split("+") if "+" in inner else inner.split()
            forms = {" ".join(_words(f)) for f in pieces} - {""}
            lemma = " ".join(_words(m.group(1)))
            block.verbs.append(Verb(lemma, forms, parse_code(m.group(3)) if m.group(3) else None))
    return Cameo(synsets, blocks)


# --- relations from codes ---------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The leverage claim an event states: relation kind and who holds it."""

    relation: str
    holder: str
    counterpart: str


class CodeTable:
    """The map's ``codes`` (longest code prefix -> relation) and ``roles`` tables."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self.codes: dict[str, str | None] = mapping["codes"]
        self.roles: dict[str, dict[str, str]] = mapping["roles"]

    def of(self, relation: str | None) -> Reading | None:
        """The reading of a relation kind with its usual roles."""
        if relation is None:
            return None
        roles = self.roles[relation]
        return Reading(relation, roles["holder"], roles["counterpart"])

    def reading(self, event: Event) -> Reading | None:
        """The claim ``event`` states, or None (roles swap for a reversed event)."""
        for n in range(len(event.code), 0, -1):
            if event.code[:n] in self.codes:
                reading = self.of(self.codes[event.code[:n]])
                if reading is not None and event.reverse:
                    return Reading(reading.relation, reading.counterpart, reading.holder)
                return reading
        return None


def _regular_forms(lemma: str) -> set[str]:
    """Regular inflections of a (possibly multiword) verb, inflecting its first word."""
    head, _, rest = lemma.partition(" ")
    stem = head[:-1] if head.endswith("e") else head
    forms = {head + "s", head + "es", stem + "ed", head + "d", stem + "ing"}
    if head.endswith("y"):
        forms |= {head[:-1] + "ies", head[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", head):
        forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    return {f"{f} {rest}".strip() for f in forms}


def _verbs_named(block: Block, names: Iterable[str]) -> list[Verb]:
    """The block's verbs that any of ``names`` (lemma or inflected form) names."""
    names = set(names)
    return [
        v
        for v in block.verbs
        if v.lemma in names or names & v.forms or names & _regular_forms(v.lemma)
    ]


def _pattern_verbs(block: Block, pattern: Pattern) -> list[Verb]:
    """The verbs a pattern was found with: those its comment names; for a pattern
    without one, those the block's other comments name, else the verb the block
    is named after, else every verb of the block."""
    return (
        _verbs_named(block, pattern.named)
        or _verbs_named(block, (n for p in block.patterns for n in p.named))
        or _verbs_named(block, {" ".join(_words(block.name)), _words(block.name)[0]})
        or block.verbs
    )


def singular(word: str, exceptions: dict[str, str]) -> str:
    """Singular of a regular English plural noun (-ies -> -y, -sses/-xes/-ches/-shes
    -> drop -es, else drop -s), which is also the lemma spaCy gives it."""
    if word in exceptions:
        return exceptions[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def _object_heads(tokens: list[str]) -> Iterator[tuple[str, str]]:
    """The head of the object the pattern puts right after ``*``: ("word", "sanctions")
    for a word or a phrase ``{ECONOMIC SANCTIONS}``, ("set", "WEAPON") for a
    synonym set ``&WEAPON`` or a phrase ending in one."""
    token = tokens[0] if tokens else ""
    last = token[1:-1].split()[-1:] if token.startswith("{") else [token]
    for head in last:
        if head.startswith("&"):
            yield "set", head[1:].rstrip("_").upper()
        elif re.fullmatch(r"[A-Z][A-Z'\-_]*", head):
            words = _words(head)
            if words:
                yield "word", words[-1]


@dataclass(frozen=True)
class CueKey:
    """A verb lemma with the head noun of its object, or with a set of nouns."""

    verb: str
    noun: str = ""
    noun_set: str = ""


def pattern_cues(
    cameo: Cameo, table: CodeTable, mapping: dict[str, Any]
) -> dict[CueKey, list[tuple[Event, Reading | None]]]:
    """Verb + object head -> the events its patterns code (with the claims they state)."""
    not_nouns = set(mapping.get("not_cue_nouns") or [])
    not_lemmas = set(mapping.get("not_lemmas") or [])
    exceptions: dict[str, str] = mapping.get("noun_lemmas") or {}
    receivers = set(mapping.get("recipient_verbs") or [])
    found: dict[CueKey, list[tuple[Event, Reading | None]]] = defaultdict(list)
    for block in cameo.blocks:
        for pattern in block.patterns:
            if pattern.event is None or "*" not in pattern.tokens:
                continue
            after = pattern.tokens[pattern.tokens.index("*") + 1 :]
            particle = ""
            if after and after[0].lower() in PARTICLES and len(after) > 1:
                particle, after = after[0].lower(), after[1:]
            for kind, head in _object_heads(after):
                if kind == "set":
                    if head not in cameo.synsets:
                        continue
                    key: dict[str, str] = {"noun_set": head.lower()}
                else:
                    noun = singular(head, exceptions)
                    if head in not_nouns or not WORD.match(noun) or noun in PARTICLES:
                        continue
                    key = {"noun": noun}
                for verb in _pattern_verbs(block, pattern):
                    lemma = f"{verb.lemma} {particle}".strip()
                    if lemma in not_lemmas:
                        continue
                    reading = table.reading(pattern.event)
                    if lemma in receivers and reading and reading.relation == "benefits":
                        # the subject of "receive", "obtain", ... is the recipient,
                        # whichever way the pattern's code runs
                        reading = Reading("benefits", "subject", "object")
                    found[CueKey(lemma, **key)].append((pattern.event, reading))
    return found


def noun_sets(cameo: Cameo, names: Iterable[str], exceptions: dict[str, str]) -> dict[str, Any]:
    """Synonym set name (lowercase) -> its members as lemmas, sorted: single nouns
    and multiword nouns with spaces, their last word singular ("armed force")."""
    out: dict[str, Any] = {}
    for name in sorted(set(names)):
        members = {
            " ".join([*m[:-1], singular(m[-1], exceptions)])
            for m in cameo.synsets[name.upper()]
            if m
        }
        out[name] = sorted(m for m in members if all(WORD.match(w) for w in m.split()))
    return out


def verb_events(cameo: Cameo) -> dict[str, set[Event]]:
    """Verb lemma -> the events it codes on its own (its code, else its block's)."""
    events: dict[str, set[Event]] = defaultdict(set)
    for block in cameo.blocks:
        for verb in block.verbs:
            event = verb.event or block.event
            if event is not None:
                events[verb.lemma].add(event)
    return events


def _one_reading(readings: Iterable[Reading | None]) -> Reading | None:
    """The claim most of the events state, None (no claim) on a tie:
    "lift * sanction" is coded 085 (ease sanctions) twice and 0351 (intent to
    ease) once, so it is a concession."""
    ranked = Counter(readings).most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _reading_fields(reading: Reading | None) -> dict[str, Any]:
    if reading is None:
        return {"relation": None}
    return {
        "relation": reading.relation,
        "holder": reading.holder,
        "counterpart": reading.counterpart,
    }


def build_verbs(cameo: Cameo, mapping: dict[str, Any]) -> dict[str, Any]:
    """Verb lemma -> codes, relation and roles, for every verb with a CAMEO code."""
    table = CodeTable(mapping)
    overrides: dict[str, str | None] = mapping.get("verb_relations") or {}
    extra: dict[str, list[str]] = mapping.get("extra_verbs") or {}
    events = verb_events(cameo)
    for lemma in mapping.get("not_lemmas") or []:
        events.pop(lemma, None)
    for lemma, codes in extra.items():
        events[lemma] |= {Event(code) for code in codes}
    unknown = sorted(set(overrides) - set(events))
    if unknown:
        raise SystemExit(f"verb_relations names verbs without a CAMEO code: {unknown}")
    verbs: dict[str, Any] = {}
    for lemma, evs in sorted(events.items()):
        if lemma in overrides:
            reading = table.of(overrides[lemma])
        else:
            reading = _one_reading(map(table.reading, evs))
        entry = {
            "codes": [Code(c) for c in sorted({e.code for e in evs})],
            **_reading_fields(reading),
        }
        if lemma in extra:
            entry["source"] = "powermap"
        verbs[lemma] = entry
    return verbs


def build_newsverbs(cameo: Cameo, mapping: dict[str, Any]) -> dict[str, Any]:
    """The content of newsverbs.yaml: verbs, object cues and the noun sets they use."""
    table = CodeTable(mapping)
    verbs = build_verbs(cameo, mapping)
    cues: dict[tuple[str, str], dict[str, Any]] = {}
    found = pattern_cues(cameo, table, mapping)
    dropped = {(c["verb"], c["noun"]) for c in mapping.get("drop_cues") or []}
    for key, events in found.items():
        target = {"noun": key.noun} if key.noun else {"noun_set": key.noun_set}
        name = (key.verb, key.noun or f"&{key.noun_set}")
        reading = _one_reading(r for _, r in events)
        # A cue matters when it states a claim, or when it says that a verb which
        # states one on its own does not with this object ("strike * deal").
        if name in dropped or (reading is None and verbs.get(key.verb, {}).get("relation") is None):
            continue
        codes = [Code(c) for c in sorted({e.code for e, _ in events})]
        cues[name] = {"verb": key.verb, **target, "codes": codes, **_reading_fields(reading)}
    for extra in mapping.get("extra_cues") or []:
        for noun in extra["nouns"]:
            codes = [Code(c) for c in extra.get("codes", [])]
            cue = {"verb": extra["verb"], "noun": noun, "codes": codes}
            claim = _reading_fields(table.of(extra["relation"]))
            cues[extra["verb"], noun] = {**cue, **claim, "source": "powermap"}
    ordered = [cues[name] for name in sorted(cues)]
    exceptions = mapping.get("noun_lemmas") or {}
    sets = noun_sets(cameo, (c["noun_set"] for c in ordered if "noun_set" in c), exceptions)
    return {"verbs": verbs, "object_cues": ordered, "noun_sets": sets}


# --- agents -----------------------------------------------------------------------


def plural(noun: str) -> str:
    """English plural of a role noun, inflecting its head: the word before "of"
    if there is one ("heads of state"), else the last word."""
    m = re.search(r" (?:of|in|for|at|to) ", noun)
    head, rest = (noun[: m.start()], noun[m.start() :]) if m else (noun, "")
    if re.search(r"[^aeiou]y$", head):
        head = head[:-1] + "ies"
    elif head.endswith("man"):
        head = head[:-3] + "men"
    elif head.endswith("arch") and not head.endswith(("search", "march")):
        head += "s"  # monarchs, oligarchs
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        head += "es"
    else:
        head += "s"
    return head + rest


@dataclass
class Agent:
    """A role noun with its agent codes and plural forms."""

    codes: set[str] = field(default_factory=set)
    plurals: set[str] = field(default_factory=set)
    countable: bool = True  # False when the dictionary gives "{}" (no plural)


def _phrases(raw: str, subst: dict[str, list[str]]) -> list[str]:
    """A dictionary phrase with its !SET! markers replaced by each member, as nouns."""
    phrases = [raw]
    for name, values in subst.items():
        marker = f"!{name}!"
        while any(marker in p for p in phrases):
            phrases = [p.replace(marker, v, 1) for p in phrases for v in values]
    return [" ".join(_words(p)) for p in phrases]


def read_agents(path: Path) -> dict[str, Agent]:
    """Phoenix.agents.txt as role noun (lowercase) -> codes and plurals it gives."""
    subst: dict[str, list[str]] = {}
    agents: dict[str, Agent] = defaultdict(Agent)
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        content, _ = _strip_comment(raw)
        content = content.strip()
        m = SUBST.match(content)
        if m:
            subst[m.group(1)] = [x.strip() for x in m.group(2).split(",")]
            continue
        m = AGENT_LINE.match(content)
        if m is None:
            continue
        given = m.group(2)
        for noun in _phrases(m.group(1), subst):
            agent = agents[noun]
            agent.codes.add(m.group(4))
            if given is not None:
                forms = " ".join(_words(given[1:-1]))
                agent.plurals |= {forms} if forms else set()
                agent.countable = agent.countable and bool(forms)
    return agents


def _merge_plurals(
    agents: dict[str, Agent], uncountable: set[str], is_state: Callable[[Agent], bool]
) -> dict[str, Agent]:
    """Fold a noun listed apart that is the plural of another ("ministers" of
    "minister", "gunmen" of "gunman") into it when both stand for the same kind
    of agent, and give each other countable noun its regular plural."""
    merged = {noun: Agent(set(a.codes), set(a.plurals), a.countable) for noun, a in agents.items()}
    for noun in sorted(merged):
        agent = merged.get(noun)
        if agent is None:
            continue
        last = re.split(r" (?:of|in|for|at|to) ", noun)[0].split()[-1]
        if (
            last in uncountable
            or last.endswith("men")
            or (last.endswith("s") and not last.endswith(("ss", "us", "is")))
        ):
            continue  # no plural, or already plural ("armed forces", "gunmen")
        form = plural(noun)
        twin = merged.get(form)
        if twin is None:
            if agent.countable:
                agent.plurals.add(form)
        elif is_state(twin) == is_state(agent):
            agent.codes |= twin.codes
            agent.plurals |= twin.plurals | {form}
            del merged[form]
    return merged


def build_agents(agents: dict[str, Agent], mapping: dict[str, Any]) -> dict[str, Any]:
    """The content of agents.yaml: noun -> codes, plurals and state flag."""
    state_codes = set(mapping["state_agent_codes"])
    overrides: dict[str, bool] = mapping.get("agent_state_overrides") or {}
    extra = {
        noun: Agent({entry["code"]}, countable=entry.get("countable", True))
        for noun, entry in (mapping.get("extra_agents") or {}).items()
    }
    clash = sorted(set(extra) & set(agents))
    if clash:
        raise SystemExit(f"extra_agents already in the agents dictionary: {clash}")
    everything = {
        noun: agent
        for noun, agent in {**agents, **extra}.items()
        if noun and all(WORD.match(w) for w in noun.split())
    }

    def is_state(agent: Agent) -> bool:
        # a noun with several codes stands for the state if any of them does
        # ("ministry of environment": ENV and GOVENV)
        return any(code[:3] in state_codes for code in agent.codes)

    uncountable = set(mapping.get("agents_without_plural") or [])
    merged = _merge_plurals(everything, uncountable, is_state)
    unknown = sorted(set(overrides) - set(merged))
    if unknown:
        raise SystemExit(f"agent_state_overrides names unknown nouns: {unknown}")
    entries: dict[str, Any] = {}
    for noun, agent in sorted(merged.items()):
        codes = sorted(agent.codes)
        state = overrides.get(noun, is_state(agent))
        entry: dict[str, Any] = {"code": codes[0] if len(codes) == 1 else codes}
        plurals = sorted(agent.plurals - {noun})
        if plurals:
            entry["plural"] = plurals[0] if len(plurals) == 1 else plurals
        entry["state"] = state
        if noun in extra:
            entry["source"] = "powermap"
        entries[noun] = entry
    return entries


# --- output -----------------------------------------------------------------------


class Code(str):
    """A CAMEO code, always written quoted ("080", not 080)."""


class _Dumper(yaml.SafeDumper):
    """Writes ``Code`` strings double-quoted."""


_Dumper.add_representer(
    Code, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)


def _flow(value: Any) -> str:
    """One value as a single line of YAML (a flow mapping or list, or a scalar)."""
    text = yaml.dump(value, Dumper=_Dumper, default_flow_style=True, sort_keys=False, width=1 << 16)
    return text.removesuffix("\n...\n").strip()


def _dump(data: dict[str, Any]) -> str:
    """Top-level keys in block style, each entry below them on one line."""
    lines: list[str] = []
    for key, value in data.items():
        lines.append(f"{key}:")
        if isinstance(value, dict):
            lines += [f"  {_flow(name)}: {_flow(item)}" for name, item in value.items()]
        else:
            lines += [f"  - {_flow(item)}" for item in value]
    return "\n".join(lines) + "\n"


def _source_note(phoenix: Path, filename: str) -> list[str]:
    readme = (phoenix / "README.md").read_text(encoding="utf-8")
    commit = COMMIT.search(readme)
    if commit is None:
        raise SystemExit(f"{phoenix / 'README.md'}: no upstream commit found")
    digest = hashlib.sha256((phoenix / filename).read_bytes()).hexdigest()
    return [
        f"# Generated by scripts/build_newsverbs.py from {filename} of the PETRARCH2 dictionaries",
        f"# ({UPSTREAM}, commit {commit.group(1)},",
        f"# folder petrarch2/data/dictionaries/; sha256 {digest}) and",
        "# scripts/newsverbs_map.yaml. Do not edit: change the map and re-run the script.",
        "# Derived from data (c) Open Event Data Alliance, MIT licence: see NOTICE-phoenix.md.",
    ]


NEWSVERBS_DOC = """#
# verbs: verb lemma (lowercase; a phrasal verb's words joined by spaces) ->
#   codes:       the CAMEO event codes it codes on its own
#   relation:    the powermap relation kind it states (null: none, or its codes disagree)
#   holder:      who holds the claim: subject | object
#   counterpart: the other party: object | subject
# "object" is the party the act is aimed at: the direct object, the recipient
# ("gave aid to X", "gave X aid") or an on/against/from phrase ("sanctions on X").
# object_cues: the same for a verb whose direct object has the head noun `noun`
#   (a lemma): "froze Russian assets", "cut off gas supplies", or any noun of
#   `noun_set`. relation null on a cue means the verb states no claim with that
#   object ("strike * deal"). codes: the codes of the patterns it comes from.
# noun_sets: CAMEO synonym sets the cues use, as lemmas (multiword nouns with spaces).
# source: powermap: added by hand (CAMEO lacks it); otherwise from CAMEO.
"""

AGENTS_DOC = """#
# Role noun (lowercase, singular; multiword nouns with spaces) ->
#   code:   Phoenix/CAMEO agent code (GOV government, MIL military, COP police,
#           JUD judiciary, LEG legislature, SPY intelligence, REB rebels, OPP
#           opposition, UAF unaligned armed groups, BUS business, CVL civilians,
#           REF refugees, ...); a list when the dictionary gives several
#   plural: plural form(s), when the noun has one
#   state:  true when "DEMONYM + noun" ("Kenyan court", "Israeli troops") stands
#           for the state; false for a non-state group of that country
#           ("Kenyan rebels", "Israeli protesters")
"""


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help="phoenix-dictionaries folder")
    parser.add_argument("--map", type=Path, default=MAP, help="code and agent table")
    parser.add_argument("--out-verbs", type=Path, default=ONTOLOGY / "newsverbs.yaml")
    parser.add_argument("--out-agents", type=Path, default=ONTOLOGY / "agents.yaml")
    args = parser.parse_args(argv)

    mapping = yaml.safe_load(args.map.read_text(encoding="utf-8"))
    cameo = read_cameo(args.phoenix / CAMEO_FILE)
    verbs = build_newsverbs(cameo, mapping)
    text = "\n".join(_source_note(args.phoenix, CAMEO_FILE)) + "\n" + NEWSVERBS_DOC
    args.out_verbs.write_text(text + _dump(verbs), encoding="utf-8")

    agents = build_agents(read_agents(args.phoenix / AGENTS_FILE), mapping)
    text = "\n".join(_source_note(args.phoenix, AGENTS_FILE)) + "\n" + AGENTS_DOC
    args.out_agents.write_text(text + _dump({"agents": agents}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
