"""The `scaled` profile of compose.yaml: nginx runs the shipped site in front of `bot` and `bot-2`, and
`bot-2` is `bot` again but for its own spend journal and no published port."""

import re
from typing import Any

import pytest
import yaml

from entrypoints.settings import Settings
from tests.operations.deployment import ROOT
from tests.scaling.nginx import SHIPPED

WEBHOOK_PORT = Settings.model_fields["webhook_port"].default
SAME_AS_BOT = ("image", "command", "user", "env_file", "environment", "secrets", "stop_signal",
               "stop_grace_period", "healthcheck", "depends_on")  # fmt: skip


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded["services"]


def test_nginx_runs_the_shipped_site(services: dict[str, Any]) -> None:
    nginx = services["nginx"]
    source = f"./{SHIPPED.relative_to(ROOT)}"
    assert f"{source}:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]


def test_nginx_sends_to_the_workers_of_the_profile_on_their_webhook_port(services: dict[str, Any]) -> None:
    upstream = set(re.findall(r"^\s*server ([\w.-]+):(\d+)", SHIPPED.read_text(), re.MULTILINE))
    workers = {name for name, service in services.items() if service.get("command") == ["run"]}
    assert upstream == {(name, str(WEBHOOK_PORT)) for name in workers}
    assert set(services["nginx"]["depends_on"]) == workers
    assert all("WEBHOOK_PORT" not in services[name]["environment"] for name in workers)


def test_nginx_publishes_the_port_it_listens_on_to_this_host_only(services: dict[str, Any]) -> None:
    [listen] = re.findall(r"^\s*listen (\d+);", SHIPPED.read_text(), re.MULTILINE)
    assert services["nginx"]["ports"] == [f"127.0.0.1:{listen}:{listen}"]
    assert services["nginx"]["profiles"] == services["bot-2"]["profiles"] == ["scaled"]


@pytest.mark.parametrize("key", SAME_AS_BOT)
def test_the_second_worker_is_the_bot_again(services: dict[str, Any], key: str) -> None:
    assert services["bot-2"].get(key) == services["bot"].get(key)


def test_the_second_worker_keeps_a_spend_journal_of_its_own(services: dict[str, Any]) -> None:
    journals = {service["volumes"][0] for service in (services["bot"], services["bot-2"])}
    assert {mount.split(":")[1] for mount in journals} == {"/app/data"}
    assert len({mount.split(":")[0] for mount in journals}) == 2
    assert "ports" not in services["bot-2"]  # reached through nginx only
