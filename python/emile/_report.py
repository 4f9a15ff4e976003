"""`emile report`: one self-contained HTML page (and a PDF) from any results file, in English or French.

The page is what a planner hands to a steering committee: the headline figures with their ranges, a paragraph of
conclusions drawn from them, the charts of the kind of file (each titled with the period it covers), and how the
file was made (the command that reproduces it, the resolved scenario). Everything is inline: charts are matplotlib
SVG drawn with a fixed hash salt and no date, the style is in the page, nothing is fetched — the same file gives
the same bytes apart from the report's creation time. What each kind shows is in _report_kinds.py, the blocks of a page
in _report_page.py, their layout in the Jinja2 template _report.html.jinja. The PDF is the page printed by headless
Chromium.

    python3 -m emile report RESULTS.h5 [-o report.html] [--pdf report.pdf] [--lang fr|en]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Union

from . import _core
from ._report_kinds import PAGES
from ._report_page import Language, Page
from ._report_strings import LANGUAGES
from ._results import open as open_results

PathLike = Union[str, os.PathLike]
TEMPLATE = Path(__file__).with_name("_report.html.jinja")


def render(path: PathLike, language: str = "en", created: Optional[str] = None) -> str:
    """The report of the results file at `path` as HTML text. `created` (ISO UTC) stands for now, for tests."""
    import jinja2
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lang = Language(language)
    opened = open_results(path)
    page = Page(lang)
    page.facts = [(lang.t("scenario"), str(opened.attrs["scenario"]))]
    if "variant_scenario" in opened.attrs:
        page.facts.append((lang.t("variant"), str(opened.attrs["variant_scenario"])))
    page.facts += [(lang.t("replications"), str(opened.replications)), (lang.t("seed"), str(opened.seed))]
    with plt.rc_context({"svg.hashsalt": "emile-report", "svg.fonttype": "path", "figure.dpi": 72}):
        PAGES[type(opened)](page, opened)
    template = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(
        TEMPLATE.read_text(encoding="utf-8"))
    return template.render(
        lang=lang.code, t=lang.t, page=page, kind=opened.attrs.get("analysis", "run"),
        scenario_name=str(opened.attrs["scenario"]), command=str(opened.attrs.get("invocation", "")),
        version=str(opened.attrs["emile_version"]), written=str(opened.attrs["created_utc"]),
        created=created or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        scenario=next(iter(opened.scenario_tomls.values()), ""))


def chromium() -> Optional[str]:
    """The headless browser that prints the PDF: Debian's `chromium`, or what EMILE_CHROMIUM names."""
    return os.environ.get("EMILE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(page: Path, pdf: Path) -> None:
    """Prints the HTML file `page` to `pdf` with headless Chromium (atomically). RuntimeError when there is none or
    it fails."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("--pdf needs Chromium (Debian's package `chromium`, installed by scripts/setup.sh)")
    with tempfile.TemporaryDirectory(prefix="emile-pdf-") as folder:
        printed = Path(folder) / "report.pdf"
        arguments = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", f"--user-data-dir={folder}",
                     f"--print-to-pdf={printed}", page.resolve().as_uri()]
        if os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses to run as root inside its sandbox
        done = subprocess.run(arguments, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            raise RuntimeError(f"Chromium could not print {page}: {done.stderr.strip()[-500:]}")
        _replace(pdf, printed.read_bytes())


def _replace(path: Path, content: bytes) -> None:
    """Writes `content` to `path` through a temporary beside it, renamed when complete."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def report(path: PathLike, output: Optional[PathLike] = None, pdf: Optional[PathLike] = None,
           language: str = "en") -> Path:
    """Writes the report of the results file at `path` to `output` (default: its name ending in .html, beside it),
    and with `pdf` prints it there too; returns the HTML file's path. Raises ResultsFileError for a file that is
    not a complete emile results file (nothing is written), ValueError for an unknown language."""
    source = Path(path)
    page = Path(output) if output is not None else source.with_suffix(".html")
    written = render(source, language).encode("utf-8")
    _replace(page, written)
    if pdf is not None:
        print_pdf(page, Path(pdf))
    return page


def main(arguments: Optional[Sequence[str]] = None) -> int:
    """`emile report`'s work, for `python3 -m emile report`: exit 0, or 2 for bad input, 1 for a failure."""
    parser = argparse.ArgumentParser(prog="emile report", description="Write a results file's report as one HTML page")
    parser.add_argument("results")
    parser.add_argument("-o", "--output")
    parser.add_argument("--pdf")
    parser.add_argument("--lang", default="en", choices=LANGUAGES)
    options = parser.parse_args(arguments)
    try:
        page = report(options.results, options.output, options.pdf, options.lang)
    except (_core.ResultsFileError, FileNotFoundError, KeyError, ValueError) as error:
        print(f"emile: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"emile: {error}", file=sys.stderr)
        return 1
    print(f"report: {page}" + (f"\npdf: {options.pdf}" if options.pdf else ""))
    return 0
