"""What `emile run` guarantees about its results file when it is killed, interrupted or cannot write.

docs/output-format.md promises that the output path holds either what it held before, byte for byte, or a complete
new results file, never part of one; that a run killed outright leaves only a recognisable temporary
(`.NAME.tmp-PID-N`), which the next run writing the same path removes; and that an interrupted or failed run
leaves nothing behind. These tests kill runs with SIGKILL at many moments (fixed seeds), including while the file
is being written, interrupt them with SIGINT and SIGTERM, and make the output unwritable in every way a user
meets.

The binary comes from EMILE_BIN and the repository from EMILE_SOURCE_DIR, both falling back to paths relative to
this folder (cli_helpers.py). Every test works in pytest's temporary folders (or, for a run as another user, in a
temporary folder of its own), never in the repository.
"""

import os
import random
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from cli_helpers import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, FLOWS, PILOT, TIMEOUT, files_in, pilot_text, plain

# The run every test repeats: about a second on one thread. SEED_NEW's complete file is what a finished run
# writes; SEED_OLD's is the "previous file" already at the output path.
REPLICATIONS = 2
SEED_NEW, SEED_OLD = 11, 5
OUTPUT = "out.h5"

TABLES = {
    "territories": ["row", "code", "name", "role", "cohort", "join_date", "main_residences", "vacant_dwellings",
                    "active", "unemployed", "jobs"],
    "stages": ["code", "name"],
    "sectors": ["code", "name"],
    "events": ["replication", "step", "household", "from", "to", "territory"],
    "households": ["replication", "household", "adults", "children", "persons", "skill", "qualification", "licence",
                   "car", "situation", "motivation", "rural_preference", "territory", "visited", "final_stage"],
    "jobs": ["replication", "household", "territory", "employer", "contract", "start_step", "end_step", "end_reason"],
    "summary": ["replication", "moved_households", "first_visit_date"],
}
ROOT_ATTRIBUTES = ["schema_version", "emile_version", "analysis", "scenario", "seed", "replications", "start_date",
                   "step_days", "created_utc"]
STATISTICS = ["mean", "q05", "q50", "q95"]
METRICS = ([f"{flow}_{unit}" for flow in FLOWS for unit in ("households", "persons")]
           + [f"in_{stage}_{unit}" for stage in ["eligible", *FLOWS] for unit in ("households", "persons")]
           + ["caseworker_capacity", "caseworker_load", "caseworker_queue", "immersion_queue", "open_vacancies",
              "programme_vacancies", "vacant_dwellings", "reserved_dwellings"])


def run_arguments(binary, seed, output=OUTPUT, replications=REPLICATIONS, scenario=PILOT):
    return [str(binary), "run", str(scenario), "-q", "-r", str(replications), "--threads", "1", "--seed", str(seed),
            "-o", str(output)]


def temporaries(folder, name=OUTPUT):
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(f".{name}.tmp-"))


# ---- What a complete results file is -----------------------------------------------------------------------

def read_tree(path):
    """Root attributes (but those saying when and by which command it was made), and {name: (attributes, values
    or None for a group)}."""
    tree = {}
    with h5py.File(path, "r") as f:
        root = {key: plain(value) for key, value in f.attrs.items() if key not in ("created_utc", "invocation")}

        def visit(name, item):
            attributes = {key: plain(value) for key, value in item.attrs.items()}
            tree[name] = (attributes, np.asarray(item[()]) if isinstance(item, h5py.Dataset) else None)

        f.visititems(visit)
    return root, tree


def check_layout(path, seed):
    """Asserts that `path` is a complete results file of the pilot run with `seed`, as docs/output-format.md lays
    it out: every root attribute, the stored scenario, every table with its columns of one length, every metric as
    (replications, steps, territories) integers with its ensemble statistics, one summary row per replication."""
    with h5py.File(path, "r") as f:
        assert set(ROOT_ATTRIBUTES) <= set(f.attrs), sorted(f.attrs)
        assert plain(f.attrs["analysis"]) == "run"
        assert plain(f.attrs["scenario"]) == "pilot-2019"
        assert plain(f.attrs["seed"]) == seed and plain(f.attrs["replications"]) == REPLICATIONS
        assert len(f["scenario"][()]) > 0
        rows = {}
        for table, columns in TABLES.items():
            listed = plain(f[table].attrs["columns"]).split(",")
            assert set(columns) <= set(listed), table
            lengths = {f[table][column].shape for column in listed}
            assert len(lengths) == 1, (table, lengths)
            rows[table] = lengths.pop()[0]
        assert rows["summary"] == REPLICATIONS and rows["events"] > 0 and rows["households"] > 0
        steps = f["timeseries/dates"].shape[0]
        metrics = [name for name in f["timeseries"] if name != "dates"]
        assert set(METRICS) <= set(metrics), sorted(set(METRICS) - set(metrics))
        for metric in metrics:
            assert f["timeseries"][metric].shape == (REPLICATIONS, steps, rows["territories"]), metric
            assert f["timeseries"][metric].dtype.kind == "i", metric
            for statistic in STATISTICS:
                assert f["ensemble"][metric][statistic].shape == (steps, rows["territories"]), metric


def assert_same_results(path, reference):
    """Asserts that `path` holds exactly what `reference` holds (but the creation time)."""
    root, tree = read_tree(path)
    assert root == reference[0]
    assert sorted(tree) == sorted(reference[1])
    for name, (attributes, values) in reference[1].items():
        assert tree[name][0] == attributes, name
        if values is not None:
            assert tree[name][1].dtype == values.dtype and tree[name][1].shape == values.shape, name
            assert np.array_equal(tree[name][1], values, equal_nan=values.dtype.kind == "f"), name


@pytest.fixture(scope="module")
def pilot(emile, tmp_path_factory):
    """The complete files of SEED_NEW and SEED_OLD, and how long the run takes."""
    folder = tmp_path_factory.mktemp("pilot")
    started = time.monotonic()
    done = subprocess.run(run_arguments(emile, SEED_NEW, "new.h5"), cwd=folder, capture_output=True, text=True,
                          timeout=TIMEOUT)
    duration = time.monotonic() - started
    assert done.returncode == EXIT_OK, done.stderr
    done = subprocess.run(run_arguments(emile, SEED_OLD, "old.h5"), cwd=folder, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == EXIT_OK, done.stderr
    check_layout(folder / "new.h5", SEED_NEW)
    check_layout(folder / "old.h5", SEED_OLD)
    return {"new": folder / "new.h5", "old": (folder / "old.h5").read_bytes(), "reference": read_tree(folder / "new.h5"),
            "duration": duration}


def check_output(folder, pilot, previous):
    """The output path holds the previous file byte for byte (None: nothing) or the complete new one. Returns
    which: "previous", "absent" or "new"."""
    target = Path(folder) / OUTPUT
    if not target.exists():
        assert previous is None, "the previous file is gone"
        return "absent"
    content = target.read_bytes()
    if previous is not None and content == previous:
        return "previous"
    check_layout(target, SEED_NEW)
    assert_same_results(target, pilot["reference"])
    return "new"


def wait_for_a_temporary(process, folder, started, after):
    """Waits until the run has been going for `after` seconds and a temporary of the output exists (the final
    file being built and written; the early probe of the folder is over by then). Returns False when the run ends
    first."""
    while process.poll() is None:
        if time.monotonic() - started >= after and temporaries(folder):
            return True
        time.sleep(0.001)
    return False


# ---- SIGKILL -----------------------------------------------------------------------------------------------

KILLS_WITH_PREVIOUS = 20
KILLS_WITHOUT_PREVIOUS = 6
KILLS_WHILE_WRITING = 4


def kill_trials(emile, folder, pilot, previous, delays, while_writing):
    """Runs and kills (SIGKILL) the pilot once per delay, and once per `while_writing` delay after the final
    write has begun; checks the output after each. Returns the outcomes and whether a kill left a temporary."""
    outcomes = []
    left_a_temporary = False
    plan = [(delay, False) for delay in delays] + [(delay, True) for delay in while_writing]
    for delay, writing in plan:
        target = folder / OUTPUT
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
        process = subprocess.Popen(run_arguments(emile, SEED_NEW), cwd=folder, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        started = time.monotonic()
        try:
            if writing:
                if wait_for_a_temporary(process, folder, started, 0.5 * pilot["duration"]):
                    time.sleep(delay)
                    process.kill()
            else:
                try:
                    process.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    process.kill()
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=TIMEOUT)
        outcome = check_output(folder, pilot, previous)
        outcomes.append(outcome)
        left = temporaries(folder)
        # A run removes the temporaries killed runs left before making its own: they never pile up.
        assert len(left) <= 1, left
        left_a_temporary |= bool(left)
        assert set(files_in(folder)) <= {OUTPUT, *left}, files_in(folder)
    return outcomes, left_a_temporary


def finish_and_check_cleanup(emile, folder, pilot):
    """A run to the end after the kills: complete output, and no temporary left beside it."""
    done = subprocess.run(run_arguments(emile, SEED_NEW), cwd=folder, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == EXIT_OK, done.stderr
    assert check_output(folder, pilot, None) == "new"
    assert files_in(folder) == [OUTPUT]


def test_sigkill_at_any_moment_leaves_the_previous_file_or_a_complete_new_one(emile, pilot, tmp_path):
    rng = random.Random(20190614)
    # From the start to a little past the usual end, so that kills land in the run, in the final write and after.
    delays = [rng.uniform(0.0, 1.15) * pilot["duration"] for _ in range(KILLS_WITH_PREVIOUS)]
    while_writing = [0.0, 0.0] + [rng.uniform(0.0, 0.1) for _ in range(KILLS_WHILE_WRITING - 2)]
    outcomes, left_a_temporary = kill_trials(emile, tmp_path, pilot, pilot["old"], delays, while_writing)
    if os.environ.get("EMILE_TEST_VERBOSE"):
        print("outcomes:", outcomes)
    assert set(outcomes) <= {"previous", "new"}
    # The kills aimed at the final write did land in it (its temporary stayed behind) and kept the previous file.
    assert left_a_temporary
    assert outcomes[KILLS_WITH_PREVIOUS] == "previous"
    finish_and_check_cleanup(emile, tmp_path, pilot)


def test_sigkill_without_a_previous_file_leaves_no_file_or_a_complete_one(emile, pilot, tmp_path):
    rng = random.Random(20200317)
    delays = [rng.uniform(0.0, 1.15) * pilot["duration"] for _ in range(KILLS_WITHOUT_PREVIOUS)]
    outcomes, left_a_temporary = kill_trials(emile, tmp_path, pilot, None, delays, [0.0])
    assert set(outcomes) <= {"absent", "new"}
    assert left_a_temporary and outcomes[-1] == "absent"
    finish_and_check_cleanup(emile, tmp_path, pilot)


def test_a_killed_runs_temporary_is_recognisable_and_other_files_are_kept(emile, pilot, tmp_path):
    (tmp_path / OUTPUT).write_bytes(pilot["old"])
    process = subprocess.Popen(run_arguments(emile, SEED_NEW), cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        assert wait_for_a_temporary(process, tmp_path, time.monotonic(), 0.5 * pilot["duration"])
        process.kill()
    finally:
        process.wait(timeout=TIMEOUT)
    (left,) = temporaries(tmp_path)
    assert left.startswith(f".{OUTPUT}.tmp-{process.pid}-"), left
    # Files that only look alike, and another output's temporary, are not the next run's to remove.
    keep = [f".{OUTPUT}.tmp-{process.pid}", f".{OUTPUT}.tmp-{process.pid}-1.bak", f".other.h5.tmp-{process.pid}-0",
            f"{OUTPUT}.tmp-{process.pid}-0"]
    for name in keep:
        (tmp_path / name).write_text("mine\n", encoding="utf-8")
    done = subprocess.run(run_arguments(emile, SEED_NEW), cwd=tmp_path, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == EXIT_OK, done.stderr
    assert files_in(tmp_path) == sorted([OUTPUT, *keep])
    assert all((tmp_path / name).read_text(encoding="utf-8") == "mine\n" for name in keep)


# ---- SIGINT and SIGTERM ------------------------------------------------------------------------------------

INTERRUPTED = "emile: interrupted; no results written\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_exits_130_and_keeps_the_previous_file(emile, pilot, tmp_path, signum):
    (tmp_path / OUTPUT).write_bytes(pilot["old"])
    # Eight replications on one thread: a few seconds, of which the signal interrupts the first.
    process = subprocess.Popen(run_arguments(emile, SEED_NEW, replications=8), cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(min(0.5, 0.4 * pilot["duration"]))  # past start-up, where the handler is installed
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, (process.returncode, stderr)
    assert stderr.strip() == INTERRUPTED.strip() and stdout == ""
    assert (tmp_path / OUTPUT).read_bytes() == pilot["old"]
    assert files_in(tmp_path) == [OUTPUT]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_moment_never_leaves_a_partial_file_or_a_temporary(emile, pilot, tmp_path, signum):
    rng = random.Random(int(signum))
    outcomes = set()
    for _ in range(4):
        delay = rng.uniform(0.0, 1.1) * pilot["duration"]
        (tmp_path / OUTPUT).write_bytes(pilot["old"])
        process = subprocess.Popen(run_arguments(emile, SEED_NEW), cwd=tmp_path, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        try:
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(signum)
            _, stderr = process.communicate(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode == EXIT_INTERRUPTED:
            assert stderr.strip() == INTERRUPTED.strip()
            assert check_output(tmp_path, pilot, pilot["old"]) == "previous"
        elif process.returncode == -signum:  # before the handler is installed: the default action
            assert check_output(tmp_path, pilot, pilot["old"]) == "previous"
        else:  # the signal came once the results were being written: the run completes
            assert process.returncode == EXIT_OK, (process.returncode, stderr)
            assert check_output(tmp_path, pilot, pilot["old"]) == "new"
        outcomes.add(process.returncode)
        # A handled signal unwinds: the temporary is removed, nothing else is written.
        assert files_in(tmp_path) == [OUTPUT]
    assert outcomes <= {EXIT_OK, EXIT_INTERRUPTED, -signum}


# ---- Outputs that cannot be written ------------------------------------------------------------------------

def limit_file_size(limit):
    def set_up():
        """Child set-up: files may not grow past `limit` bytes; exceeding it fails the write (EFBIG) instead of
        killing the process."""
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_up


def assert_fails_naming(done, target):
    assert done.returncode == EXIT_FAILURE, (done.returncode, done.stderr)
    assert done.stdout == ""
    assert done.stderr.startswith(f"emile: {target}: ") and done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize("limit", [0, 64 * 1024, 1024 * 1024], ids=["0B", "64KiB", "1MiB"])
def test_a_write_failing_part_way_exits_1_and_keeps_the_previous_file(emile, pilot, tmp_path, limit):
    (tmp_path / OUTPUT).write_bytes(pilot["old"])
    done = subprocess.run(run_arguments(emile, SEED_NEW, replications=1), cwd=tmp_path, capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=limit_file_size(limit))
    assert_fails_naming(done, OUTPUT)
    assert "File too large" in done.stderr
    assert (tmp_path / OUTPUT).read_bytes() == pilot["old"]
    assert files_in(tmp_path) == [OUTPUT]


def test_an_output_path_that_is_a_directory_exits_1_and_is_left_alone(emile, tmp_path):
    (tmp_path / OUTPUT).mkdir()
    (tmp_path / OUTPUT / "inside.txt").write_text("kept\n", encoding="utf-8")
    done = subprocess.run(run_arguments(emile, SEED_NEW), cwd=tmp_path, capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert_fails_naming(done, OUTPUT)
    assert "is a directory" in done.stderr
    assert files_in(tmp_path) == [f"{OUTPUT}/inside.txt"]


def test_an_output_in_a_missing_folder_exits_1_and_creates_nothing(emile, tmp_path):
    target = tmp_path / "missing" / OUTPUT
    done = subprocess.run(run_arguments(emile, SEED_NEW, output=target), cwd=tmp_path, capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert_fails_naming(done, target)
    assert "does not exist" in done.stderr
    assert list(tmp_path.iterdir()) == []


NOBODY = 65534


def as_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@pytest.fixture
def shared_folder():
    """A folder every user can read (pytest's are private to their owner), for runs as another user."""
    folder = Path(tempfile.mkdtemp(prefix="emile-crash-safety-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_read_only_folder_exits_1_and_keeps_the_previous_file(emile, pilot, shared_folder):
    """As root, whom permissions do not bind, the run is made as the unprivileged user `nobody`."""
    folder = shared_folder / "read-only"
    folder.mkdir()
    scenario = shared_folder / "pilot.toml"
    scenario.write_text(pilot_text(), encoding="utf-8")
    scenario.chmod(0o644)
    (folder / OUTPUT).write_bytes(pilot["old"])
    (folder / OUTPUT).chmod(0o644)
    options = {}
    if os.geteuid() == 0:
        options["preexec_fn"] = as_nobody
        check = subprocess.run([str(emile), "validate", str(scenario)], capture_output=True, text=True,
                               timeout=TIMEOUT, **options)
        if check.returncode != 0:
            pytest.skip(f"the user nobody cannot run {emile}: {check.stderr.strip()}")
    folder.chmod(0o555)
    try:
        done = subprocess.run(run_arguments(emile, SEED_NEW, output=folder / OUTPUT, scenario=scenario),
                              cwd=shared_folder, capture_output=True, text=True, timeout=TIMEOUT, **options)
    finally:
        folder.chmod(0o755)
    assert_fails_naming(done, folder / OUTPUT)
    assert "Permission denied" in done.stderr
    assert (folder / OUTPUT).read_bytes() == pilot["old"]
    assert files_in(folder) == [OUTPUT]
