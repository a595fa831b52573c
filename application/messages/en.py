MESSAGES: dict[str, str] = {
    "empty_message": "Your message is empty. Send some text and I will answer.",
    "message_too_long": (
        "Your message has {length} characters; the limit is {limit}. "
        "Please shorten it or send it as a .txt document."
    ),
    "budget_daily_cost": "You have reached your daily spending limit of {limit}. It resets at midnight UTC.",
    "budget_monthly_cost": "You have reached your monthly spending limit of {limit}. It resets on the 1st (UTC).",
    "budget_daily_tokens": "You have reached your daily limit of {limit} tokens. It resets at midnight UTC.",
    "budget_monthly_tokens": "You have reached your monthly limit of {limit} tokens. It resets on the 1st (UTC).",
    "model_rate_limited": "The model is busy right now. Your message is saved; please try again in a minute.",
    "model_timeout": "The model took too long to answer. Your message is saved; please try again.",
    "model_unavailable": "The model is unavailable right now. Your message is saved; please try again later.",
    "model_refused": "The model declined to answer this request.",
    "model_interrupted": "The reply was cut off before it finished. Your message is saved; please try again.",
    "store_unavailable": "I cannot reach my database right now, so I did not call the model. Please try again.",
    "reset_done": "Started a new conversation. The previous one is archived.",
    "history_empty": "This conversation is empty.",
    "history_header": "Last {count} messages:",
    "speaker_user": "You",
    "speaker_assistant": "Assistant",
    "export_empty": "There is nothing to export yet.",
    "export_saved": "Conversation saved to {path}",
    "usage_today": "Today: {tokens} tokens, {cost}",
    "usage_month": "This month: {tokens} tokens, {cost}",
    "usage_budget_left": "Budget left: {left}",
    "usage_no_limits": "Budget: no limits set",
    "limit_day_cost": "{amount} today",
    "limit_month_cost": "{amount} this month",
    "limit_day_tokens": "{amount} tokens today",
    "limit_month_tokens": "{amount} tokens this month",
    "access_banned": "Access to this bot has been revoked.",
    "access_not_allowlisted": "This bot is private. Ask its administrator for access.",
    "access_not_subscribed": "This bot is for subscribers of {channel}. Join the channel, then send /start again.",
    "console_welcome": (
        "gptbot console chat ({model}). Type a message, or /help. End with Ctrl-D.\n"
        "Commands: /reset /history /export [md|txt] /usage /help"
    ),
    "console_help": (
        "/reset — start a new conversation\n"
        "/history — recent messages\n"
        "/export [md|txt] — save the conversation to a file\n"
        "/usage — tokens and cost today and this month\n"
        "/help — this list"
    ),
    "unknown_command": "Unknown command {command}. Send /help for the list.",
    "invalid_input_encoding": "That input was not valid UTF-8; the undecodable bytes were replaced with �.",
}
