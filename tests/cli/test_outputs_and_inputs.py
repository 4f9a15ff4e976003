"""Outputs never destroy inputs: every output and checkpoint path is compared with every input and with each
other as files (same device and inode, links followed), not as spellings; a clash is refused before any work
with exit 2 naming both, and every input is left byte for byte as it was. A target that is not a regular file
(a device, a FIFO, a socket) is never replaced."""

import os

import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, pilot_text, run_emile


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(pilot_text(), encoding="utf-8")
    return path


def contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("arguments, message", [
    (["-o", "x.h5", "--checkpoint-every", "4", "--checkpoint", "./x.h5"],
     "emile: --checkpoint ./x.h5: is the results file x.h5; name another"),
    (["-o", "r.h5", "--checkpoint-every", "4", "--checkpoint", "s.toml"],
     "emile: --checkpoint s.toml: is the scenario s.toml; an output never replaces an input"),
    (["-o", "s.toml"], "emile: -o s.toml: is the scenario s.toml; an output never replaces an input"),
    (["-o", "./sub/../s.toml"], "emile: -o ./sub/../s.toml: is the scenario s.toml; an output never replaces an input"),
    (["-o", "hard-link.toml"], "emile: -o hard-link.toml: is the scenario s.toml; an output never replaces an input"),
    (["-o", "soft-link.toml"], "emile: -o soft-link.toml: is the scenario s.toml; an output never replaces an input"),
])
def test_run_refuses_an_output_that_is_an_input_or_another_output(emile, scenario, tmp_path, arguments, message):
    (tmp_path / "sub").mkdir()
    os.link(scenario, tmp_path / "hard-link.toml")
    os.symlink("s.toml", tmp_path / "soft-link.toml")
    before = contents(tmp_path)
    done = run_emile(emile, "run", "s.toml", "-r", 1, *arguments, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr == message + "\n"
    assert contents(tmp_path) == before  # nothing written, nothing deleted


def test_compare_refuses_to_write_over_its_variant(emile, scenario, tmp_path):
    variant = tmp_path / "v.toml"
    variant.write_text(f'base = "s.toml"\n[run]\nname = "variant"\n', encoding="utf-8")
    before = contents(tmp_path)
    done = run_emile(emile, "compare", "s.toml", "v.toml", "-r", 1, "-o", "v.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr == "emile: -o v.toml: is the variant scenario v.toml; an output never replaces an input\n"
    assert contents(tmp_path) == before


@pytest.mark.parametrize("command", ["sweep", "capacity", "sensitivity"])
def test_analyses_refuse_to_write_over_their_scenario(emile, scenario, tmp_path, command):
    extra = ["--vary", "origin.caseworkers=10,20"] if command == "sweep" else []
    if command == "sensitivity":
        with scenario.open("a", encoding="utf-8") as f:
            f.write('\n[[lever]]\nkey = "origin.caseworkers"\nmin = 10\nmax = 30\n')
    before = contents(tmp_path)
    done = run_emile(emile, command, "s.toml", *extra, "-r", 1, "-o", "s.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr == "emile: -o s.toml: is the scenario s.toml; an output never replaces an input\n"
    assert contents(tmp_path) == before


def test_resume_never_writes_its_results_over_the_checkpoint(emile, scenario, tmp_path):
    paused = run_emile(emile, "run", "s.toml", "-r", 1, "-q", "--until", "2019-09-01", "-o", "p.h5", cwd=tmp_path)
    assert paused.returncode == EXIT_OK, paused.stderr
    before = contents(tmp_path)
    done = run_emile(emile, "resume", "p.ckpt", "-o", "p.ckpt", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr == "emile: -o p.ckpt: is the checkpoint p.ckpt; an output never replaces an input\n"
    assert contents(tmp_path) == before


def test_a_fifo_at_the_output_is_refused_and_left_a_fifo(emile, scenario, tmp_path):
    os.mkfifo(tmp_path / "out.h5")
    done = run_emile(emile, "run", "s.toml", "-r", 1, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_FAILURE
    assert done.stderr == "emile: out.h5: not a regular file (a device, FIFO or socket is never replaced)\n"
    assert (tmp_path / "out.h5").is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.h5", "s.toml"]  # no temporary left
