"""Read-only access to the knowledge base's referral search."""

from __future__ import annotations

from typing import Any, Dict, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from typing_extensions import Literal

from kb.languages import SUPPORTED_LANGUAGES
from kb.search import LEVEL_NAMES, localized

router = APIRouter(prefix="/api/kb", tags=["knowledge base"])


def _public(target: Dict[str, Any], language: str) -> Dict[str, Any]:
    return {
        "id": target["id"],
        "name": target["name"],
        "kind": target["kind"],
        "audience": target["audience"],
        "description": localized(target["description"], language),
        "contact": target["contact"],
        "opening_hours": localized(target["opening_hours"], language),
        "languages": target["languages"],
        "source": target["source"],
        "verified": str(target["verified"]),
    }


@router.get("/targets")
def search_targets(
    request: Request,
    topic: str = Query(..., min_length=1, max_length=64),
    place: Optional[str] = Query(None, max_length=100),
    audience: Optional[Literal["newcomer", "employer"]] = None,
    lang: str = Query("de", min_length=2, max_length=2),
    limit: int = Query(3, ge=1, le=20),
) -> Dict[str, Any]:
    """Referral targets for a topic, most local first, with why each matched."""
    if lang not in SUPPORTED_LANGUAGES:
        raise HTTPException(422, f"unknown language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}")
    index = request.app.state.kb.index()
    if topic not in index.topics():
        raise HTTPException(422, f"unknown topic {topic!r}; use one of {', '.join(index.topics())}")
    result = index.search(
        topic, place=place.strip() if place else None, audience=audience, language=lang, limit=limit
    )
    return {
        "topic": topic,
        "place": result.place.as_dict() if result.place else None,
        "unresolved_place": result.unresolved_place,
        "place_would_help": result.place_would_help,
        "targets": [
            {**_public(match.target, lang), "match": LEVEL_NAMES[match.level], "reasons": match.reasons}
            for match in result.matches
        ],
    }
