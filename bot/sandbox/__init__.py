"""A Telegram of the bot's own, in memory: what the console and the tests talk to.

- ``TelegramState`` (telegram_state.py): an in-memory Bot API server for one bot; it knows what
  Telegram knows (``ServerData``, server_data.py), answers calls (bot_api.py, validation.py,
  html_entities.py) the way Telegram does, records them, builds incoming updates and injects
  faults (``block``, ``fail_next``, ``chat_not_found``, ``migrate``; off by default,
  ``fail_at_random`` and ``enforce_flood_limits``).
- ``FakeRequest`` (request.py): PTB's request layer answered by a state, in-process, so the
  real Application runs unchanged with no network; off by default, it delays answers
  (``latency``) or refuses every call for a while (``unreachable``).
- ``SimulatedUser`` (user.py): a person talking to an Application: ``send``, ``press``, ...
"""
