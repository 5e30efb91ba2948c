"""Benchmark il2kg: the CLI on the shipped graph, and the library on generated graphs.

    python bench/run.py [--sizes 10000,100000] [--repeat 3] [--out bench/results]
                        [--max-seconds 300] [--stages cli,inproc,load,validate,reason,query,export]

Every measurement runs in a fresh child process; its wall time is taken by the parent and
its peak memory is the child's ``ru_maxrss`` (from ``os.wait4``). Stages on generated graphs
run in a worker child (``--worker``) that loads the graph (timed as ``load``), runs the stage
and prints its timings as JSON. A child that runs longer than ``--max-seconds`` is killed and
recorded as "skipped: over budget", and the larger sizes of that stage are not tried.
Writes ``results.json``, ``results.md`` and, when matplotlib is installed, ``scaling.png``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

ALL_STAGES = ("cli", "inproc", "load", "validate", "reason", "query", "export")
SIZE_STAGES = ("load", "validate", "reason", "query", "export")
#: Stages measured with the reference engines too (unless --no-reference).
REFERENCE_STAGES = ("validate", "reason", "query")
OVER_BUDGET = "skipped: over budget"


# --------------------------------------------------------------------------- helpers
def _il2kg() -> list[str]:
    exe = shutil.which("il2kg")
    return [exe] if exe else [sys.executable, "-m", "il2kg"]


def run_measured(argv: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run argv; return wall seconds, peak RSS of this child (os.wait4), exit code, output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                return {"timeout": True}
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "timeout": False,
            "seconds": wall,
            "rc": proc.returncode,
            "peak_mb": usage.ru_maxrss / 1024,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def summarise(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def query_examples() -> dict[str, dict[str, list[str]]]:
    """Every named query with the parameters of its documented example."""
    import il2kg

    examples: dict[str, dict[str, list[str]]] = {}
    for name, query in il2kg.load_catalogue().items():
        words = shlex.split(query.example) if query.example else []
        params: dict[str, list[str]] = {}
        for flag, value in itertools.pairwise(words):
            if flag == "--param":
                key, _, val = value.partition("=")
                params.setdefault(key, []).append(val)
        examples[name] = params
    return examples


def _param_argv(params: dict[str, list[str]]) -> list[str]:
    return [a for k, vs in params.items() for v in vs for a in ("--param", f"{k}={v}")]


def _call_params(params: dict[str, list[str]]) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else v for k, v in params.items()}


# --------------------------------------------------------------------------- worker
def worker(args: argparse.Namespace) -> int:
    """Load the graph (+ --file), run one stage, print timings as JSON.

    Stages ending in ``-reference`` use the reference engines (owlrl, rdflib's SPARQL);
    the others the defaults (reasonable, pyoxigraph).
    """
    import il2kg
    from il2kg.query.engines import local_store
    from il2kg.query.api import reasoned_graph
    from il2kg.reasoning.closure import compute_closure

    timings: dict[str, Any] = {}
    start = time.perf_counter()
    kg = il2kg.load_graph([Path(args.file)] if args.file else [])
    timings["load"] = time.perf_counter() - start
    timings["triples"] = len(kg.union())
    stage = args.worker
    reference = stage.endswith("-reference")
    engine = "rdflib" if reference else "oxigraph"
    if stage.startswith("validate"):
        start = time.perf_counter()
        # The reference is plain pySHACL in one process; the default shares the shapes
        # among one forked process per core.
        report = il2kg.validate(kg, engine=engine, workers=1 if reference else None)
        timings[stage] = time.perf_counter() - start
        timings["violations"] = len(report.violations)
    elif stage.startswith("reason"):
        start = time.perf_counter()
        closure = compute_closure(kg, use_cache=False, reasoner="owlrl" if reference else None)
        timings[stage] = time.perf_counter() - start
        timings["inferred"] = len(closure.inferred)
    elif stage == "export":
        start = time.perf_counter()
        data = il2kg.export_graph(kg, "turtle")
        timings["export"] = time.perf_counter() - start
        timings["bytes"] = len(data)
    elif stage.startswith("query") or stage == "inproc":
        start = time.perf_counter()
        compute_closure(kg)  # fills the cache, so the queries below measure the query only
        timings["closure"] = time.perf_counter() - start
        start = time.perf_counter()
        if reference:
            reasoned_graph(kg)  # rdflib's graph with the closure
        else:
            local_store(kg, reasoning=True)  # pyoxigraph's store with the closure
        timings["prepare"] = time.perf_counter() - start
        runs = args.query_runs
        per_query: dict[str, Any] = {}
        for name, params in query_examples().items():
            if args.query and name != args.query:
                continue
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                il2kg.run_query(name, _call_params(params), kg=kg, engine=engine)
                samples.append(time.perf_counter() - start)
            per_query[name] = samples
        timings["queries"] = per_query
    print(json.dumps(timings))
    return 0


# --------------------------------------------------------------------------- parent
class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rows: list[dict[str, Any]] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="il2kg-bench-"))
        self.env = dict(os.environ)
        self.env["IL2KG_CACHE_DIR"] = str(self.tmp / "cache")

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def add(
        self,
        scope: str,
        stage: str,
        samples: list[float],
        peaks: list[float],
        triples: int | None = None,
        status: str = "ok",
        **extra: Any,
    ) -> None:
        row: dict[str, Any] = {"scope": scope, "stage": stage, "triples": triples, "status": status}
        if samples:
            row.update(summarise(samples))
        if peaks:
            row["peak_mb"] = max(peaks)
        row.update(extra)
        self.rows.append(row)
        shown = f"{row.get('median', float('nan')):.3f}s" if samples else status
        self.log(f"  {scope:>10} {stage:<40} {shown}")

    def cli(
        self,
        scope: str,
        stage: str,
        argv: list[str],
        *,
        cold_cache: bool = False,
        triples: int | None = None,
    ) -> None:
        samples, peaks = [], []
        for _ in range(self.args.repeat):
            if cold_cache:
                shutil.rmtree(self.env["IL2KG_CACHE_DIR"], ignore_errors=True)
            res = run_measured(argv, self.env, self.args.max_seconds)
            if res["timeout"]:
                self.add(scope, stage, [], [], triples, OVER_BUDGET)
                return
            if res["rc"] not in (0, 1):
                self.add(
                    scope,
                    stage,
                    [],
                    [],
                    triples,
                    f"error rc={res['rc']}",
                    stderr=res["stderr"][-500:],
                )
                return
            samples.append(res["seconds"])
            peaks.append(res["peak_mb"])
        self.add(scope, stage, samples, peaks, triples)

    def shipped_cli(self) -> None:
        self.log("CLI on the shipped graph (fresh process each run)")
        il2kg = _il2kg()
        # The yardstick of the fresh-query target (a query within 3x of this).
        self.cli(
            "shipped", "cli: python -c 'import rdflib'", [sys.executable, "-c", "import rdflib"]
        )
        self.cli("shipped", "cli: il2kg --help", [*il2kg, "--help"])
        self.cli("shipped", "cli: il2kg validate", [*il2kg, "validate"])
        self.cli("shipped", "cli: il2kg reason (cold cache)", [*il2kg, "reason"], cold_cache=True)
        self.cli("shipped", "cli: il2kg reason (warm cache)", [*il2kg, "reason"])
        self.cli("shipped", "cli: il2kg build", [*il2kg, "build", "--out", str(self.tmp / "dist")])
        for name, params in query_examples().items():
            argv = [*il2kg, "query", name, *_param_argv(params)]
            self.cli("shipped", f"cli: query {name} (cold cache)", argv, cold_cache=True)
            self.cli("shipped", f"cli: query {name} (warm cache)", argv)

    def worker_run(
        self, stage: str, file: Path | None, query: str | None = None
    ) -> dict[str, Any] | None:
        runs = self.args.size_query_runs if file else self.args.query_runs
        argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            stage,
            "--query-runs",
            str(runs),
        ]
        if file:
            argv += ["--file", str(file)]
        if query:
            argv += ["--query", query]
        res = run_measured(argv, self.env, self.args.max_seconds)
        if res["timeout"]:
            return None
        if res["rc"] != 0:
            raise RuntimeError(f"worker {stage} failed:\n{res['stderr'][-2000:]}")
        data: dict[str, Any] = json.loads(res["stdout"].strip().splitlines()[-1])
        data["peak_mb"] = res["peak_mb"]
        return data

    def inproc(self) -> None:
        self.log("In-process query latency on the shipped graph")
        data = self.worker_run("inproc", None)
        if data is None:
            self.add("shipped", "inproc: queries", [], [], None, OVER_BUDGET)
            return
        for name, samples in data["queries"].items():
            self.add(
                "shipped",
                f"inproc: {name}",
                samples,
                [data["peak_mb"]],
                data["triples"],
                p50=percentile(samples, 0.5),
                p95=percentile(samples, 0.95),
            )

    def sizes(self, stages: list[str]) -> None:
        over: set[str] = set()
        for size in self.args.sizes:
            path = self.tmp / f"generated-{size}.ttl"
            start = time.perf_counter()
            written = generate.generate(size, path, self.args.seed)
            self.log(f"Generated {written} triples in {time.perf_counter() - start:.2f}s: {path}")
            scope = str(size)
            for stage in stages:
                variants = [stage]
                if self.args.reference and stage in REFERENCE_STAGES:
                    variants.append(f"{stage}-reference")
                for variant in variants:
                    if stage == "query" and self.args.queries_in_one_worker:
                        self.measure_queries_together(scope, variant, path)
                    elif stage == "query":
                        # One worker per query, so that one slow query does not hide the others.
                        for name in query_examples():
                            label = f"{variant}: {name}"
                            self.measure_size(scope, label, variant, path, over, name)
                    else:
                        self.measure_size(scope, variant, variant, path, over)

    def measure_queries_together(self, scope: str, variant: str, path: Path) -> None:
        """Every named query in one worker (one load of a large graph), once per repeat."""
        results = []
        for _ in range(self._repeat(variant)):
            data = self.worker_run(variant, path)
            if data is None:
                self.add(scope, f"{variant}: all queries", [], [], None, OVER_BUDGET)
                return
            results.append(data)
        peaks = [r["peak_mb"] for r in results]
        prepare = statistics.median(r["prepare"] for r in results)
        for name in results[0]["queries"]:
            samples = [x for r in results for x in r["queries"][name]]
            label = f"{variant}: {name}"
            self.add(scope, label, samples, peaks, results[0]["triples"], prepare=prepare)

    def _repeat(self, stage: str) -> int:
        return self.args.reference_repeat if stage.endswith("-reference") else self.args.repeat

    def measure_size(
        self,
        scope: str,
        label: str,
        stage: str,
        path: Path,
        over: set[str],
        query: str | None = None,
    ) -> None:
        if label in over:
            self.add(scope, label, [], [], None, OVER_BUDGET)
            return
        results = []
        for _ in range(self._repeat(stage)):
            data = self.worker_run(stage, path, query)
            if data is None:
                over.add(label)
                self.add(scope, label, [], [], None, OVER_BUDGET)
                return
            results.append(data)
        triples = results[0]["triples"]
        peaks = [r["peak_mb"] for r in results]
        if query:
            samples = [x for r in results for x in r["queries"][query]]
            prepare = statistics.median(r["prepare"] for r in results)
            self.add(scope, label, samples, peaks, triples, prepare=prepare)
        else:
            samples = [r[stage] for r in results]
            counts = {
                k: results[0][k] for k in ("inferred", "violations", "bytes") if k in results[0]
            }
            self.add(scope, label, samples, peaks, triples, **counts)

    # ----------------------------------------------------------------------- output
    def machine(self) -> dict[str, Any]:
        u = os.uname()
        mem = None
        with contextlib.suppress(ValueError, OSError):
            mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        return {
            "uname": " ".join([u.sysname, u.release, u.machine]),
            "node": u.nodename,
            "cpus": os.cpu_count(),
            "memory_gb": round(mem, 1) if mem else None,
            "python": platform.python_version(),
        }

    def pipelines(self) -> list[dict[str, Any]]:
        """Per generated size, the fast and the reference pipeline's total time."""
        out = []
        for scope in dict.fromkeys(r["scope"] for r in self.rows if r["scope"] != "shipped"):
            rows = [r for r in self.rows if r["scope"] == scope]
            totals: dict[str, Any] = {"scope": scope, "triples": None}
            for kind, suffix in (("fast", ""), ("reference", "-reference")):
                parts = [r for r in rows if r["stage"] == "load"]
                parts += [r for r in rows if r["stage"] in (f"validate{suffix}", f"reason{suffix}")]
                queries = [r for r in rows if r["stage"].startswith(f"query{suffix}: ")]
                parts += queries
                total = sum(r.get("median", 0.0) for r in parts if r["status"] == "ok")
                total += next((r["prepare"] for r in queries if "prepare" in r), 0.0)
                incomplete = any(r["status"] != "ok" for r in parts) or len(parts) < 4
                over = sum(self.args.max_seconds for r in parts if r["status"] == OVER_BUDGET)
                totals[kind] = total + over
                totals[f"{kind}_incomplete"] = incomplete
                totals["triples"] = totals["triples"] or next(
                    (r["triples"] for r in parts if r.get("triples")), None
                )
            if not any(
                r["stage"].endswith("-reference") or "-reference:" in r["stage"] for r in rows
            ):
                totals["reference"] = None  # not measured (--no-reference)
            fast, ref = totals["fast"], totals["reference"]
            complete = not totals["fast_incomplete"]
            totals["speedup"] = ref / fast if complete and fast and ref else None
            out.append(totals)
        return out

    def slopes(self) -> dict[str, float]:
        points: dict[str, list[tuple[float, float]]] = {}
        for row in self.rows:
            if row["scope"] == "shipped" or row["status"] != "ok" or not row.get("triples"):
                continue
            points.setdefault(row["stage"], []).append((row["triples"], row["median"]))
        out = {}
        for stage, pts in points.items():
            if len({x for x, _ in pts}) < 2:
                continue
            xs = [math.log10(x) for x, _ in pts]
            ys = [math.log10(max(y, 1e-9)) for _, y in pts]
            mx, my = statistics.fmean(xs), statistics.fmean(ys)
            num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            den = sum((x - mx) ** 2 for x in xs)
            out[stage] = num / den
        return out

    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        machine = self.machine()
        slopes = self.slopes()
        args = {k: v for k, v in vars(self.args).items() if k != "out"}
        pipelines = self.pipelines()
        doc = {
            "date": now,
            "machine": machine,
            "args": args,
            "results": self.rows,
            "slopes": slopes,
            "pipelines": pipelines,
        }
        (out / "results.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        lines = [
            "# il2kg benchmark results",
            "",
            f"Date: {now}  ",
            f"Machine: {machine['uname']}, {machine['cpus']} CPUs, "
            f"{machine['memory_gb']} GB RAM, Python {machine['python']}  ",
            f"Command: `{self.args.command}`",
            "",
            "Times in seconds (median, min, max over the repeats); peak memory is the child "
            "process's max RSS. `inproc` rows give p50/p95 over repeated `run_query` calls on "
            "a loaded graph with a warm closure.",
            "",
            "| scope | stage | triples | median s | min s | max s | n | p50 s | p95 s "
            "| peak MB | status |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]

        def f(v: Any, fmt: str = ".3f") -> str:
            return "" if v is None else format(v, fmt)

        for r in self.rows:
            lines.append(
                f"| {r['scope']} | {r['stage']} | {r['triples'] or ''} | {f(r.get('median'))} "
                f"| {f(r.get('min'))} | {f(r.get('max'))} | {r.get('n', '')} "
                f"| {f(r.get('p50'), '.4f')} | {f(r.get('p95'), '.4f')} "
                f"| {f(r.get('peak_mb'), '.0f')} | {r['status']} |"
            )
        lines += [
            "",
            "## Pipeline: load + validate + reason + every named query",
            "",
            "Fast: reasonable, pyoxigraph (queries and quality checks), pySHACL. Reference: "
            "owlrl, rdflib's SPARQL engine, pySHACL. Sums of the stage medians above, plus "
            "one store/graph preparation; `>` marks a lower bound (a stage ran over budget).",
            "",
            "| size | triples | fast s | reference s | speed-up |",
            "|---|---:|---:|---:|---:|",
        ]
        for p in pipelines:
            fast = ("> " if p["fast_incomplete"] else "") + f"{p['fast']:.1f}"
            ref = (
                "not measured"
                if p["reference"] is None
                else ("> " if p["reference_incomplete"] else "") + f"{p['reference']:.1f}"
            )
            ratio = p["speedup"]
            shown = (
                ""
                if ratio is None
                else ("≥ " if p["reference_incomplete"] else "") + (f"{ratio:.1f}x")
            )
            lines.append(f"| {p['scope']} | {p['triples'] or ''} | {fast} | {ref} | {shown} |")
        lines += ["", "## Growth slopes (log-log least squares of median time vs triples)", ""]
        if slopes:
            lines += ["| stage | slope |", "|---|---:|"]
            lines += [f"| {s} | {v:.2f} |" for s, v in sorted(slopes.items())]
        else:
            lines.append("Fewer than two sizes measured: no slopes.")
        lines.append("")
        (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.plot(out)

    def plot(self, out: Path) -> None:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            self.log("matplotlib not installed: no plot")
            return
        series: dict[str, list[tuple[float, float]]] = {}
        for r in self.rows:
            if r["scope"] != "shipped" and r["status"] == "ok" and r.get("triples"):
                key = "query (sum)" if r["stage"].startswith("query:") else r["stage"]
                series.setdefault(key, [])
                series[key].append((r["triples"], r["median"]))
        if not series:
            return
        fig, ax = plt.subplots(figsize=(7, 5))
        for stage, pts in series.items():
            agg: dict[float, float] = {}
            for x, y in pts:
                agg[x] = agg.get(x, 0.0) + y
            xs = sorted(agg)
            ax.plot(xs, [agg[x] for x in xs], marker="o", label=stage)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples (shipped + generated)")
        ax.set_ylabel("median seconds")
        ax.set_title("il2kg: time vs graph size")
        ax.legend()
        fig.tight_layout()
        fig.savefig(out / "scaling.png", dpi=100)
        plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="comma-separated generated sizes in triples (add 1000000 if wanted)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300.0,
        help="budget per child process; slower stages are skipped",
    )
    parser.add_argument(
        "--stages",
        default=",".join(ALL_STAGES),
        help=f"comma-separated subset of {','.join(ALL_STAGES)}",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--reference-repeat",
        type=int,
        default=1,
        help="repeats of the (slow) reference stages on generated graphs",
    )
    parser.add_argument(
        "--queries-in-one-worker",
        action="store_true",
        help="run all named queries in one worker per repeat (one load of a large graph)",
    )
    parser.add_argument(
        "--no-reference",
        dest="reference",
        action="store_false",
        help="skip the reference engines (owlrl, rdflib SPARQL) on generated graphs",
    )
    parser.add_argument(
        "--query-runs",
        type=int,
        default=20,
        help="run_query calls per query in the in-process stage on the shipped graph",
    )
    parser.add_argument(
        "--size-query-runs",
        type=int,
        default=1,
        help="run_query calls per query and worker on generated graphs",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    given = sys.argv[1:] if argv is None else argv
    args.command = shlex.join(["python", "bench/run.py", *given])
    if args.worker:
        return worker(args)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(args.stages) - set(ALL_STAGES)
    if unknown:
        parser.error(f"unknown stages {sorted(unknown)}; choose from {', '.join(ALL_STAGES)}")
    bench = Bench(args)
    try:
        if "cli" in args.stages:
            bench.shipped_cli()
        if "inproc" in args.stages:
            bench.inproc()
        size_stages = [s for s in SIZE_STAGES if s in args.stages]
        if size_stages and args.sizes:
            bench.log("Generated graphs (worker process per run)")
            bench.sizes(size_stages)
        bench.write(args.out)
    finally:
        shutil.rmtree(bench.tmp, ignore_errors=True)
    bench.log(f"Wrote {args.out / 'results.md'} and results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
