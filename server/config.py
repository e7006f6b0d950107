"""Settings from flags and environment (flags win)."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # None keeps groups in memory only (tests); the service always has a data dir.
    data_dir: Path | None = Path("data")
    redis_url: str | None = None
    redis_prefix: str = "holdspace:"
    # Origins besides the server's own that may open a websocket (e.g. a Zoom App domain).
    allowed_origins: tuple[str, ...] = ()
    public_url: str | None = None
    heartbeat: float = 20.0
    hello_timeout: float = 10.0
    # Per link (all its sockets in this process together; server/ws/links.py): commands, and
    # pings with every other frame. Pages ping ~4/s for their first 8 s, then every 15-25 s.
    command_rate: float = 5.0
    command_burst: float = 20.0
    ping_rate: float = 10.0
    ping_burst: float = 64.0
    # A member's page and its pop-out, each perhaps overlapping its own reload.
    sockets_per_link: int = 4
    # A group is deleted for good this many days after its most recent session (jobs/sweep.py).
    retention_days: int = 30
    # How often the retention sweep looks for groups past their time.
    retention_sweep: float = 3600.0
    log_format: str = "text"
    # The embedded store lets a group no page has open leave memory after this many seconds.
    idle_after: float = 300.0
    # Redis: rewrite the append-only file when a feedback card closes or a group is deleted, so
    # the history of the answers does not stay in it (docs/privacy.md).
    aof_rewrite: bool = True
    # Anyone may create groups without a key, on any address (off: keys, or loopback only).
    open_creation: bool = False
    # Behind a reverse proxy: the client's address is the last X-Forwarded-For entry.
    trust_proxy: bool = False
    # Bearer token for /metrics from anywhere; without one, /metrics answers loopback only.
    metrics_token: str | None = None
    # Origins besides our own that may show our pages in a frame (a Zoom App: Zoom's origins).
    frame_ancestors: tuple[str, ...] = ()
    # Groups created per hour, per facilitator key and per client address (each may create
    # this many at once, then one every 60/N minutes). docs/deploy.md says why these numbers.
    create_per_key: int = 20
    create_per_address: int = 60


def from_env(env: Mapping[str, str] | None = None, argv: Sequence[str] | None = None) -> Settings:
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(
        prog="holdspace",
        description="Run the Holdspace server. Operator commands: "
        "holdspace {backup,restore,check,key} --help.",
    )
    parser.add_argument("--version", action="version", version=f"holdspace {version()}")
    parser.add_argument("--host", default=env.get("HOLDSPACE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("HOLDSPACE_PORT", "8080")))
    parser.add_argument("--data-dir", default=env.get("HOLDSPACE_DATA_DIR", "data"))
    parser.add_argument("--redis-url", default=env.get("REDIS_URL") or None)
    parser.add_argument("--redis-prefix", default=env.get("HOLDSPACE_REDIS_PREFIX", "holdspace:"))
    parser.add_argument("--public-url", default=env.get("HOLDSPACE_PUBLIC_URL") or None)
    parser.add_argument(
        "--allowed-origin",
        action="append",
        default=[o for o in env.get("HOLDSPACE_ALLOWED_ORIGINS", "").split(",") if o],
    )
    parser.add_argument(
        "--retention-days",
        type=_positive,
        default=env.get("HOLDSPACE_RETENTION_DAYS", "30"),
        help="delete a group this many days after its last session (default 30)",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=env.get("HOLDSPACE_LOG_FORMAT", "text"),
        help="json: one JSON object per line, for log collectors",
    )
    parser.add_argument(
        "--aof-rewrite",
        choices=("on", "off"),
        default=env.get("HOLDSPACE_AOF_REWRITE", "on"),
        help="Redis: rewrite its append-only file when a feedback card closes (default on)",
    )
    parser.add_argument(
        "--open-creation",
        action="store_true",
        default=_flag(env.get("HOLDSPACE_OPEN_CREATION")),
        help="let anyone create groups without a facilitator key, on any address",
    )
    parser.add_argument(
        "--trust-proxy",
        action="store_true",
        default=_flag(env.get("HOLDSPACE_TRUST_PROXY")),
        help="behind a reverse proxy: take the client's address from X-Forwarded-For",
    )
    parser.add_argument(
        "--metrics-token",
        default=env.get("HOLDSPACE_METRICS_TOKEN") or None,
        help="answer /metrics to 'Authorization: Bearer <token>' from anywhere (else loopback only)",
    )
    parser.add_argument(
        "--frame-ancestor",
        action="append",
        default=[o for o in env.get("HOLDSPACE_FRAME_ANCESTORS", "").split(",") if o],
        help="an origin that may show Holdspace's pages in a frame (e.g. a Zoom App's); repeatable",
    )
    parser.add_argument(
        "--create-per-key",
        type=_per_hour,
        default=env.get("HOLDSPACE_CREATE_PER_KEY", "20"),
        help="groups each facilitator key may create per hour (default 20)",
    )
    parser.add_argument(
        "--create-per-address",
        type=_per_hour,
        default=env.get("HOLDSPACE_CREATE_PER_ADDRESS", "60"),
        help="groups each client address may create per hour (default 60)",
    )
    parser.add_argument(
        "--command-rate",
        type=_positive_float,
        default=env.get("HOLDSPACE_COMMAND_RATE", "5"),
        help="commands per second each link may send, sustained (default 5; all its sockets together)",
    )
    parser.add_argument(
        "--command-burst",
        type=_positive_float,
        default=env.get("HOLDSPACE_COMMAND_BURST", "20"),
        help="commands each link may send at once before the rate applies (default 20)",
    )
    parser.add_argument(
        "--idle-after",
        type=_positive_float,
        default=env.get("HOLDSPACE_IDLE_AFTER", "300"),
        help="embedded store: seconds after which a group no page has open leaves memory (default 300)",
    )
    args = parser.parse_args(argv)
    return Settings(
        host=args.host,
        port=args.port,
        data_dir=Path(args.data_dir),
        redis_url=args.redis_url,
        redis_prefix=args.redis_prefix,
        allowed_origins=tuple(args.allowed_origin),
        public_url=args.public_url,
        retention_days=args.retention_days,
        log_format=args.log_format,
        aof_rewrite=args.aof_rewrite == "on",
        open_creation=args.open_creation,
        trust_proxy=args.trust_proxy,
        metrics_token=args.metrics_token,
        frame_ancestors=tuple(_origin(o) for o in args.frame_ancestor),
        create_per_key=args.create_per_key,
        create_per_address=args.create_per_address,
        idle_after=args.idle_after,
        command_rate=args.command_rate,
        command_burst=args.command_burst,
    )


def version() -> str:
    try:
        return importlib.metadata.version("holdspace")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _positive(value: str) -> int:
    days = int(value)
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError("retention days must be between 1 and 3650")
    return days


def _positive_float(value: str) -> float:
    number = float(value)
    if not 0 < number <= 100_000:
        raise argparse.ArgumentTypeError("must be above 0 (and sane)")
    return number


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _per_hour(value: str) -> int:
    count = int(value)
    if not 1 <= count <= 1_000_000:
        raise argparse.ArgumentTypeError("groups per hour must be between 1 and 1000000")
    return count


def _origin(value: str) -> str:
    """An origin as CSP names it: scheme://host[:port], or a host pattern such as *.zoom.us."""
    text = value.strip().rstrip("/")
    if not text or any(c in text for c in " ;,'\"") or "/" in text.split("://", 1)[-1]:
        raise SystemExit(f"holdspace: --frame-ancestor {value!r} is not an origin (https://host[:port])")
    return text
