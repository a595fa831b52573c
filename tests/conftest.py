"""Fixtures shared by every suite: the PostgreSQL harness and the stores the core runs on."""

from hypothesis import HealthCheck, settings

from tests.support.postgres import postgres_cluster, postgres_url
from tests.support.stores import aggregates, durable_store_url, store_kind

__all__ = ["aggregates", "durable_store_url", "postgres_cluster", "postgres_url", "store_kind"]

# Shared CI machines are noisy: a slow example is not a failure.
settings.register_profile("gptbot", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gptbot")
