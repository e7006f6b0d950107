"""docker-compose.yml and deploy/ describe what docs/deploy.md promises (Docker itself is not
available on the test machines; everything it runs is tested without it in tests/redis/)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def test_redis_keeps_an_aof_fsynced_every_second_on_a_volume() -> None:
    redis = compose()["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command and "--appendfsync everysec" in command
    volume = redis["volumes"][0].split(":")
    assert volume[1] == "/data" and volume[0] in compose()["volumes"]
    assert redis["healthcheck"]["test"][-1] == "ping"


def test_two_app_instances_share_redis_and_report_health() -> None:
    services = compose()["services"]
    for name in ("app1", "app2"):
        app = services[name]
        assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert app["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "/healthz" in " ".join(app["healthcheck"]["test"])
        assert "ports" not in app  # only the proxy is public
    dockerfile = (ROOT / services["app1"]["build"]["dockerfile"]).read_text()
    assert 'CMD ["holdspace"]' in dockerfile
    assert "HOLDSPACE_HOST=0.0.0.0" in dockerfile


def test_one_public_port_through_caddy_to_both_instances() -> None:
    services = compose()["services"]
    public = [name for name, s in services.items() if s.get("ports")]
    assert public == ["proxy"]
    assert len(services["proxy"]["ports"]) == 1
    mount = next(v for v in services["proxy"]["volumes"] if v.endswith("/etc/caddy/Caddyfile:ro"))
    caddyfile = (ROOT / mount.split(":")[0]).read_text()
    assert re.search(r"reverse_proxy\s+app1:8080\s+app2:8080", caddyfile)
    assert "health_uri /healthz" in caddyfile
    for name in ("app1", "app2"):
        assert services["proxy"]["depends_on"][name]["condition"] == "service_healthy"


def test_instances_count_clients_behind_caddy_and_the_docs_show_the_first_key() -> None:
    services = compose()["services"]
    for name in ("app1", "app2"):
        assert services[name]["environment"]["HOLDSPACE_TRUST_PROXY"] == "1"
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    assert 'docker compose run --rm app1 holdspace key add "' in deploy
    assert 'docker compose exec app1 holdspace key add "' in deploy
