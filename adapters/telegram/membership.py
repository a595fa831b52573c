"""ChannelMembership through getChatMember on the gating channel (the bot must be one of its admins)."""

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from domain.access import MemberStatus

# Telegram's answers for a user who never joined the channel.
NOT_A_MEMBER = ("user not found", "participant_id_invalid", "member not found")


class AiogramChannelMembership:
    def __init__(self, bot: Bot, channel_id: str | int) -> None:
        self.bot = bot
        self.channel_id: str | int = int(channel_id) if str(channel_id).lstrip("-").isdigit() else channel_id

    async def status_of(self, user_id: int) -> MemberStatus:
        try:
            member = await self.bot.get_chat_member(self.channel_id, user_id)
        except TelegramBadRequest as error:
            if any(phrase in error.message.lower() for phrase in NOT_A_MEMBER):
                return MemberStatus.LEFT
            raise
        return MemberStatus(member.status)
