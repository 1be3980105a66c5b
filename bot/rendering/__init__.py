"""Telegram HTML made from plain data: cards, daily messages and news, for handlers and planner."""
