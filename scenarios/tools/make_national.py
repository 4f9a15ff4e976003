#!/usr/bin/python3
"""Writes scenarios/national.toml: every metropolitan département outside Île-de-France as a host territory.

Usage (from anywhere; standard library only):

    /usr/bin/python3 scenarios/tools/make_national.py [DATA_DIR] [-o OUTPUT]

DATA_DIR holds the INSEE-derived tables `department-housing.csv`, `department-employment.csv` and
`communes.csv` (default: the repository's data/, see data/README.md for their sources). OUTPUT defaults to
scenarios/national.toml. Every formula used is written into the header of the generated file.
The generated scenario names the repository's commune tables (`../data/communes.csv`,
`../data/commune-housing-employment.csv`) for its geography.
"""
import argparse
import csv
import math
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(REPO, "scenarios")

START, END, STEP_DAYS = "2021-01-01", "2023-12-31", 7
IDF = {"75", "77", "78", "91", "92", "93", "94", "95"}
HOSTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
HOSTS = [c for c in HOSTS if c not in IDF]

# Shipped scenarios whose territories already carry an area from [AREA] and assumed travel time, social share
# and rurality: those values are reused as they are, so the départements agree across scenarios.
SHIPPED = ["pilot-2019.toml", "expansion-2020.toml", "expansion-2021.toml", "examples/ten-territories-2022.toml"]
REUSED_KEYS = ("area_km2", "travel_minutes_to_paris", "social_share", "rurality")

# Municipal arrondissements counted as the one commune they form (INSEE counts communes this way).
ARRONDISSEMENTS = [(13201, 13216, "13055"), (69381, 69389, "69123"), (75101, 75120, "75056")]  # Marseille, Lyon, Paris

EARTH_RADIUS_KM = 6371.0088
PARIS = (48.8566, 2.3522)           # central Paris
ROAD_FACTOR = 1.3                   # road distance over great-circle distance (geography.road_detour_factor)
ROAD_SPEED_KMH = 105.0              # mean door-to-door car speed, mostly motorway
AREA_NEIGHBOUR = 4                  # k of the k-th nearest neighbour in the area estimate
RURALITY_AT, RURALITY_DENSITY, RURALITY_SLOPE = 0.9, 15.0, 0.25   # rurality = 0.9 − 0.25 ln(density / 15)
RURALITY_MIN, RURALITY_MAX = 0.05, 0.95
SOCIAL_BASE, SOCIAL_URBAN = 0.06, 0.18                             # social_share = 0.06 + 0.18 (1 − rurality)

INFLOW_FACTOR = 4                   # programme inflow relative to expansion-2021 (assumption)
EXPANSION_2021 = {"eligible_households": 6000, "initial_referred": 45, "referrals_per_year": 300, "caseworkers": 20,
                  "caseload": 12}


def sort_key(code):
    """INSEE order: 01 … 19, 2A, 2B, 21 … 95."""
    return (20, code) if code in ("2A", "2B") else (int(code), "")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_shipped():
    """code -> {key: (value text, comment, file)} for REUSED_KEYS, read line by line from the shipped scenarios."""
    found = {}
    line_re = re.compile(r'^\s*([a-z_0-9]+)\s*=\s*("?[^"#]*"?)\s*(?:#\s*(.*))?$')
    for name in SHIPPED:
        path = os.path.join(SCENARIOS, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            blocks = f.read().split("[[territory]]")[1:]
        for block in blocks:
            block = re.split(r"^\s*\[", block, flags=re.M)[0]  # stop at the next table
            entries = {}
            for line in block.splitlines():
                m = line_re.match(line)
                if m:
                    entries[m.group(1)] = (m.group(2).strip().strip('"'), (m.group(3) or "").strip(), name)
            code = entries["code"][0]
            found.setdefault(code, {}).update({k: v for k, v in entries.items() if k in REUSED_KEYS})
    return found


def great_circle_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def communes_by_department(rows):
    """code -> list of (population, latitude, longitude), municipal arrondissements merged into their city."""
    cities = {}
    departments = {}
    for r in rows:
        point = (int(r["population"]), float(r["latitude"]), float(r["longitude"]))
        code = r["insee_code"]
        number = int(code) if code.isdigit() else 0
        city = next((c for lo, hi, c in ARRONDISSEMENTS if lo <= number <= hi), None)
        if city:
            cities.setdefault((r["department_code"], city), []).append(point)
        else:
            departments.setdefault(r["department_code"], []).append(point)
    for (dep, _), parts in cities.items():
        departments.setdefault(dep, []).append(
            (sum(p[0] for p in parts), sum(p[1] for p in parts) / len(parts), sum(p[2] for p in parts) / len(parts)))
    return departments


def raw_area_km2(points):
    """Sum over communes of π d_k² / k, d_k the distance to the k-th nearest other commune (local plane)."""
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    xy = [(EARTH_RADIUS_KM * math.radians(p[2]) * math.cos(lat0), EARTH_RADIUS_KM * math.radians(p[1])) for p in points]
    k = min(AREA_NEIGHBOUR, len(xy) - 1)
    total = 0.0
    for i, (x, y) in enumerate(xy):
        d2 = sorted((x - u) ** 2 + (y - v) ** 2 for j, (u, v) in enumerate(xy) if j != i)
        total += math.pi * d2[k - 1] / k
    return total


def rurality_of(density):
    r = RURALITY_AT - RURALITY_SLOPE * math.log(density / RURALITY_DENSITY)
    return round(min(RURALITY_MAX, max(RURALITY_MIN, r)) * 20) / 20


def social_share_of(rurality):
    return round(SOCIAL_BASE + SOCIAL_URBAN * (1 - rurality), 2)


def travel_minutes_of(centre):
    minutes = great_circle_km(PARIS, centre) * ROAD_FACTOR / ROAD_SPEED_KMH * 60
    return int(5 * round(minutes / 5))


class Figures:
    """Every host département's figures, as the national scenario writes them: `territories` (one dict each, in
    INSEE order), the shipped scenarios' values reused (`shipped`), the [AREA] areas known (`known`) and the area
    estimate's factor and errors."""

    def __init__(self, data_dir):
        housing = {r["department_code"]: r for r in read_csv(os.path.join(data_dir, "department-housing.csv"))
                   if r["year"] == "2021"}
        employment = {(r["department_code"], r["year"]): r
                      for r in read_csv(os.path.join(data_dir, "department-employment.csv"))}
        communes = communes_by_department(read_csv(os.path.join(data_dir, "communes.csv")))
        self.shipped = read_shipped()

        # Area: calibrate the nearest-neighbour estimate on the départements whose area [AREA] is shipped.
        self.raw = {code: raw_area_km2(communes[code]) for code in HOSTS}
        self.known = {code: float(v["area_km2"][0]) for code, v in self.shipped.items()
                      if "area_km2" in v and code in self.raw}
        ratios = [self.known[c] / self.raw[c] for c in self.known]
        self.area_factor = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        self.area_errors = [abs(self.area_factor * self.raw[c] / self.known[c] - 1) for c in self.known]

        self.territories = []
        for code in sorted(HOSTS, key=sort_key):
            h, e21, e18 = housing[code], employment[(code, "2021")], employment[(code, "2018")]
            points = communes[code]
            population = sum(p[0] for p in points)
            centre = (sum(p[1] for p in points) / len(points), sum(p[2] for p in points) / len(points))
            area = round(self.area_factor * self.raw[code])
            rurality = rurality_of(population / area)
            t = {
                "code": code, "name": h["department_name"],
                "travel_minutes_to_paris": (travel_minutes_of(centre), "assumption: formula (header)"),
                "communes": len(points), "population": population,
                "area_km2": (area, "assumption: estimate (header)"),
                "centre": centre,
                "main_residences": int(h["main_residences"]), "vacant_dwellings": int(h["vacant_dwellings"]),
                "social_share": (f"{social_share_of(rurality):.2f}", "assumption: formula (header)"),
                "active": int(e21["active_15_64"]), "unemployed": int(e21["unemployed_15_64"]),
                "jobs": int(e18["jobs_at_workplace"]),
                "rurality": (f"{rurality:.2f}", "assumption: formula (header)"),
                "formula": {"travel_minutes_to_paris": travel_minutes_of(centre), "area_km2": area,
                            "rurality": rurality, "social_share": social_share_of(rurality)},
            }
            for key, (value, comment, source) in self.shipped.get(code, {}).items():
                stem = source.rsplit("/", 1)[-1].removesuffix(".toml")
                tag = comment if comment.startswith("[") else (comment + "; " if comment else "") + f"as in {stem}"
                t[key] = (value, tag)
            if "area_km2" in self.shipped.get(code, {}):  # the density behind the formulas uses the cited area
                t["formula"]["rurality"] = rurality_of(population / self.known[code])
                t["formula"]["social_share"] = social_share_of(t["formula"]["rurality"])
            self.territories.append(t)


def kv(key, value, comment=""):
    """One TOML line, its comment aligned."""
    text = f"{key} = {value}"
    return f"{text:<32} # {comment}" if comment else text


def territory_lines(t, cohort, join_date, join_comment):
    """The [[territory]] table of one département's figures (a dict of Figures.territories)."""
    return ["", "[[territory]]", kv("code", f'"{t["code"]}"'), kv("name", f'"{t["name"]}"'), kv("cohort", f'"{cohort}"'),
            kv("join_date", join_date, join_comment), kv("travel_minutes_to_paris", *t["travel_minutes_to_paris"]),
            kv("communes", t["communes"], "[INSEE-CC21]"), kv("population", t["population"], "[INSEE-CC21]"),
            kv("area_km2", *t["area_km2"]), kv("centre_latitude", f"{t['centre'][0]:.3f}", "[CENTRE]"),
            kv("centre_longitude", f"{t['centre'][1]:.3f}", "[CENTRE]"),
            kv("main_residences", t["main_residences"], "[INSEE-LOG21]"),
            kv("vacant_dwellings", t["vacant_dwellings"], "[INSEE-LOG21]"), kv("social_share", *t["social_share"]),
            kv("active", t["active"], "[INSEE-CC21]"), kv("unemployed", t["unemployed"], "[INSEE-CC21]"),
            kv("jobs", t["jobs"], "[INSEE-CC18]"), kv("rurality", *t["rurality"])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", default=os.path.join(REPO, "data"))
    parser.add_argument("-o", "--output", default=os.path.join(SCENARIOS, "national.toml"))
    args = parser.parse_args()
    figures = Figures(os.path.normpath(args.data_dir))
    territories, shipped, known = figures.territories, figures.shipped, figures.known
    raw, area_factor, area_errors = figures.raw, figures.area_factor, figures.area_errors

    # How far the formulas are from the values the shipped scenarios assume, for the header.
    def gap(key):
        pairs = [(float(t[key][0]), t["formula"][key]) for t in territories if key in shipped.get(t["code"], {})]
        return sum(abs(a - b) for a, b in pairs) / len(pairs), len(pairs)

    totals = {k: sum(t[k] for t in territories) for k in ("main_residences", "vacant_dwellings", "jobs", "population",
                                                         "active", "unemployed", "communes")}
    dwellings = totals["main_residences"] + totals["vacant_dwellings"]
    scaled = {k: v * INFLOW_FACTOR for k, v in EXPANSION_2021.items() if k != "caseload"}
    reused = sorted((c for c in shipped if c in raw), key=sort_key)
    names = {t["code"]: t["name"] for t in territories}

    out = []
    w = out.append
    w("# What if every département could host? EMILE opened nationally on 1 January 2021: every metropolitan")
    w(f"# département outside Île-de-France ({len(territories)}: 01–95, 2A, 2B except 75, 77, 78, 91–95) is a"
      " host territory")
    w("# from the start, with its whole housing stock and employers, for three years in weekly steps.")
    w(f"# {len(territories)} territories, {dwellings:,} dwellings ({totals['main_residences']:,} main residences +"
      f" {totals['vacant_dwellings']:,} vacant),")
    w(f"# {totals['jobs']:,} jobs, {totals['population']:,} inhabitants in {totals['communes']:,} communes.")
    w("#")
    w("# Generated by scenarios/tools/make_national.py from INSEE département tables; regenerate rather than edit:")
    w("#   /usr/bin/python3 scenarios/tools/make_national.py [DATA_DIR]")
    w("#")
    w("# Sources (see docs/ODD.md for every parameter's meaning, unit and default):")
    w("#   [INSEE-LOG21]  INSEE, base chiffres clés logement 2021 (RP 2021): main residences and vacant dwellings,")
    w("#                  summed over the communes of the département.")
    w("#   [INSEE-CC21]   INSEE, base du comparateur de territoires ed. 2024 (RP 2021): communes, population,")
    w("#                  active and unemployed people aged 15–64, summed over the communes.")
    w("#   [INSEE-CC18]   INSEE, base du comparateur de territoires ed. 2022 (RP 2018): jobs at place of work")
    w("#                  (no 2021 figure was found).")
    w("#   [CENTRE]       mean of the communes' coordinates (communes of the COG 2024; coordinates from")
    w("#                  data.gouv.fr's base officielle des codes postaux).")
    w("#   [AREA]         INSEE, département areas, as in the shipped scenarios (see below).")
    w("#   [HLM-48]       INSEE, Lozère 2019: 2,537 of 35,342 main residences rented HLM.")
    w("#   [LOT-HLM]      estate-agent page (2019): about 5 % social housing in the Lot.")
    w("# Rhône (69) includes the Métropole de Lyon. The municipal arrondissements of Lyon and Marseille count")
    w("# as one commune each, placed at the mean of their coordinates. The communes table lacks Les Trois Lacs")
    w("# (27676), Les Hauts-Talican (60694), L'Oie (85165) and Sainte-Florence (85212): Eure, Oise and Vendée are")
    w("# short of them in communes and population, Oise and Vendée in housing, active and unemployed, Eure in")
    w("# active and unemployed.")
    w("#")
    w("# Assumptions (every figure not tagged above):")
    w(f"# - [AREA] is available for the {len(reused)} départements of the shipped scenarios")
    w("#   (" + ", ".join(reused) + "); for them the area, and the travel time,")
    w("#   social share and rurality assumed there, are reused as they are.")
    w("#   For the others, area_km2 is an ESTIMATE from the communes' coordinates: each commune i counts for")
    w(f"#   π d_i² / {AREA_NEIGHBOUR}, d_i the distance to its {AREA_NEIGHBOUR}th nearest commune"
      " (local flat projection), and the sum")
    w(f"#   is multiplied by {area_factor:.3f}, the geometric mean of [AREA] / sum over the {len(known)} départements"
      " above")
    w(f"#   (mean error there {100 * sum(area_errors) / len(area_errors):.1f} %, largest"
      f" {100 * max(area_errors):.1f} %). A coastal commune's neighbours lie on one side only, so")
    w("#   départements with long, indented coasts (e.g. Finistère) may come out too large.")
    travel_gap, n_travel = gap("travel_minutes_to_paris")
    w(f"# - travel_minutes_to_paris = great-circle distance from Paris ({PARIS[0]} N, {PARIS[1]} E) to [CENTRE],"
      " in km,")
    w(f"#   × {ROAD_FACTOR} (road detour) / {ROAD_SPEED_KMH:.0f} km/h × 60, rounded to 5 minutes; it reproduces the"
      f" car times the")
    w(f"#   shipped scenarios assume to within {travel_gap:.0f} minutes on average ({n_travel} départements). For"
      " Corse-du-Sud and")
    w("#   Haute-Corse it ignores the sea crossing, which makes them look nearer than they are.")
    rur_gap, n_rur = gap("rurality")
    w(f"# - rurality = {RURALITY_AT} − {RURALITY_SLOPE} ln(density / {RURALITY_DENSITY:.0f} inhabitants per km²),"
      f" density = population / area_km2,")
    w(f"#   kept within [{RURALITY_MIN}, {RURALITY_MAX}] and rounded to 0.05 (mean gap to the shipped scenarios'"
      f" values {rur_gap:.2f}).")
    soc_gap, n_soc = gap("social_share")
    w(f"# - social_share = {SOCIAL_BASE} + {SOCIAL_URBAN} × (1 − rurality), rounded to 0.01: social housing is"
      " mostly urban (mean")
    w(f"#   gap to the shipped scenarios' values {soc_gap:.3f}). No département figure of social housing was"
      " at hand.")
    w("# - The programme is expansion-2021's as it stands on 1 January 2021 (direct referral by the coordinator,")
    w("#   diagnosis and immersion delays, household make-up), written out here rather than taken with")
    w("#   `base = \"expansion-2021.toml\"`, whose 2019–2020 events lie outside this run and whose 2021 events close")
    w("#   Doubs, Lot and Mayenne. Opening nationally, the inflow is "
      f"{INFLOW_FACTOR} times expansion-2021's: referrals, backlog")
    w("#   and Île-de-France caseworkers; the eligible pool is doubled so that it does not run dry. Every host")
    w("#   territory keeps the expansion territories' resources, the defaults: 2 caseworkers (caseload 10),")
    w("#   4 immersion visits a month, 10 reserved social dwellings and 30 households in the pipeline.")
    w("# - No lockdown or other event: expansion-2021 has none in 2021 either.")
    w("")
    w("[run]")
    w('name = "national"')
    w(f"start_date = {START}          # ASSUMPTION: the programme opens nationally")
    w(f"end_date = {END}")
    w(f"step_days = {STEP_DAYS}")
    w("seed = 1")
    w("replications = 1")
    w("")

    w("[origin]")
    w(kv("eligible_households", 2 * EXPANSION_2021["eligible_households"],
         f"assumption: twice expansion-2021's {EXPANSION_2021['eligible_households']}"))
    for key in ("initial_referred", "referrals_per_year", "caseworkers"):
        w(kv(key, scaled[key], f"assumption: {INFLOW_FACTOR} × expansion-2021's {EXPANSION_2021[key]}"))
    w(kv("caseload", EXPANSION_2021["caseload"], "as in expansion-2021 (assumption)"))
    w("")
    w("[households]")
    w("children_weights = [0.80, 0.11, 0.06, 0.02, 0.01]   # as in expansion-2021 (calibrated in pilot-2019)")
    w("")
    w("[pathway]")
    w(kv("diagnosis_min_weeks", 3, "as in expansion-2021 (assumption)"))
    w(kv("immersion_min_weeks", 1, "as in expansion-2021 (assumption)"))
    w(kv("direct_referral", "true", "as in expansion-2021 since September 2020"))
    w("")
    w("[geography]")
    w(kv("communes_file", '"../data/communes.csv"', "[INSEE-CC21] [CENTRE]: every territory's real communes"))
    w(kv("commune_housing_file", '"../data/commune-housing-employment.csv"', "[INSEE-LOG21]: where its dwellings are"))
    for t in territories:
        out.extend(territory_lines(t, "national-2021", START, "ASSUMPTION (see header)"))
    w("")
    w("# Levers and the ranges `emile sensitivity` explores: expansion-2021's, the referrals scaled as above.")
    for key, lo, hi in (("origin.referrals_per_year", 150 * INFLOW_FACTOR, 600 * INFLOW_FACTOR),
                        ("labour.programme_visible_share", "0.02", "0.10"), ("households.licence_share", "0.2", "0.8")):
        w("")
        w("[[lever]]")
        w(f'key = "{key}"')
        w(f"min = {lo}")
        w(f"max = {hi}")

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{args.output}: {len(territories)} territories, {dwellings:,} dwellings, {totals['jobs']:,} jobs;"
          f" area factor {area_factor:.3f}", file=sys.stderr)
    missing = [c for c in reused if c not in names]
    if missing:
        print(f"warning: shipped départements not written: {missing}", file=sys.stderr)


if __name__ == "__main__":
    main()
