"""What a valid knowledge-base entry looks like (pydantic models of the YAML files)."""

from __future__ import annotations

import re
from datetime import date
from typing import Dict, List, Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, Extra, HttpUrl, root_validator, validator

from kb.languages import SUPPORTED_LANGUAGES

KINDS = (
    "welcome_center",
    "authority",
    "counselling",
    "chamber",
    "hotline",
    "portal",
    "network",
    "employment_agency",
)
AUDIENCES = ("newcomer", "employer", "both")
STATE_CODES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH")


class Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


def _languages(value: Dict[str, str]) -> Dict[str, str]:
    unknown = sorted(set(value) - set(SUPPORTED_LANGUAGES))
    if unknown:
        raise ValueError(
            f"unknown language code(s) {', '.join(unknown)}; use {', '.join(SUPPORTED_LANGUAGES)}"
        )
    empty = sorted(code for code, text in value.items() if not str(text or "").strip())
    if empty:
        raise ValueError(f"empty text for {', '.join(empty)}")
    if "de" not in value and "en" not in value:
        raise ValueError("needs at least German (de) or English (en), the fallback languages")
    return value


ASPECTS = ("default", "cost", "eligibility", "process", "employer")


class Topic(Strict):
    id: str
    family: str
    label: Dict[str, str]
    # Which answer a question about this topic gets, by what it asks about.
    answers: Dict[str, str] = {}

    _label_languages = validator("label", allow_reuse=True)(_languages)

    @validator("answers")
    def _aspects(cls, value: Dict[str, str]) -> Dict[str, str]:
        unknown = sorted(set(value) - set(ASPECTS))
        if unknown:
            raise ValueError(f"unknown aspect(s) {', '.join(unknown)}; use {', '.join(ASPECTS)}")
        if value and "default" not in value:
            raise ValueError("name a default answer")
        return value


class Coverage(Strict):
    nationwide: bool = False
    states: List[str] = []
    districts: List[str] = []
    cities: List[str] = []

    @validator("states", each_item=True)
    def _state(cls, value: str) -> str:
        if value not in STATE_CODES:
            raise ValueError(f"unknown federal state {value!r}; use one of {', '.join(STATE_CODES)}")
        return value

    @root_validator(skip_on_failure=True)
    def _exactly_one(cls, values: dict) -> dict:
        given = [key for key in ("states", "districts", "cities") if values[key]]
        if values["nationwide"]:
            given.append("nationwide")
        if len(given) != 1:
            raise ValueError("give exactly one of nationwide, states, districts, cities")
        return values


class Contact(Strict):
    address: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    website: Optional[HttpUrl] = None

    @validator("phone")
    def _phone(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        try:
            number = phonenumbers.parse(value, "DE")
        except phonenumbers.NumberParseException as error:
            raise ValueError(f"not a phone number: {value!r}") from error
        if not phonenumbers.is_valid_number(number):
            raise ValueError(f"not a valid phone number: {value!r}")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @validator("email")
    def _email(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise ValueError(f"not a valid e-mail address: {value!r}") from error


def _not_in_future(value: date) -> date:
    if value > date.today():
        raise ValueError(f"{value} is in the future")
    return value


class ReferralTarget(Strict):
    """An office, network partner, hotline or portal people are referred to."""

    id: str
    name: str
    kind: str
    audience: str
    topics: List[str]
    coverage: Coverage
    contact: Contact = Contact()
    opening_hours: Optional[Dict[str, str]] = None
    languages: List[str] = []
    description: Dict[str, str]
    source: HttpUrl
    verified: date

    _description_languages = validator("description", allow_reuse=True)(_languages)
    _verified = validator("verified", allow_reuse=True)(_not_in_future)

    @validator("id")
    def _id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError("use lowercase letters, digits and single hyphens")
        return value

    @validator("kind")
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"unknown kind {value!r}; use one of {', '.join(KINDS)}")
        return value

    @validator("audience")
    def _audience(cls, value: str) -> str:
        if value not in AUDIENCES:
            raise ValueError(f"unknown audience {value!r}; use one of {', '.join(AUDIENCES)}")
        return value

    @validator("languages", each_item=True)
    def _spoken(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha() or not value.islower():
            raise ValueError(f"unknown language code {value!r}; use ISO 639-1 codes such as de, en, ar")
        return value

    @validator("opening_hours")
    def _hours_languages(cls, value: Optional[Dict[str, str]]) -> Optional[Dict[str, str]]:
        return _languages(value) if value is not None else value


class Answer(Strict):
    """A dated fact the bot tells, in every language, with its sources."""

    key: str
    topic: str
    text: Dict[str, str]
    sources: List[HttpUrl]
    verified: date
    review_by: Optional[date] = None
    uncertain: bool = False

    _text_languages = validator("text", allow_reuse=True)(_languages)
    _verified = validator("verified", allow_reuse=True)(_not_in_future)

    @validator("key")
    def _key(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", value):
            raise ValueError("use <topic>.<aspect> in lowercase letters, digits and underscores")
        return value

    @validator("sources")
    def _at_least_one(cls, value: List[HttpUrl]) -> List[HttpUrl]:
        if not value:
            raise ValueError("name at least one source URL")
        return value
