MESSAGES: dict[str, str] = {
    "empty_message": "Сообщение пустое. Напишите текст, и я отвечу.",
    "message_too_long": (
        "В сообщении {length} символов, а можно не больше {limit}. "
        "Сократите его или пришлите как документ .txt."
    ),
    "budget_daily_cost": "Достигнут дневной лимит расходов {limit}. Он обнулится в полночь по UTC.",
    "budget_monthly_cost": "Достигнут месячный лимит расходов {limit}. Он обнулится 1-го числа (UTC).",
    "budget_daily_tokens": "Достигнут дневной лимит в {limit} токенов. Он обнулится в полночь по UTC.",
    "budget_monthly_tokens": "Достигнут месячный лимит в {limit} токенов. Он обнулится 1-го числа (UTC).",
    "model_rate_limited": "Модель сейчас перегружена. Сообщение сохранено; попробуйте через минуту.",
    "model_timeout": "Модель отвечала слишком долго. Сообщение сохранено; попробуйте ещё раз.",
    "model_unavailable": "Модель сейчас недоступна. Сообщение сохранено; попробуйте позже.",
    "model_refused": "Модель отказалась отвечать на этот запрос.",
    "model_interrupted": "Ответ оборвался, не закончившись. Сообщение сохранено; попробуйте ещё раз.",
    "store_unavailable": "Не удаётся связаться с базой данных, поэтому модель не вызывалась. Попробуйте ещё раз.",
    "reset_done": "Начат новый диалог. Предыдущий сохранён в архиве.",
    "history_empty": "В этом диалоге пока нет сообщений.",
    "history_header": "Последние сообщения ({count}):",
    "speaker_user": "Вы",
    "speaker_assistant": "Ассистент",
    "export_empty": "Пока нечего экспортировать.",
    "export_saved": "Диалог сохранён в {path}",
    "usage_today": "Сегодня: {tokens} токенов, {cost}",
    "usage_month": "В этом месяце: {tokens} токенов, {cost}",
    "usage_budget_left": "Осталось: {left}",
    "usage_no_limits": "Лимиты не заданы",
    "limit_day_cost": "{amount} на сегодня",
    "limit_month_cost": "{amount} на этот месяц",
    "limit_day_tokens": "{amount} токенов на сегодня",
    "limit_month_tokens": "{amount} токенов на этот месяц",
    "access_banned": "Доступ к этому боту закрыт.",
    "access_not_allowlisted": "Это закрытый бот. Попросите доступ у администратора.",
    "access_not_subscribed": "Бот доступен подписчикам {channel}. Подпишитесь на канал и отправьте /start ещё раз.",
    "console_welcome": (
        "Консольный чат gptbot ({model}). Напишите сообщение или /help. Выход — Ctrl-D.\n"
        "Команды: /reset /history /export [md|txt] /usage /help"
    ),
    "console_help": (
        "/reset — начать новый диалог\n"
        "/history — последние сообщения\n"
        "/export [md|txt] — сохранить диалог в файл\n"
        "/usage — токены и расходы за сегодня и за месяц\n"
        "/help — этот список"
    ),
    "unknown_command": "Неизвестная команда {command}. Список команд — /help.",
    "invalid_input_encoding": "Ввод был не в UTF-8; нечитаемые байты заменены на �.",
}
