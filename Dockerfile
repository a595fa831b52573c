# The bot's image: `gptbot run` by default; `gptbot project`, `gptbot audit replay` and the other
# commands run from the same image. Build with `docker build -t gptbot .` (ADR 34).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
# The locked dependencies first, so that a change to the code alone reuses this layer
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY domain/ domain/
COPY application/ application/
COPY adapters/ adapters/
COPY entrypoints/ entrypoints/
COPY config/ config/
# Installed in place: the code finds config/ beside its packages, at /app in both stages. Its
# bytecode is compiled here (checked by hash), since the non-root user cannot write it at run time.
RUN uv sync --frozen --no-dev \
    && .venv/bin/python -m compileall -q --invalidation-mode checked-hash domain application adapters entrypoints

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 gptbot \
    && useradd --system --uid 10001 --gid gptbot --home-dir /app --no-create-home --shell /usr/sbin/nologin gptbot
WORKDIR /app
# Owned by root: the bot cannot change its own code
COPY --from=build /app /app
# The SQLite file, the spend journal and exports go under /app/data unless configured elsewhere
RUN mkdir /app/data && chown 10001:10001 /app/data
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1
USER 10001:10001
VOLUME ["/app/data"]
# SIGTERM drains: intake stops, replies in hand get SHUTDOWN_GRACE_SECONDS, then notices (ADR 23)
STOPSIGNAL SIGTERM
# `gptbot status` exits 1 when the event store, or anything else configured, is down
HEALTHCHECK --interval=60s --timeout=30s --start-period=30s --retries=3 \
    CMD ["gptbot", "status"]
ENTRYPOINT ["gptbot"]
CMD ["run"]
