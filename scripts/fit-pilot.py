#!/usr/bin/python3
"""Refits the pilot's two fitted values to the public record, by a grid search.

The public record (gouvernement.fr, 26/07/2019): about 60 households, 95 people, had entered the programme by
26 July 2019. The fitted values are `origin.initial_referred` (households referred before the launch) and
`origin.referrals_per_year`; `households.children_weights` sets the people per household and stays as it is.

Each grid point runs scenarios/pilot-2019.toml with the same seed and replications (`emile.run`) and counts, in
each replication, the households (and their people) enrolled in the steps dated on or before 26 July 2019 — the
measure `Simulation.reproduces_the_early_public_record` checks. Its loss is the sum of the squared relative errors
of the means against 60 and 95. The script prints every point (loss, means) and the best.

Both values raise the same count, so the loss has a ridge: the grid shows how well the pair is pinned down.
The calibration of the programme as a whole (ABC) replaces this search.

    PYTHONPATH=build/python /usr/bin/python3 scripts/fit-pilot.py [--replications 20] [--seed 1]
        [--initial 25,35,45,55,65] [--rate 100,200,300,400,500]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent
PILOT = SOURCE / "scenarios" / "pilot-2019.toml"
TARGET_HOUSEHOLDS, TARGET_PERSONS = 60.0, 95.0
RECORD_DATE = "2019-07-26"


def numbers(text: str) -> list[int]:
    return [int(v) for v in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--initial", type=numbers, default=[25, 35, 45, 55, 65], help="origin.initial_referred values")
    parser.add_argument("--rate", type=numbers, default=[100, 200, 300, 400, 500], help="origin.referrals_per_year values")
    args = parser.parse_args()

    import pandas as pd

    import emile

    rows = []
    for initial in args.initial:
        for rate in args.rate:
            results = emile.run(str(PILOT), seed=args.seed, replications=args.replications, progress=False,
                                stop_after=RECORD_DATE,  # the weeks up to the record are all the fit reads
                                overrides={"origin.initial_referred": initial, "origin.referrals_per_year": rate})
            events = results.events()
            enrolled = events[(events["to"] == "enrolled") & (events["date"] <= pd.Timestamp(RECORD_DATE))]
            persons = results.households().set_index(["replication", "household"])["persons"]
            people = persons.loc[list(zip(enrolled["replication"], enrolled["household"]))].to_numpy()
            rows.append({"origin.initial_referred": initial, "origin.referrals_per_year": rate,
                         "enrolled_households": len(enrolled) / args.replications,
                         "enrolled_persons": people.sum() / args.replications})
    means = pd.DataFrame(rows)
    households = means["enrolled_households"]
    persons = means["enrolled_persons"]
    means["loss"] = ((households - TARGET_HOUSEHOLDS) / TARGET_HOUSEHOLDS) ** 2 + \
                    ((persons - TARGET_PERSONS) / TARGET_PERSONS) ** 2
    table = means[["origin.initial_referred", "origin.referrals_per_year", "enrolled_households", "enrolled_persons",
                   "loss"]]
    print(f"pilot-2019, enrolled by {RECORD_DATE}: mean of {args.replications} replications (seed {args.seed}); "
          f"targets {TARGET_HOUSEHOLDS:.0f} households, {TARGET_PERSONS:.0f} people")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    best = table.loc[table["loss"].idxmin()]
    print(f"best: initial_referred = {best['origin.initial_referred']:.0f}, "
          f"referrals_per_year = {best['origin.referrals_per_year']:.0f} "
          f"({best['enrolled_households']:.1f} households, {best['enrolled_persons']:.1f} people, "
          f"loss {best['loss']:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
