"""Checkpoints from the command line: `emile run --until` / `--checkpoint-every`, `emile resume`, and branching
with `emile run VARIANT --from CHECKPOINT`. A resumed or branched run must give the results of the uninterrupted
run (or of the scenario switching its lever by a dated event) element for element."""

import random
import struct
import signal
import subprocess
import time

import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_OK, PILOT, TIMEOUT, differences, files_in, run_emile

# Only the scenario's text and the root attributes that name it may differ between a branch and the run that
# switches its lever by an event; everything the simulation produced must be equal.
SCENARIO_ONLY = {"/scenario: values differ"}


def only_scenario_differs(a, b):
    return set(differences(a, b)) <= SCENARIO_ONLY


def test_a_run_paused_until_a_date_and_resumed_equals_the_uninterrupted_run(emile, tmp_path):
    assert run_emile(emile, "run", PILOT, "-r", 2, "--seed", 6, "-q", "-o", "full.h5", cwd=tmp_path).returncode == EXIT_OK
    paused = run_emile(emile, "run", PILOT, "-r", 2, "--seed", 6, "--until", "2019-12-01", "-o", "pilot.h5", cwd=tmp_path)
    assert paused.returncode == EXIT_OK, paused.stderr
    assert "checkpoint pilot.ckpt" in paused.stdout and "emile resume pilot.ckpt" in paused.stdout
    assert not (tmp_path / "pilot.h5").exists()  # a pause writes no results
    resumed = run_emile(emile, "resume", "pilot.ckpt", "--threads", 1, "-q", cwd=tmp_path)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert differences(tmp_path / "full.h5", tmp_path / "pilot.h5") == []
    assert (tmp_path / "pilot.ckpt").exists()  # kept, to branch from again


def test_a_run_killed_at_random_moments_resumes_from_its_last_checkpoint_to_the_same_results(emile, tmp_path):
    args = ["run", PILOT, "-r", 2, "--seed", 9, "--threads", 2, "-q"]
    assert run_emile(emile, *args, "-o", "full.h5", cwd=tmp_path).returncode == EXIT_OK
    delays = random.Random(7).sample(range(0, 400), 4)  # milliseconds after the first save
    resumed_runs = 0
    for attempt, delay in enumerate(delays):
        output, checkpoint = tmp_path / f"killed-{attempt}.h5", tmp_path / f"killed-{attempt}.ckpt"
        process = subprocess.Popen([str(emile), *map(str, [*args, "--checkpoint-every", 4, "-o", output.name])],
                                   cwd=tmp_path)
        deadline = time.monotonic() + TIMEOUT
        while not checkpoint.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay / 1000)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        if output.exists():  # it finished first: complete results, the spent checkpoint removed
            assert differences(tmp_path / "full.h5", output) == [] and not checkpoint.exists()
            continue
        resumed = run_emile(emile, "resume", checkpoint.name, "-q", cwd=tmp_path)
        assert resumed.returncode == EXIT_OK, resumed.stderr
        assert differences(tmp_path / "full.h5", output) == [], delay
        assert not checkpoint.exists()  # spent: the results hold everything it did
        resumed_runs += 1
    assert resumed_runs >= 2  # a 55-week run saving every 4 weeks is mostly still running when killed


def test_a_branch_equals_the_scenario_switching_its_lever_by_a_dated_event(emile, tmp_path):
    (tmp_path / "switched.toml").write_text(
        f'base = "{PILOT.as_posix()}"\n\n[run]\nname = "branch"\n\n'
        '[[event]]\ndate = 2020-04-15\nkind = "set"\nkey = "origin.caseworkers"\nvalue = 2\n')
    (tmp_path / "variant.toml").write_text(
        f'base = "{PILOT.as_posix()}"\n\n[run]\nname = "branch"\n\n[origin]\ncaseworkers = 2\n')
    assert run_emile(emile, "run", "switched.toml", "-r", 2, "-q", "-o", "expected.h5", cwd=tmp_path).returncode == EXIT_OK
    assert run_emile(emile, "run", PILOT, "-r", 2, "-q", "--until", "2020-04-15", "-o", "base.h5",
                     cwd=tmp_path).returncode == EXIT_OK
    branched = run_emile(emile, "run", "variant.toml", "--from", "base.ckpt", "-q", "-o", "branched.h5", cwd=tmp_path)
    assert branched.returncode == EXIT_OK, branched.stderr
    assert only_scenario_differs(tmp_path / "expected.h5", tmp_path / "branched.h5")
    status_quo = run_emile(emile, "run", PILOT, "--from", "base.ckpt", "-q", "-o", "status-quo.h5", cwd=tmp_path)
    assert status_quo.returncode == EXIT_OK
    assert not only_scenario_differs(tmp_path / "status-quo.h5", tmp_path / "branched.h5")


@pytest.mark.parametrize("arguments, message", [
    (["run", PILOT, "--until", "2031-01-01"], "--until 2031-01-01: must fall after the start and inside the run"),
    (["run", PILOT, "--until", "1 March"], "--until: "),
    (["run", PILOT, "--checkpoint-every", 4, "--checkpoint", "out.h5", "-o", "out.h5"], "is the results file out.h5; name another"),
    (["run", PILOT, "--checkpoint-every", 0], "--checkpoint-every"),
    (["resume", "not-a-checkpoint.ckpt"], "not-a-checkpoint.ckpt: not an emile checkpoint file"),
])
def test_unusable_checkpoint_options_are_bad_input_and_write_nothing(emile, tmp_path, arguments, message):
    (tmp_path / "not-a-checkpoint.ckpt").write_text("[run]\n")
    before = files_in(tmp_path)
    result = run_emile(emile, *arguments, cwd=tmp_path)
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert message in result.stderr
    assert files_in(tmp_path) == before


def test_a_branch_refuses_a_new_seed_and_a_checkpoint_without_a_common_date(emile, tmp_path):
    assert run_emile(emile, "run", PILOT, "-r", 1, "-q", "--until", "2019-09-01", "-o", "base.h5",
                     cwd=tmp_path).returncode == EXIT_OK
    result = run_emile(emile, "run", PILOT, "--from", "base.ckpt", "--seed", 3, cwd=tmp_path)
    assert result.returncode == EXIT_BAD_INPUT and "drop --seed and -r" in result.stderr
    result = run_emile(emile, "resume", "base.ckpt", "--checkpoint", "base.ckpt", "--until", "2019-10-01", cwd=tmp_path)
    assert result.returncode == EXIT_BAD_INPUT and "would overwrite the checkpoint being resumed" in result.stderr
    # A parameter the saved world was built from cannot change in a branch: refused, named, nothing written.
    result = run_emile(emile, "run", PILOT, "--from", "base.ckpt", "--set", "territory.15.main_residences=70000",
                       "-o", "branch.h5", cwd=tmp_path)
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    assert "territory.15.main_residences" in result.stderr and "a branch cannot change it" in result.stderr
    assert not (tmp_path / "branch.h5").exists()


# ---- Damage the checksum cannot see -----------------------------------------------------------------------------

MASK = (1 << 64) - 1


def archive_checksum(payload):
    """The checksum of sim/archive.cpp (the xxHash64 round, eight bytes at a time)."""
    prime1, prime2 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F
    rotl = lambda x, r: ((x << r) | (x >> (64 - r))) & MASK  # noqa: E731
    h = prime1 ^ len(payload)
    whole = len(payload) // 8 * 8
    for word in struct.unpack_from(f"<{whole // 8}Q", payload):
        h = (rotl(h ^ (word * prime2 & MASK), 31) * prime1) & MASK
    for byte in payload[whole:]:
        h = (rotl(h ^ (byte * prime2 & MASK), 11) * prime1) & MASK
    return h ^ (h >> 29)


def rewrite_payload(path, damage):
    """Changes a checkpoint's payload with `damage` and writes it back with a matching header and checksum."""
    data = path.read_bytes()
    kind_length = struct.unpack_from("<Q", data, 12)[0]
    header = 12 + 8 + kind_length
    payload = bytearray(data[header + 16:])
    damage(payload)
    path.write_bytes(data[:header] + struct.pack("<QQ", len(payload), archive_checksum(bytes(payload))) + payload)


@pytest.fixture
def paused(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-r", 1, "--seed", 4, "--until", "2019-09-01", "-q", "-o", "p.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    return tmp_path / "p.ckpt"


def test_the_checksum_of_a_checkpoint_is_reproduced_here(paused):
    before = paused.read_bytes()
    rewrite_payload(paused, lambda payload: None)
    assert paused.read_bytes() == before


def test_a_damaged_state_with_a_consistent_checksum_is_bad_input_naming_the_checkpoint(emile, paused, tmp_path):
    def damage(payload):
        payload[-64:] = b"\xff" * 64  # the end of the replication's state: the recorder's logs
    rewrite_payload(paused, damage)
    done = run_emile(emile, "resume", "p.ckpt", "-q", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr.startswith("emile: p.ckpt: replication 0: damaged or incompatible at byte "), done.stderr
    assert files_in(tmp_path) == ["p.ckpt"]


def test_a_damaged_saved_scenario_is_blamed_on_the_checkpoint(emile, paused, tmp_path):
    def damage(payload):
        at = payload.index(b"[run]")
        payload[at + 4] = ord("!")
    rewrite_payload(paused, damage)
    done = run_emile(emile, "resume", "p.ckpt", "-q", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr.startswith("emile: p.ckpt: damaged or incompatible at byte "), done.stderr
    assert f"the scenario saved in it (from {PILOT}) cannot be used" in done.stderr
