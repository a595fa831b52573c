"""What every command starts with: the settings, the logging, and the core container over them."""

from entrypoints.container import Container
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings, load_settings


def start(settings: Settings | None = None) -> Container:
    settings = settings or load_settings()
    configure_logging(settings)
    return Container(settings=settings)
