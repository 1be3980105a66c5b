"""Try the bot without Telegram: a chat in the terminal with the real Application.

``solidarity-bot console`` (and ``make run`` with no BOT_TOKEN, in a terminal) runs the bot's own
handlers, storage, planner and dispatcher against the in-memory Telegram of ``bot.sandbox``,
with a database of its own. ``session.Console`` turns typed lines into updates and prints the
bot's messages as ``screen`` draws them; ``main.run_console`` wires it up.
"""
