"""Fan-out scenario: R groups x M members (+ facilitator + display) on one server process.

    python -m bench.run                                  # every target, the issue's shape
    python -m bench.run --targets holdspace --groups 50  # one target, smaller

For each target (Holdspace with the embedded store, Holdspace with Redis, and the bare
broadcasters of bench/peers) it starts the server pinned to one core, connects every socket
from load-generator processes (bench/load.py) pinned to the other core, then runs two phases
on the same sockets:
  rate      a fixed aggregate command rate, open loop: command-to-delivery latency;
  neighbour the rate phase again while another process burns a core beside the server
            (a busy loop, pinned to the server's CPU): how a busy host hurts latency;
  saturate  every room keeps one command in flight: the most the pair can push through.
Server CPU and resident memory are read from /proc around each phase. Results go to stdout,
and as JSON + Markdown to bench/results/ with the machine and the date.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench import profile
from bench.procstat import usage
from bench.serve import Server, pinned, raise_nofile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGETS = ("holdspace", "redis", "aiohttp", "websockets", "node")
PEERS = ("aiohttp", "websockets", "node")


async def _redis_cpu(url: str) -> float:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        info = await redis.info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
    finally:
        await redis.aclose()


async def create_groups(base: str, groups: int, members: int) -> list[dict[str, Any]]:
    """Groups made the way a facilitator makes them: POST /api/groups."""
    gate = asyncio.Semaphore(16)
    names = [f"Member {i + 1}" for i in range(members)]

    async def one(http: aiohttp.ClientSession, n: int) -> dict[str, Any]:
        async with gate, http.post(f"{base}/api/groups", json={"name": f"Group {n}", "members": names}) as r:
            if r.status != 201:
                raise RuntimeError(f"creating a group: {r.status} {await r.text()}")
            body = await r.json()
        links = body["links"]

        def token(url: str) -> str:
            return str(url.split("#t=", 1)[1])

        return {
            "id": body["group_id"],
            "facilitator": token(links["facilitator"]),
            "display": token(links["display"]),
            "members": [{"id": m["id"], "token": token(m["url"])} for m in links["members"]],
        }

    async with aiohttp.ClientSession() as http:
        return list(await asyncio.gather(*(one(http, n) for n in range(groups))))


class Workers:
    """Load-generator processes, each with a slice of the rooms."""

    def __init__(self, target: str, url: str, rooms: list[dict[str, Any]], count: int, cpus: str, pad: int):
        self.procs: list[subprocess.Popen[str]] = []
        self.tmp = tempfile.mkdtemp(prefix="holdspace-bench-load-")
        kind = "holdspace" if target in ("holdspace", "redis") else "peer"
        for i in range(count):
            spec = Path(self.tmp) / f"rooms-{i}.json"
            spec.write_text(json.dumps(rooms[i::count]))
            cmd = [sys.executable, "-m", "bench.load", "--target", kind, "--url", url, "--spec", str(spec)]
            cmd += ["--pad", str(pad), "--seed", str(i + 1)]
            self.procs.append(
                subprocess.Popen(
                    pinned(cpus, cmd),
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    preexec_fn=raise_nofile,
                )
            )

    def read_all(self, timeout: float) -> list[dict[str, Any]]:
        """One line from every generator; a generator silent past `timeout` ends the run."""
        deadline = time.monotonic() + timeout
        out = []
        for proc in self.procs:
            assert proc.stdout is not None
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"a load generator said nothing for {timeout:.0f} s")
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"a load generator exited with {proc.wait(timeout)}")
            out.append(json.loads(line))
        return out

    def cpu_s(self) -> float:
        return sum(usage(proc.pid).cpu_s for proc in self.procs)

    def order(self, order: dict[str, Any]) -> None:
        for proc in self.procs:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(order) + "\n")
            proc.stdin.flush()

    def stop(self) -> None:
        try:
            self.order({"phase": "quit"})
        except OSError:
            pass
        for proc in self.procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {"n": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 2)}


def merge(parts: list[dict[str, Any]], seconds: float, cpu_s: float, extra_cpu_s: float) -> dict[str, Any]:
    latencies = [x for p in parts for x in p["latencies_ms"]]
    errors: dict[str, int] = {}
    closed: dict[str, int] = {}
    for p in parts:
        for k, v in p["errors"].items():
            errors[k] = errors.get(k, 0) + v
        for k, v in p["closed"].items():
            closed[k] = closed.get(k, 0) + v
    applied = sum(p["applied"] for p in parts)
    frames = [p["mean_frame_bytes"] for p in parts if p["mean_frame_bytes"]]
    return {
        "seconds": round(seconds, 2),
        "sent": sum(p["sent"] for p in parts),
        "applied": applied,
        "unchanged": sum(p["unchanged"] for p in parts),
        "timeouts": sum(p["timeouts"] for p in parts),
        "undelivered": sum(p["undelivered"] for p in parts),
        "applied_per_s": round(applied / seconds, 1),
        "server_cpu_s": round(cpu_s, 2),
        "server_cores_used": round(cpu_s / seconds, 2),
        "redis_cpu_s": round(extra_cpu_s, 2),
        "applied_per_server_core_s": round(applied / cpu_s, 1) if cpu_s else None,
        "latency_ms": percentiles(latencies),
        "errors": errors,
        "closed": closed,
        "mean_frame_bytes": round(statistics.fmean(frames)) if frames else 0,
    }


BURN = """
import os, sys
runner = int(sys.argv[1])
while os.getppid() == runner:
    for _ in range(1_000_000):
        pass
"""


class Burner:
    """Another process that wants a whole core, on the server's CPU: the scheduler splits it."""

    def __init__(self, cpus: str) -> None:
        # It looks up from its loop now and then and stops once the runner is gone: a runner
        # killed mid-phase left a burner that skewed every later run on the machine.
        cmd = [sys.executable, "-c", BURN, str(os.getpid())]
        self.proc = subprocess.Popen(pinned(cpus or "0", cmd))

    def stop(self) -> float:
        cpu_s = usage(self.proc.pid).cpu_s
        self.proc.kill()
        self.proc.wait()
        return cpu_s


def run_target(target: str, args: argparse.Namespace, pad: int) -> dict[str, Any]:
    log_path = Path(tempfile.gettempdir()) / f"holdspace-bench-{target}.log"
    with open(log_path, "wb") as log:
        server = Server(target, cpus=args.server_cpus, redis_url=args.redis_url, log=log, source=args.source)
        try:
            server.wait_ready()
            started = time.perf_counter()
            if target in ("holdspace", "redis"):
                rooms = asyncio.run(create_groups(server.url, args.groups, args.members))
            else:
                rooms = [{"id": f"room{n}", "size": args.members + 2} for n in range(args.groups)]
            created_s = time.perf_counter() - started
            before = server.usage()
            ws_url = server.url.replace("http", "ws", 1) + "/ws"
            workers = Workers(target, ws_url, rooms, args.workers, args.client_cpus, pad)
            try:
                hello = workers.read_all(timeout=600)
                sockets = sum(h["connected"] for h in hello)
                # Sockets told to try again later (1013) while connecting, then connected.
                retried = sum(h["retried"] for h in hello)
                time.sleep(args.settle)
                connected = server.usage()
                phases: dict[str, Any] = {}
                for phase in ("rate", "neighbour", "saturate"):
                    seconds = {
                        "rate": args.seconds,
                        "neighbour": args.neighbour_seconds,
                        "saturate": args.saturate_seconds,
                    }[phase]
                    if seconds <= 0:
                        continue
                    burner = Burner(args.server_cpus) if phase == "neighbour" else None
                    u0 = server.usage()
                    c0 = workers.cpu_s()
                    r0 = asyncio.run(_redis_cpu(args.redis_url)) if target == "redis" else 0.0
                    spy = None
                    if args.profile and phase == "saturate" and target != "node":  # py-spy reads Python only
                        stacks = Path(tempfile.gettempdir()) / f"holdspace-bench-{target}-stacks.txt"
                        spy = profile.record(server.proc.pid, seconds, stacks)
                    t0 = time.perf_counter()
                    # The load generator knows two phases; the neighbour phase is a rate phase.
                    order = "saturate" if phase == "saturate" else "rate"
                    workers.order({"phase": order, "rate": args.rate / args.workers, "seconds": seconds})
                    try:
                        parts = workers.read_all(timeout=seconds + 120)
                    finally:
                        burned = burner.stop() if burner is not None else None
                    elapsed = time.perf_counter() - t0
                    u1 = server.usage()
                    client_cores = (workers.cpu_s() - c0) / elapsed
                    r1 = asyncio.run(_redis_cpu(args.redis_url)) if target == "redis" else 0.0
                    # The phase's length is the scheduled one: the drain after it holds few commands.
                    phases[phase] = merge(parts, min(elapsed, seconds + 1), u1.cpu_s - u0.cpu_s, r1 - r0)
                    phases[phase]["client_cores_used"] = round(client_cores, 2)
                    if burned is not None:
                        phases[phase]["neighbour_cores_used"] = round(burned / elapsed, 2)
                    if spy is not None:
                        spy.wait(60)
                        phases[phase]["profile"] = profile.summarise(stacks)
                after = server.usage()
            finally:
                workers.stop()
        finally:
            server.stop()
    return {
        "target": target,
        "groups": args.groups,
        "sockets": sockets,
        "sockets_per_group": args.members + 2,
        "setup_s": round(created_s, 1),
        "connect_s": max(h["seconds"] for h in hello),
        "connect_retried": retried,
        "rss_before_mb": round(before.rss_bytes / 2**20, 1),
        "rss_connected_mb": round(connected.rss_bytes / 2**20, 1),
        "rss_after_mb": round(after.rss_bytes / 2**20, 1),
        "kb_per_socket": round((connected.rss_bytes - before.rss_bytes) / sockets / 1024, 1),
        "pad_bytes": pad if target in PEERS else None,
        "phases": phases,
        "server_log": str(log_path),
    }


def machine() -> dict[str, Any]:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def ratios(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Holdspace (each store) against each peer: throughput and p99 latency."""
    out: dict[str, dict[str, float | None]] = {}
    for ours in ("holdspace", "redis"):
        if ours not in results:
            continue
        for peer in PEERS:
            if peer not in results:
                continue
            a, b = results[ours]["phases"], results[peer]["phases"]
            row: dict[str, float | None] = {}
            if "saturate" in a and "saturate" in b:
                row["throughput"] = _ratio(a["saturate"]["applied_per_s"], b["saturate"]["applied_per_s"])
                row["throughput_per_core"] = _ratio(
                    a["saturate"]["applied_per_server_core_s"], b["saturate"]["applied_per_server_core_s"]
                )
            if "rate" in a and "rate" in b:
                row["p99"] = _ratio(a["rate"]["latency_ms"].get("p99"), b["rate"]["latency_ms"].get("p99"))
            out[f"{ours}/{peer}"] = row
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    a = report["args"]
    lines = [
        f"# Fan-out benchmark, {m['date']}",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}, "
        f"Linux {m['kernel']}. Server pinned to CPU {a['server_cpus'] or 'any'}, "
        f"{a['workers']} load generators pinned to CPU {a['client_cpus'] or 'any'}.",
        f"Command: `{report['command']}`",
        "",
        f"Shape: {a['groups']} groups x {a['members'] + 2} sockets; rate phase {a['rate']} commands/s "
        f"for {a['seconds']} s; saturate phase {a['saturate_seconds']} s, one command in flight per group.",
        "",
        "| target | sockets | KB/socket | rate: applied/s | p50 | p95 | p99 | max ms | "
        "server cores | neighbour: p50 | p99 | max ms | saturate: applied/s | server cores | "
        "client cores | per server core-s | errors | closed |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for target, r in report["results"].items():
        rate = r["phases"].get("rate", {})
        sat = r["phases"].get("saturate", {})
        lat = rate.get("latency_ms", {})
        near = r["phases"].get("neighbour", {}).get("latency_ms", {})
        errors = sum(sum(p.get("errors", {}).values()) for p in r["phases"].values())
        closed = sum(sum(p.get("closed", {}).values()) for p in r["phases"].values())
        lines.append(
            f"| {target} | {r['sockets']} | {r['kb_per_socket']} | {rate.get('applied_per_s')} | "
            f"{lat.get('p50')} | {lat.get('p95')} | {lat.get('p99')} | {lat.get('max')} | "
            f"{rate.get('server_cores_used')} | {near.get('p50')} | {near.get('p99')} | {near.get('max')} | "
            f"{sat.get('applied_per_s')} | "
            f"{sat.get('server_cores_used')} | {sat.get('client_cores_used')} | "
            f"{sat.get('applied_per_server_core_s')} | {errors} | {closed} |"
        )
    for target, r in report["results"].items():
        prof = r["phases"].get("saturate", {}).get("profile")
        if prof:
            lines += ["", f"## Where {target}'s server time goes (py-spy, saturate phase)", "", prof]
    if report["ratios"]:
        lines += [
            "",
            "| Holdspace / peer | throughput | throughput per server core | p99 latency |",
            "|---|---|---|---|",
        ]
        for pair, row in report["ratios"].items():
            lines.append(
                f"| {pair} | {row.get('throughput')} | {row.get('throughput_per_core')} | {row.get('p99')} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--targets", default=",".join(TARGETS), help=f"comma-separated, of {','.join(TARGETS)}"
    )
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--members", type=int, default=10, help="members per group (+ facilitator + display)")
    parser.add_argument("--rate", type=float, default=200, help="aggregate commands/s in the rate phase")
    parser.add_argument("--seconds", type=float, default=30, help="length of the rate phase")
    parser.add_argument("--saturate-seconds", type=float, default=20)
    parser.add_argument(
        "--neighbour-seconds",
        type=float,
        default=30,
        help="the rate phase again with a core-burning process on the server's CPU (0: skip)",
    )
    parser.add_argument("--workers", type=int, default=2, help="load-generator processes")
    parser.add_argument("--server-cpus", default="0", help="taskset CPU list for the server ('' = any)")
    parser.add_argument("--client-cpus", default="1", help="taskset CPU list for the load generators")
    parser.add_argument(
        "--pad", type=int, default=0, help="peers' frame size (default: Holdspace's mean state)"
    )
    parser.add_argument("--settle", type=float, default=3.0, help="seconds between connecting and measuring")
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="the checkout whose Holdspace runs (e.g. an older main)"
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--json", help="write the report here (default bench/results/<date>.json)")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument(
        "--profile", action="store_true", help="sample the server with py-spy while saturated"
    )
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    pad = args.pad or 2000
    results: dict[str, dict[str, Any]] = {}
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.json) if args.json else RESULTS / f"{stamp}.json"
    if not args.no_save:
        out.parent.mkdir(parents=True, exist_ok=True)
    text = ""
    for target in targets:
        print(f"== {target}", flush=True)
        result = run_target(target, args, pad)
        results[target] = result
        if target == "holdspace" and not args.pad:
            frame = result["phases"].get("rate", {}).get("mean_frame_bytes")
            # The peers' frames carry as many bytes as Holdspace's states did.
            pad = max(100, int(frame or pad) - 60)
        print(json.dumps({k: v for k, v in result.items() if k != "phases"}), flush=True)
        for phase, data in result["phases"].items():
            print(f"   {phase}: {json.dumps({k: v for k, v in data.items() if k != 'profile'})}", flush=True)
            if "profile" in data:
                print(data["profile"], flush=True)
        # Saved after every target: a long run that fails late keeps what it measured.
        report = {
            "machine": machine(),
            "command": " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
            "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "results": results,
            "ratios": ratios(results),
        }
        text = markdown(report)
        if not args.no_save:
            out.write_text(json.dumps(report, indent=1) + "\n")
            out.with_suffix(".md").write_text(text)
    print(text)
    if not args.no_save:
        print(f"wrote {out} and {out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
