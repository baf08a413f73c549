"""Learning from real use: suggestions for FAQ editors, applying them, digests, replay and simulation.

Pure Python over plain records (`records.QuestionRecord`): no Telegram, no database. The storage and
handlers map their rows onto records and call these functions. The one exception is `digest_job`, the
scheduled job that reads the records and queues the weekly digest (it is where the pure digest meets
the bot's runtime).
"""
