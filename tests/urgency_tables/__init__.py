"""Hand-written tables of emergencies described without being named, and of talk that only looks like one.

Each module holds URGENT (message, situation kind or kinds) and NOT_URGENT (messages); tests/test_urgency_tables.py
checks every table with the real FAQ. Its docstring says when the table was written and what it measured then.
"""
