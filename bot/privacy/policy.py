"""How long each store of personal data is kept: one table, read by the jobs, /privacy and the README.

The rule is "nothing longer than it is needed, and never longer than RETENTION_DAYS":
- the texts of a closed ticket (question, thread, masked learning records) are needed while staff may
  look back at it: RETENTION_DAYS after closing, then anonymised;
- a citizen's name and username are needed to answer them: RETENTION_DAYS after their last message;
- a raw update (the inbox) is needed until it is handled: its payload is dropped then, its id (against
  Telegram's redeliveries, which stop after a day) after two days;
- the last question of a chat (the dialogue context, for follow-ups) is useful for half an hour: a day;
- a sent message (the outbox, which holds the texts of cards and answers) is needed to correct it
  (a staff edit reaches the citizen as a reply to their copy): 30 days;
- backups: BACKUP_KEEP_DAYS; the audit trail (staff names, ids of blocked citizens): AUDIT_RETENTION_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings

DAY_S = 86400
INBOX_IDS_DAYS = 2
DIALOGUE_DAYS = 1
OUTBOX_DAYS = 30


@dataclass(frozen=True)
class RetentionPolicy:
    days: int = 180
    backup_days: int = 7
    audit_days: int = 730

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(settings.retention_days, settings.backup_keep_days, settings.audit_retention_days)

    @property
    def texts_s(self) -> float:
        return self.days * DAY_S

    @property
    def outbox_days(self) -> int:
        return min(OUTBOX_DAYS, self.days)

    @property
    def outbox_s(self) -> float:
        return self.outbox_days * DAY_S

    @property
    def inbox_s(self) -> float:
        return min(INBOX_IDS_DAYS, self.days) * DAY_S

    @property
    def dialogue_s(self) -> float:
        return min(DIALOGUE_DAYS, self.days) * DAY_S

    @property
    def audit_s(self) -> float:
        return max(self.audit_days, self.days) * DAY_S
