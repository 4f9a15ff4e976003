"""Several origins from the command line: programme-2024 (Île-de-France and the Lyon metropolis) and its variant
with a third origin from 2026: the territory tables hold the origins then the hosts, the origin × host table
adds up to each host's moves, every household carries its origin, a late origin refers from its join date; a
second origin with nothing to refer leaves every dataset of the first origin as it was."""

import h5py
import numpy as np

from cli_helpers import EXIT_OK, SOURCE_DIR, pilot_text, read_tree, run_emile, same_values, table

PROGRAMME_2024 = SOURCE_DIR / "scenarios" / "programme-2024.toml"
THIRD_ORIGIN = SOURCE_DIR / "scenarios" / "variants" / "third-origin-2026.toml"
HOSTS_2024 = ["01", "03", "15", "18", "36", "48", "49", "73", "76"]


def test_programme_2024_holds_both_origins_then_the_nine_hosts_and_flows_by_origin_add_up(emile, tmp_path):
    done = run_emile(emile, "run", PROGRAMME_2024, "-r", 2, "--record", "full", "-o", "p24.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "moved (mean) from \\ to" in done.stdout  # the origin × host table of the printout
    assert "cost (mean, eur)" in done.stdout and "hosts' caseworkers" in done.stdout  # and each origin's cost
    with h5py.File(tmp_path / "p24.h5") as f:
        territories = table(f["territories"])
        assert list(territories["code"]) == ["IDF", "69M"] + HOSTS_2024
        assert list(territories["role"]) == ["origin"] * 2 + ["host"] * 9
        flows = table(f["origin_host_flows"])
        assert len(flows["origin"]) == 2 * 2 * 9
        # Each host's moves, summed over the origins, are its moves over the run, replication by replication.
        moved = f["timeseries/moved_households"][()]  # (replication, step, row)
        for i, host in enumerate(HOSTS_2024):
            for r in range(2):
                rows = (flows["host"] == host) & (flows["replication"] == r)
                assert flows["moved_households"][rows].sum() == moved[r, :, 2 + i].sum(), host
        assert all(flows["moved_households"][flows["origin"] == code].sum() > 0 for code in ("IDF", "69M"))
        # Every household carries its origin; a household's host row is its origin's until one is proposed.
        households = table(f["households"])
        assert set(np.unique(households["origin"])) == {0, 1}
        unproposed = households["territory"] < 2
        assert (households["territory"][unproposed] == households["origin"][unproposed]).all()


def test_a_third_origin_from_2026_refers_from_its_join_date_and_is_compared_by_origin_and_host(emile, tmp_path):
    done = run_emile(emile, "compare", PROGRAMME_2024, THIRD_ORIGIN, "-r", 2, "--by", "month", "-o", "c.h5",
                     cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "moved_households by origin and host over the whole run" in done.stdout
    with h5py.File(tmp_path / "c.h5") as f:
        rows = table(f["comparison_by_territory"])
        pairs = table(f["comparison_by_origin_host"])
    # The origin × host comparison: the base's origins then the variant's third, each with the nine hosts, flow by
    # flow; summed over the origins, each host's moves are its moves compared by territory, on both sides.
    moved = pairs["outcome"] == "moved_households"
    assert list(dict.fromkeys(pairs["origin"][moved])) == ["IDF", "69M", "AMP"]
    assert len(pairs["origin"]) == 4 * 3 * 9
    whole_run = (rows["period"] == "run") & (rows["outcome"] == "moved_households")
    for host in HOSTS_2024:
        by_host = moved & (pairs["host"] == host)
        territory = whole_run & (rows["territory"] == host)
        for side in ("base_mean", "variant_mean", "difference"):
            assert np.isclose(pairs[side][by_host].sum(), rows[side][territory][0], rtol=1e-12, atol=1e-12), (host, side)
    assert (pairs["base_mean"][pairs["origin"] == "AMP"] == 0).all()  # the base has no such origin
    assert pairs["variant_mean"][moved & (pairs["origin"] == "AMP")].sum() > 0
    referred = (rows["territory"] == "AMP") & (rows["outcome"] == "referred_households") & (rows["period"] != "run")
    by_month = dict(zip(rows["period"][referred], rows["variant_mean"][referred]))
    # It joins on 1 January 2026, in the step from Monday 29 December 2025, which counts in December (the month of
    # its first day); no step before refers.
    assert all(value == 0 for month, value in by_month.items() if month < "2025-12")
    assert sum(value for month, value in by_month.items() if month >= "2025-12") > 0
    assert all(rows["base_mean"][referred] == 0)  # the base has no such origin


# The pilot's origin as the first of two: Lyon, with no household to refer and no caseworker.
EMPTY_SECOND_ORIGIN = """[[origin]]
code = "69M"
name = "Métropole de Lyon"
eligible_households = 0
caseworkers = 0
travel_minutes_from = "centre"
centre_latitude = 45.764
centre_longitude = 4.836

"""


def test_a_second_origin_with_nothing_to_refer_leaves_every_dataset_of_the_first_as_it_was(emile, tmp_path):
    text = pilot_text().replace("[origin]\n", "[[origin]]\n", 1).replace('key = "origin.', 'key = "origin.IDF.')
    (tmp_path / "two.toml").write_text(text.replace("[households]\n", EMPTY_SECOND_ORIGIN + "[households]\n", 1),
                                       encoding="utf-8")
    for name, scenario in (("one", SOURCE_DIR / "scenarios" / "pilot-2019.toml"), ("two", tmp_path / "two.toml")):
        done = run_emile(emile, "run", scenario, "-r", 2, "--record", "full", "-q", "-o", f"{name}.h5", cwd=tmp_path)
        assert done.returncode == EXIT_OK, done.stderr
    _, one = read_tree(tmp_path / "one.h5")
    _, two = read_tree(tmp_path / "two.h5")
    assert set(one) == set(two)
    with h5py.File(tmp_path / "two.h5") as f:
        second = {name: table(f[name]) for name in ("origin_host_flows", "origin_costs", "outcomes")}
    # Territory rows: the second origin's row 1 is new, the hosts' one further on.
    first_row = np.array([0, 2, 3, 4, 5, 6, 7])
    compared = 0
    for name, (kind, _, value) in sorted(one.items()):
        if kind != "dataset" or name == "scenario":
            continue  # the scenario's text holds the second origin
        other = two[name][2]
        if name.startswith(("timeseries/", "ensemble/")) and other.ndim >= 2:
            other = other[..., first_row]  # (…, row): the first origin's and the hosts' rows
        elif name in ("events/territory", "households/territory"):
            value = np.where(value > 0, value + 1, value)
        elif name.startswith("territories/"):
            other = other[first_row]
            if name == "territories/row":
                value = np.where(value > 0, value + 1, value)
        elif name.startswith(("origin_host_flows/", "origin_costs/")):
            group = name.split("/")[0]
            other = other[second[group]["origin"] != "69M"]
        elif name.startswith("outcomes/"):
            other = other[second["outcomes"]["territory"] != 1]
            if name == "outcomes/territory":
                value = np.where(value > 0, value + 1, value)
        assert same_values(value, other), name
        compared += 1
    assert compared > 200  # every time series, statistic and table column


def test_capacity_gives_each_origins_relocations_and_caseworker_and_they_add_up_to_the_programmes(emile, tmp_path):
    done = run_emile(emile, "capacity", PROGRAMME_2024, "-r", 2, "--warmup-weeks", 13, "--window-weeks", 26, "-q",
                     "-o", "cap.h5", cwd=tmp_path, timeout=600)
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(tmp_path / "cap.h5") as f:
        relocations = table(f["capacity/relocations"])
        resources = table(f["capacity/resources"])
    assert list(relocations["territory"]) == ["all", "IDF", "69M"] + HOSTS_2024
    per_year = dict(zip(relocations["territory"], relocations["per_year"]))
    assert per_year["IDF"] > 0 and per_year["69M"] > 0
    # Every move is of one origin's household into one host: both splits add up to the programme's.
    assert np.isclose(per_year["IDF"] + per_year["69M"], per_year["all"], rtol=1e-12)
    assert np.isclose(sum(per_year[h] for h in HOSTS_2024), per_year["all"], rtol=1e-12)
    caseworkers = resources["resource"] == "origin_caseworker"
    assert list(resources["territory"][caseworkers]) == ["IDF", "69M"]
    assert list(resources["key"][caseworkers]) == ["origin.IDF.caseworkers", "origin.69M.caseworkers"]
