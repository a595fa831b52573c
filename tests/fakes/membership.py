from domain.access import MemberStatus


class FakeChannelMembership:
    def __init__(self, statuses: dict[int, MemberStatus] | None = None) -> None:
        self.statuses = dict(statuses or {})
        self.lookups: list[int] = []

    async def status_of(self, user_id: int) -> MemberStatus:
        self.lookups.append(user_id)
        return self.statuses.get(user_id, MemberStatus.LEFT)
