"""Spend kept in the journal while the store was out, written into the ledger: at start-up and at the end
of every run, by the bot and the console chat alike."""

import logging

from application.chat.spend_journal import SpendJournalService

log = logging.getLogger(__name__)


async def drain_spend(spend: SpendJournalService) -> None:
    """Spend kept while the store was out is written into the ledger; while it is still out it waits."""
    try:
        await spend.drain()
    except Exception as error:  # a journal that cannot be read must not stop the bot
        log.error("could not drain the spend journal: %s", error)
