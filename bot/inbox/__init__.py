"""Durable updates in: committed before Telegram is told they arrived, handled in order per chat, once."""
