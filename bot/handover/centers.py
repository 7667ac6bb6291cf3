"""The centers of this deployment: read from kb/data/centers.yml, routed to by place."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.handover.hours import OfficeHours, parse_schedule
from bot.handover.models import Center
from kb.search import CITY, DISTRICT, STATE, TargetIndex

CENTERS_FILE = Path(__file__).resolve().parents[2] / "kb" / "data" / "centers.yml"


def read_centers(path: Path = CENTERS_FILE) -> List[dict]:
    """The centers as configured, validated: unique ids, one default, valid hours."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    centers = data.get("centers") or []
    ids = [center.get("id") for center in centers]
    if not centers or len(set(ids)) != len(ids) or None in ids:
        raise ValueError(f"{path}: give at least one center, each with a unique id")
    if sum(bool(center.get("default")) for center in centers) != 1:
        raise ValueError(f"{path}: exactly one center must be the default")
    for center in centers:
        parse_schedule(center.get("office_hours") or {})
    return centers


def sync_centers(*, session: Session, path: Path = CENTERS_FILE) -> int:
    """Creates or updates the centers from the configuration file."""
    configured = read_centers(path)
    for center in configured:
        session.merge(
            Center(
                id=center["id"],
                name=center["name"],
                target_id=center.get("target"),
                state=center["state"],
                office_hours=center["office_hours"],
                is_default=1 if center.get("default") else 0,
            )
        )
    session.commit()
    return len(configured)


def office_hours(center: Center) -> OfficeHours:
    return OfficeHours.from_config(center.office_hours, center.state)


def route(*, session: Session, place: Optional[str], index: TargetIndex) -> Center:
    """The center whose region covers `place` most locally, else the default center."""
    centers = list(session.scalars(select(Center).order_by(Center.id)))  # ties: stable
    default = next(center for center in centers if center.is_default)
    resolved = index.resolve_place(place) if place else None
    if resolved is None:
        return default
    best: Dict[int, Center] = {}
    for center in centers:
        target = index.get(center.target_id) if center.target_id else None
        if target is None:
            continue
        level = target.level_for(resolved)
        if level in (CITY, DISTRICT, STATE) and level not in best:
            best[level] = center
    return best[min(best)] if best else default
