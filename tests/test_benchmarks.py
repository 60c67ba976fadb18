"""The benchmark scripts run end to end on tiny sizes and print their figures.

No timing is asserted: only that each script runs, measures what it says and
prints the lines the docs quote. The corpus generator is checked for what the
figures rely on: same seed, same texts; invented names varied; readable files.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from powermap.extract.reader import read

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "benchmarks"


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    """``benchmarks/corpus.py`` (a script folder, not a package) loaded by path."""
    spec = importlib.util.spec_from_file_location("benchmark_corpus", BENCHMARKS / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_gives_the_same_analyses_for_the_same_seed(corpus: ModuleType) -> None:
    first = [a.to_dict() for a in corpus.synthetic_analyses(5, seed=3)]
    again = [a.to_dict() for a in corpus.synthetic_analyses(5, seed=3)]
    other = [a.to_dict() for a in corpus.synthetic_analyses(5, seed=4)]
    assert first == again
    assert first != other
    assert [a["id"] for a in first] == [f"synthetic-{i:06d}" for i in range(5)]


def test_corpus_analyses_are_article_length_with_sample_sections(corpus: ModuleType) -> None:
    analyses = list(corpus.synthetic_analyses(20, seed=0))
    headings = {s.heading for a in corpus.sample_analyses() for s in a.sections}
    for analysis in analyses:
        assert 150 <= corpus.word_count(analysis) <= 1500, analysis.id
        assert {s.heading for s in analysis.sections} <= headings
    assert len({a.text for a in analyses}) == len(analyses)


def test_corpus_replaces_invented_names_but_keeps_gazetteer_names(corpus: ModuleType) -> None:
    words = corpus.invented_words()
    assert words, "no invented names found in data/ gold files"
    assert "Turkey" not in words and "European" not in words
    text = " ".join(a.text for a in corpus.synthetic_analyses(30, seed=0))
    for word in words:
        assert not re.search(rf"\b{word}\b", text), word
    assert re.search(r"\bTurkey\b", text)


def test_corpus_renames_an_invented_actor_alike_throughout_an_analysis(
    corpus: ModuleType,
) -> None:
    assert corpus.invented_words(FIXTURES) == ("Holdings", "Zorvik")
    for analysis in corpus.synthetic_analyses(5, seed=0, folder=FIXTURES):
        text = f"{analysis.title} {analysis.text}"
        assert "Zorvik" not in text and "Ghana" in text
        firm = re.findall(r"(\w+) (\w+) buys a port", text)
        short = re.findall(r"gives (\w+) leverage|that (\w+) gains|on (\w+) (\w+) for", text)
        (first, second), *_ = firm
        assert [x for m in short for x in m if x] == [first, first, first, second]


def test_corpus_written_as_markdown_reads_back_as_the_same_analysis(
    corpus: ModuleType, tmp_path: Path
) -> None:
    paths = corpus.write_corpus(tmp_path, 3, seed=2)
    assert [p.name for p in paths] == [f"synthetic-{i:06d}.md" for i in range(3)]
    for path, analysis in zip(paths, corpus.synthetic_analyses(3, seed=2), strict=True):
        back = read(path)
        assert back.title == analysis.title
        assert back.lens == analysis.lens
        assert back.published == analysis.published
        assert [(s.heading, s.text) for s in back.sections] == [
            (s.heading, s.text) for s in analysis.sections
        ]


def check_extract_output(out: str, n: int, jobs: tuple[int, ...]) -> None:
    assert out.startswith(f"corpus: {n} synthetic analyses, ")
    assert re.search(r"^machine: \d+ cores, .* spaCy 3\.\d+\.\d+, ", out, re.M)
    rate = r" +[\d.]+ s +[\d,]+ words/s .* peak RSS +\d+ MB"
    assert re.search(rf"^bare spaCy nlp\.pipe \(batch 32, 1 process\){rate}", out, re.M)
    for j in jobs:
        assert re.search(rf"^powermap extract_many \(jobs={j}\){rate}", out, re.M)
        assert re.search(rf"^powermap/spacy ratio \(jobs={j}\): \d+\.\d\dx$", out, re.M)
    assert len(re.findall(rf"^  {n} extractions: [1-9][\d,]* actors, ", out, re.M)) == len(jobs)
    assert out.rstrip().splitlines()[-1].startswith(f"powermap/spacy ratio (jobs={jobs[-1]}): ")


def test_extract_benchmark_prints_rates_memory_and_the_ratio() -> None:
    done = run_script("extract.py", "--n", "1", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    check_extract_output(done.stdout, 1, (1,))


@pytest.mark.slow
def test_extract_benchmark_measures_each_job_count_in_turn() -> None:
    done = run_script("extract.py", "--n", "2", "--jobs", "1,2", "--repeat", "2")
    assert done.returncode == 0, done.stderr
    check_extract_output(done.stdout, 2, (1, 2))
    assert "best of 2 runs each" in done.stdout


def test_store_benchmark_prints_load_and_query_lines_for_a_tiny_size() -> None:
    done = run_script("store.py", "--sizes", "5", "--repeat", "1")
    assert done.returncode == 0, done.stderr
    assert "== 5 analyses" in done.stdout
    assert re.search(r"^oxigraph on disk \(ingest\) +load", done.stdout, re.M)
    assert re.search(r"^rdflib Dataset in memory +load", done.stdout, re.M)
    assert "ratios rdflib/oxigraph: " in done.stdout


def test_site_benchmark_prints_time_memory_size_and_the_targets() -> None:
    done = run_script("site.py", "--sizes", "4,8")
    assert done.returncode == 0, done.stderr
    line = r"^ +{} analyses +[\d.]+ s +peak +\d+ MB +[\d.]+ MB on disk \([\d,]+ pages, map data"
    for size in (4, 8):
        assert re.search(line.format(size), done.stdout, re.M), size
        assert re.search(
            rf"^ +{size} analyses .* incremental +[\d.]+ s, [\d,]+ files", done.stdout, re.M
        )
    for name in ("build time", "peak memory", "size on disk", "peak memory 8/4"):
        assert re.search(
            rf"^{name} +[\d.]+ \S+ +target < [\d.]+ \S+: (met|NOT met)$", done.stdout, re.M
        )


def test_views_benchmark_prints_each_view_at_each_size_and_the_ratios(tmp_path: Path) -> None:
    args = ["--sizes", "3,6", "--base", "3", "--repeat", "1", "--cache", str(tmp_path)]
    done = run_script("views.py", *args)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"^machine: \d+ cores, ", out, re.M)
    views = ["who_gains \\(top 20\\)", "actor_profile", "timeline \\(two actors\\)", "brokers"]
    views += ["mechanism_summary", "path", "communities", "command: powermap who-gains"]
    views += ["brokers \\(stated only\\)", "communities \\(stated only\\)"]
    views += ["command: powermap actor \\(top gainer\\), CPU time"]
    for size in (3, 6):
        assert f"== {size} analyses" in out
    for view in views:
        assert len(re.findall(rf"^{view} +[\d.]+ ms", out, re.M)) == 2, view
        assert re.search(rf"^{view} +[\d.]+x$", out, re.M), view
    assert re.search(r"^who_gains \(top 20\) .* faster than from a snapshot$", out, re.M)
    assert "== ratios 6/3 analyses (corpus 2x)" in out
    assert re.search(
        r"^peak RSS: this process \d+ MB, command who-gains \d+ MB, actor \d+ MB, "
        r"actor \(top gainer\) \d+ MB$",
        out,
        re.M,
    )
    again = run_script("views.py", *args)  # the stores are reused from the cache
    assert again.returncode == 0, again.stderr
    assert "extracted" not in again.stdout
