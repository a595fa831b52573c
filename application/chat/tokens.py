"""A tokenizer-free estimate: about four ASCII characters or two other characters per token.

The ledger always records the provider's own counts; this estimate only trims context and
checks budgets before a call, so it errs on the high side.
"""

import math

PER_MESSAGE_OVERHEAD = 4


class ApproximateTokenCounter:
    def count(self, text: str) -> int:
        ascii_chars = len(text) if text.isascii() else len(text.encode("ascii", "ignore"))
        other_chars = len(text) - ascii_chars
        return math.ceil(ascii_chars / 4 + other_chars / 2) + PER_MESSAGE_OVERHEAD
