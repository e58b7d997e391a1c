"""Probe a judge model with pairs that separate reading from word overlap.

    python benchmarks/judge_probe.py [--model FOLDER ...]

Each FOLDER holds model.onnx, tokenizer.json and card.json (default: the shipped model). The
pairs are our own sentences about invented events, written for this probe and in no training
set. They come in kinds that a model trained on reporting frames tends to confuse:

- one edit: a figure, an opposite word or a negation changes what the claim says (contradiction);
- one edit, each side with its own speaker ("X said P" / "Y said not-P") (contradiction);
- attributed restatements: the same fact worded and attributed differently (entailment);
- denials of the fact (contradiction);
- the same story, another fact (neutral);
- conflicting accounts: two sources' versions of one event that cannot both hold (contradiction);
- an added detail: the shorter claim does not hold the longer one (neutral, read forward).

Prints the share each model reads as the expected class (argmax), per kind.
"""

# ruff: noqa: E501
from __future__ import annotations

import argparse
from pathlib import Path

from consistency.judge.crossencoder import MODEL_DIR, MODEL_LABELS, CrossEncoder

C, E, N = "contradiction", "entailment", "neutral"
PROBES: dict[str, list[tuple[str, str, str]]] = {
    "one edit": [
        ("The missing sailor is alive, the coast guard said.", "The missing sailor is dead.", C),
        ("Forty-two houses were destroyed by the landslide in Varel.", "Four houses were destroyed by the landslide in Varel.", C),
        ("The court found the mayor guilty of bribery.", "The court found the mayor innocent of bribery.", C),
        ("The ferry operator has resumed crossings to Tarnholm.", "The ferry operator has not resumed crossings to Tarnholm.", C),
        ("Unemployment in the region rose to 7 percent in March.", "Unemployment in the region fell to 7 percent in March.", C),
        ("The union accepted the pay offer on Monday.", "The union rejected the pay offer on Monday.", C),
        ("The dam was opened before the storm arrived.", "The dam was opened after the storm arrived.", C),
        ("The vaccine will be free for children under 12.", "The vaccine will not be free for children under 12.", C),
        ("About 300 workers joined the strike at the port.", "About 3,000 workers joined the strike at the port.", C),
        ("The embassy in Lusora is closed until further notice.", "The embassy in Lusora is open as usual.", C),
    ],
    "one edit, two speakers": [
        ("The ministry said 15 soldiers were wounded in the attack.", "According to the rebels, 50 soldiers were wounded in the attack.", C),
        ("Police said the driver was sober at the time of the crash.", "The victim's family said the driver was drunk at the time of the crash.", C),
        ("The club said the striker has signed a new contract.", "The striker has not signed a new contract, his agent told reporters.", C),
        ("The airline said the plane was carrying 180 passengers.", "The plane was carrying 118 passengers, local media reported.", C),
        ("Officials said the bridge is safe for traffic.", "Engineers told the Harbour Gazette the bridge is unsafe for traffic.", C),
        ("The company said its profits increased last year.", "Analysts said the company's profits decreased last year.", C),
    ],
    "attributed restatement": [
        ("The fire at the Kessel chemical plant was put out on Sunday, officials said.", "Firefighters extinguished the blaze at the Kessel plant on Sunday.", E),
        ("Two climbers were rescued from Mount Orsa, the mountain rescue service said.", "Rescuers brought two climbers down from Mount Orsa safely.", E),
        ("The president will visit Tarnholm next week, his office announced.", "The president is due to travel to Tarnholm next week, state radio reported.", E),
        ("The central bank cut its key rate by half a point.", "The central bank lowered interest rates, Reuters reported.", E),
        ("The striker signed a three-year contract with the club, the club said.", "The striker has agreed a new three-year deal.", E),
        ("Heavy rain forced the closure of the A7 motorway, police said.", "Police closed the A7 motorway because of heavy rain.", E),
        ("The trial of the former minister began on Tuesday in Varel.", "The former minister went on trial in Varel on Tuesday, according to local media.", E),
        ("The factory will shut in June, cutting 400 jobs.", "About 400 jobs will go when the factory closes in June, the union said.", E),
    ],
    "denial": [
        ("The minister met the arms dealer in Geneva last year.", "The minister's office denied that he had ever met the arms dealer.", C),
        ("Troops crossed the border overnight, witnesses said.", "The defence ministry dismissed reports that troops had crossed the border as fabricated.", C),
        ("The company paid a ransom to the hackers.", "There is no truth to reports that we paid the hackers, a company spokesperson said.", C),
        ("The coach has been sacked, two sources told the Harbour Gazette.", "The club denied that the coach had been sacked.", C),
    ],
    "same story, another fact": [
        ("The missing sailor is alive, the coast guard said.", "The sailor's boat left the harbour on Thursday morning.", N),
        ("The court found the mayor guilty of bribery.", "The mayor has led the city since 2019.", N),
        ("Forty-two houses were destroyed by the landslide in Varel.", "Rescue teams from three regions were sent to Varel.", N),
        ("The union accepted the pay offer on Monday.", "The port is the country's second largest by volume.", N),
        ("The ministry said 15 soldiers were wounded in the attack.", "The attack took place near a checkpoint on the main road.", N),
        ("The central bank cut its key rate by half a point.", "The bank's governor will testify before parliament in May.", N),
        ("The embassy in Lusora is closed until further notice.", "Lusora's foreign minister is visiting Brussels this week.", N),
        ("Police said the driver was sober at the time of the crash.", "The crash happened on a stretch of road known for accidents.", N),
    ],
    # added in session 14, before the accounts stage was trained: two outlets' accounts of one
    # event that cannot both hold, often long or attributed on both sides
    "conflicting accounts": [
        ("Officials said the drone spotted above Vermont is a Canadian military drone.", "The ministry said the drone was a civilian weather drone that had drifted off course.", C),
        ("Jan Kowal is neither in the embassy nor in the country, the consul said.", "The president's spokesperson said Kowal was still inside the embassy, one day after his wife reported him missing.", C),
        ("The ferry sank off the coast of North Varel on Saturday, the navy said.", "The ferry went down off the South Varel coast on Saturday.", C),
        ("The dismissed reporter, 32, had filed the story on Tuesday.", "The agency dismissed the reporter, 35, after a short review.", C),
        ("The guard was strangled as soon as he entered the depot, the prosecutor said.", "The guard died of a lethal injection inside the depot, the defence ministry said.", C),
        ("According to the army, the shell was fired by Norland's artillery.", "Three officials said the shell was most likely fired by Pelland's own air defences.", C),
        ("All fifteen men arrived on two jets on Tuesday morning, the airport said.", "Twelve of the men came in early on Tuesday, the newspaper reported.", C),
        ("The minister gave the order to close the border, two aides said.", "The cabinet office said the minister knew nothing about the border closure.", C),
    ],
    # one side adds a detail: the shorter does not hold the longer (read forward: neutral)
    "added detail": [
        ("A Falke-7 drone flew over the Rennick airbase.", "A Falke-7 drone carrying thermal cameras flew over the Rennick airbase.", N),
        ("Police arrested a man in Kestra on Friday.", "Police arrested a 34-year-old man in Kestra on Friday on suspicion of arson.", N),
        ("The harbour workers went on strike on Monday.", "The harbour workers went on strike on Monday, demanding a 9% pay rise.", N),
        ("The council approved the budget, the mayor said.", "The council approved the budget after a four-hour debate, cutting spending on roads.", N),
    ],
}  # fmt: skip


def probe(model: CrossEncoder) -> dict[str, tuple[int, int]]:
    out = {}
    for kind, rows in PROBES.items():
        probs = model.predict([(a, b) for a, b, _ in rows])
        right = sum(MODEL_LABELS[int(p.argmax())] == gold for p, (_, _, gold) in zip(probs, rows, strict=True))
        out[kind] = (right, len(rows))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, action="append", help="a model folder (repeatable)")
    args = ap.parse_args()
    for folder in args.model or [MODEL_DIR]:
        scores = probe(CrossEncoder(folder))
        total = sum(r for r, _ in scores.values()), sum(n for _, n in scores.values())
        print(f"{folder}: {total[0]}/{total[1]}")
        for kind, (right, n) in scores.items():
            print(f"  {kind:<26} {right}/{n}")


if __name__ == "__main__":
    main()
