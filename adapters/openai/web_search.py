"""The web search tool's part of a reply (ADR 53): the calls the model made, each billed, and the pages
its text cites. Read from the stream's events as they come and from the finished response's output, so
a reply whose terminal event lists them, or one cut short after them, is counted all the same."""

import pydantic
from openai.types.responses import WebSearchToolParam
from openai.types.responses.response_output_text import AnnotationURLCitation

from adapters.openai.json_fields import json_object, text_or_none
from application.model_io import Source

WEB_SEARCH_TOOL: WebSearchToolParam = {"type": "web_search"}
SEARCH_CALL = "web_search_call"


class SearchTrace:
    def __init__(self) -> None:
        self.calls: set[str] = set()
        self.cited: dict[str, Source] = {}

    @property
    def sources(self) -> tuple[Source, ...]:
        """The cited pages in the order first cited, each once."""
        return tuple(self.cited.values())

    def read_event(self, event: dict[str, object]) -> None:
        kind = event.get("type")
        if kind == "response.output_item.done":
            self._item(event.get("item"))
        elif kind == "response.output_text.annotation.added":
            self._cite(event.get("annotation"))

    def read_output(self, output: object) -> None:
        """The finished response's output items: its search calls and its text's citations."""
        for item in output if isinstance(output, list) else ():
            self._item(item)
            content = json_object(item).get("content")
            for part in content if isinstance(content, list) else ():
                annotations = json_object(part).get("annotations")
                for annotation in annotations if isinstance(annotations, list) else ():
                    self._cite(annotation)

    def _item(self, item: object) -> None:
        item = json_object(item)
        if item.get("type") == SEARCH_CALL:
            self.calls.add(text_or_none(item.get("id")) or f"call-{len(self.calls)}")

    def _cite(self, annotation: object) -> None:
        if json_object(annotation).get("type") != "url_citation":
            return
        try:
            cited = AnnotationURLCitation.model_validate(annotation)
        except pydantic.ValidationError:
            return
        if cited.url and cited.url not in self.cited:
            self.cited[cited.url] = Source(cited.url, cited.title.strip())
