"""The bot's counts in a prometheus-client registry of its own, written out in Prometheus's text format."""

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

# Model calls take seconds, not milliseconds; a store call takes milliseconds.
MODEL_BUCKETS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0)
STORE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class PrometheusMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.updates = Counter(
            "gptbot_updates", "Updates taken, by type and outcome", ["type", "outcome"], registry=r
        )
        self.replies = Counter("gptbot_replies", "Replies the model wrote and the bot kept", registry=r)
        self.first_token = Histogram(
            "gptbot_model_first_token_seconds",
            "Time to the reply's first text",
            ["model"],
            buckets=MODEL_BUCKETS,
            registry=r,
        )
        self.whole_reply = Histogram(
            "gptbot_model_reply_seconds",
            "Time to the whole reply",
            ["model"],
            buckets=MODEL_BUCKETS,
            registry=r,
        )
        self.tokens = Counter(
            "gptbot_model_tokens",
            "Tokens used, by model and kind (input, output, and cached: the part of input the provider had cached)",
            ["model", "kind"],
            registry=r,
        )
        self.cost = Counter(
            "gptbot_model_cost_micros",
            "Cost in micro-dollars, by model and kind",
            ["model", "kind"],
            registry=r,
        )
        self.model_failures = Counter(
            "gptbot_model_failures", "Model calls that failed, by kind", ["kind"], registry=r
        )
        self.budget_refusals = Counter("gptbot_budget_refusals", "Calls refused for a budget", registry=r)
        self.access_refusals = Counter(
            "gptbot_access_refusals", "Updates refused access, by reason", ["reason"], registry=r
        )
        self.redis_fallbacks = Counter(
            "gptbot_redis_fallbacks", "Redis calls that failed and fell back to this process", registry=r
        )
        self.store_calls = Histogram(
            "gptbot_store_call_seconds",
            "Event store calls, by operation",
            ["operation"],
            buckets=STORE_BUCKETS,
            registry=r,
        )
        self.projection_lag = Gauge(
            "gptbot_projection_lag_events", "Events the analytics views are behind the log", registry=r
        )
        self.journal_waiting = Gauge(
            "gptbot_spend_journal_waiting", "Spend journal entries waiting for the ledger", registry=r
        )

    def update_handled(self, kind: str, outcome: str) -> None:
        self.updates.labels(kind, outcome).inc()

    def reply_made(self) -> None:
        self.replies.inc()

    def model_answered(self, model: str, first_token_seconds: float | None, whole_seconds: float) -> None:
        if first_token_seconds is not None:
            self.first_token.labels(model).observe(first_token_seconds)
        self.whole_reply.labels(model).observe(whole_seconds)

    def tokens_used(self, model: str, kind: str, tokens: int) -> None:
        if tokens:
            self.tokens.labels(model, kind).inc(tokens)

    def spent(self, model: str, kind: str, micros: int) -> None:
        self.cost.labels(model, kind).inc(micros)

    def model_failed(self, kind: str) -> None:
        self.model_failures.labels(kind).inc()

    def budget_refused(self) -> None:
        self.budget_refusals.inc()

    def access_refused(self, reason: str) -> None:
        self.access_refusals.labels(reason).inc()

    def redis_fell_back(self) -> None:
        self.redis_fallbacks.inc()

    def store_called(self, operation: str, seconds: float) -> None:
        self.store_calls.labels(operation).observe(seconds)

    def gauges(self, projection_lag: int | None, journal_waiting: int | None) -> None:
        """The levels read at scrape time; one that could not be read keeps its last value."""
        if projection_lag is not None:
            self.projection_lag.set(projection_lag)
        if journal_waiting is not None:
            self.journal_waiting.set(journal_waiting)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
