"""The update types the bot asks Telegram for (kept free of aiogram, so the CLI imports it cheaply)."""

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
