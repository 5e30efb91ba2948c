"""docs/architecture.md and its picture name every module of il2kg/ and agree with the code.

* Every subpackage and module of ``il2kg/``, read from the package's files, is named in
  ``docs/architecture.dot`` (in its stage's box) and in ``docs/architecture.md`` (in its
  subpackage's section), so that a new module cannot go undocumented.
* Every path the page and the picture name exists. A module marked ``(planned)`` may be missing
  (another change adds it); every other one must exist.
* The layers contract the page quotes is the one in ``pyproject.toml``.
* ``docs/architecture.svg`` is the rendering of the ``.dot``: it names the same modules, and,
  where Graphviz is installed, ``scripts/render-architecture.sh`` renders the ``.dot`` again into
  a temporary file whose texts (every label, node and edge name) equal the committed SVG's.
  Coordinates are not compared, so that another Graphviz version's layout does not fail it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "il2kg"
DOCS = ROOT / "docs"
PAGE = DOCS / "architecture.md"
DOT = DOCS / "architecture.dot"
SVG = DOCS / "architecture.svg"
RENDER = ROOT / "scripts" / "render-architecture.sh"

PLANNED = " (planned)"
#: A path the page names, in backticks: under one of the project's folders.
_PATH = re.compile(r"`((?:il2kg|tests|scripts|ontology|graphs|queries|docs|bench)/[^`\s]*)`")
#: A module's file name, in backticks (within a subpackage's section).
_MODULE = re.compile(r"`(\w+\.py)`")
_SVG_NS = "{http://www.w3.org/2000/svg}"


# --- the package's real module list ----------------------------------------------------------


def subpackages() -> list[str]:
    """Each subpackage as a path relative to ``il2kg/``, such as ``query/engines``."""
    return sorted(
        path.parent.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("__init__.py")
        if path.parent != PACKAGE and "_data" not in path.parts
    )


def core_modules() -> list[str]:
    """The modules directly in ``il2kg/``, such as ``errors.py``."""
    return sorted(path.name for path in PACKAGE.glob("*.py"))


def modules_of(subpackage: str) -> list[str]:
    """The modules of one subpackage, its ``__init__.py`` left out (the folder names it)."""
    folder = PACKAGE / subpackage
    return sorted(path.name for path in folder.glob("*.py") if path.name != "__init__.py")


def test_the_module_list_is_the_real_one() -> None:
    assert {"cli", "query", "query/engines", "release"} <= set(subpackages())
    assert {"__init__.py", "errors.py", "graph.py"} <= set(core_modules())
    assert "api.py" in modules_of("query") and "__init__.py" not in modules_of("query")


# --- the page ----------------------------------------------------------------------------------


def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """Each section of the page whose heading is a subpackage path: subpackage -> its text."""
    found: dict[str, str] = {}
    parts = re.split(r"^#+ (.*)$", text, flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        match = re.fullmatch(r"`il2kg/([\w/]+)/`", heading.strip())
        if match:
            found[match.group(1)] = body
    return found


def planned(text: str, end: int) -> bool:
    """Whether the name that ends at ``end`` is marked ``(planned)``."""
    return text.startswith(PLANNED, end)


def test_page_has_a_section_per_subpackage_naming_each_module() -> None:
    found = sections(page())
    assert sorted(found) == subpackages(), "one '### `il2kg/<subpackage>/`' section each"
    missing = {
        sub: sorted(set(modules_of(sub)) - set(_MODULE.findall(body)))
        for sub, body in found.items()
    }
    assert {sub: names for sub, names in missing.items() if names} == {}


def test_page_names_every_core_module() -> None:
    text = page()
    missing = [name for name in core_modules() if f"`il2kg/{name}`" not in text]
    assert missing == []


def absent_paths(text: str) -> list[str]:
    """The paths a page names that do not exist and are not marked ``(planned)``.

    A path is in backticks under one of the project's folders; ``<name>`` in it stands for any
    name (``queries/<name>.rq``). A bare module name in a subpackage's section is a module of
    that subpackage.
    """
    absent = []
    for match in _PATH.finditer(text):
        path = match.group(1)
        if planned(text, match.end()):
            continue
        pattern = re.sub(r"<[^>]+>", "*", path.rstrip("/"))
        if not (list(ROOT.glob(pattern)) if "*" in pattern else (ROOT / pattern).exists()):
            absent.append(path)
    for sub, body in sections(text).items():
        for match in _MODULE.finditer(body):
            if not planned(body, match.end()) and not (PACKAGE / sub / match.group(1)).exists():
                absent.append(f"il2kg/{sub}/{match.group(1)}")
    return absent


def test_every_path_the_page_names_exists() -> None:
    text = page()
    assert len(_PATH.findall(text)) + len(_MODULE.findall(text)) > 80
    assert absent_paths(text) == []


def test_a_missing_path_or_module_is_caught_unless_planned() -> None:
    sample = (
        "Use `il2kg/no_such_module.py`, `queries/<name>.rq`, `il2kg/lookup_x.py` (planned)\n"
        "and `tests/fixtures/no-such-folder/<name>.ttl`.\n"
        "### `il2kg/query/`\n"
        "Modules: `api.py`, `no_such.py`, `later.py` (planned).\n"
    )
    assert absent_paths(sample) == [
        "il2kg/no_such_module.py",
        "tests/fixtures/no-such-folder/<name>.ttl",
        "il2kg/query/no_such.py",
    ]
    assert sorted(sections(sample)) == ["query"]


def layers_contract() -> list[str]:
    """The ``layers`` of pyproject.toml's import-linter contract, top first."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return list(layers)


def test_page_names_the_core_modules_outside_the_contract() -> None:
    in_layers = {
        name.strip().removeprefix("il2kg.")
        for layer in layers_contract()
        for name in layer.split("|")
    }
    outside = [name for name in core_modules() if name.removesuffix(".py") not in in_layers]
    sentence = re.search(r"^Outside the contract:(.*?)\.$", page(), re.MULTILINE | re.DOTALL)
    assert sentence, "the page has no sentence 'Outside the contract: ...'"
    assert sorted(re.findall(r"`il2kg/(\w+\.py)`", sentence.group(1))) == outside


def test_page_quotes_the_layers_contract_of_pyproject() -> None:
    layers = layers_contract()
    blocks = re.findall(r"^```toml\n(.*?)^```", page(), flags=re.MULTILINE | re.DOTALL)
    quoted = [tomllib.loads(block).get("layers") for block in blocks]
    assert layers in quoted, "quote pyproject.toml's layers in a ```toml block"
    assert "scripts/test.sh" in page()


def test_page_stays_short() -> None:
    assert len(page().splitlines()) <= 260


# --- the picture -------------------------------------------------------------------------------


def dot_source() -> str:
    """The picture's source without its ``//`` comment lines."""
    lines = DOT.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//"))


def box_of(source: str, subpackage: str) -> str:
    """The text of a subpackage's box in the picture: from its bold name to the next bold name."""
    match = re.search(
        rf"<b>(?:il2kg/)?{re.escape(subpackage)}/</b>(.*?)(?=<b>|</table>)", source, re.DOTALL
    )
    assert match, f"the picture has no box '<b>{subpackage}/</b>'"
    return match.group(1)


def test_picture_names_every_subpackage_and_module_in_its_box() -> None:
    source = dot_source()
    missing = {
        sub: [name for name in modules_of(sub) if name not in box_of(source, sub)]
        for sub in subpackages()
    }
    assert {sub: names for sub, names in missing.items() if names} == {}
    core = [name for name in core_modules() if not re.search(rf"(?<![\w.]){name}", source)]
    assert core == [], "core modules missing from the picture"
    assert "il2kg/__init__.py" in source


def test_every_module_the_picture_names_exists() -> None:
    source = dot_source()
    known = {path.name for path in PACKAGE.rglob("*.py")}
    names = list(re.finditer(r"(?<![\w.])(\w+\.py)\b", source))
    assert len(names) > 40
    stale = [m.group(1) for m in names if m.group(1) not in known and not planned(source, m.end())]
    assert stale == []


def svg_texts(svg: str) -> Counter[str]:
    """Every text and title of an SVG (labels, node and edge names), counted."""
    tree = ET.fromstring(svg)  # noqa: S314 - our own file
    return Counter(
        " ".join(element.text.split())
        for element in tree.iter()
        if element.tag in {f"{_SVG_NS}text", f"{_SVG_NS}title"} and element.text
    )


def test_svg_names_the_modules_the_dot_names() -> None:
    in_dot = set(re.findall(r"(?<![\w.])(\w+\.py)\b", dot_source()))
    in_svg = set(re.findall(r"(?<![\w.])(\w+\.py)\b", " ".join(svg_texts(SVG.read_text("utf-8")))))
    assert in_dot == in_svg, "run scripts/render-architecture.sh"


def test_svg_is_the_rendering_of_the_dot(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz): cannot re-render")
    fresh = tmp_path / "architecture.svg"
    done = subprocess.run(
        ["bash", str(RENDER), str(fresh)], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    committed = svg_texts(SVG.read_text(encoding="utf-8"))
    rendered = svg_texts(fresh.read_text(encoding="utf-8"))
    assert rendered == committed, "the SVG is stale: run scripts/render-architecture.sh"
    assert committed["il2kg"] == 1 and sum(committed.values()) > 100


def test_render_script_without_graphviz_says_so_and_exits_2(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("dirname",):
        found = shutil.which(tool)
        assert found, tool
        (tools / tool).symlink_to(found)
    out = tmp_path / "out.svg"
    done = subprocess.run(
        [shutil.which("bash") or "bash", str(RENDER), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "PATH": str(tools)},
    )
    assert done.returncode == 2
    assert "install graphviz" in done.stderr
    assert not out.exists()
