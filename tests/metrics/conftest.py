"""The bot end to end with its health and metrics server, and a real Prometheus server scraping it."""

from tests.metrics.prometheus_server import prometheus
from tests.telegram.conftest import start_bot, telegram

__all__ = ["prometheus", "start_bot", "telegram"]
