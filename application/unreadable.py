"""A stored event the application's mapper cannot decode: what an audit reads in its place."""

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class UnreadableEvent:
    originator_id: UUID
    originator_version: int
    problem: str
