#!/usr/bin/python3
"""Splits the spread of a scenario's headline outcomes between worlds and dynamics (run.world, docs/ODD.md).

Measured both ways, on the same scenario:
  - `per_replication`: R replications, each on its own world — their variance is the total (world + dynamics);
  - `shared`: W seeds, each one world shared by R_w replications — the mean within-world variance is the dynamics'
    part; the variance of the worlds' means, less the dynamics' share of it (÷ R_w), is the worlds' part.

    PYTHONPATH=build/python /usr/bin/python3 scripts/world-variance.py scenarios/expansion-2021.toml
        [--replications 200] [--worlds 20] [--per-world 20]
"""

from __future__ import annotations

import argparse
import math
import statistics

import emile

OUTCOMES = ("moved_households", "settled_households", "returned_households")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--replications", type=int, default=200, help="replications on worlds of their own")
    parser.add_argument("--worlds", type=int, default=20, help="shared worlds (seeds 1 … W)")
    parser.add_argument("--per-world", type=int, default=20, help="replications per shared world")
    args = parser.parse_args()

    own = emile.run(args.scenario, seed=1, replications=args.replications,
                    overrides={"run.world": "per_replication"}, progress=False).summary()
    shared = [emile.run(args.scenario, seed=seed, replications=args.per_world,
                        overrides={"run.world": "shared"}, progress=False).summary()
              for seed in range(1, args.worlds + 1)]
    print(f"{args.scenario}: {args.replications} replications on their own worlds; "
          f"{args.worlds} shared worlds × {args.per_world} replications")
    for outcome in OUTCOMES:
        total = statistics.variance(own[outcome])
        dynamics = statistics.fmean(statistics.variance(world[outcome]) for world in shared)
        means = [world[outcome].mean() for world in shared]
        worlds = max(0.0, statistics.variance(means) - dynamics / args.per_world)
        print(f"{outcome}: own worlds mean {own[outcome].mean():.1f}, sd {math.sqrt(total):.2f} | "
              f"shared: mean {statistics.fmean(means):.1f}, dynamics sd {math.sqrt(dynamics):.2f}, "
              f"between worlds sd {math.sqrt(worlds):.2f} ({worlds / (worlds + dynamics):.0%} of the variance)")


if __name__ == "__main__":
    main()
