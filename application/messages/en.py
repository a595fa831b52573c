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
    "budget_global_monthly_cost": "This bot has used up its budget for the month. It resets on the 1st (UTC).",
    "model_rate_limited": "The model is busy right now. Your message is saved; please try again in a minute.",
    "model_timeout": "The model took too long to answer. Your message is saved; please try again.",
    "model_unavailable": "The model is unavailable right now. Your message is saved; please try again later.",
    "model_refused": "The model declined to answer this request.",
    "model_interrupted": "The reply was cut off before it finished. Your message is saved; please try again.",
    "store_unavailable": "I cannot reach my database right now, so I did not call the model. Please try again shortly.",
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
    "access_removed_from_channel": (
        "You were removed from {channel}, so you cannot use this bot, and you cannot rejoin the channel "
        "yourself. Only the channel's administrators can let you back in."
    ),
    "flood_slow_down": "You are sending messages too fast. Please wait a minute: until then I ignore new messages.",
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
    "telegram_welcome": (
        "Hi! I am an AI assistant. Ask me anything, send a photo (JPEG, PNG or WebP) "
        "or a document (PDF, TXT or DOCX) with a question."
    ),
    "command_start": "welcome and the list of commands",
    "telegram_help": (
        "/reset — start a new conversation\n"
        "/history — recent messages\n"
        "/export [md|txt] — the conversation as a file\n"
        "/usage — your tokens and cost today and this month, and the budget left\n"
        "/generate <description> — draw a picture\n"
        "/model — choose the model that answers you\n"
        "/mode — choose how the assistant answers\n"
        "/subscribe — your access and how to get it\n"
        "/help — this list\n"
        "In a group, mention me or reply to my message."
    ),
    "subscription_active": "You are subscribed to {channel}: the bot is yours to use.",
    "subscription_missing": "You are not subscribed to {channel} yet. Join it, then press “I have joined” or send /subscribe.",
    "subscription_admin": "You are an administrator of this bot; no subscription is needed.",
    "subscription_allowlisted": "You have personal access to this bot; no subscription is needed.",
    "subscription_open": "This bot is open to everyone; no subscription is needed.",
    "button_join_channel": "Join the channel",
    "button_check_subscription": "I have joined",
    "access_check_failed": "I could not check your channel subscription just now. Please try again in a minute.",
    "export_caption": "Your conversation",
    "file_too_large_image": "This image is larger than {limit} MB, the most I can read. Please send a smaller one.",
    "file_too_large_document": "This document is larger than {limit} MB, the most I can read. Please send a smaller one.",
    "file_unsupported_image": "I can read JPEG, PNG and WebP images. Please send the picture in one of these formats.",
    "file_unsupported_document": "I can read PDF, TXT and DOCX documents. Please send the file in one of these formats.",
    "file_empty": "This file is empty.",
    "file_corrupt": "I could not open this file; it seems damaged or is not what its name says.",
    "file_encrypted": "This document is password-protected. Please send a copy without a password.",
    "file_too_complex": "This document is too complex to read safely. Please send a simpler copy, e.g. as text.",
    "file_no_text": "I found no text in this document. If it is a scan, please send the pages as photos.",
    "file_download_failed": "I could not download this file from Telegram. Please send it again.",
    "file_reading_unavailable": "Reading photos and documents is not set up on this bot, so I cannot answer about this file.",
    "unsupported_message": (
        "I read text, photos (JPEG, PNG, WebP) and documents (PDF, TXT, DOCX). "
        "This kind of message is not something I can answer."
    ),
    "empty_reply": "The model returned an empty reply. Please rephrase your message or try again.",
    "unexpected_error": "Something went wrong on my side and your message was not answered. Please try again.",
    "restarted_unanswered": "I restarted before I could finish answering you. Please send your message again.",
    "generate_usage": "Describe the picture after the command, for example: /generate a red fox in the snow",
    "image_caption": "Your picture",
    "model_current": "Your model: {model}\nChoose another with /model <name> or a button:",
    "model_chosen": "From now on {model} answers you.",
    "model_unknown": "There is no model “{value}” here. Choose one of: {options}",
    "mode_current": "Your mode: {title} ({name})\nChoose another with /mode <name> or a button:",
    "mode_chosen": "Mode set to {title}.",
    "mode_unknown": "There is no mode “{value}” here. Choose one of: {options}",
    "paused_kept": (
        "The bot is paused by its administrator for now. Your message is saved in the conversation "
        "(the model was not called); it will be part of the context when you write after the bot is back."
    ),
    "paused_not_kept": (
        "The bot is paused by its administrator for now. This was not saved; please send it again "
        "when the bot is back."
    ),
    "admin_help": (
        "Admin commands:\n"
        "/status — uptime, users, today's usage, analytics lag, database and Redis health\n"
        "/daily, /weekly — usage today and in the last 7 days\n"
        "/budget — the global budget and the top spenders this month\n"
        "/user <id> — a user's access and usage\n"
        "/allow <id>, /ban <id> [reason], /unban <id> — manage a user's access\n"
        "/pause, /resume — stop and restart answering everyone but admins\n"
        "/dashboard — a single-use login link to the web dashboard"
    ),
    "admin_needs_user_id": "Give a numeric Telegram user id, for example: {command} 123456789",
    "admin_allowed": "User {user_id} may now use the bot.",
    "admin_already_allowed": "User {user_id} already had access.",
    "admin_banned": "User {user_id} is banned.",
    "admin_already_banned": "User {user_id} was already banned.",
    "admin_cannot_ban_admin": "User {user_id} is an admin listed in ADMIN_IDS; a ban would not apply.",
    "admin_unbanned": "User {user_id} is no longer banned.",
    "admin_not_banned": "User {user_id} was not banned.",
    "admin_dashboard_link": (
        "Your login link to the dashboard:\n{url}\n\nIt works once and expires in 10 minutes; "
        "send /dashboard again for a new one."
    ),
    "admin_paused": "The bot is paused. Everyone but admins is told so; their text messages are kept.",
    "admin_already_paused": "The bot was already paused.",
    "admin_resumed": "The bot answers everyone again.",
    "admin_not_paused": "The bot was not paused.",
    "status_title": "Bot status",
    "status_uptime": "Up for {uptime} (since {since} UTC)",
    "status_numbers_unknown": "Users and usage: the analytics views cannot be read right now",
    "status_users": "Users: {users}, active today: {active}",
    "status_today": "Today: {requests} requests, {tokens} tokens, {cost}",
    "status_lag": "Analytics lag: {lag} events",
    "status_lag_unknown": "Analytics lag: unknown (the event log cannot be read)",
    "status_health_ok": "{name}: ok",
    "status_health_failed": "{name}: FAILING ({error})",
    "status_health_unused": "{name}: not configured (in-process)",
    "status_paused": "PAUSED since {since} UTC by {by}",
    "status_running": "Answering everyone",
    "summary_daily_title": "Daily summary for {day} (UTC)",
    "summary_weekly_title": "Weekly summary, {since} to {until} (UTC)",
    "summary_today_title": "Today so far, {day} (UTC)",
    "summary_nothing": "No usage in this period.",
    "summary_totals": (
        "Active users: {users}\nRequests: {requests}, messages: {messages}\n"
        "Tokens: {input} in, {output} out\nImages: {images}\nCost: {cost}"
    ),
    "spend_estimated": "Of which estimated by the bot (no usage reported): {cost}, requests: {requests}",
    "summary_top_header": "Top spenders:",
    "summary_top_line": "{user_id}: {cost}, {requests} requests, {tokens} tokens",
    "budget_title": "Global budget for {month}",
    "budget_capped": "Spent {spent} of {cap} ({percent}%)",
    "budget_uncapped": "Spent {spent}; no global cap is set (BUDGET_GLOBAL_MONTHLY_USD)",
    "user_title": "User {user_id}, first seen {since} UTC",
    "user_unknown": "User {user_id} has never used the bot.",
    "user_access_admin": "Access: admin",
    "user_access_banned": "Access: banned (reason: {reason})",
    "user_access_granted": "Access: granted by an admin",
    "user_access_by_channel": "Access: by channel membership (last checked status: {status})",
    "alert_budget": "Budget alert: {percent}% of this month's global budget is spent ({spent} of {cap}).",
    "alert_model_errors": "Model errors: {count} failed calls in the last {minutes} minutes ({kinds}).",
}
