"""A synthetic news corpus of any size, written from our own templates.

Stories are invented events (a ministry orders trucks, a port closes, a strike ends); each has
facts with numbers, places and dates. Articles are written by many outlets over many days; an
article covers one story and sometimes a second, words each fact with one of several
paraphrases, attributes some facts to a speaker, hedges some, and now and then reports a
different number than other outlets did (a conflict the judge should see). Everything is
generated from a seed, so two runs with the same arguments write the same files.

    python benchmarks/synth.py OUT_DIR --articles 2000 --seed 7
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

_OUTLET_A = ("Northern", "Harbour", "Valley", "Capital", "Coastal", "Midland", "Eastern", "Western", "Highland",
             "River", "Lakeside", "Prairie", "Summit", "Granite", "Amber", "Cedar", "Iron", "Silver", "Copper",
             "Meadow")  # fmt: skip
_OUTLET_B = ("Ledger", "Courier", "Gazette", "Herald", "Observer", "Tribune", "Post", "Chronicle", "Dispatch",
             "Record", "Sentinel", "Examiner", "Bulletin", "Monitor", "Journal")  # fmt: skip
_PLACES = ("Arvena", "Belmora", "Castrel", "Dunhollow", "Eskarth", "Fenwick Bay", "Galdera", "Holmstad", "Istrava",
           "Jorvik Flats", "Kessary", "Lindmoor", "Marrowgate", "Norvale", "Ostrand", "Pellinor", "Quarrin",
           "Rothmere", "Sallow Point", "Tervasi")  # fmt: skip
_BODIES = ("the transport ministry", "the regional council", "the port authority", "the health agency",
           "the energy regulator", "the national rail operator", "the teachers' union", "the central bank",
           "the water utility", "the defence ministry", "the city hall", "the farmers' association")  # fmt: skip
_PEOPLE = ("Mara Lindqvist", "Tomas Okonkwo", "Elena Varga", "Samir Haddad", "Ingrid Solberg", "Paolo Ferri",
           "Aiko Tanaka", "Juan Morales", "Leila Nasser", "Viktor Halden", "Grace Mbeki", "Oskar Brandt")  # fmt: skip
_THINGS = ("electric buses", "hospital beds", "wind turbines", "rail carriages", "school laptops", "water pumps",
           "police vehicles", "housing units", "bridge inspections", "vaccine doses", "flood barriers",
           "customs officers")  # fmt: skip
_VERBS = (("order", "ordered", "has ordered", "placed an order for"),
          ("buy", "bought", "has bought", "agreed to purchase"),
          ("deliver", "delivered", "has delivered", "handed over"),
          ("cut", "cut", "has cut", "announced cuts of"),
          ("add", "added", "has added", "will add"))  # fmt: skip
_EVENTS = (("a strike", "ended", "came to an end"), ("a fire", "was contained", "was brought under control"),
           ("the main road", "reopened", "was opened again"), ("a storm", "hit", "struck"),
           ("the harbour", "closed", "was shut"), ("a power cut", "spread", "spread across the district"))  # fmt: skip
_SAYS = ("said", "told reporters", "said in a statement", "confirmed", "announced")
_HEDGES = ("may", "could", "is expected to", "is likely to")


@dataclass
class Story:
    """One invented event with the facts outlets report about it."""

    sid: int
    place: str
    body: str
    person: str
    thing: str
    verb: tuple[str, str, str, str]
    count: int
    cost: int  # millions
    event: tuple[str, str, str]
    affected: int
    day: datetime


def outlets(n: int) -> list[str]:
    names = [f"The {a} {b}" for a in _OUTLET_A for b in _OUTLET_B]
    random.Random(0).shuffle(names)
    return names[: max(1, min(n, len(names)))]


def _story(rng: random.Random, sid: int, start: datetime, days: int) -> Story:
    return Story(
        sid=sid,
        place=rng.choice(_PLACES),
        body=rng.choice(_BODIES),
        person=rng.choice(_PEOPLE),
        thing=rng.choice(_THINGS),
        verb=rng.choice(_VERBS),
        count=rng.choice((12, 40, 75, 120, 300, 450, 800, 1200, 2500)) + rng.randint(0, 9),
        cost=rng.randint(2, 900),
        event=rng.choice(_EVENTS),
        affected=rng.randint(2, 90) * 100,
        day=start + timedelta(days=rng.randint(0, max(0, days - 1)), hours=rng.randint(6, 20)),
    )


def _facts(rng: random.Random, s: Story, outlet_bias: float) -> list[str]:
    """Sentences about one story, each fact in one of several wordings, some numbers in conflict."""
    count = s.count if rng.random() > outlet_bias else s.count + rng.choice((-1, 1)) * max(2, s.count // 4)
    cost = s.cost if rng.random() > outlet_bias else s.cost * 2
    body = s.body[0].upper() + s.body[1:]
    v = s.verb
    order = rng.choice(
        (
            f"{body} in {s.place} {v[1]} {count} {s.thing}.",
            f"{body} {v[3]} {count} {s.thing} for {s.place}.",
            f"In {s.place}, {s.body} {v[2]} {count} {s.thing}, officials said.",
            f"{count} {s.thing} were {v[1]} by {s.body} in {s.place}.",
        )
    )
    money = rng.choice(
        (
            f"The deal is worth about {cost} million euros.",
            f"The contract is valued at {cost} million euros, according to {s.person}.",
            f"{s.person} said the plan would cost {cost} million euros.",
        )
    )
    event = rng.choice(
        (
            f"Earlier this week {s.event[0]} {s.event[1]} in {s.place}, affecting {s.affected} residents.",
            f"In {s.place}, {s.event[0]} {s.event[2]}, and some {s.affected} people were affected.",
            f"About {s.affected} residents of {s.place} were affected after {s.event[0]} {s.event[1]}.",
        )
    )
    quote = rng.choice(
        (
            f"{s.person}, a spokesperson for {s.body}, {rng.choice(_SAYS)} that more details would follow.",
            f'"We acted as quickly as we could," {s.person} {rng.choice(_SAYS)}.',
            f"{s.person} {rng.choice(_SAYS)} that the decision had been taken after months of talks.",
        )
    )
    denial = rng.choice(
        (
            f"{body} denied that the {s.thing} had been delayed.",
            f"Critics said the {s.thing} had not been tested properly.",
            f"The {s.thing} {rng.choice(_HEDGES)} arrive later than planned, two sources said.",
            f"No decision has been made on further {s.thing}, {s.person} said.",
        )
    )
    background = rng.choice(
        (
            f"{s.place} has a population of about {rng.randint(20, 900)} thousand people.",
            f"The region last received similar support {rng.randint(2, 15)} years ago.",
            f"Opposition members in {s.place} called for an independent review of the spending.",
        )
    )
    facts = [order, money, event, quote, denial, background]
    keep = [facts[0]] + rng.sample(facts[1:], k=rng.randint(3, len(facts) - 1))
    return keep


def articles(n: int, *, seed: int = 7, n_outlets: int = 60, days: int = 120) -> Iterator[tuple[str, str]]:
    """(file name, text) for `n` articles; roughly one story per four articles, so stories overlap."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1)
    names = outlets(n_outlets)
    bias = {name: rng.uniform(0.0, 0.35) for name in names}
    stories = [_story(rng, i, start, days) for i in range(max(1, n // 4))]
    for i in range(n):
        outlet = rng.choice(names)
        main = rng.choice(stories)
        lines = _facts(rng, main, bias[outlet])
        if rng.random() < 0.4:
            lines += _facts(rng, rng.choice(stories), bias[outlet])[:3]
        tail = lines[1:]
        rng.shuffle(tail)
        lines = lines[:1] + tail
        when = main.day + timedelta(hours=rng.randint(0, 72), minutes=rng.randint(0, 59))
        title = f"{main.place}: {main.body} and the {main.thing}"
        header = f"Title: {title}\nOutlet: {outlet}\nDate: {when:%Y-%m-%dT%H:%M}\n\n"
        body = "\n\n".join(lines)
        yield f"{i:07d}-{outlet.lower().replace(' ', '-')}.txt", header + body + "\n"


def sentences(n: int, *, seed: int = 11) -> list[str]:
    """`n` claim-like sentences drawn from the same generator (for encode-only and vector benchmarks)."""
    out: list[str] = []
    for _, text in articles(max(1, n // 4), seed=seed):
        out.extend(line for line in text.split("\n\n")[1:] if line.strip())
        if len(out) >= n:
            break
    while len(out) < n:  # pragma: no cover - only for tiny n with short articles
        out.extend(out[: n - len(out)])
    return [s.strip() for s in out[:n]]


def write_corpus(directory: Path, n: int, *, seed: int = 7) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles(n, seed=seed):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.articles, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
