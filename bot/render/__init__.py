"""What people see: Telegram HTML, staff-facing texts, and Bot API payloads built from the domain's replies."""
