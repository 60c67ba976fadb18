"""The views' index: a SQLite file beside the embedded store, so views read only what they need.

:func:`~powermap.graph.views.snapshot.read_snapshot` reads every claim, actor and
analysis of the store into Python before a view looks at one actor, so a view's
latency grows with the corpus. The index keeps the same rows in indexed tables
(``<store>.views.sqlite``, beside the store directory): analyses, topics, actor
mentions and aliases, mechanism mentions, claims with their parties, the actors
each claim names, who gains from each claim and over whom, the actors
(label, kind, aliases: aggregated over the analyses), an aggregated
actor-actor edge table, and each analysis's summary and sections as the static
site's analysis pages show them (so a site build never reads the store). Views
ask it with SQL for the rows one question needs (:mod:`powermap.graph.views.indexed`).

**Incremental.** Every row belongs to one analysis graph. :func:`sync_index`
compares the graph hashes of the store's metadata graph with those the index
recorded and re-reads only the graphs that changed (the same ``view_*.rq``
queries as the snapshot, bound to one graph), drops the graphs the store no
longer has, and recomputes the aggregates of the actors those graphs touch.
A build settles an actor's kind in every graph that names it
(:func:`powermap.graph.store.kinds.reconcile_kinds`), so every mention of the
actors a changed graph names is read again too.

**Freshness in O(1).** Every write through the embedded store replaces a random
token in ``<store>/powermap-generation``
(:data:`~powermap.graph.store.backends.GENERATION_FILE`); the index records the
token it was synced at. A view compares the two (two small reads); when they
differ, or the index is missing, corrupt or of another schema, it is synced from
the store once (only if the token did not move meanwhile), else the view falls
back to a snapshot. A store written by something other than powermap's store
classes (raw pyoxigraph) must be followed by :func:`sync_index` or a build.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from powermap.graph.store.location import is_endpoint, read_generation, store_location
from powermap.graph.views.records import (
    ActorInfo,
    ClaimRecord,
    MechanismInfo,
    local_id,
    mechanism_infos,
)
from powermap.ontology.lexicon import normalise

if TYPE_CHECKING:
    from powermap.graph.store.backends import Store

__all__ = [
    "EDGE_ROWS",
    "GAINER_QUERIES",
    "INDEX_SUFFIX",
    "SCHEMA",
    "ViewIndex",
    "index_path",
    "open_index",
    "open_current",
    "sync_index",
]

INDEX_SUFFIX = ".views.sqlite"
SCHEMA = "6"
"""Version of the tables below: an index of another version is rebuilt."""

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE graphs (iri TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE analyses (
  id TEXT PRIMARY KEY, graph TEXT NOT NULL, title TEXT, date TEXT, lens TEXT,
  document TEXT, url TEXT);
CREATE INDEX analyses_graph ON analyses (graph);
CREATE INDEX analyses_lens ON analyses (lens);
CREATE INDEX analyses_date ON analyses (date);
CREATE TABLE topics (graph TEXT NOT NULL, analysis TEXT NOT NULL, topic TEXT NOT NULL);
CREATE INDEX topics_graph ON topics (graph);
CREATE INDEX topics_topic ON topics (topic, analysis);
CREATE TABLE mentions (
  seq INTEGER PRIMARY KEY, graph TEXT NOT NULL, analysis TEXT NOT NULL, actor TEXT NOT NULL,
  kind TEXT NOT NULL, label TEXT NOT NULL, wikidata TEXT);
CREATE INDEX mentions_actor ON mentions (actor, analysis);
CREATE INDEX mentions_analysis ON mentions (analysis);
CREATE TABLE aliases (graph TEXT NOT NULL, actor TEXT NOT NULL, alias TEXT NOT NULL);
CREATE INDEX aliases_graph ON aliases (graph);
CREATE INDEX aliases_actor ON aliases (actor);
CREATE TABLE mechanism_mentions (
  graph TEXT NOT NULL, analysis TEXT NOT NULL, mechanism TEXT NOT NULL, label TEXT,
  evidence TEXT);
CREATE INDEX mechanism_mentions_graph ON mechanism_mentions (graph);
CREATE INDEX mechanism_mentions_mechanism ON mechanism_mentions (mechanism);
CREATE TABLE claims (
  iri TEXT NOT NULL, graph TEXT NOT NULL, id TEXT NOT NULL, analysis TEXT NOT NULL,
  holder TEXT NOT NULL, relation TEXT NOT NULL, polarity TEXT NOT NULL,
  direction TEXT NOT NULL, evidence TEXT NOT NULL, confidence REAL NOT NULL,
  counterpart TEXT, mechanism TEXT, section TEXT, basis TEXT NOT NULL);
CREATE INDEX claims_graph ON claims (graph);
CREATE INDEX claims_iri ON claims (iri, graph);
CREATE INDEX claims_analysis ON claims (analysis);
CREATE INDEX claims_mechanism ON claims (mechanism);
CREATE INDEX claims_holder ON claims (holder);
CREATE INDEX claims_relation ON claims (relation);
CREATE TABLE parties (graph TEXT NOT NULL, claim TEXT NOT NULL, party TEXT NOT NULL);
CREATE INDEX parties_graph ON parties (graph);
CREATE INDEX parties_claim ON parties (claim);
CREATE TABLE claim_actors (
  graph TEXT NOT NULL, claim TEXT NOT NULL, analysis TEXT NOT NULL, actor TEXT NOT NULL);
CREATE INDEX claim_actors_graph ON claim_actors (graph);
CREATE INDEX claim_actors_actor ON claim_actors (actor, claim, graph);
CREATE TABLE gains (
  graph TEXT NOT NULL, claim TEXT NOT NULL, analysis TEXT NOT NULL, actor TEXT NOT NULL,
  confidence REAL NOT NULL, basis TEXT NOT NULL, mechanism TEXT);
CREATE INDEX gains_graph ON gains (graph);
CREATE INDEX gains_actor ON gains (actor, analysis);
CREATE TABLE gains_over (
  graph TEXT NOT NULL, claim TEXT NOT NULL, actor TEXT NOT NULL, weaker TEXT NOT NULL);
CREATE INDEX gains_over_graph ON gains_over (graph);
CREATE INDEX gains_over_weaker ON gains_over (weaker, actor, claim);
CREATE INDEX gains_over_claim ON gains_over (claim, graph, actor);
CREATE TABLE actors (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL, wikidata TEXT,
  aliases TEXT NOT NULL);
CREATE TABLE mechanisms (id TEXT PRIMARY KEY, label TEXT NOT NULL, family TEXT,
  family_label TEXT);
CREATE TABLE actor_names (key TEXT NOT NULL, actor TEXT NOT NULL, rank INTEGER NOT NULL);
CREATE INDEX actor_names_key ON actor_names (key);
CREATE TABLE gainer_totals (
  actor TEXT PRIMARY KEY, claims INTEGER NOT NULL, inferred INTEGER NOT NULL,
  analyses INTEGER NOT NULL, score REAL NOT NULL, rank_score REAL NOT NULL);
CREATE INDEX gainer_totals_rank
  ON gainer_totals (analyses DESC, claims DESC, rank_score DESC, actor);
CREATE TABLE gainer_over (actor TEXT NOT NULL, weaker TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX gainer_over_actor ON gainer_over (actor);
CREATE TABLE gainer_mechanisms (actor TEXT NOT NULL, mechanism TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX gainer_mechanisms_actor ON gainer_mechanisms (actor);
CREATE TABLE gainer_evidence (
  actor TEXT NOT NULL, analysis TEXT, title TEXT, date TEXT, section TEXT, relation TEXT,
  evidence TEXT, confidence REAL, basis TEXT, inferred INTEGER, day TEXT, id TEXT);
CREATE INDEX gainer_evidence_actor ON gainer_evidence (actor);
CREATE TABLE edges (
  holder TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL,
  direction TEXT NOT NULL, weight INTEGER NOT NULL, confidence REAL NOT NULL,
  first TEXT NOT NULL, PRIMARY KEY (holder, target, relation));
CREATE TABLE texts (
  seq INTEGER PRIMARY KEY, graph TEXT NOT NULL, analysis TEXT NOT NULL, summary TEXT,
  genre TEXT, minutes TEXT, outlet TEXT, source TEXT);
CREATE INDEX texts_graph ON texts (graph);
CREATE INDEX texts_analysis ON texts (analysis);
CREATE TABLE sections (
  seq INTEGER PRIMARY KEY, graph TEXT NOT NULL, analysis TEXT NOT NULL,
  heading TEXT NOT NULL, text TEXT NOT NULL, position TEXT);
CREATE INDEX sections_graph ON sections (graph);
CREATE INDEX sections_analysis ON sections (analysis);
"""

_EVIDENCE_ORDER = "inferred, confidence DESC, day DESC, id, analysis"
_EVIDENCE_WINDOW = (
    "c.basis = 'inferred', c.confidence DESC, COALESCE(a.date, '') DESC, c.id, c.analysis"
)
GAINER_QUERIES = {
    "totals": (
        "SELECT g.actor, COUNT(*), SUM(g.basis = 'inferred'), COUNT(DISTINCT g.analysis), "
        "SUM(g.confidence) FROM gains g WHERE 1{where} GROUP BY g.actor"
    ),
    "over": (
        "SELECT g.actor, o.weaker, COUNT(*) FROM gains g JOIN gains_over o "
        "ON o.claim = g.claim AND o.graph = g.graph AND o.actor = g.actor WHERE 1{where} "
        "GROUP BY g.actor, o.weaker"
    ),
    "mechanisms": (
        "SELECT g.actor, g.mechanism, COUNT(*) FROM gains g WHERE g.mechanism IS NOT NULL"
        "{where} GROUP BY g.actor, g.mechanism"
    ),
    "evidence": (
        "SELECT actor, analysis, title, date, section, relation, evidence, confidence, basis, "
        "inferred, day, id FROM (SELECT g.actor, c.analysis, a.title, a.date, c.section, "
        "c.relation, c.evidence, c.confidence, c.basis, c.id, c.basis = 'inferred' AS inferred, "
        "COALESCE(a.date, '') AS day, ROW_NUMBER() OVER (PARTITION BY g.actor, c.evidence "
        f"ORDER BY {_EVIDENCE_WINDOW}) AS nth FROM gains g JOIN claims c "
        "ON c.iri = g.claim AND c.graph = g.graph LEFT JOIN analyses a ON a.id = c.analysis "
        "WHERE 1{where}) WHERE nth = 1 ORDER BY actor, " + _EVIDENCE_ORDER
    ),
}
"""What :func:`powermap.graph.views.indexed.who_gains` reads per gainer, with ``{where}``
the conditions on the ``gains`` rows (``g``) that count: totals (claims, inferred,
analyses, summed confidence), claims over each weaker actor, through each mechanism,
and the evidence, one row per distinct sentence (stated first, most confident, newest).
Run unfiltered at each sync into the ``gainer_*`` tables, so the default question reads
only the rows of the gainers it shows."""

_PER_GRAPH = (
    "topics",
    "aliases",
    "mechanism_mentions",
    "claims",
    "parties",
    "claim_actors",
    "gains",
    "gains_over",
    "analyses",
    "texts",
    "sections",
)


def index_path(store: Store | str | os.PathLike[str]) -> Path:
    """Where the index of the embedded store at ``store`` lives: ``<store>.views.sqlite``."""
    location = str(getattr(store, "location", store))
    path = Path(location).resolve()
    return path.with_name(path.name + INDEX_SUFFIX)


class ViewIndex:
    """An open, current index (read it through :mod:`powermap.graph.views.indexed`)."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self._mechanisms: dict[str, MechanismInfo] | None = None

    def close(self) -> None:
        """Close the SQLite connection."""
        self.db.close()

    def __enter__(self) -> ViewIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one SELECT."""
        return self.db.execute(sql, params).fetchall()

    def remembered(self, key: str) -> str | None:
        """What :meth:`remember` kept under ``key`` for the index as it is now (None: nothing,
        or kept before the last sync)."""
        try:
            found = self.rows(
                "SELECT r.value FROM remembered r JOIN meta m ON m.key = 'generation' "
                "AND m.value = r.generation WHERE r.key = ?",
                (key,),
            )
        except sqlite3.OperationalError:  # no such table: nothing remembered yet
            return None
        return str(found[0][0]) if found else None

    def generation(self) -> str | None:
        """The store generation this index was synced at."""
        return _meta(self.db, "generation")

    def remember(self, key: str, value: str, generation: str | None) -> None:
        """Keep ``value`` under ``key`` for the index at ``generation`` (read before the
        value was computed), so that a later question reads it instead of recomputing it;
        the next sync forgets everything kept. Only if the index can be written within a
        moment: a build holding it, or a read-only file, keeps nothing."""
        if generation is None:
            return
        try:
            self.db.execute("PRAGMA busy_timeout = 200")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS remembered "
                "(key TEXT PRIMARY KEY, generation TEXT NOT NULL, value TEXT NOT NULL)"
            )
            self.db.execute(
                "INSERT OR REPLACE INTO remembered VALUES (?, ?, ?)", (key, generation, value)
            )
        except sqlite3.Error:
            pass  # busy or read-only: the answer stands, it is only not kept
        finally:
            self.db.execute("PRAGMA busy_timeout = 30000")

    @contextmanager
    def scratch(self, name: str, select: str, params: Sequence[Any] = ()) -> Iterator[str]:
        """``temp.<name>``: the rows of ``select``, kept in this connection's temporary
        database while a view reads them several times, then dropped (the index itself is
        never written)."""
        table = f"temp.{name}"
        self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.execute(f"CREATE TABLE {table} AS {select}", params)
        try:
            yield table
        finally:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")

    # lookups the commands share with Snapshot --------------------------------

    def actors(self, ids: Iterable[str] | None = None) -> dict[str, ActorInfo]:
        """Actor records by id (all, or those of ``ids`` that an analysis labels)."""
        sql = "SELECT id, label, kind, wikidata, aliases FROM actors"
        if ids is None:
            found = self.rows(sql + " ORDER BY id")
        else:
            wanted = sorted(set(ids))
            found = []
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                found += self.rows(f"{sql} WHERE id IN ({marks})", part)
            found.sort()
        return {r[0]: ActorInfo(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in found}

    def actor(self, actor_id: str) -> ActorInfo:
        """The actor's record, or a bare one named by its id."""
        return self.actors([actor_id]).get(actor_id) or ActorInfo(actor_id, actor_id, "Actor")

    def label(self, actor_id: str) -> str:
        """The actor's label (its id when unknown)."""
        return self.actor(actor_id).label

    def mechanisms(self) -> dict[str, MechanismInfo]:
        """Every mechanism a claim goes through or an analysis names, labelled."""
        if self._mechanisms is None:
            self._mechanisms = {
                r[0]: MechanismInfo(*r)
                for r in self.rows(
                    "SELECT id, label, family, family_label FROM mechanisms ORDER BY id"
                )
            }
        return self._mechanisms

    def actor_named(self, name: str) -> str | None:
        """The one actor ``name`` names best (by id, label, alias, then the gazetteer's
        forms), or None when it names none or several equally (resolve those the slow way)."""
        found = self.rows(
            "SELECT actor, MIN(rank) FROM actor_names WHERE key = ? GROUP BY actor",
            (normalise(name),),
        )
        if not found:
            return None
        best = min(rank for _, rank in found)
        winners = [actor for actor, rank in found if rank == best]
        return winners[0] if len(winners) == 1 else None

    def mechanism(self, mechanism_id: str) -> MechanismInfo:
        """The mechanism's record, or a bare one named by its id."""
        return self.mechanisms().get(mechanism_id) or MechanismInfo(mechanism_id, mechanism_id)


# ---------------------------------------------------------------- opening


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    return db


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def _fresh(db: sqlite3.Connection, generation: str | None) -> bool:
    return (
        generation is not None
        and _meta(db, "schema") == SCHEMA
        and _meta(db, "generation") == generation
    )


def open_index(store: Store) -> ViewIndex | None:
    """The index of ``store``, current (synced from the store first if it was not).

    Returns None when there is no index to use: ``store`` is a SPARQL endpoint,
    the store keeps no generation token (built by an older powermap), the index
    cannot be written, or the store was written while it was being synced. The
    caller then reads a snapshot instead. Never returns a stale index.
    """
    from powermap.graph.store.backends import OxigraphStore

    if not isinstance(store, OxigraphStore):
        return None
    generation = read_generation(store.location)
    if generation is None:
        return None
    path = index_path(store)
    if path.exists():
        current = _open_current(path, generation)
        if current is not None:
            return current
    try:
        sync_index(store, generation=generation)
    except (sqlite3.Error, OSError):
        return None  # cannot write beside the store, say: read a snapshot instead
    return _open_current(path, read_generation(store.location))


def open_current(location: str | os.PathLike[str] | None = None) -> ViewIndex | None:
    """The index of the embedded store at ``location`` if it is current, without opening
    the store (two small reads: the generation token and the index's own); else None."""
    where = store_location(location)
    if is_endpoint(where):
        return None
    generation = read_generation(where)
    path = index_path(where)
    if generation is None or not path.exists():
        return None
    return _open_current(path, generation)


def _open_current(path: Path, generation: str | None) -> ViewIndex | None:
    """The index at ``path`` if it is readable and synced at ``generation``, else None."""
    db = None
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        if _fresh(db, generation):
            return ViewIndex(db, path)
    except sqlite3.Error:
        pass
    if db is not None:
        db.close()
    return None


# ---------------------------------------------------------------- syncing


@contextmanager
def _writable(path: Path) -> Iterator[sqlite3.Connection]:
    """The index at ``path`` opened for writing, recreated when corrupt or of another schema."""
    db: sqlite3.Connection | None = None
    try:
        db = _connect(path)
        if _meta(db, "schema") != SCHEMA:
            raise sqlite3.DatabaseError("another schema")
    except sqlite3.DatabaseError:
        if db is not None:
            db.close()
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        db = _connect(path)
        db.executescript("BEGIN;" + _TABLES + "COMMIT;")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
    with closing(db):
        yield db


def sync_index(
    store: Store, *, generation: str | None = None, base: str | None = None
) -> dict[str, int]:
    """Bring the index of the embedded ``store`` up to date with it (see the module docstring).

    Parameters
    ----------
    store : an open embedded store (read-only is enough).
    generation : the store's generation token read *before* the store was
        opened or last read; the index records it only if the token file
        still holds it when the sync commits (else it stays unrecorded, and
        the next view syncs again). Default: the store's current token.
    base : base of instance IRIs.

    Returns
    -------
    dict with the number of graphs ``read`` (new or changed) and ``dropped``.
    """
    from powermap.graph.rdf.ids import Ids
    from powermap.graph.store.backends import OxigraphStore
    from powermap.graph.views.snapshot import rows_of

    if not isinstance(store, OxigraphStore):
        raise TypeError("only an embedded store has a views index")
    if generation is None:
        generation = read_generation(store.location)
    path = index_path(store)
    hashes = {
        str(r["graph"]): str(r["hash"])
        for r in rows_of(store, "graph_hashes", {"meta": (Ids(base) if base else Ids()).meta})
    }
    with _writable(path) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            known = dict(db.execute("SELECT iri, hash FROM graphs").fetchall())
            changed = sorted(g for g, h in hashes.items() if known.get(g) != h)
            dropped = sorted(set(known) - set(hashes))
            whole = len(changed) + len(dropped) > _BATCH or not known
            gone = _graph_actors(db, [*changed, *dropped])
            touched = _drop_graphs(db, [*changed, *dropped])
            touched |= _read_graphs(db, store, changed, hashes)
            named = _refresh_mentions(db, store, None if whole else [*changed, *dropped])
            came = _graph_actors(db, changed)
            _refresh_actors(db, None if whole else named | gone[0] | came[0])
            _refresh_mechanisms(db)
            _refresh_gainers(db, None if whole else gone[1] | came[1])
            _refresh_edges(db, touched)
            db.execute("DROP TABLE IF EXISTS remembered")  # answers of the index as it was
            current = read_generation(store.location)
            value = generation if generation is not None and current == generation else None
            db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (value,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return {"read": len(changed), "dropped": len(dropped)}


def _graph_actors(db: sqlite3.Connection, graphs: Sequence[str]) -> tuple[set[str], set[str]]:
    """The actors these graphs give aliases to, and those their claims say gain."""
    aliased: set[str] = set()
    gaining: set[str] = set()
    for graph in graphs:
        aliases = db.execute("SELECT actor FROM aliases WHERE graph = ?", (graph,))
        aliased.update(r[0] for r in aliases)
        gains = db.execute("SELECT actor FROM gains WHERE graph = ?", (graph,))
        gaining.update(r[0] for r in gains)
    return aliased, gaining


def _only(db: sqlite3.Connection, actors: set[str] | None, name: str) -> str:
    """A condition keeping the rows of ``actors`` (a temporary table ``name``); "" for all."""
    if actors is None:
        return ""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (actor TEXT PRIMARY KEY)")
    db.execute(f"DELETE FROM {name}")
    db.executemany(f"INSERT INTO {name} VALUES (?)", [(a,) for a in actors])
    return f" AND actor IN (SELECT actor FROM {name})"


def _drop_graphs(db: sqlite3.Connection, graphs: Sequence[str]) -> set[tuple[str, str]]:
    """Delete the rows of these graphs; the (holder, target) pairs whose edges they fed."""
    touched: set[tuple[str, str]] = set()
    for graph in graphs:
        touched.update(
            db.execute(
                "SELECT c.holder, a.actor FROM claims c JOIN claim_actors a "
                "ON a.claim = c.iri AND a.graph = c.graph "
                "WHERE c.graph = ? AND a.actor != c.holder",
                (graph,),
            ).fetchall()
        )
        for table in _PER_GRAPH:
            db.execute(f"DELETE FROM {table} WHERE graph = ?", (graph,))  # noqa: S608
        db.execute("DELETE FROM graphs WHERE iri = ?", (graph,))
    return touched


_BATCH = 40
"""Graphs read per round of queries when many changed (one VALUES row each)."""


def _read_graphs(
    db: sqlite3.Connection, store: Store, graphs: Sequence[str], hashes: dict[str, str]
) -> set[tuple[str, str]]:
    """Read the rows of these graphs from the store into the index; the pairs they feed."""
    from rdflib import URIRef

    from powermap.graph.views.snapshot import rows_of

    touched: set[tuple[str, str]] = set()
    whole = len(graphs) > _BATCH
    wanted = set(graphs)
    rounds: list[Sequence[str] | None] = (
        [None] if whole else [graphs[i : i + 1] for i in range(len(graphs))]
    )
    for part in rounds:

        def ask(name: str, part: Sequence[str] | None = part) -> list[dict[str, str]]:
            if part is None:
                return [r for r in rows_of(store, name) if r["analysis"] in wanted]
            return rows_of(store, name, {"analysis": URIRef(part[0])})

        touched |= _insert(db, ask)
    db.executemany("INSERT INTO graphs VALUES (?, ?)", [(g, hashes[g]) for g in graphs])
    return touched


def _insert(db: sqlite3.Connection, ask: Any) -> set[tuple[str, str]]:
    for row in ask("view_analyses"):
        g = row["analysis"]
        db.execute(
            "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?, ?)",
            (local_id(g), g, row.get("title"), row.get("date"), row.get("lens"))
            + (row.get("document"), row.get("url")),
        )
    db.executemany(
        "INSERT INTO topics VALUES (?, ?, ?)",
        [(r["analysis"], local_id(r["analysis"]), r["topic"]) for r in ask("view_analysis_topics")],
    )
    db.executemany(
        "INSERT INTO aliases VALUES (?, ?, ?)",
        [(r["analysis"], local_id(r["actor"]), r["alias"]) for r in ask("index_actor_aliases")],
    )
    db.executemany(
        "INSERT INTO mechanism_mentions VALUES (?, ?, ?, ?, ?)",
        [
            (r["analysis"], local_id(r["analysis"]), local_id(r["mechanism"]))
            + (r.get("label"), r.get("evidence"))
            for r in ask("view_mechanism_mentions")
        ],
    )
    db.executemany(
        "INSERT INTO texts (graph, analysis, summary, genre, minutes, outlet, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (r["analysis"], local_id(r["analysis"]), r.get("summary"), r.get("genre"))
            + (r.get("minutes"), r.get("outlet"), r.get("source"))
            for r in ask("site_about")
        ],
    )
    db.executemany(
        "INSERT INTO sections (graph, analysis, heading, text, position) VALUES (?, ?, ?, ?, ?)",
        [
            (r["analysis"], local_id(r["analysis"]), r["heading"], r["text"], r.get("position"))
            for r in ask("site_sections")
        ],
    )
    parties: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in ask("index_claim_parties"):
        parties[(r["analysis"], r["claim"])].append(local_id(r["party"]))
        db.execute(
            "INSERT INTO parties VALUES (?, ?, ?)",
            (r["analysis"], r["claim"], local_id(r["party"])),
        )
    from powermap.ontology.lexicon import relation_kinds

    kinds = {str(kind.iri): (name, kind.direction) for name, kind in relation_kinds().items()}
    touched: set[tuple[str, str]] = set()
    for r in ask("view_claims"):
        g, iri = r["analysis"], r["claim"]
        relation, direction = kinds.get(r["relation"], (local_id(r["relation"]), "none"))
        counterpart = r.get("counterpart")
        mechanism = r.get("mechanism")
        claim = ClaimRecord(
            id=local_id(iri),
            analysis=local_id(g),
            holder=local_id(r["holder"]),
            relation=relation,
            polarity=r["polarity"],
            direction=direction,
            evidence=r["evidence"],
            confidence=float(r["confidence"]),
            counterpart=local_id(counterpart) if counterpart is not None else None,
            between=tuple(sorted(parties.get((g, iri), ()))),
            mechanism=local_id(mechanism) if mechanism is not None else None,
            section=r.get("heading"),
            basis=r.get("basis") or "stated",
        )
        db.execute(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (iri, g, claim.id, claim.analysis, claim.holder, claim.relation, claim.polarity)
            + (claim.direction, claim.evidence, claim.confidence, claim.counterpart)
            + (claim.mechanism, claim.section, claim.basis),
        )
        db.executemany(
            "INSERT INTO claim_actors VALUES (?, ?, ?, ?)",
            [(g, iri, claim.analysis, a) for a in dict.fromkeys((claim.holder, *claim.targets))],
        )
        db.executemany(
            "INSERT INTO gains VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (g, iri, claim.analysis, a, claim.confidence, claim.basis, claim.mechanism)
                for a in claim.gainers
            ],
        )
        db.executemany(
            "INSERT INTO gains_over VALUES (?, ?, ?, ?)",
            [(g, iri, a, w) for a in claim.gainers for w in claim.weaker_than(a)],
        )
        touched.update((claim.holder, t) for t in claim.targets)
    return touched


def _refresh_mentions(
    db: sqlite3.Connection, store: Store, graphs: Sequence[str] | None
) -> set[str]:
    """Read the actor mentions of these graphs (None: all) again, and every mention of the
    actors they name: a build settles an actor's kind in every graph that names it
    (:func:`~powermap.graph.store.kinds.reconcile_kinds`), and its vote changes only
    with the analyses that name it.

    Returns the actors whose mentions differ from before (new, changed, gone).
    """
    from rdflib import URIRef

    from powermap.graph.rdf.ids import Ids
    from powermap.graph.views.snapshot import rows_of

    columns = "graph, analysis, actor, kind, label, wikidata"

    def row(r: dict[str, str]) -> tuple[Any, ...]:
        return (
            (r["analysis"], local_id(r["analysis"]), local_id(r["actor"]))
            + (r["kind"].rsplit("#", 1)[-1], r["label"])
            + (local_id(r["wikidata"]) if r.get("wikidata") is not None else None,)
        )

    if graphs is None:
        before = Counter(db.execute(f"SELECT {columns} FROM mentions").fetchall())
        after = [row(r) for r in rows_of(store, "view_actor_mentions")]
        db.execute("DELETE FROM mentions")
    else:
        actors: set[str] = set()
        for graph in graphs:
            named = db.execute("SELECT actor FROM mentions WHERE graph = ?", (graph,))
            actors.update(r[0] for r in named)
        fresh = [
            row(r)
            for g in graphs
            for r in rows_of(store, "view_actor_mentions", {"analysis": URIRef(g)})
        ]
        actors.update(r[2] for r in fresh)
        only = _only(db, actors, "touched_mentions")
        before = Counter(db.execute(f"SELECT {columns} FROM mentions WHERE 1{only}").fetchall())
        db.execute(f"DELETE FROM mentions WHERE 1{only}")
        ids = Ids()
        after = [
            row(r)
            for actor in sorted(actors)
            for r in rows_of(store, "view_actor_mentions", {"actor": URIRef(ids.actor(actor))})
        ]
    db.executemany(f"INSERT INTO mentions ({columns}) VALUES (?, ?, ?, ?, ?, ?)", after)
    changed = (before - Counter(after)) + (Counter(after) - before)
    return {r[2] for r in changed}


def _most_common(pairs: Iterable[tuple[str, int]]) -> str:
    return min(pairs, key=lambda p: (-p[1], p[0]))[0]


def _refresh_actors(db: sqlite3.Connection, touched: set[str] | None) -> None:
    """Each actor's label and kind (most used, ties alphabetically), Wikidata id and aliases,
    for the ``touched`` actors (None: all)."""
    only = _only(db, touched, "touched_actors")
    labels: dict[str, list[tuple[str, int]]] = defaultdict(list)
    kinds: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for actor, label, n in db.execute(
        f"SELECT actor, label, COUNT(*) FROM mentions WHERE 1{only} GROUP BY actor, label"
    ):
        labels[actor].append((label, n))
    for actor, kind, n in db.execute(
        f"SELECT actor, kind, COUNT(*) FROM mentions WHERE 1{only} GROUP BY actor, kind"
    ):
        kinds[actor].append((kind, n))
    wikidata = dict(
        db.execute(
            "SELECT actor, wikidata FROM mentions WHERE seq IN (SELECT MAX(seq) FROM mentions "
            f"WHERE wikidata IS NOT NULL{only} GROUP BY actor)"
        ).fetchall()
    )
    aliases: dict[str, set[str]] = defaultdict(set)
    for actor, alias in db.execute(f"SELECT DISTINCT actor, alias FROM aliases WHERE 1{only}"):
        aliases[actor].add(alias)
    db.execute(f"DELETE FROM actors WHERE 1{only.replace('actor IN', 'id IN')}")
    db.execute(f"DELETE FROM actor_names WHERE 1{only}")
    rows = []
    for actor in sorted(labels):
        label = _most_common(labels[actor])
        rows.append(
            (actor, label, _most_common(kinds[actor]), wikidata.get(actor))
            + (json.dumps(sorted(aliases.get(actor, set()) - {label})),)
        )
    db.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?)", rows)
    _refresh_actor_names(db, rows)


def _refresh_actor_names(db: sqlite3.Connection, actors: list[tuple[Any, ...]]) -> None:
    """The normalised names of every actor, ranked as :mod:`powermap.graph.views.resolve` ranks
    them (id, label, alias, then the gazetteer's forms), for resolving a name by one lookup."""
    from powermap.graph.views.resolve import RANK
    from powermap.ontology.lexicon import gazetteer_index

    index = gazetteer_index()
    names: set[tuple[str, str, int]] = set()
    for actor, label, _kind, _wikidata, aliases in actors:
        forms = [(actor, "id"), (label, "label"), *((a, "alias") for a in json.loads(aliases))]
        entry = index.get(actor)
        forms += list(entry.forms()) if entry else []
        names.update((normalise(form), actor, RANK[kind]) for form, kind in forms)
    db.executemany("INSERT INTO actor_names VALUES (?, ?, ?)", sorted(n for n in names if n[0]))


def _refresh_mechanisms(db: sqlite3.Connection) -> None:
    """Every mechanism in use, labelled from the taxonomy first, then from the analyses."""
    used = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT mechanism FROM claims WHERE mechanism IS NOT NULL "
            "UNION SELECT DISTINCT mechanism FROM mechanism_mentions"
        )
    }
    labels = dict(
        db.execute(
            "SELECT mechanism, MIN(label) FROM mechanism_mentions "
            "WHERE label IS NOT NULL GROUP BY mechanism"
        ).fetchall()
    )
    db.execute("DELETE FROM mechanisms")
    db.executemany(
        "INSERT INTO mechanisms VALUES (?, ?, ?, ?)",
        [(m.id, m.label, m.family, m.family_label) for m in mechanism_infos(used, labels).values()],
    )


def _refresh_gainers(db: sqlite3.Connection, touched: set[str] | None) -> None:
    """The ``touched`` gainers' (None: every gainer's) totals, whom over, through what and
    evidence, with no filter."""
    only = _only(db, touched, "touched_gainers")
    for table in ("totals", "over", "mechanisms", "evidence"):
        db.execute(f"DELETE FROM gainer_{table} WHERE 1{only}")
    where = only.replace("actor IN", "g.actor IN")
    totals = GAINER_QUERIES["totals"].format(where=where)
    totals = totals.replace("SUM(g.confidence)", "SUM(g.confidence) AS s")
    db.execute(f"INSERT INTO gainer_totals SELECT *, ROUND(s, 6) FROM ({totals})")
    for table in ("over", "mechanisms", "evidence"):
        db.execute(f"INSERT INTO gainer_{table} " + GAINER_QUERIES[table].format(where=where))


EDGE_ROWS = (
    "SELECT c.holder AS holder, a.actor AS target, c.relation AS relation, "
    "c.direction AS direction, COUNT(*) AS weight, SUM(c.confidence) AS confidence, "
    "MIN(COALESCE(an.date, '') || char(9) || c.analysis || char(9) || c.id) AS first "
    "FROM claims c JOIN claim_actors a ON a.claim = c.iri AND a.graph = c.graph "
    "LEFT JOIN analyses an ON an.id = c.analysis "
    "WHERE a.actor != c.holder{where} GROUP BY c.holder, a.actor, c.relation, c.direction"
)
"""The rows of the ``edges`` table, counted from the claims (``c``) that meet ``{where}``
(``" AND ..."``, or nothing): claims per holder, target, relation and direction, their
summed confidence, and ``first``, the sort key (date, analysis, claim id, tab-separated)
of the earliest claim of the edge in the claims' order, so a view can add the actor
graph's edges in the order the per-claim graph has them (Louvain and the betweenness
pivots depend on it). The sync keeps them for every claim; a view with filters counts
them from the claims that pass."""

_EDGES = "INSERT INTO edges " + EDGE_ROWS


def _refresh_edges(db: sqlite3.Connection, touched: set[tuple[str, str]]) -> None:
    """Recount the aggregated edges (claims per holder, target and relation) of these pairs."""
    if len(touched) > 1000:  # cheaper to count them all again
        db.execute("DELETE FROM edges")
        db.execute(_EDGES.format(where=""))
        return
    for holder, target in sorted(touched):
        db.execute("DELETE FROM edges WHERE holder = ? AND target = ?", (holder, target))
        db.execute(_EDGES.format(where=" AND c.holder = ? AND a.actor = ?"), (holder, target))
