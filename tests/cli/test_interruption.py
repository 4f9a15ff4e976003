"""Ctrl-C and SIGTERM stop every phase of a command promptly, and inputs that are not regular files are refused at
once: a FIFO given as a scenario, a checkpoint or a results file must never leave `emile` waiting in open(2)."""

import os
import signal
import subprocess
import time
from datetime import date, timedelta

import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_INTERRUPTED, PILOT, pilot_text
PROMPT = 15  # seconds: the most an interrupted command may take to end (measured: a few milliseconds)


def many_events(path, count):
    events = "".join(f'[[event]]\ndate = {date(2019, 6, 14) + timedelta(days=k % 200)}\nkind = "set"\n'
                     f'key = "territory.15.caseworkers"\nvalue = {1 + k % 5}\n'
                     for k in sorted(range(count), key=lambda k: k % 200))
    text = pilot_text()
    path.write_text(text.split("[[event]]")[0] + events + "[[event]]" + text.split("[[event]]", 1)[1],
                    encoding="utf-8")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_validation_ends_it_at_once(emile, tmp_path, signum):
    """300,000 `set` events take a few seconds to read and validate; a signal half a second in ends the command
    with exit 130 within PROMPT seconds (the delay is printed), not after validation."""
    scenario = tmp_path / "many-events.toml"
    many_events(scenario, 300_000)
    process = subprocess.Popen([str(emile), "validate", scenario.name], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        sent = time.monotonic()
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=PROMPT)
        delay = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    print(f"validation of 300,000 events ended {delay * 1000:.0f} ms after {signal.Signals(signum).name}")
    assert process.returncode == EXIT_INTERRUPTED, (process.returncode, stderr)
    assert stderr.strip() == "emile: interrupted; no results written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many-events.toml"]


@pytest.mark.parametrize("arguments", [
    ["resume", "fifo"],
    ["run", str(PILOT), "--from", "fifo", "-o", "out.h5"],
    ["info", "fifo"],
    ["validate", "fifo"],
    ["run", "fifo", "-o", "out.h5"],
], ids=["resume", "run --from", "info", "validate", "run"])
def test_a_fifo_given_as_an_input_is_refused_at_once(emile, tmp_path, arguments):
    os.mkfifo(tmp_path / "fifo")
    done = subprocess.run([str(emile), *arguments], cwd=tmp_path, capture_output=True, text=True, timeout=PROMPT)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr == "emile: fifo: not a regular file (a FIFO)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_threads_that_cannot_start_are_an_error_not_an_abort(emile, tmp_path):
    """Under an address-space limit, 1024 threads cannot all start: TBB would terminate the process (exit 134);
    emile reports it (exit 1) before anything is written."""
    import resource

    def limit_address_space():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run([str(emile), "run", str(PILOT), "-r", "2", "--threads", "1024", "-q", "-o", "out.h5"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=limit_address_space)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.stderr.startswith("emile: cannot start 1024 threads (only "), done.stderr
    assert done.stderr.endswith("; use fewer threads\n")
    assert list(tmp_path.iterdir()) == []
