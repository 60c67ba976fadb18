"""The researchers' commands: who-gains, actor, brokers, path, mechanisms, timeline, communities."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from powermap.cli import cli
from powermap.extract.model import Extraction
from powermap.graph.store.backends import open_store
from powermap.graph.store.ingest import ingest

VIEWS = Path(__file__).parent / "fixtures" / "views"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the four fixture analyses (Jan-May 2026)."""
    location = tmp_path_factory.mktemp("views") / "store"
    extractions = [
        Extraction.from_dict(json.loads(p.read_text("utf-8"))) for p in sorted(VIEWS.glob("*.json"))
    ]
    with open_store(location) as opened:
        assert ingest(opened, extractions).ok
    return str(location)


def run(store: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--store", store])
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_who_gains_prints_a_ranked_table(store: str) -> None:
    code, out, err = run(store, "who-gains")
    assert code == 0, err
    assert "Who gains leverage" in out
    assert out.index("United States") < out.index("Qatar") < out.index("International Monetary")


def test_who_gains_json_names_over_whom_and_the_evidence(store: str) -> None:
    code, out, err = run(store, "who-gains", "--over", "Washington", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [g["actor"] for g in data] == ["qatar", "iran"]
    assert data[0]["over"][0]["id"] in {"iran", "united-states"}
    assert data[1]["evidence"][0]["sentence"] == "Iran extracts concessions from the U.S."


def test_who_gains_csv_has_a_header_and_one_row_per_actor(store: str) -> None:
    code, out, err = run(store, "who-gains", "--format", "csv", "--limit", "3")
    assert code == 0, err
    table = rows(out)
    assert [r["actor"] for r in table] == ["united-states", "qatar", "international-monetary-fund"]
    assert table[2]["over"] == "egypt"
    assert table[2]["mechanisms"] == "loan-conditionality"


def test_who_gains_filters_by_mechanism_lens_topic_and_dates(store: str) -> None:
    code, out, _ = run(store, "who-gains", "--mechanism", "sanctions", "--format", "csv")
    assert code == 0
    assert [r["actor"] for r in rows(out)] == ["united-states"]
    _, out, _ = run(store, "who-gains", "--lens", "climate & energy", "--format", "csv")
    assert [r["actor"] for r in rows(out)] == ["international-monetary-fund", "saudi-arabia"]
    _, out, _ = run(store, "who-gains", "--topic", "food", "--since", "2026-03", "--format", "csv")
    assert len(rows(out)) == 2
    _, out, _ = run(store, "who-gains", "--until", "2026-01", "--format", "csv")
    assert [r["actor"] for r in rows(out)] == ["qatar", "iran"]


def test_unknown_names_are_one_line_with_close_matches(store: str) -> None:
    code, out, err = run(store, "who-gains", "--over", "Qatr")
    assert code == 1
    assert out == ""
    assert err == "powermap: no actor 'Qatr' in the store; close matches: Qatar\n"
    code, _, err = run(store, "who-gains", "--mechanism", "mediaton")
    assert code == 1
    assert err.startswith("powermap: no mechanism 'mediaton' in the store; close matches:")
    assert "mediation (third-party mediation)" in err
    assert err.count("\n") == 1


def test_a_bad_date_is_one_line(store: str) -> None:
    code, _, err = run(store, "who-gains", "--since", "spring")
    assert code == 1
    assert err == "powermap: since: 'spring' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"


def test_actor_washington_is_the_united_states(store: str) -> None:
    code, out, err = run(store, "actor", "Washington")
    assert code == 0, err
    assert out.startswith("United States (State, Wikidata Q30)")
    for title in ("Gains leverage over", "Loses leverage to", "Analyses", "Claims over time"):
        assert title in out
    assert "Washington tightens sanctions on Tehran" in out


def test_actor_json_and_csv(store: str) -> None:
    code, out, _ = run(store, "actor", "Doha", "--format", "json")
    assert code == 0
    profile = json.loads(out)
    assert profile["actor"] == "qatar"
    assert profile["brokers_between"] == [["iran", "united-states", 2]]
    code, out, _ = run(store, "actor", "Qatar", "--format", "csv")
    assert code == 0
    assert [r["relation"] for r in rows(out)] == ["brokers", "brokers"]


def test_actor_lists_a_page_of_claims_and_says_how_many_follow(store: str) -> None:
    code, out, err = run(store, "actor", "Washington", "--limit", "1")
    assert code == 0, err
    assert "Claims over time (1-1 of " in out
    more = out.splitlines()[-1]
    assert more.endswith(
        "more analyses; use --limit/--offset (next: --offset 1) or --format json/csv --all"
    )
    code, out, err = run(store, "actor", "Washington", "--limit", "1", "--format", "csv")
    assert code == 0
    assert len(rows(out)) == 1 and "more claims" in err  # the note on stderr: the CSV stays clean


def test_actor_csv_pages_concatenate_to_all_its_claims(store: str) -> None:
    code, out, _ = run(store, "actor", "Washington", "--format", "csv", "--all")
    assert code == 0
    everything = rows(out)
    assert len(everything) > 2
    code, out, _ = run(store, "actor", "Washington", "--format", "json", "--limit", "2")
    assert json.loads(out)["claims"] == len(everything)
    pages = []
    for offset in range(0, len(everything), 2):
        code, out, err = run(store, "actor", "Washington", "--format", "csv", "--limit", "2",
                              "--offset", str(offset))  # fmt: skip
        assert code == 0, err
        pages += rows(out)
    assert pages == everything


@pytest.mark.parametrize(("offset", "code", "message"), [
    ("1000", 1, "powermap: offset 1000 is past the end: United States has "),
    ("-1", 2, "Error: Invalid value for '--offset': -1 is not in the range x>=0."),
])  # fmt: skip
def test_actor_offset_out_of_range_is_one_line_and_fails(
    store: str, offset: str, code: int, message: str
) -> None:
    found, out, err = run(store, "actor", "Washington", "--offset", offset)
    assert (found, out) == (code, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_actor_not_in_the_store_says_so(store: str) -> None:
    code, _, err = run(store, "actor", "Tokyo")
    assert code == 1
    assert err == "powermap: Japan is in the gazetteer, but no analysis in the store mentions it\n"


def test_a_missing_store_is_one_line(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "none"), "who-gains")
    assert code == 1
    assert err.startswith("powermap: no store at ")


def test_brokers_lists_brokerage_claims_first(store: str) -> None:
    code, out, err = run(store, "brokers", "--format", "csv")
    assert code == 0, err
    table = rows(out)
    assert (table[0]["actor"], table[0]["brokerage claims"]) == ("qatar", "2")
    assert table[0]["between"] == "Iran – United States"
    code, out, _ = run(store, "brokers", "--top", "2")
    assert code == 0
    assert "Brokers" in out and "Qatar" in out


def test_path_shows_the_chain_of_leverage(store: str) -> None:
    code, out, err = run(store, "path", "Doha", "Israel")
    assert code == 0, err
    assert "Qatar → Iran → Israel" in out
    code, out, _ = run(store, "path", "Israel", "Qatar", "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert (found["direction"], found["nodes"]) == ("reverse", ["qatar", "iran", "israel"])


def test_path_between_unconnected_actors_exits_1(store: str) -> None:
    code, out, err = run(store, "path", "Egypt", "Israel")
    assert code == 1
    assert err == "powermap: no chain of claims connects Egypt and Israel\n"


def test_mechanisms_lists_families_and_holders(store: str) -> None:
    code, out, err = run(store, "mechanisms", "--format", "csv")
    assert code == 0, err
    table = rows(out)
    assert table[0]["mechanism"] == "third-party-mediation"
    assert (table[0]["family"], table[0]["analyses"]) == ("diplomacy", "2")
    assert table[0]["actors"] == "qatar"
    code, out, _ = run(store, "mechanisms")
    assert code == 0
    assert "Mechanisms of power" in out


def test_timeline_of_a_pair_prints_the_monthly_balance(store: str) -> None:
    code, out, err = run(store, "timeline", "Washington", "Iran", "--format", "csv")
    assert code == 0, err
    assert out.splitlines() == [
        "month,a_over_b,b_over_a,net",
        "2026-01,0,1,-1",
        "2026-02,0,0,0",
        "2026-03,1,0,1",
        "2026-04,0,0,0",
        "2026-05,1,0,1",
    ]
    code, out, _ = run(store, "timeline", "Egypt")
    assert code == 0
    assert "Egypt over others" in out and "Egypt depends on the IMF." in out


def test_communities_group_the_two_clusters(store: str) -> None:
    code, out, err = run(store, "communities", "--format", "json")
    assert code == 0, err
    groups = [{a["id"] for a in c["actors"]} for c in json.loads(out)]
    assert {"egypt", "international-monetary-fund", "saudi-arabia"} in groups
    assert not any({"egypt", "iran"} <= group for group in groups)
    code, out, _ = run(store, "communities")
    assert code == 0
    assert "Communities" in out


def _export_formats() -> list[str]:
    command = cli.commands["export"]
    option = next(p for p in command.params if p.name == "fmt")
    return list(option.type.choices)  # type: ignore[attr-defined]


@pytest.mark.skipif(
    "graphml" not in _export_formats(), reason="powermap export does not offer graph formats yet"
)
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_export_writes_the_actor_graph_in_network_formats(
    store: str, tmp_path: Path, fmt: str
) -> None:
    import networkx as nx

    out = tmp_path / f"actors.{fmt}"
    code, _, err = run(store, "export", "--format", fmt, "--out", str(out))
    assert code == 0, err
    if fmt == "nodelink":
        G = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="edges")
    else:
        G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert G.number_of_edges() == 12


@pytest.mark.skipif(
    "csv" not in _export_formats(), reason="powermap export does not offer graph formats yet"
)
def test_export_csv_writes_nodes_and_edges_into_a_folder(store: str, tmp_path: Path) -> None:
    code, _, err = run(store, "export", "--format", "csv", "--out", str(tmp_path / "csv"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    code, _, err = run(store, "export", "--format", "csv")
    assert code == 1
    assert err == "powermap: csv writes nodes.csv and edges.csv: give a folder to write them in\n"
