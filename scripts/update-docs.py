#!/usr/bin/python3
"""Documented commands and figures are outputs: this script runs them and writes them into the Markdown.

README.md and docs/*.md mark what they show with HTML comments (invisible once rendered):

* ``<!-- run -->`` before a fenced ``sh`` or ``python`` block: the block is executed. In an ``sh`` block every
  command line (``\\``-continued lines joined, ``#`` comments dropped) is run without a shell; its first word,
  ``emile`` or ``build/cli/emile``, is the built tool (``$EMILE_BIN``). A ``python`` block runs in
  ``/usr/bin/python3`` with the package on ``PYTHONPATH``. Every command must exit 0.
* ``<!-- setup: COMMAND -->``: a command run for what it writes (a results file a snippet reads), not shown.
* ``<!-- file: PATH -->`` before a fenced block: the block is written to PATH, for the commands that follow.
* ``<!-- output: COMMAND -->`` … ``<!-- end output -->``: the lines between are COMMAND's standard output,
  rewritten by this script (inside a fence when they were in one). ``<!-- output: $ COMMAND -->`` starts the
  block with the line ``$ COMMAND``. ``<!-- output -->`` with no command (``<!-- output: | FILTER -->``) is the
  standard output of the ``run`` block just above. Several commands are separated by `` ; ``, their outputs
  following one another. Filters follow: ``| keep REGEX`` keeps the lines matching REGEX; ``| elide REGEX`` too,
  writing ``…`` for each run of lines left out; ``| cut N`` cuts lines to N characters, ending a cut line with
  `` …``; ``| exit N`` says the commands exit N, not 0 (`emile check` when a figure is missed). Output must not vary from run to run: commands that print times or paths are not shown.
* ``<!-- figures: F1; F2; … -->`` on the line after a paragraph: each figure F (``+2.34``, ``1,073``,
  ``−8.4``) must be written in that paragraph and equal, at the precision it is written with, a number of one of
  the file's outputs (without a sign, it is compared with the number's magnitude).
* ``<!-- not run: REASON -->`` before a fenced block: a command deliberately not executed (it installs, builds,
  or needs a crash), with the reason.

Every fenced block of a covered file holding an ``emile`` command or Python code must carry one of these marks;
a block of output needs ``output``. Each file runs in a fresh temporary folder of its own, holding
``scenarios/`` (links to the repository's scenario files) and ``data/`` (a link to its data), in document order.

    scripts/update-docs.py [FILE…]          # rewrites the output blocks of README.md and docs/*.md (or FILEs)
    scripts/update-docs.py --check [FILE…]  # exit 1 naming file, line and the first differing line (CTest `docs`)

Environment: ``EMILE_BIN`` (default build/cli/emile), ``PYTHONPATH`` (default build/python).
"""

from __future__ import annotations

import argparse
import decimal
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1]
FILES = ["README.md", *sorted(str(p.relative_to(SOURCE)) for p in (SOURCE / "docs").glob("*.md"))]

MARK = re.compile(r"^\s*<!-- (run|setup|file|output|end output|figures|not run)(?::\s*(.*?))?\s*-->\s*$")
FENCE = re.compile(r"^\s*(```+|~~~+)(\w*)")
COMMAND = re.compile(r"(?:^|\s)(?:build/cli/)?emile (?:run|resume|validate|info|compare|sweep|capacity|sensitivity|calibrate|check|"
                     r"parameters|--help)\b", re.M)  # an `emile` command in a block
NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?")


class DocError(Exception):
    """A problem with a mark, reported as `WHERE: MESSAGE` (WHERE is FILE:LINE)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")


def emile_bin() -> str:
    return os.environ.get("EMILE_BIN") or str(SOURCE / "build" / "cli" / "emile")


def python_env() -> dict[str, str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    if not env.get("PYTHONPATH"):
        env["PYTHONPATH"] = str(SOURCE / "build" / "python")
    return env


def make_workdir(root: Path) -> Path:
    """A folder holding `scenarios/`: links to every shipped scenario file and folder, so blocks may add files; and
    `data/`, a link to the shipped data the scenarios name."""
    scenarios = root / "scenarios"
    scenarios.mkdir()
    for entry in (SOURCE / "scenarios").iterdir():
        (scenarios / entry.name).symlink_to(entry)
    (root / "data").symlink_to(SOURCE / "data")
    return root


def split_commands(text: str) -> list[list[str]]:
    commands = []
    for line in text.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def run_words(words: list[str], cwd: Path, where: str, expected: int = 0) -> str:
    if words[0] in ("emile", "build/cli/emile"):
        words = [emile_bin(), *words[1:]]
    else:
        raise DocError(where, f"only `emile` commands can be run: {shlex.join(words)}")
    result = subprocess.run(words, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != expected:
        raise DocError(where,
                       f"`{shlex.join(words)}` exited {result.returncode}, not {expected}: {result.stderr.strip()[-2000:]}")
    return result.stdout


def run_python(code: str, cwd: Path, where: str, index: int) -> str:
    script = cwd / f"snippet-{index}.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(["/usr/bin/python3", script.name], cwd=cwd, capture_output=True, text=True,
                            env=python_env(), stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise DocError(where, f"the Python block fails:\n{result.stderr.strip()[-3000:]}")
    return result.stdout


def apply_filters(output: str, filters: list[str]) -> list[str]:
    lines = output.rstrip("\n").split("\n")
    for spec in filters:
        name, _, argument = spec.strip().partition(" ")
        if name in ("keep", "elide"):
            pattern, kept, dropped = re.compile(argument.strip()), [], False
            for line in lines:
                if pattern.search(line):
                    kept.append(line)
                    dropped = False
                elif name == "elide" and not dropped:
                    kept.append("…")
                    dropped = True
            lines = kept
        elif name == "cut":
            width = int(argument)
            lines = [line if len(line) <= width else line[:width].rstrip() + " …" for line in lines]
        else:
            raise ValueError(f"unknown filter `{name}`")
    return lines


def fenced_block(lines: list[str], start: int) -> tuple[int, str, str]:
    """The fenced block opening at `start`: (index after its closing fence, its language, its text)."""
    match = FENCE.match(lines[start])
    if not match:
        raise ValueError("a fenced block must follow")
    fence, language = match.group(1), match.group(2)
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith(fence):
        end += 1
    if end == len(lines):
        raise ValueError("the fenced block is not closed")
    return end + 1, language, "\n".join(lines[start + 1:end]) + "\n"


def figure_matches(figure: str, numbers: list[str]) -> bool:
    text = figure.replace("−", "-").replace(",", "")
    value = decimal.Decimal(text)
    places = -value.as_tuple().exponent
    signed = text[0] in "+-"
    for number in numbers:
        candidate = decimal.Decimal(number.replace("−", "-").replace(",", ""))
        if not signed:
            candidate = abs(candidate)
            value = abs(value)
        if abs(candidate - value) <= decimal.Decimal(5).scaleb(-places - 1):
            return True
    return False


def process(path: str, workdir: Path) -> tuple[str, list[str]]:
    """The file's text with every output block regenerated, and the problems found."""
    lines = (SOURCE / path).read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    problems: list[str] = []
    outputs: list[str] = []       # every output block's text, for the figures
    figures: list[tuple[int, str, list[str]]] = []
    last_stdout: str | None = None
    snippets = 0
    i = 0
    marked_next = False
    while i < len(lines):
        line = lines[i]
        where = f"{path}:{i + 1}"
        mark = MARK.match(line)
        if FENCE.match(line):
            end, language, body = fenced_block(lines, i)
            if not marked_next and (language == "python" or language in ("sh", "text", "") and COMMAND.search(body)):
                problems.append(f"{where}: a block of commands or code without a mark "
                                "(`<!-- run -->`, `<!-- output: … -->` or `<!-- not run: … -->`)")
            out.extend(lines[i:end])
            i, marked_next = end, False
            continue
        marked_next = False
        if not mark:
            out.append(line)
            i += 1
            continue
        kind, argument = mark.group(1), (mark.group(2) or "").strip()
        out.append(line)
        i += 1
        try:
            if kind == "run":
                end, language, body = fenced_block(lines, i)
                if language == "python":
                    snippets += 1
                    last_stdout = run_python(body, workdir, where, snippets)
                else:
                    last_stdout = "".join(run_words(words, workdir, where) for words in split_commands(body))
                out.extend(lines[i:end])
                i = end
            elif kind == "setup":
                for words in split_commands(argument):
                    run_words(words, workdir, where)
            elif kind == "file":
                end, _, body = fenced_block(lines, i)
                target = workdir / argument
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, encoding="utf-8")
                out.extend(lines[i:end])
                i = end
            elif kind == "not run":
                if not argument:
                    problems.append(f"{where}: `not run` needs its reason")
                marked_next = True
            elif kind == "figures":
                paragraph = []
                j = len(out) - 2
                while j >= 0 and out[j].strip() and not MARK.match(out[j]):
                    paragraph.insert(0, out[j])
                    j -= 1
                figures.append((i, " ".join(paragraph), [f.strip() for f in argument.split(";") if f.strip()]))
            elif kind == "output":
                command, *filters = ("", argument[2:]) if argument.startswith("| ") else argument.split(" | ")
                exits = [int(f.split()[1]) for f in filters if f.split()[0] == "exit"]
                filters = [f for f in filters if f.split()[0] != "exit"]
                echo = command.startswith("$ ")
                command = command[2:] if echo else command
                if command:
                    text = "".join(run_words(words, workdir, where, exits[0] if exits else 0)
                                   for part in command.split(" ; ") for words in split_commands(part))
                elif last_stdout is None:
                    raise DocError(where, "`output` without a command needs a `run` block above")
                else:
                    text = last_stdout
                body = ([f"$ {command}"] if echo else []) + apply_filters(text, filters)
                outputs.append("\n".join(body))
                end = i
                while end < len(lines) and not lines[end].lstrip().startswith("<!-- end output -->"):
                    end += 1
                if end == len(lines):
                    raise DocError(where, "`output` without its `<!-- end output -->`")
                old = lines[i:end]
                fence = FENCE.match(old[0]) if old else None
                out.extend([old[0], *body, old[-1]] if fence else body)
                out.append(lines[end])
                i = end + 1
            elif kind == "end output":
                problems.append(f"{where}: `end output` without its `output`")
        except DocError as error:
            problems.append(str(error))
        except (ValueError, re.error) as error:
            problems.append(f"{where}: {error}")
    numbers = NUMBER.findall("\n".join(outputs))
    for line_number, paragraph, listed in figures:
        prose = paragraph.replace("−", "-")
        for figure in listed:
            if figure.replace("−", "-") not in prose:
                problems.append(f"{path}:{line_number}: figure {figure} is not in the paragraph above")
            elif not figure_matches(figure, numbers):
                problems.append(f"{path}:{line_number}: figure {figure} is in none of the file's outputs")
    return "\n".join(out), problems


def first_difference(old: str, new: str) -> tuple[int, str, str]:
    old_lines, new_lines = old.split("\n"), new.split("\n")
    for n, (a, b) in enumerate(zip(old_lines, new_lines)):
        if a != b:
            return n + 1, a, b
    n = min(len(old_lines), len(new_lines))
    return n + 1, (old_lines[n:] or [""])[0], (new_lines[n:] or [""])[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not up to date")
    parser.add_argument("files", nargs="*", help="files relative to the repository (default: README.md, docs/*.md)")
    args = parser.parse_args()
    if not Path(emile_bin()).exists():
        print(f"update-docs: {emile_bin()} is not built (set EMILE_BIN)", file=sys.stderr)
        return 2
    failed = False
    for path in args.files or FILES:
        path = str(Path(path).resolve().relative_to(SOURCE)) if Path(path).is_absolute() else path
        started = time.monotonic()
        old = (SOURCE / path).read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="emile-docs-") as folder:
            new, problems = process(path, make_workdir(Path(folder)))
        for problem in problems:
            print(problem, file=sys.stderr)
        failed |= bool(problems)
        if new != old:
            if args.check:
                line, was, now = first_difference(old, new)
                print(f"{path}:{line}: differs from the output of its commands (scripts/update-docs.py "
                      f"rewrites it)\n  documented: {was}\n  output:     {now}", file=sys.stderr)
                failed = True
            else:
                (SOURCE / path).write_text(new, encoding="utf-8")
                print(f"{path}: rewritten", file=sys.stderr)
        print(f"{path}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
