"""Fixtures shared by every suite: the PostgreSQL and Redis harnesses, the fake OpenAI server and the\nstores the core runs on."""

from hypothesis import HealthCheck, settings

from tests.redis_fixtures import redis_clients, redis_conn, redis_server, redis_url, unreachable_redis_clients
from tests.support.fake_openai_fixtures import fake_openai, openai_server
from tests.support.postgres import postgres_cluster, postgres_url
from tests.support.stores import aggregates, durable_store_url, store_kind

__all__ = [
    "aggregates",
    "durable_store_url",
    "fake_openai",
    "openai_server",
    "postgres_cluster",
    "postgres_url",
    "redis_clients",
    "redis_conn",
    "redis_server",
    "redis_url",
    "store_kind",
    "unreachable_redis_clients",
]

# Shared CI machines are noisy: a slow example is not a failure.
settings.register_profile("gptbot", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gptbot")
