"""Knowledge-base command line: `python -m kb validate|load|check|stale|search`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from kb.languages import SUPPORTED_LANGUAGES
from kb.loader import DATA_DIR, KnowledgeBase, read_knowledge_base


def _read_or_exit(data_dir: Path) -> KnowledgeBase:
    kb, issues = read_knowledge_base(data_dir)
    if issues:
        for issue in issues:
            print(issue, file=sys.stderr)
        print(f"{len(issues)} problem(s) in {data_dir}", file=sys.stderr)
        raise SystemExit(1)
    return kb


def cmd_validate(args: argparse.Namespace) -> None:
    kb = _read_or_exit(args.data)
    print(f"OK: {len(kb.topics)} topics, {len(kb.targets)} referral targets, {len(kb.answers)} answers")


def cmd_load(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from kb.db import database_url_from_env, get_sessionmaker
    from kb.loader import load_into_database, loaded_hash

    kb = _read_or_exit(args.data)
    url = args.database_url or database_url_from_env()
    with get_sessionmaker(url)() as session:
        if not args.force and loaded_hash(session) == kb.content_hash:
            print("Knowledge base unchanged; nothing to load.")
            return
        session.rollback()  # end the read transaction: the load runs in one of its own
        total = len(kb.topics) + len(kb.targets) + len(kb.answers)
        with tqdm(total=total, desc="Loading knowledge base", unit="entry", file=sys.stdout) as bar:
            counts = load_into_database(kb, session, progress=lambda: bar.update(1))
    print(
        f"Loaded {counts['topics']} topics, {counts['targets']} referral targets, "
        f"{counts['answers']} answers; removed {counts['removed']} deleted entries."
    )


def missing_translations(kb: KnowledgeBase) -> list[str]:
    """One line per entry and field that lacks a language."""
    lines = []
    for target in kb.targets:
        missing = [code for code in SUPPORTED_LANGUAGES if code not in target.description]
        if missing:
            lines.append(f"target {target.id}: description lacks {', '.join(missing)}")
    for answer in kb.answers:
        missing = [code for code in SUPPORTED_LANGUAGES if code not in answer.text]
        if missing:
            lines.append(f"answer {answer.key}: text lacks {', '.join(missing)}")
    for topic in kb.topics.values():
        missing = [code for code in SUPPORTED_LANGUAGES if code not in topic.label]
        if missing:
            lines.append(f"topic {topic.id}: label lacks {', '.join(missing)}")
    return lines


def cmd_check(args: argparse.Namespace) -> None:
    lines = missing_translations(_read_or_exit(args.data))
    for line in lines:
        print(line)
    print(f"{len(lines)} missing translation(s)" if lines else "Every entry is in all eight languages.")
    raise SystemExit(1 if lines else 0)


def stale_entries(kb: KnowledgeBase, today: date) -> list[str]:
    """Entries past their review-by date or verified more than a year ago."""
    year_ago = today - timedelta(days=365)
    lines = []
    for answer in kb.answers:
        if answer.review_by and answer.review_by < today:
            lines.append(f"answer {answer.key}: review was due {answer.review_by}")
        elif answer.verified < year_ago:
            lines.append(f"answer {answer.key}: last verified {answer.verified}")
    for target in kb.targets:
        if target.verified < year_ago:
            lines.append(f"target {target.id}: last verified {target.verified}")
    return lines


def cmd_stale(args: argparse.Namespace) -> None:
    lines = stale_entries(_read_or_exit(args.data), args.today)
    for line in lines:
        print(line)
    print(f"{len(lines)} entr{'y' if len(lines) == 1 else 'ies'} to review" if lines else "Nothing is stale.")
    raise SystemExit(1 if lines else 0)


def cmd_search(args: argparse.Namespace) -> None:
    from kb.search import TargetIndex, localized

    kb = _read_or_exit(args.data)
    from kb.loader import _target_row

    index = TargetIndex(_target_row(target) for target in kb.targets)
    topic = args.topic or guess_topic(kb, args.query)
    if topic is None:
        print(f"No topic recognised in {args.query!r}; use --topic (one of {', '.join(sorted(kb.topics))})")
        raise SystemExit(2)
    result = index.search(
        topic, place=args.place, audience=args.audience, language=args.lang, limit=args.limit
    )
    where = result.place.name if result.place else "no place given"
    if result.unresolved_place:
        where = f"place {result.unresolved_place!r} not recognised"
    print(f"topic: {topic} · {where}")
    for match in result.matches:
        target = match.target
        print(f"- {target['name']} [{'; '.join(match.reasons)}]")
        print(f"  {localized(target['description'], args.lang or 'de')}")
        contact = ", ".join(str(v) for v in target["contact"].values() if v)
        if contact:
            print(f"  {contact}")
    if not result.matches:
        print("No referral target found.")
    if result.place_would_help:
        print("(There are regional offices for this topic: give --place for a local referral.)")


def guess_topic(kb: KnowledgeBase, query: str) -> str | None:
    """The topic whose id or label best matches the free-text query."""
    from rapidfuzz import fuzz

    best, best_score = None, 0.0
    for topic in kb.topics.values():
        for name in [topic.id.replace("_", " "), *topic.label.values()]:
            score = fuzz.partial_ratio(name.casefold(), query.casefold())
            if score > best_score:
                best, best_score = topic.id, score
    return best if best_score >= 80 else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kb", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the kb/data directory")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every YAML file; non-zero exit on problems")
    load = commands.add_parser("load", help="load kb/data into the database (idempotent, atomic)")
    load.add_argument("--database-url", help="default: DATABASE_URL or the SQLite file under var/")
    load.add_argument("--force", action="store_true", help="load even if unchanged")
    commands.add_parser("check", help="list missing translations")
    stale = commands.add_parser("stale", help="list entries due for review")
    stale.add_argument("--today", type=date.fromisoformat, default=date.today())
    search = commands.add_parser("search", help="try a search from the terminal")
    search.add_argument("query", nargs="?", default="", help='e.g. "recognition" or "Blue Card"')
    search.add_argument("--topic")
    search.add_argument("--place")
    search.add_argument("--audience", choices=["newcomer", "employer"])
    search.add_argument("--lang", choices=SUPPORTED_LANGUAGES)
    search.add_argument("--limit", type=int, default=3)
    args = parser.parse_args(argv)
    {
        "validate": cmd_validate,
        "load": cmd_load,
        "check": cmd_check,
        "stale": cmd_stale,
        "search": cmd_search,
    }[args.command](args)


if __name__ == "__main__":
    main()
