"""The conversation and ticket domain without Telegram: replies, buttons, flood control, hours, UI strings."""
