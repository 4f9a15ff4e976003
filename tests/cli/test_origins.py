"""Several origins from the command line: programme-2024 (Île-de-France and the Lyon metropolis) and its variant
with a third origin from 2026: the territory tables hold the origins then the hosts, the origin × host table
adds up to each host's moves, every household carries its origin, a late origin refers from its join date."""

import h5py
import numpy as np

from cli_helpers import EXIT_OK, SOURCE_DIR, run_emile, table

PROGRAMME_2024 = SOURCE_DIR / "scenarios" / "programme-2024.toml"
THIRD_ORIGIN = SOURCE_DIR / "scenarios" / "variants" / "third-origin-2026.toml"
HOSTS_2024 = ["01", "03", "15", "18", "36", "48", "49", "73", "76"]


def test_programme_2024_holds_both_origins_then_the_nine_hosts_and_flows_by_origin_add_up(emile, tmp_path):
    done = run_emile(emile, "run", PROGRAMME_2024, "-r", 2, "--record", "full", "-o", "p24.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "moved (mean) from \\ to" in done.stdout  # the origin × host table of the printout
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


def test_a_third_origin_from_2026_refers_from_the_step_holding_its_join_date(emile, tmp_path):
    done = run_emile(emile, "compare", PROGRAMME_2024, THIRD_ORIGIN, "-r", 2, "--by", "month", "-q", "-o", "c.h5",
                     cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(tmp_path / "c.h5") as f:
        rows = table(f["comparison_by_territory"])
    referred = (rows["territory"] == "AMP") & (rows["outcome"] == "referred_households") & (rows["period"] != "run")
    by_month = dict(zip(rows["period"][referred], rows["variant_mean"][referred]))
    # It joins on 1 January 2026, in the step from Monday 29 December 2025, which counts in December (the month of
    # its first day); no step before refers.
    assert all(value == 0 for month, value in by_month.items() if month < "2025-12")
    assert sum(value for month, value in by_month.items() if month >= "2025-12") > 0
    assert all(rows["base_mean"][referred] == 0)  # the base has no such origin
