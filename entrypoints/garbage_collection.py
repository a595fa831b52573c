"""The cycle collector tuned for a long-running bot: start-up objects kept out of its passes, and
young objects collected in larger batches.

A full pass walks every object the collector tracks. After start-up the bot holds some 300,000 of them
(the modules, aiogram's and pydantic's models and schemas, the SDKs), and a full pass over them took
250 to 600 ms on a two-core machine, with the event loop, and so every chat, stopped meanwhile. They
live as long as the process does, so once everything is imported and built they are moved to the
collector's permanent generation (`gc.freeze`): later passes walk only what was made since.

A busy bot also makes many short-lived objects per message (requests, answers, events, rows). With
the default threshold a young-generation pass ran every 700 allocations, and the passes that promote
survivors into the old generation triggered a full pass every second or so: in the throughput
benchmark the collector took about a third of the time. Passes every 10,000 allocations cut that to
under a tenth, for a few more megabytes of garbage waiting at any moment. Reference counting still
frees everything that is not in a cycle at once, as before.
"""

import gc

YOUNG_THRESHOLD = 10_000


def tune_garbage_collection() -> None:
    gc.collect()  # what start-up left behind goes now, not into the permanent generation
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
