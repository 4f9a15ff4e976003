"""Every ensemble command under `mpirun`: the file written by N processes is the file one process writes, dataset
for dataset; the work really is shared; a rank that dies ends the job without touching the output; a run saved
with checkpoints by N processes resumes with another N.

Run by ctest as the test `mpi` (label `mpi`) when emile is built with MPI (EMILE_WITH_MPI). mpirun runs as root
in CI containers only when told to, and Open MPI's shared-memory transport needs its single-copy mechanism off
there: MPI_ENVIRONMENT sets both, for these tests' processes alone. Runs are small (a few seconds each).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from cli_helpers import EXIT_OK, PILOT, SOURCE_DIR, differences, find_binary, run_emile  # noqa: E402

MPI_ENVIRONMENT = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
                   "OMPI_MCA_btl_vader_single_copy_mechanism": "none"}
TARGETS = SOURCE_DIR / "scenarios" / "targets" / "pilot-2019.toml"
VARIANT = SOURCE_DIR / "scenarios" / "variants" / "double-caseworkers.toml"
TIMEOUT = 300
# Attributes that time a calibration (thread time summed over the processes, elapsed time): they differ from run
# to run of the same command.
TIMINGS = {"world_seconds", "stepping_seconds", "targets_seconds", "wall_seconds"}
SHARES = re.compile(r"emile: (\d+) processes shared the work; items run by rank: ([\d, ]+)")


@pytest.fixture(scope="session")
def emile():
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.skip("no emile binary: set EMILE_BIN")
    if not shutil.which("mpirun"):
        pytest.skip("no mpirun: install Debian's openmpi-bin (scripts/setup.sh)")
    return binary


def mpirun(binary, processes, *args, cwd, timeout=TIMEOUT):
    """`mpirun -n PROCESSES emile ARGS` in `cwd`, each rank on one thread unless ARGS say otherwise."""
    threads = [] if "--threads" in map(str, args) else ["--threads", "1"]
    return subprocess.run(["mpirun", "--oversubscribe", "-n", str(processes), str(binary), *map(str, args), *threads],
                          cwd=cwd, capture_output=True, encoding="utf-8", errors="replace", timeout=timeout,
                          env={**os.environ, **MPI_ENVIRONMENT})


def same_file(a, b):
    """Whether two results files hold the same, dataset for dataset (timings and the command line aside)."""
    found = [d for d in differences(a, b) if not any(d.startswith(f"/ attribute {t}:") for t in TIMINGS)]
    assert found == [], found
    return True


def shares(done):
    """The items each rank ran, from the leader's last line on stderr."""
    found = SHARES.search(done.stderr)
    assert found, done.stderr
    counts = [int(c) for c in found.group(2).split(", ")]
    assert len(counts) == int(found.group(1))
    return counts


# Each command, small: its arguments before `-o FILE`.
COMMANDS = {
    "run": ["run", PILOT, "-r", 24, "--seed", 3],
    "compare": ["compare", PILOT, VARIANT, "-r", 6, "--seed", 3],
    "sweep": ["sweep", PILOT, "--vary", "origin.caseworkers=2,20", "-r", 4, "--seed", 3],
    "capacity": ["capacity", PILOT, "-r", 3, "--warmup-weeks", 4, "--window-weeks", 13, "--seed", 3],
    "morris": ["sensitivity", "LEVERS", "-r", 2, "--trajectories", 2, "--seed", 3],
    "sobol": ["sensitivity", PILOT, "--method", "sobol", "--samples", 4, "-r", 1, "--seed", 3],
    "calibrate": ["calibrate", PILOT, "--targets", TARGETS, "--particles", 20, "--generations", 2, "--seed", 3],
}


@pytest.fixture(scope="module")
def levers(tmp_path_factory):
    """The pilot with two levers, for a Morris design."""
    path = tmp_path_factory.mktemp("levers") / "pilot-levers.toml"
    path.write_text(f'base = "{PILOT.as_posix()}"\n\n'
                    '[[lever]]\nkey = "after_move.return_factor_no_car"\nmin = 1.0\nmax = 3.0\n\n'
                    '[[lever]]\nkey = "origin.caseworkers"\nmin = 1\nmax = 20\n', encoding="utf-8")
    return path


def command(name, levers):
    return [levers if a == "LEVERS" else a for a in COMMANDS[name]]


@pytest.fixture(scope="module")
def alone(emile, levers, tmp_path_factory):
    """Each command's file written by one process (on two threads)."""
    folder = tmp_path_factory.mktemp("alone")
    files = {}
    for name in COMMANDS:
        done = run_emile(emile, *command(name, levers), "-q", "--threads", 2, "-o", f"{name}.h5", cwd=folder,
                         timeout=TIMEOUT)
        assert done.returncode == EXIT_OK, (name, done.stderr)
        files[name] = folder / f"{name}.h5"
    return files


@pytest.mark.parametrize("name", list(COMMANDS))
def test_two_processes_write_the_file_one_process_writes(emile, alone, levers, tmp_path, name):
    done = mpirun(emile, 2, *command(name, levers), "-o", "two.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert same_file(alone[name], tmp_path / "two.h5")
    counts = shares(done)
    assert len(counts) == 2 and sum(counts) > 0


@pytest.mark.parametrize("name", ["run", "compare", "sweep", "calibrate"])
def test_three_processes_write_the_file_one_process_writes(emile, alone, levers, tmp_path, name):
    done = mpirun(emile, 3, *command(name, levers), "-o", "three.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert same_file(alone[name], tmp_path / "three.h5")


def test_every_rank_runs_replications_and_the_leader_counts_them_all(emile, tmp_path):
    """96 replications of about 20 ms over 2 ranks: each asks for work long before it is all given out."""
    done = mpirun(emile, 2, "run", PILOT, "-r", 96, "-o", "run.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    counts = shares(done)
    assert sum(counts) == 96
    assert all(count > 0 for count in counts), counts
    assert "results: run.h5" in done.stdout
    assert done.stdout.count("first immersion visit") == 1  # one rank speaks


def test_another_seed_gives_another_file(emile, alone, tmp_path):
    """The control: the comparison above can tell files apart."""
    args = [a if a != 3 else 4 for a in COMMANDS["run"]]
    done = mpirun(emile, 2, *args, "-q", "-o", "seed4.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert differences(alone["run"], tmp_path / "seed4.h5") != []


def test_quiet_says_nothing_and_a_bad_scenario_is_one_message_and_exit_2(emile, tmp_path):
    done = mpirun(emile, 2, "run", PILOT, "-r", 4, "-q", "-o", "quiet.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == "" and "emile" not in done.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text(f'base = "{PILOT.as_posix()}"\n[run]\nreplications = 0\n', encoding="utf-8")
    done = mpirun(emile, 2, "run", bad, "-o", "bad.h5", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("emile: ") == 1 and "bad.toml:3" in done.stderr and "replications" in done.stderr
    assert not (tmp_path / "bad.h5").exists()


def rank_pid(output, rank, deadline):
    """The process id of rank `rank` of the emile writing `output`, found by its environment."""
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
                environment = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(output).encode() in command and f"OMPI_COMM_WORLD_RANK={rank}".encode() in environment:
                return int(entry.name)
        time.sleep(0.05)
    raise AssertionError(f"no rank {rank} writing {output}")


def test_a_rank_killed_mid_run_ends_the_job_and_keeps_the_previous_file(emile, alone, tmp_path):
    output = tmp_path / "kept.h5"
    shutil.copy(alone["run"], output)
    before = output.read_bytes()
    process = subprocess.Popen(["mpirun", "--oversubscribe", "-n", "2", str(emile), "run", str(PILOT), "-r", "400",
                                "--threads", "1", "-o", str(output)], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **MPI_ENVIRONMENT})
    try:
        pid = rank_pid(output, 1, time.monotonic() + 60)
        time.sleep(1.0)  # well into the replications
        os.kill(pid, signal.SIGKILL)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # mpirun names the rank that died and ends the others; the leader, if it is still running when told to end,
    # says that nothing was written.
    assert process.returncode != 0, stderr
    assert "rank 1" in stderr and "signal 9" in stderr, stderr
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.h5"]


def test_a_run_paused_by_two_processes_resumes_with_three_and_with_one(emile, alone, tmp_path):
    """--until pauses every replication, the followers' states travel to the leader's checkpoint; resuming it with
    another number of processes gives the uninterrupted run's file."""
    done = mpirun(emile, 2, *COMMANDS["run"], "--until", "2019-11-01", "-o", "paused.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert not (tmp_path / "paused.h5").exists() and (tmp_path / "paused.ckpt").exists()
    done = mpirun(emile, 3, "resume", "paused.ckpt", "-q", "-o", "three.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert same_file(alone["run"], tmp_path / "three.h5")
    done = run_emile(emile, "resume", "paused.ckpt", "-q", "-o", "one.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert same_file(alone["run"], tmp_path / "one.h5")


def test_a_checkpointed_run_whose_rank_died_resumes_to_the_same_file(emile, alone, tmp_path):
    """With --checkpoint-every, the leader saves each replication as it arrives; after a rank is killed the
    checkpoint resumes, under another number of processes, to the uninterrupted file."""
    args = [str(a) for a in COMMANDS["run"]]
    args[args.index("-r") + 1] = "64"
    reference = run_emile(emile, *args, "-q", "-o", "reference.h5", cwd=tmp_path)
    assert reference.returncode == EXIT_OK, reference.stderr
    output = tmp_path / "saved.h5"
    process = subprocess.Popen(["mpirun", "--oversubscribe", "-n", "2", str(emile), *args, "--threads", "1",
                                "--checkpoint-every", "4", "-o", str(output)], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **MPI_ENVIRONMENT})
    try:
        pid = rank_pid(output, 1, time.monotonic() + 60)
        deadline = time.monotonic() + 60
        while not (tmp_path / "saved.ckpt").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert not output.exists()
    done = mpirun(emile, 3, "resume", "saved.ckpt", "-q", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert same_file(tmp_path / "reference.h5", output)


def test_the_python_module_does_not_link_mpi(emile):
    """`import emile` in a Jupyter kernel must never start MPI: the extension module links no MPI library, while the
    command-line tool does."""
    modules = sorted((Path(emile).parents[1] / "python" / "emile").glob("_core*.so"))
    if not modules:
        pytest.skip("the Python package is not built")
    libraries = subprocess.run(["ldd", str(modules[0])], capture_output=True, text=True, check=True).stdout
    assert "libmpi" not in libraries
    assert "libmpi" in subprocess.run(["ldd", str(emile)], capture_output=True, text=True, check=True).stdout


def test_check_under_two_processes_prints_its_table_once_and_exits_by_it(emile, tmp_path):
    """A non-zero exit that every rank reaches alike (a target outside its interval) is emile's exit code, after the
    leader's whole table: the other rank waits for the leader to end the job."""
    (tmp_path / "far.toml").write_text('[[target]]\nname = "far"\nflow = "enrolled"\ndate = 2019-07-26\nvalue = 3000\n'
                                       'tolerance = 5\nsource = "s"\n', encoding="utf-8")
    alone = run_emile(emile, "check", PILOT, "--targets", "far.toml", "-r", 6, cwd=tmp_path)
    done = mpirun(emile, 2, "check", PILOT, "--targets", "far.toml", "-r", 6, cwd=tmp_path)
    assert alone.returncode == done.returncode == 1, done.stderr
    assert done.stdout == alone.stdout
