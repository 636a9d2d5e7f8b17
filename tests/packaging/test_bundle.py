"""The PyInstaller bundle and the wheel, as a user gets them (``./dev.sh bundle-check``; CI runs it).

Marked ``bundle``: the default test run leaves these out (they need ``./dev.sh bundle`` first and
a few minutes). The bundle runs with an empty environment (no PATH to a Python, no PYTHONPATH,
from another folder), so what it needs must be inside it.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from slaplanner import __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
NAME = f"slaplanner-{__version__}-linux-{platform.machine()}"
BUNDLE = ROOT / "dist" / NAME


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What a desktop session would give: a home, a UTF-8 locale, the system's PATH; no Python."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}


def run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=tmp_path, env=bare_env(tmp_path, **extra), capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def program() -> Path:
    exe = BUNDLE / "slaplanner"
    if not exe.is_file():
        pytest.fail(f"{exe} is missing: build it with ./dev.sh bundle (./dev.sh bundle-check does both)")
    return exe


def test_the_bundle_prints_its_version(program, tmp_path):
    result = run([str(program), "--version"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"SLA Planner {__version__}"


def test_the_bundle_writes_the_sample_and_reports_on_it(program, tmp_path):
    sample = run([str(program), "sample", "start"], tmp_path)
    assert sample.returncode == 0, sample.stderr
    plan, leads, actuals = (Path(line) for line in sample.stdout.splitlines())
    assert (plan, leads, actuals) == (
        Path("start/sample-plan.json"), Path("start/sample-leads.csv"), Path("start/sample-actuals.csv")
    )
    assert (tmp_path / actuals).stat().st_size > 0  # the review's sample actuals ship in the bundle too
    report = run([str(program), "report", str(plan)], tmp_path)
    assert report.returncode == 0, report.stderr
    assert "Northwind Analytics FY2026 SLA" in report.stdout and "Lead" in report.stdout
    # A .slaplan file: the migrations (read by alembic as files) are inside the bundle too.
    converted = run([str(program), "convert", str(plan), "plan.slaplan"], tmp_path)
    assert converted.returncode == 0, converted.stderr
    assert run([str(program), "validate", "plan.slaplan"], tmp_path).returncode == 0
    scored = run([str(program), "score", str(plan), str(leads), "--json"], tmp_path)
    assert scored.returncode == 0 and '"counts"' in scored.stdout


def test_the_bundle_simulates_and_caches_its_compiled_queue(program, tmp_path):
    """The simulation's queue is compiled by Numba inside the bundle; the second run reads the cache
    (in the user's cache folder when the bundle's own folder is read-only)."""
    import json

    sample = run([str(program), "sample", "start"], tmp_path)
    plan = sample.stdout.splitlines()[0]
    for _ in range(2):
        result = run([str(program), "simulate", plan, "--runs", "50", "--json"], tmp_path)
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["runs"] == 50 and 0.0 <= answer["response"]["Hot"]["touches_within"] <= 1.0


def test_the_bundle_renders_the_overview(program, tmp_path):
    out = tmp_path / "overview.png"
    result = run([str(program), "--screenshot", str(out), "--page", "Overview"], tmp_path, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    from ui.qt import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # Not a blank or glyph-less picture: many distinct colours (text, charts, table).
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50


def test_the_bundle_leaves_out_what_the_app_does_not_use(program):
    inside = {p.name for p in (BUNDLE / "_internal").rglob("*")}
    for unused in (
        "tkinter",
        "_tkinter",
        "PyQt5",
        "PyQt6",
        "libQt6Qml.so.6",
        "libQt6Quick.so.6",
        "pytest",
        "hypothesis",
    ):
        assert unused not in inside, unused
    assert not any(name.startswith("libQt6WebEngine") for name in inside)
    for shipped in ("install.sh", "share/slaplanner.desktop", "share/slaplanner-mime.xml", "share/slaplanner.png"):
        assert (BUNDLE / shipped).is_file(), shipped


def test_the_archive_holds_the_folder(program):
    with tarfile.open(ROOT / "dist" / f"{NAME}.tar.gz") as archive:
        names = set(archive.getnames())
    assert {f"{NAME}/slaplanner", f"{NAME}/install.sh", f"{NAME}/share/slaplanner.desktop"} <= names


def test_install_sh_registers_the_app_for_the_user_and_uninstalls(program, tmp_path):
    env = bare_env(tmp_path)
    home = Path(env["HOME"])
    unpacked = tmp_path / "Downloads" / NAME
    shutil.copytree(BUNDLE, unpacked, symlinks=True)
    installed = subprocess.run(
        [str(unpacked / "install.sh")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert installed.returncode == 0, installed.stderr
    assert f"SLA Planner {__version__} installed" in installed.stdout
    share = home / ".local" / "share"
    app = share / "slaplanner" / "app" / "slaplanner"
    desktop = (share / "applications" / "slaplanner.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}" %f' in desktop and "MimeType=application/x-slaplan;" in desktop
    assert (share / "mime" / "packages" / "slaplanner.xml").is_file()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "slaplanner.png").is_file()
    link = home / ".local" / "bin" / "slaplanner"
    assert link.resolve() == app.resolve()
    shutil.rmtree(unpacked)  # the installed copy does not need the unpacked folder
    assert run([str(link), "--version"], tmp_path).stdout.strip() == f"SLA Planner {__version__}"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(share / "applications" / "slaplanner.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    if shutil.which("update-mime-database"):
        # The shared-mime-info database now knows the .slaplan glob.
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-slaplan:*.slaplan" in globs
    removed = subprocess.run(
        [str(app.parent / "install.sh"), "--uninstall"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert removed.returncode == 0, removed.stderr
    assert not app.exists() and not link.exists()
    assert not (share / "applications" / "slaplanner.desktop").exists()


def test_the_wheel_works_from_a_clean_virtual_environment(tmp_path):
    """``pip install`` of the built wheel into a new venv; then, from another folder, the issue's
    ``slaplanner sample /tmp/x && slaplanner report /tmp/x/sample-plan.json`` and a screenshot."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("slaplanner-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    slaplanner = str(venv / "bin" / "slaplanner")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [slaplanner, *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300, check=False
        )

    assert call("--version").stdout.strip() == f"SLA Planner {__version__}"
    sample = call("sample", str(tmp_path / "x"))
    assert sample.returncode == 0, sample.stderr
    report = call("report", str(tmp_path / "x" / "sample-plan.json"))
    assert report.returncode == 0 and "Northwind" in report.stdout, report.stderr
    shot = call("--screenshot", str(tmp_path / "s.png"))  # no PLAN: the sample, from the wheel's package data
    assert shot.returncode == 0, shot.stderr
    assert (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
