"""Plain-language image requests ("draw a cat", "нарисуй кота") told apart from talk about drawing.

Only a request that opens the message counts, so questions that merely mention drawing
("what does draw mean in SQL?") stay ordinary chat. /generate does not go through here.
"""

import re

POLITE = (
    r"please|pls|kindly|hey|hi|bot|can you|could you|would you|will you|can u|"
    r"пожалуйста|ты можешь|вы можете|можешь|можете|слушай|эй|бот|ну|а"
)
LEADING_POLITENESS = re.compile(rf"^(?:(?:{POLITE})\b[\s,!.:]*)+", re.IGNORECASE)
AFTER_VERB = r"(?:[\s,:]+(?:me|us|please|мне|нам|пожалуйста)\b)*[\s,:—-]+"
PICTURE_NOUNS_EN = (
    r"images?|pictures?|pics?|drawings?|illustrations?|paintings?|photos?|artwork|sketch(?:es)?|"
    r"logos?|icons?|wallpapers?|posters?"
)
PICTURE_NOUNS_RU = (
    r"картинк[уиа]|изображени[еяй]|рисун(?:ок|ки)|иллюстраци[юи]|фото(?:графию)?|арт|логотип|постер|"
    r"обои|картин[уы]|аватарк[уи]"
)
REQUESTS = (
    re.compile(rf"^(?:draw|paint|sketch|illustrate){AFTER_VERB}(?P<d>.+)", re.IGNORECASE),
    re.compile(
        rf"^(?:generate|create|make|produce|render|design){AFTER_VERB}(?:(?:an?|the|some|one)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{PICTURE_NOUNS_EN})\s*(?:of|showing|depicting|featuring|with|for|:|—|-)"
        rf"\s*(?P<d>.+)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:нарисуй(?:те)?|нарисовать|изобрази(?:те)?|изобразить|набросай(?:те)?){AFTER_VERB}(?P<d>.+)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:сгенерируй(?:те)?|сгенерировать|создай(?:те)?|создать|сделай(?:те)?|сделать){AFTER_VERB}"
        rf"(?:[\w-]+\s+){{0,2}}?(?:{PICTURE_NOUNS_RU})\b[\s,:—-]*(?P<d>.+)",
        re.IGNORECASE,
    ),
)
# "draw conclusions", "draw attention": the verb without a picture.
NOT_PICTURES = re.compile(
    r"^(?:(?:a|an|the|some|my|your|our|their|его|её|их)\s+)?"
    r"(?:conclusions?|attention|inspiration|lessons?|up|on|from|near|closer|blood|cards?|straws|"
    r"breath|distinctions?|comparisons?|parallels?|salary|money|curtains|bath|fire|interest|"
    r"lots|a blank|the line|back|out|upon|into)\b",
    re.IGNORECASE,
)
TRAILING = re.compile(r"[\s,.!?]*(?:\b(?:please|пожалуйста)\b)?[\s,.!?]*$", re.IGNORECASE)


def image_request_of(text: str) -> str | None:
    """What to draw when the message asks for a picture; None when it is ordinary chat."""
    request = LEADING_POLITENESS.sub("", text.strip(), count=1)
    for pattern in REQUESTS:
        match = pattern.match(request)
        if match is None:
            continue
        description = TRAILING.sub("", match.group("d")).strip()
        if description and not NOT_PICTURES.match(description):
            return description
    return None
