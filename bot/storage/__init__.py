"""Durable storage: one SQLite database (WAL) behind small async repositories."""

from bot.storage.db import Database, ExecResult, open_database, parse_database_url
from bot.storage.migrations import MIGRATIONS, SchemaTooNewError
from bot.storage.models import EVENT_KINDS, MESSAGE_KINDS, Message, Stats, Ticket, TicketStateError
from bot.storage.outbox import TICKET_CARD, Outbox, OutboxItem
from bot.storage.tickets import TicketStore
from bot.storage.users import User, UserStore

__all__ = [
    "EVENT_KINDS",
    "MESSAGE_KINDS",
    "MIGRATIONS",
    "TICKET_CARD",
    "Database",
    "ExecResult",
    "Message",
    "Outbox",
    "OutboxItem",
    "SchemaTooNewError",
    "Stats",
    "Ticket",
    "TicketStateError",
    "TicketStore",
    "User",
    "UserStore",
    "open_database",
    "parse_database_url",
]
