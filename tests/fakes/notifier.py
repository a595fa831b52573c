"""A Notifier that keeps what admins would have been told."""


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def notify_admins(self, text: str) -> None:
        self.sent.append(text)
