"""Benchmark: the search (`/suche`) at CORDIS scale, 200 realistic queries against /healthz (issue 22).

Run: .venv/bin/python bench/search.py [--queries 200] [--rounds 2] [--skip-import]

Loads the CORDIS data into the benchmark's Neo4j (bench/common.py; unless --skip-import and it is there), starts
gunicorn as docs/operations.md runs it (3 workers, 4 threads), and asks, one request at a time on a new
connection each: /healthz, then 200 queries drawn (with a fixed seed) from the graph itself — a partner's
name or a word of it, a start of a word ("Stadtwer"), a topic word of a project title, a competency, a word
with one typo (a letter dropped, doubled or two swapped), a German word with its umlaut written "ae"/"a" —
on the search page, the one-type page (`&typ=partner`) and the suggestions (`/suche/vorschlaege`); and
`/suche` without a query (the same page without searching: what rendering a page costs). Every
query is asked once to warm the plans and caches, then `--rounds` times measured, the five addresses taking
turns query by query (so that each meets the same moments of a busy machine).
Goal (issue 22): the search page's p95 ≤ 100 ms and median ≤ 30 ms; both are also printed as ratios to
/healthz's median and p95 of the same run, so that figures from a busier or quieter machine compare.
"""
import argparse
import random
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_graph  # noqa: E402 - imported after the set-up above (path, environment)
from bench.load_server import get, gunicorn, load_cordis, percentile, with_cordis_option  # noqa: E402 - imported after the set-up above (path, environment)

SEED = 22
# The names and titles the queries are drawn from (every one, in id order, so the draw is repeatable).
SOURCES = """
MATCH (p:Partner) WITH collect(p.name) AS partners
MATCH (c:Competency) WHERE c.name IS NOT NULL WITH partners, collect(c.name) AS competencies
MATCH (pr:Project) WITH partners, competencies, collect(pr.title) AS projects
RETURN partners, competencies, projects
"""
# Words people type that the CORDIS data (mostly English) holds, some German with umlauts.
TOPICS = ["energy", "hydrogen", "battery", "climate", "water", "health", "cancer", "smart city", "mobility",
          "sensor", "robot", "quantum", "graphene", "solar", "wind", "ocean", "food", "agriculture", "bio",
          "data", "cloud", "security", "5G", "photonics", "nano", "materials", "brain", "vaccine", "Universität",
          "Forschungszentrum", "Fraunhofer", "München", "Köln", "Düsseldorf", "Zürich", "Technische Universität",
          "Stadtwerke", "Gesellschaft", "Institut", "Hochschule"]
UMLAUTS = {"ä": ["ae", "a"], "ö": ["oe", "o"], "ü": ["ue", "u"]}


def typo(word, rng):
    """`word` with one typo: a letter dropped, doubled, or two neighbours swapped."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def long_words(text):
    """The words of `text` with at least five letters."""
    return [word.strip(".,;:()\"'") for word in (text or "").split() if len(word.strip(".,;:()\"'")) >= 5]


def queries(sources, count, rng):
    """`count` realistic queries: names, parts, starts, topics, typos, umlaut spellings."""
    partners, projects, competencies = sources["partners"], sources["projects"], sources["competencies"]
    made = []
    while len(made) < count:
        kind = len(made) % 8
        if kind == 0:                                            # a partner's name as it is (at most 4 words)
            made.append(" ".join(rng.choice(partners).split()[:4]))
        elif kind == 1:                                          # one word of a partner's name
            made.append(rng.choice(long_words(rng.choice(partners)) or ["Universität"]))
        elif kind == 2:                                          # the start of a word ("Stadtwer")
            word = rng.choice(long_words(rng.choice(partners + projects)) or ["Stadtwerke"])
            made.append(word[:max(4, len(word) * 2 // 3)])
        elif kind == 3:                                          # a topic
            made.append(rng.choice(TOPICS))
        elif kind == 4:                                          # a project's title or acronym
            made.append(rng.choice(projects))
        elif kind == 5:                                          # a word with a typo
            made.append(typo(rng.choice(long_words(rng.choice(partners + projects)) or ["Stadtwerke"]), rng))
        elif kind == 6:                                          # an umlaut spelled without its dots
            word = rng.choice([t for t in TOPICS if any(u in t for u in UMLAUTS)])
            for umlaut, spellings in UMLAUTS.items():
                word = word.replace(umlaut, rng.choice(spellings))
            made.append(word)
        else:                                                    # a competency, or a word of one
            name = rng.choice(competencies)
            made.append(rng.choice([" ".join(name.split()[:3]), *(long_words(name) or [name])]))
    return made[:count]


def measure(host, port, paths, rounds):
    """Seconds per request for each label, `rounds` times each path (after one warming pass); non-200 counted.

    `paths` is {label: [path per query]}; the labels take turns query by query, so that every label meets the
    same moments of a busy machine (the load of this shared machine changes from minute to minute)."""
    for batch in paths.values():
        for path in batch:
            get(host, port, path)
    times, failed = {label: [] for label in paths}, dict.fromkeys(paths, 0)
    for _ in range(rounds):
        for i in range(len(next(iter(paths.values())))):
            for label, batch in paths.items():
                status, seconds = get(host, port, batch[i])
                times[label].append(seconds)
                failed[label] += status != 200
    return {label: (times[label], failed[label]) for label in paths}


def figures(times):
    """(median, p95) in ms."""
    return statistics.median(times) * 1000, percentile(times, 0.95) * 1000


def main():
    """Import, serve, ask, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = with_cordis_option(parser).parse_args()
    rng = random.Random(SEED)
    with bench_graph() as (graph, settings):
        if not args.skip_import:
            load_cordis(settings)
        counts = graph.query("MATCH (n) WHERE n:Partner OR n:Project OR n:Competency "
                             "RETURN count(n) AS nodes")[0]["nodes"]
        asked = queries(graph.query(SOURCES)[0], args.queries, rng)
        with gunicorn(settings) as (host, port):
            paths = {"/healthz": ["/healthz"] * len(asked), "/suche (no query)": ["/suche"] * len(asked),
                     "/suche?q=…": ["/suche?" + urlencode({"q": q}) for q in asked],
                     "/suche?q=…&typ=partner": ["/suche?" + urlencode({"q": q, "typ": "partner"}) for q in asked],
                     "/suche/vorschlaege?q=…": ["/suche/vorschlaege?" + urlencode({"q": q}) for q in asked]}
            results = measure(host, port, paths, args.rounds)
    health_median, health_p95 = figures(results["/healthz"][0])
    print(f"{counts} partners, projects and competencies; {len(asked)} queries x {args.rounds} rounds, one at a "
          f"time; gunicorn 3 workers x 4 threads; examples: {asked[:8]}")
    for label, (times, failed) in results.items():
        median, p95 = figures(times)
        print(f"{label:<26} median {median:7.1f} ms  p95 {p95:7.1f} ms  max {max(times) * 1000:7.1f} ms  "
              f"non-200 {failed}  = {median / health_median:5.1f}x / {p95 / health_p95:5.1f}x /healthz")
    median, p95 = figures(results["/suche?q=…"][0])
    met = median <= 30 and p95 <= 100
    print(f"search page: median {median:.1f} ms (goal <= 30), p95 {p95:.1f} ms (goal <= 100) -> "
          f"{'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
