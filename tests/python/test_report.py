"""`emile report`: one self-contained page per results file, of every kind, in English and French, checked as a
person sees it — opened in headless Chromium (Debian's `chromium`): no console error, the charts declared for the
kind drawn as SVG, a screenshot that is not blank, a printable PDF, the headline numbers equal to the file's."""

import markupsafe
import json
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pytest

import emile
from emile import _report, _report_page, _report_strings
from package_helpers import PILOT, find_binary

CHROMIUM = _report.chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (scripts/setup.sh installs it)")
LANGUAGES = ("en", "fr")
# What a page may not load from elsewhere: a source, a link target or a style URL on the web.
escaped = lambda words: str(markupsafe.escape(words))  # as the page's template writes text
EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)https?://""", re.IGNORECASE)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """One results file of every kind, small."""
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.skip("no emile binary: set EMILE_BIN")
    folder = tmp_path_factory.mktemp("report")
    pilot = json.dumps(str(PILOT.resolve()))
    (folder / "fewer.toml").write_text(f'base = {pilot}\n\n[run]\nname = "fewer-caseworkers"\n\n[origin]\ncaseworkers = 5\n')
    (folder / "levers.toml").write_text(
        f'base = {pilot}\n\n[[lever]]\nkey = "origin.caseworkers"\nmin = 1\nmax = 20\n\n'
        '[[lever]]\nkey = "after_move.return_factor_no_car"\nmin = 1\nmax = 3\n')
    targets = PILOT.parent / "targets" / "pilot-2019.toml"
    commands = {
        "run": ["run", PILOT, "-r", 4],
        "compare": ["compare", PILOT, folder / "fewer.toml", "-r", 3, "--by", "year"],
        "sweep": ["sweep", PILOT, "--vary", "origin.caseworkers=5,20", "-r", 2],
        "capacity": ["capacity", PILOT, "-r", 3, "--warmup-weeks", 4, "--window-weeks", 13],
        "sensitivity": ["sensitivity", folder / "levers.toml", "-r", 1, "--trajectories", 2],
        "sobol": ["sensitivity", PILOT, "--method", "sobol", "--samples", 4, "--bootstrap", 10, "-r", 1],
        "calibrate": ["calibrate", PILOT, "--targets", targets, "--particles", 16, "--generations", 2],
    }
    made = {}
    for kind, arguments in commands.items():
        made[kind] = folder / f"{kind}.h5"
        done = subprocess.run([str(binary), *map(str, arguments), "--seed", "2", "-q", "-o", str(made[kind])],
                              cwd=folder, capture_output=True, text=True, timeout=900)
        assert done.returncode in (0, 3), (kind, done.stderr)  # calibrate: 3 is a low acceptance, still written
    return made


def run_report(*arguments, cwd):
    binary = find_binary()
    return subprocess.run([str(binary), "report", *map(str, arguments)], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def chromium(*arguments, cwd):
    command = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", f"--user-data-dir={cwd / 'profile'}",
               "--enable-logging=stderr", "--v=0", *map(str, arguments)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_string_is_in_both_languages_with_the_same_placeholders():
    for key, translations in _report_strings.STRINGS.items():
        assert set(translations) == set(_report_strings.LANGUAGES), key
        placeholders = {language: set(re.findall(r"{(\w+)}", words)) for language, words in translations.items()}
        assert all(words.strip() for words in translations.values()), key
        assert placeholders["en"] == placeholders["fr"], key


@needs_chromium
@pytest.mark.parametrize("kind", ["run", "compare", "sweep", "capacity", "sensitivity", "sobol", "calibrate"])
def test_a_report_of_every_kind_opens_in_a_browser_as_declared(files, kind, tmp_path):
    for language in LANGUAGES:
        page = tmp_path / f"{kind}-{language}.html"
        done = run_report(files[kind], "-o", page, "--lang", language, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        written = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(written), EXTERNAL.search(written)
        declared = int(re.search(r"<meta name=emile-charts content=(\d+)>", written).group(1))
        assert declared >= 1
        dom = chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
        assert dom.returncode == 0, dom.stderr
        assert "Uncaught" not in dom.stderr and ":CONSOLE(" not in dom.stderr, dom.stderr
        assert dom.stdout.count("<figure class=\"chart\">") == declared
        assert dom.stdout.count("<svg") >= declared
        assert f'lang="{language}"' in dom.stdout
    shot = tmp_path / "shot.png"
    done = chromium("--screenshot=" + str(shot), "--window-size=1100,1600", page.as_uri(), cwd=tmp_path)
    assert done.returncode == 0 and shot.exists(), done.stderr
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)
    assert pixels[..., :3].std() > 0.05  # text and charts, not a blank page


@needs_chromium
def test_the_headline_numbers_are_the_files_and_the_pdf_prints(files, tmp_path):
    with h5py.File(files["run"]) as f:
        summary = {name: f["summary"][name][()] for name in f["summary"].attrs["columns"].split(",")}
    for language in LANGUAGES:
        page = tmp_path / f"run-{language}.html"
        pdf = tmp_path / f"run-{language}.pdf"
        done = run_report(files["run"], "-o", page, "--pdf", pdf, "--lang", language, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
        dom = chromium("--dump-dom", page.as_uri(), cwd=tmp_path).stdout
        for key in ("moved_households", "settled_persons", "cost_gross_per_moved_eur"):
            cell = re.search(rf'<td data-key="{key}"><b>([^<]+)</b>', dom).group(1)
            shown = cell.replace("\u202f", "").replace(" €", "").replace("−", "-")
            shown = shown.replace(",", ".") if language == "fr" else shown.replace(",", "")
            values = summary[key][~np.isnan(summary[key])]
            decimals = len(shown.split(".")[1]) if "." in shown else 0
            assert float(shown) == pytest.approx(round(float(values.mean()), decimals), abs=10 ** -decimals / 2), key


@needs_chromium
def test_a_comparisons_headline_differences_are_the_files(files, tmp_path):
    with h5py.File(files["compare"]) as f:
        outcomes = list(f["comparison/outcome"].asstr()[()])
        difference = dict(zip(outcomes, f["comparison/difference"][()]))
    page = tmp_path / "compare.html"
    assert run_report(files["compare"], "-o", page, "--lang", "fr", cwd=tmp_path).returncode == 0
    dom = chromium("--dump-dom", page.as_uri(), cwd=tmp_path).stdout
    for key, decimals in (("moved_households", 1), ("enrolled_households", 1), ("cost_net_per_moved_eur", 0)):
        cell = re.search(rf'<td data-key="{key}"><b>([^<]+)</b>', dom).group(1)
        shown = float(cell.replace("\u202f", "").replace(" €", "").replace("−", "-").replace(",", "."))
        assert shown == pytest.approx(round(float(difference[key]), decimals), abs=10 ** -decimals / 2), key


def test_two_reports_of_a_file_differ_only_by_their_creation_time(files, tmp_path):
    first = _report.render(files["compare"], "fr", created="2026-01-01T00:00:00Z")
    again = _report.render(files["compare"], "fr", created="2026-01-01T00:00:00Z")
    assert first == again
    one = tmp_path / "one.html"
    two = tmp_path / "two.html"
    for page in (one, two):
        assert run_report(files["run"], "-o", page, cwd=tmp_path).returncode == 0
    strip = lambda text: re.sub(r"<span id=report-created>[^<]*</span>", "", text)
    assert strip(one.read_text(encoding="utf-8")) == strip(two.read_text(encoding="utf-8"))


@pytest.mark.parametrize("content, message", [
    (b"not an HDF5 file at all", "not"),
    (None, "no schema_version"),
])
def test_a_damaged_or_foreign_file_is_refused_and_nothing_is_written(tmp_path, content, message):
    source = tmp_path / "bad.h5"
    if content is None:
        with h5py.File(source, "w") as f:
            f["x"] = 1
    else:
        source.write_bytes(content)
    done = run_report(source, "-o", tmp_path / "bad.html", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("emile: ") and message in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "bad.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.h5"]


def test_without_the_python_package_the_command_says_where_it_looked(files, tmp_path):
    binary = find_binary()
    done = subprocess.run([str(binary), "report", str(files["run"]), "-o", str(tmp_path / "r.html")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env={"EMILE_PYTHONPATH": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr == (f"emile: report: the emile Python package is not at {tmp_path} (build it with "
                           "scripts/build.sh, or set EMILE_PYTHONPATH to the folder holding emile/)\n")
    assert not (tmp_path / "r.html").exists()


def test_emile_report_in_python_writes_beside_the_file_by_default(files, tmp_path):
    source = tmp_path / "run.h5"
    shutil.copy(files["run"], source)
    page = emile.report(source, language="fr")
    assert page == tmp_path / "run.html" and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="--lang de: expected one of en, fr"):
        emile.report(source, language="de")


def test_every_outcome_of_a_comparison_has_a_name_in_both_languages(files):
    with h5py.File(files["compare"]) as f:
        outcomes = list(f["comparison/outcome"].asstr()[()])
    for language in LANGUAGES:
        names = [_report_page.Language(language).outcome(outcome) for outcome in outcomes]
        assert all(name and "_" not in name for name in names), names
        assert len(set(names)) == len(names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_binding_constraint_is_stated_in_the_pages_language(files, language):
    capacity = emile.open(files["capacity"])
    verdict = capacity.verdict
    page = _report.render(files["capacity"], language, created="2026-01-01T00:00:00Z")
    opening = _report_strings.STRINGS[f"verdict.{verdict['reason']}"][language].split("{")[0]
    assert escaped(opening) in page
    if language == "fr":
        assert escaped(capacity.binding_statement) not in page


def test_a_run_recorded_below_full_maps_territories_and_says_what_is_missing(tmp_path):
    binary = find_binary()
    source = tmp_path / "series.h5"
    done = subprocess.run([str(binary), "run", str(PILOT), "-r", "2", "--record", "series", "-q", "-o", str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for language in LANGUAGES:
        page = _report.render(source, language, created="2026-01-01T00:00:00Z")
        strings = _report_strings.STRINGS
        assert escaped(strings["chart.map.note.territories"][language].format(level="series")) in page
        assert page.count("<figure class=chart>") == 4  # the waiting times say they need record full
        note = escaped(strings["chart.unavailable"][language].format(level="series", needed="full"))
        assert f"<p class=note>{note}</p>" in page


def test_a_run_with_two_origins_shows_where_each_origins_households_went_and_what_each_costs(tmp_path):
    source = tmp_path / "p24.h5"
    done = subprocess.run([str(find_binary()), "run", str(PILOT.parent / "programme-2024.toml"), "-r", "2",
                           "--record", "summary", "-q", "-o", str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    flows = emile.open(source).origin_host_flows()
    assert list(dict.fromkeys(flows["origin"])) == ["IDF", "69M"]
    assert set(flows["origin_name"]) == {"Île-de-France", "Métropole de Lyon"}
    # Each origin's part of the cost and the hosts' caseworkers add up to the programme's, replication by replication.
    costs = emile.open(source).origin_costs()
    assert list(dict.fromkeys(costs["origin"])) == ["IDF", "69M", "hosts"]
    summary = emile.open(source).summary().set_index("replication")
    for column in ("gross_eur", "avoided_eur", "net_eur"):
        total = costs.groupby("replication")[column].sum()
        assert np.allclose(total, summary.loc[total.index, f"cost_{column}"], rtol=1e-12), column
    assert (costs.groupby("replication")["moved_households"].sum() == summary["moved_households"]).all()
    for language in LANGUAGES:
        page = _report.render(source, language, created="2026-01-01T00:00:00Z")
        title = _report_strings.STRINGS["table.origin_host"][language].split("{")[0]
        assert escaped(title) in page
        mean = flows[(flows["origin"] == "69M") & (flows["host"] == "01")]["moved_households"].mean()
        assert f"<td>{_report_page.Language(language).number(mean, 1)}</td>" in page
        costs_title = _report_strings.STRINGS["table.origin_costs"][language].split("{")[0]
        assert escaped(costs_title) in page
        lyon_net = costs[costs["origin"] == "69M"]["net_eur"].mean()
        lang = _report_page.Language(language)
        assert f"<td>{lang.number(lyon_net, 0)}</td>" in page
        lyon = costs[costs["origin"] == "69M"]
        sentence = lang.t("conclusion.origin", name="Métropole de Lyon",
                          moved=lang.number(lyon["moved_households"].mean(), 1),
                          net=lang.number(lyon["net_per_moved_eur"].mean()) + " €")
        assert escaped(sentence) in page


def test_a_comparison_with_a_third_origin_shows_each_origins_moves_to_each_host(tmp_path):
    source = tmp_path / "c3.h5"
    scenarios = PILOT.parent
    done = subprocess.run([str(find_binary()), "compare", str(scenarios / "programme-2024.toml"),
                           str(scenarios / "variants" / "third-origin-2026.toml"), "-r", "2", "-q", "-o", str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    comparison = emile.open(source)
    assert list(comparison.origins) == ["IDF", "69M", "AMP"]
    pairs = comparison.by_origin_host
    moved = pairs[(pairs["outcome"] == "moved_households") & (pairs["variant_mean"] > 0)]
    assert (moved.loc[moved["origin"] == "AMP", "base_mean"] == 0).all()
    for language in LANGUAGES:
        page = _report.render(source, language, created="2026-01-01T00:00:00Z")
        title = _report_strings.STRINGS["table.compare_origin_host"][language].split("{")[0]
        assert escaped(title) in page
        number = _report_page.Language(language).number
        for _, row in moved[moved["origin"] == "AMP"].iterrows():
            assert (f"<td class=words>AMP</td><td class=words>{row['host']}</td><td>{number(0, 2)}</td>"
                    f"<td>{number(row['variant_mean'], 2)}</td>") in page
