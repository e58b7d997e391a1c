"""Numbers in claims, normalised so that "hundreds of drones" and "350 drones" can be compared.

Every quantity is a closed interval [low, high]: exact numbers have low == high, vague ones
("hundreds of", "dozens of") a range, bounds ("more than 100", "under 20%") an open side.
An open upper side is `UNBOUNDED` (the largest float: valid JSON, still orders correctly).

Dates (kind="date", unit="day") are days as proleptic Gregorian ordinals (`date.toordinal()`),
resolved against the article's publication date; without one, only absolute dates that
carry a year are kept. "on Thursday" means the latest Thursday on or before publication, or
the next one when the claim speaks of the future. Clock times are not extracted.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta

from consistency.models import Quantity

UNBOUNDED = sys.float_info.max
NounFinder = Callable[[int], "tuple[str, int] | None"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}  # fmt: skip
_SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
                  "tn": 1_000_000_000_000}  # fmt: skip
# plural vague amounts: low, high
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "millions": (2_000_000, 999_999_999), "billions": (2e9, 999e9),
}  # fmt: skip
_VAGUE_TENS = {"tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
               "tens of millions": (20e6, 99e6), "hundreds of millions": (200e6, 999e6)}  # fmt: skip
_CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_CURRENCY_WORDS = {
    "dollars": "usd", "dollar": "usd", "usd": "usd", "euros": "eur", "euro": "eur", "eur": "eur",
    "pounds": "gbp", "pound": "gbp", "gbp": "gbp", "yuan": "cny", "rubles": "rub", "roubles": "rub",
    "yen": "jpy", "rupees": "inr",
}  # fmt: skip
_MEASURES = {
    "kg": "kg", "kgs": "kg", "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "g": "g", "grams": "g",
    "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "lb": "lb", "lbs": "lb", "pounds-weight": "lb",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mi", "mile": "mi", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "feet": "ft", "foot": "ft", "mph": "mph", "km/h": "km/h", "kph": "km/h", "degrees": "deg",
    "litres": "l", "liters": "l", "barrels": "bbl", "hectares": "ha", "acres": "acre",
    "mw": "mw", "gw": "gw",
}  # fmt: skip
_PERCENT_WORDS = ("%", "percent", "per cent", "pct", "percentage points")

# modifiers before a number: (pattern, kind) where kind sets the open side / approximation
_MODIFIERS = [
    (r"more than|over|above|in excess of|upwards of|at least|no fewer than|no less than", "min"),
    (r"less than|fewer than|under|below|at most|no more than|up to|as many as|as much as", "max"),
    (r"about|around|approximately|roughly|nearly|almost|some|an estimated|close to|an? approximate", "approx"),
]
_MOD_RE = "|".join(f"(?P<{kind}>{pat})" for pat, kind in _MODIFIERS)

_WORDNUM = r"(?:" + "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True)) + r")"
_WORDSEQ = rf"(?:(?:a|an|half\s+a)\s+)?{_WORDNUM}(?:(?:\s+and\s+|[\s-]+){_WORDNUM})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_AFTER = r"(?:\s*(?:hundred|thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b)?"
_CORE = rf"(?:[$€£¥]\s?)?(?:{_DIGITS}){_SCALE_AFTER}|{_WORDSEQ}\b"
_NUM_RE = re.compile(
    rf"(?<![\w.,])(?<![A-Za-z]-)(?:(?:{_MOD_RE})\s+)?(?:between\s+|from\s+)?(?P<a>{_CORE})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<b>{_CORE}))?",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    r"\b(?P<v>(?:tens|hundreds) of (?:thousands|millions)|dozens|scores|hundreds|thousands|millions|billions)"
    r"\s+of\b",
    re.IGNORECASE,
)
_UNIT_AFTER_RE = re.compile(
    r"\s*(?P<u>%|per\s?cent|percent|pct|percentage points|"
    + "|".join(re.escape(u) for u in sorted(list(_MEASURES) + list(_CURRENCY_WORDS), key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"\s*(?:of\s+)?(?:the\s+)?([A-Za-z][A-Za-z-]*)")
_STOP_NOUN = {
    "and", "or", "to", "in", "on", "at", "of", "the", "a", "an", "was", "were", "is", "are", "has",
    "have", "had", "will", "would", "said", "per", "by", "for", "from", "with", "than", "as", "that",
    "who", "which", "more", "less", "times", "percent", "cent",
}  # fmt: skip


def _words_value(text: str) -> float | None:
    """'three dozen' -> 36, 'two hundred and five' -> 205, 'half a million' -> 500000."""
    words = re.split(r"[\s-]+", text.lower().strip())
    total, current, seen = 0.0, 0.0, False
    half = False
    for word in words:
        if word in ("and",):
            continue
        if word in ("a", "an"):
            continue  # "a" is one only before a scale ("a hundred", "half a million"), not in "a four-year deal"
        if word == "half":
            half = True
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            seen = True
            if scale >= 1000:
                total += current
                current = 0
        else:
            return None
    if not seen:
        return None
    value = total + current
    return value / 2 if half else value


def _core_value(text: str) -> tuple[float | None, str | None]:
    """Value and currency of one number as written ('$5 million', '12,000', 'twelve')."""
    raw = text.strip()
    unit = None
    if raw[:1] in _CURRENCY_SIGNS:
        unit = _CURRENCY_SIGNS[raw[0]]
        raw = raw[1:].strip()
    m = re.match(rf"({_DIGITS})\s*([a-zA-Z]*)$", raw)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = m.group(2).lower()
        if scale in _SCALES:
            value *= _SCALES[scale]
        elif scale in _SUFFIX_SCALES:
            value *= _SUFFIX_SCALES[scale]
        elif scale:
            return None, unit
        return value, unit
    return _words_value(raw), unit


def _default_noun(text: str, end: int) -> tuple[str, int] | None:
    m = _WORD_RE.match(text, end)
    if not m:
        return None
    word = m.group(1).lower()
    return None if word in _STOP_NOUN else (word, m.end())


def _numbers(text: str, nouns: NounFinder) -> list[tuple[int, int, Quantity]]:
    found: list[tuple[int, int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in _VAGUE_RE.finditer(text):
        key = m.group("v").lower()
        low, high = _VAGUE_TENS.get(key) or _VAGUE[key]
        noun = nouns(m.end())
        end = noun[1] if noun else m.end()
        what = noun[0] if noun else None
        found.append((m.start(), end, Quantity(text[m.start() : end], low, high, None, what, "count", True)))
        taken.append((m.start(), end))
    for m in _NUM_RE.finditer(text):
        if any(s <= m.start("a") < e for s, e in taken):
            continue
        a_text = m.group("a")
        if a_text.lower().strip() in ("a", "an", "half a"):
            continue
        low_v, cur_a = _core_value(a_text)
        if low_v is None:
            continue
        # a bare single-word "one" is rarely a quantity ("one of the", "no one")
        if a_text.strip().lower() == "one" and not m.group("b"):
            continue
        high_v, cur_b = low_v, cur_a
        end = m.end()
        if m.group("b"):
            b_val, cur_b = _core_value(m.group("b"))
            if b_val is None or b_val < low_v and not re.search(r"[a-z]", m.group("b"), re.I):
                end = m.end("a")
                b_val = None
            if b_val is not None:
                # "35 to 50 million": the scale of the second number applies to the first
                scale = re.search(
                    r"(hundred|thousand|million|billion|trillion|k|m|mn|bn|b|tn)$", m.group("b").strip(), re.I
                )
                if scale and not re.search(r"[a-z]", a_text, re.I):
                    word = scale.group(1).lower()
                    low_v *= _SCALES.get(word) or _SUFFIX_SCALES.get(word, 1)
                high_v = b_val
        if low_v > high_v:
            low_v, high_v = high_v, low_v
        unit = cur_a or cur_b
        kind = "money" if unit else "count"
        approximate = False
        if m.group("min"):
            high_v, approximate = UNBOUNDED, True
        elif m.group("max"):
            low_v, approximate = 0.0, True
        elif m.group("approx"):
            approximate = True
        counted: str | None = None
        u = _UNIT_AFTER_RE.match(text, end)
        if u:
            word = re.sub(r"\s+", " ", u.group("u").lower())
            end = u.end()
            if word in ("%", "percent", "per cent", "percent", "pct", "percentage points") or word.startswith("per"):
                unit, kind = "%", "percent"
            elif word in _CURRENCY_WORDS:
                unit, kind = _CURRENCY_WORDS[word], "money"
            else:
                unit, kind = _MEASURES[word], "measure"
        if kind == "count":
            if re.fullmatch(r"(1[89]|20)\d\d", a_text.strip()) and not m.group("b"):
                continue  # a year: handled as a date
            noun = nouns(end)
            if noun:
                counted, end = noun
        span_text = text[m.start() : end].strip()
        found.append((m.start(), end, Quantity(span_text, low_v, high_v, unit, counted, kind, approximate)))
        taken.append((m.start(), end))
    return found


# --- dates -----------------------------------------------------------------------------------

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RES = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?:on\s+)?(?P<mon>{_MONTH_RE})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
            re.I,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
            re.I,
        ),
    ),
    ("my", re.compile(rf"\b(?:in\s+)?(?P<mon>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?P<rel>on|last|this|next|this past|late|early)?\s*(?P<wd>"
            + "|".join(_WEEKDAYS)
            + r")\b(?:\s+(?:morning|afternoon|evening|night))?",
            re.I,
        ),
    ),
    ("relday", re.compile(r"\b(?P<w>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening))\b", re.I)),
    (
        "relperiod",
        re.compile(
            r"\b(?P<rel>last|this|next|earlier this|later this|past)\s+(?P<unit>week|month|year|weekend)\b", re.I
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            re.I,
        ),
    ),
    ("inmonth", re.compile(rf"\b(?:in|since|during|by|until|last|this)\s+(?P<mon>{_MONTH_RE})(?!\s*\d)\b", re.I)),
    ("year", re.compile(r"\b(?P<pre>in|since|during|by|until|of|for|before|after)\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
]  # fmt: skip


def _month_range(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return start, nxt - timedelta(days=1)


def _q(text: str, lo: date, hi: date, approximate: bool = False) -> Quantity:
    return Quantity(text.strip(), float(lo.toordinal()), float(hi.toordinal()), "day", None, "date", approximate)


def _date_from(kind: str, m: re.Match[str], pub: date | None, future: bool) -> Quantity | None:
    g = m.groupdict()
    text = m.group(0)
    if kind == "iso":
        d = date(int(g["y"]), int(g["m"]), int(g["d"]))
        return _q(text, d, d)
    if kind in ("mdy", "dmy"):
        month, day = _MONTHS[g["mon"].lower().rstrip(".")], int(g["d"])
        if g["mon"].lower() == "may" and kind == "mdy" and not g.get("y") and pub is None:
            return None
        year = int(g["y"]) if g.get("y") else (pub.year if pub else None)
        if year is None:
            return None
        d = date(year, month, day)
        if not g.get("y") and pub and not future and d > pub + timedelta(days=1):
            d = date(year - 1, month, day)  # "on December 30" in a January article
        return _q(text, d, d)
    if kind == "my":
        lo, hi = _month_range(int(g["y"]), _MONTHS[g["mon"].lower().rstrip(".")])
        return _q(text, lo, hi)
    if kind == "year":
        y = int(g["y"])
        return _q(text, date(y, 1, 1), date(y, 12, 31))
    if pub is None:
        return None
    if kind == "weekday":
        target = _WEEKDAYS.index(g["wd"].lower())
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (future and rel not in ("last", "this past")):
            delta = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
            d = pub + timedelta(days=delta)
        else:
            delta = (pub.weekday() - target) % 7
            if rel in ("last", "this past") and delta == 0:
                delta = 7
            d = pub - timedelta(days=delta)
        return _q(text, d, d)
    if kind == "relday":
        w = g["w"].lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
        d = pub + timedelta(days=offset)
        return _q(text, d, d)
    if kind == "relperiod":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        shift = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
        if unit in ("week", "weekend"):
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
            lo, hi = (
                (monday + timedelta(days=5), monday + timedelta(days=6))
                if unit == "weekend"
                else (monday, monday + timedelta(days=6))
            )
        elif unit == "month":
            y, mth = pub.year, pub.month + shift
            y, mth = (y - 1, 12) if mth == 0 else (y + 1, 1) if mth == 13 else (y, mth)
            lo, hi = _month_range(y, mth)
        else:
            lo, hi = date(pub.year + shift, 1, 1), date(pub.year + shift, 12, 31)
        if rel == "earlier this":
            hi = min(hi, pub)
        if rel == "later this":
            lo = max(lo, pub)
        if rel == "past" and unit != "year":
            lo, hi = pub - (timedelta(days=7) if unit.startswith("week") else timedelta(days=31)), pub
        return _q(text, lo, hi, approximate=True)
    if kind == "ago":
        n_raw = g["n"].lower()
        n = int(n_raw) if n_raw.isdigit() else (_UNITS.get(n_raw) or 1)
        unit = g["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d = pub - timedelta(days=days)
        slack = {"day": 0, "week": 3, "month": 15, "year": 180}[unit]
        return _q(text, d - timedelta(days=slack), d + timedelta(days=slack), approximate=slack > 0)
    if kind == "inmonth":
        month = _MONTHS[g["mon"].lower().rstrip(".")]
        if g["mon"].lower() == "may":
            return None  # the modal verb, far more often than the month
        year = pub.year if (future or month <= pub.month) else pub.year - 1
        lo, hi = _month_range(year, month)
        return _q(text, lo, hi)
    return None


def extract_dates(
    text: str, published_at: datetime | date | None = None, *, future: bool = False
) -> list[tuple[int, int, Quantity]]:
    """Date expressions as (start, end, Quantity) in `text`, earliest pattern wins on overlap."""
    return _scan_dates(text, published_at, future)[0]


def _scan_dates(
    text: str, published_at: datetime | date | None, future: bool
) -> tuple[list[tuple[int, int, Quantity]], list[tuple[int, int]]]:
    """The dates, and where a day of a month is written ("On November 15", "15 November"), dated
    or not: with no year and no publication date it is no date we can place, and still no count
    ("15 an explosion"). One pass over the patterns serves both."""
    pub = published_at.date() if isinstance(published_at, datetime) else published_at
    found: list[tuple[int, int, Quantity]] = []
    days: list[tuple[int, int]] = []
    for kind, regex in _DATE_RES:
        for m in regex.finditer(text):
            # a month is capitalised ("march 20 km" is the verb), and "November 15,000" is a number
            if kind in ("mdy", "dmy") and m.group("mon")[:1].isupper() and not re.match(r"[,.]?\d", text[m.end() :]):
                days.append((m.start(), m.end()))
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            try:
                q = _date_from(kind, m, pub, future)
            except (ValueError, OverflowError):
                q = None
            if q is not None:
                found.append((m.start(), m.end(), q))
    return found, days


# "no deaths", "no one was hurt": a count of zero dead or injured, which a later toll disputes;
# not "no immediate reports of injuries" or "no deaths so far" (an early word, which a toll updates)
_ZERO_NOUN = re.compile(
    r"\b(?:no|zero)\s+(?:reports?\s+of\s+(?:any\s+)?)?(?:(?:serious|major|fatal)\s+)?"
    r"(?P<n>deaths?|fatalities|injuries|dead|injured|wounded)\b",
    re.I,
)
_ZERO_VERB = re.compile(
    r"\b(?:no\s*one|nobody|none)\s+(?:\w+\s+)?(?:was|were|has\s+been|had\s+been|have\s+been)\s+"
    r"(?:(?:seriously|badly|critically|fatally)\s+)?(?P<n>killed|hurt|injured|wounded|harmed)\b",
    re.I,
)
_TENTATIVE = re.compile(
    r"\b(?:immediate(?:ly)?|initial(?:ly)?|early|yet|so\s+far|at\s+this\s+time|new|further|more)\b", re.I
)
_ZERO_ROLE = {"death": "dead", "deaths": "dead", "fatalities": "dead", "dead": "dead", "killed": "dead"}


def _zero_counts(text: str) -> list[tuple[int, int, Quantity]]:
    if _TENTATIVE.search(text):
        return []
    out = []
    for regex in (_ZERO_NOUN, _ZERO_VERB):
        for m in regex.finditer(text):
            role = _ZERO_ROLE.get(m.group("n").lower(), "injured")
            out.append((m.start(), m.end(), Quantity(m.group(0), 0.0, 0.0, None, role, "count")))
    return out


# readings with their own way of writing: "a magnitude 6.8 quake", "41C", "44 degrees Celsius",
# and a person's age in apposition ("Sanders, 72, was ...": the age of Sanders, not a count)
_MAGNITUDE = re.compile(r"\bmagnitude[- ](?P<v>\d(?:\.\d)?)\b|\b(?P<w>\d(?:\.\d)?)[- ]magnitude\b", re.I)
_TEMPERATURE = re.compile(
    r"(?<![\w.])(?P<v>-?\d{1,3}(?:\.\d)?)\s*(?:°\s*(?P<a>[CF])(?![\w-])|(?P<b>[CF])(?![\w-])|degrees?\s+(?P<c>Celsius|Fahrenheit|C|F)\b)"
)
_AGE = re.compile(r"\b(?P<name>[A-Z][a-z]*[A-Z]?[a-z]{2,}),\s+(?P<v>\d{1,3}),")  # "LaPorta, 32,"


def _readings(text: str) -> list[tuple[int, int, Quantity]]:
    out = []
    for m in _MAGNITUDE.finditer(text):
        v = float(m.group("v") or m.group("w"))
        out.append((m.start(), m.end(), Quantity(m.group(0), v, v, "magnitude", None, "measure")))
    for m in _TEMPERATURE.finditer(text):
        scale = (m.group("a") or m.group("b") or m.group("c") or "C")[0].upper()
        v = float(m.group("v"))
        unit = "celsius" if scale == "C" else "fahrenheit"
        out.append((m.start(), m.end(), Quantity(m.group(0), v, v, unit, None, "measure")))
    for m in _AGE.finditer(text):
        v = float(m.group("v"))
        age = Quantity(
            f"{m.group('name')}, {m.group('v')}", v, v, "years", f"age of {m.group('name').lower()}", "count"
        )
        out.append((m.start("v"), m.end("v"), age))
    return out


# "180,000 cars, not the 120,000 it announced": a figure the sentence sets aside is not its claim
_BOUND = re.compile(r"(?:more|less|fewer|over|under|above|below|at\s+least|at\s+most|up\s+to|as\s+many)\b", re.I)
# ("not about 120,000": "about" belongs to the number, see _MODIFIERS)
_REJECTED = re.compile(r"\b(?:not|rather\s+than|instead\s+of)\s+(?:the\s+)?$", re.I)


def extract_quantities(
    text: str,
    published_at: datetime | date | None = None,
    *,
    future: bool = False,
    nouns: NounFinder | None = None,
) -> list[Quantity]:
    """All quantities in `text`, in reading order.

    `nouns(end)` names what a number counts, given the character offset after it, as (noun,
    offset after the noun); claims pass one that reads the parse, the default takes the next word.
    """
    if not isinstance(text, str) or not text:
        return []
    noun_of = nouns or (lambda end: _default_noun(text, end))
    try:
        dates, days = _scan_dates(text, published_at, future)
        special = _zero_counts(text) + _readings(text)
        taken = [(s, e) for s, e, _ in dates + special] + days
        numbers = special + [
            n
            for n in _numbers(text, noun_of)
            if not any(s < n[1] and n[0] < e for s, e in taken)
            and not (not _BOUND.match(n[2].text) and _REJECTED.search(text, 0, n[0]))
        ]
    except (ValueError, OverflowError, RecursionError):  # pragma: no cover - defensive
        return []
    return [q for _, _, q in sorted(dates + numbers, key=lambda x: x[0])]
