"""Benchmark: referral search over a generated 10,000-target knowledge base.

    .venv/bin/python benchmarks/kb_search.py [--targets 10000] [--queries 5000]

Prints a table of search latency (p50/p90/p99/max) for queries with a known place,
a typo in the place, a place in another script, a postcode, and no place. Target: p99 <= 5 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from kb.languages import SUPPORTED_LANGUAGES
from kb.loader import read_knowledge_base
from kb.places import gazetteer
from kb.search import TargetIndex


def generate_targets(count: int, topics: list[str], rng: random.Random) -> list[dict]:
    places = gazetteer()
    cities = sorted(places.cities)
    districts = sorted(places.districts)
    states = sorted(places.states)
    targets = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.6:
            coverage = {"cities": [rng.choice(cities)]}
        elif roll < 0.75:
            coverage = {"districts": [rng.choice(districts)]}
        elif roll < 0.95:
            coverage = {"states": [rng.choice(states)]}
        else:
            coverage = {"nationwide": True}
        targets.append(
            {
                "id": f"target-{n}",
                "name": f"Target {n}",
                "kind": "counselling",
                "audience": rng.choice(["newcomer", "employer", "both"]),
                "topics": rng.sample(topics, rng.randint(1, 4)),
                "coverage": coverage,
                "contact": {"website": f"https://example.org/{n}"},
                "opening_hours": None,
                "languages": rng.sample(SUPPORTED_LANGUAGES, rng.randint(1, 3)),
                "description": {"de": f"Beschreibung {n}", "en": f"Description {n}"},
                "source": f"https://example.org/{n}",
                "verified": "2026-11-01",
            }
        )
    return targets


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(42)
    kb, _ = read_knowledge_base()
    topics = sorted(kb.topics)

    started = time.perf_counter()
    gazetteer()
    gazetteer_s = time.perf_counter() - started
    started = time.perf_counter()
    index = TargetIndex(generate_targets(args.targets, topics, rng))
    build_s = time.perf_counter() - started

    place_kinds = {
        "city": ["Leipzig", "Dresden", "Magdeburg", "Erfurt", "Wuppertal", "Freiberg", "Köln", "Hamburg"],
        "typo": ["Leipzg", "Dresdn", "Magdeburgg", "Wupertal", "Brauschweig", "Hambrug"],
        "script": ["Лейпциг", "لايبزيغ", "Дрезден", "Мюнхен", "Лейпциґ", "لايبزغ"],
        "postcode": ["04109", "01069", "09599", "39104", "99084", "42103"],
        "state": ["Sachsen", "Thuringia", "NRW", "Sachsen-Anhalt"],
        "none": [None],
    }
    rows = []
    for kind, places in place_kinds.items():
        timings = []
        matches = 0
        for _ in range(args.queries):
            started = time.perf_counter()
            result = index.search(
                rng.choice(topics),
                place=rng.choice(places),
                audience=rng.choice([None, "newcomer", "employer"]),
                language=rng.choice(SUPPORTED_LANGUAGES),
            )
            timings.append((time.perf_counter() - started) * 1000)
            matches += len(result.matches)
        rows.append((kind, timings, matches / args.queries))

    print(f"knowledge base: {index.count} targets, {len(topics)} topics")
    print(f"gazetteer build {gazetteer_s * 1000:.0f} ms, index build {build_s * 1000:.0f} ms\n")
    print("| place given | queries | p50 ms | p90 ms | p99 ms | max ms | mean matches |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    everything = []
    for kind, timings, mean_matches in rows:
        everything.extend(timings)
        print(
            f"| {kind} | {len(timings)} | {statistics.median(timings):.3f} | {percentile(timings, 0.9):.3f} "
            f"| {percentile(timings, 0.99):.3f} | {max(timings):.3f} | {mean_matches:.1f} |"
        )
    p99 = percentile(everything, 0.99)
    median, p90 = statistics.median(everything), percentile(everything, 0.9)
    print(f"| all | {len(everything)} | {median:.3f} | {p90:.3f} | {p99:.3f} | {max(everything):.3f} | |")
    print(f"\np99 {p99:.2f} ms: {'meets' if p99 <= 5 else 'MISSES'} the 5 ms target")


if __name__ == "__main__":
    main()
