"""Ticket workflow: every state change and the messages it causes, committed in one transaction.

No Telegram import: messages are Bot API payloads put in the outbox, which the delivery worker sends.
So "the citizen was told the question is queued" can only happen after the ticket is committed, and
a crash at any point leaves either nothing or the ticket together with everything it must send.

The steps are grouped by who acts: citizens (`citizen.py`), staff (`staff.py`), and the staff chat as
a whole (`staff_chat.py`); a citizen's erasure is `privacy.py`, the admins' switches `operator.py`;
`base.py` holds what they share.
"""

from __future__ import annotations

from bot.workflow.base import Person, ticket_from_own_message
from bot.workflow.citizen import CitizenSteps
from bot.workflow.labels import Labelled, LabelSteps
from bot.workflow.operator import OperatorSteps
from bot.workflow.privacy import PrivacySteps
from bot.workflow.staff import Outcome, Result
from bot.workflow.staff_chat import STAFF_CHAT_KEY, StaffChatSteps


class Workflow(CitizenSteps, LabelSteps, StaffChatSteps, PrivacySteps, OperatorSteps):
    """All workflow steps on one object (the handlers and the console hold one of these)."""


__all__ = ["STAFF_CHAT_KEY", "Labelled", "Outcome", "Person", "Result", "Workflow", "ticket_from_own_message"]
