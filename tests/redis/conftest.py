from tests.redis_fixtures import redis_clients, redis_conn, redis_server, redis_url, unreachable_redis_clients

__all__ = ["redis_clients", "redis_conn", "redis_server", "redis_url", "unreachable_redis_clients"]
