"""`pip install .` ships ontology, data, queries, checks and templates inside the wheel: the
installed `il2kg validate` and `il2kg build` work from an unrelated directory."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_package_validates_from_an_unrelated_directory(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # System site packages provide the (already installed) dependencies; il2kg itself is
    # installed into the new environment from the checkout, as a wheel.
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "IL2KG_DATA_ROOT"}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    where = subprocess.run(
        [str(python), "-c", "import il2kg.config as p; print(p.data_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data_root = Path(where.stdout.strip())
    assert data_root.is_relative_to(env_dir), f"data read from {data_root}, not the install"
    for folder in ("ontology", "graphs", "queries"):
        assert any((data_root / folder).rglob("*.*")), f"{folder}/ missing from the wheel"

    validate = subprocess.run(
        [str(env_dir / "bin" / "il2kg"), "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert validate.returncode == 0, validate.stdout[-2000:] + validate.stderr[-2000:]
    assert "Traceback" not in validate.stderr

    # The quick start's main command: the release build, from the installed package alone.
    built = subprocess.run(
        [str(env_dir / "bin" / "il2kg"), "build"],
        cwd=elsewhere,
        env={**env, "IL2KG_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert (elsewhere / "dist" / "docs" / "index.html").is_file()
    assert (elsewhere / "dist" / "context.jsonld").is_file()
