"""Getting messages out: the outbox delivery worker and the Telegram transport behind it."""
