"""Writes of organisational life, one module per domain: meetings (with attendance, votes,
appraisals, attachments), youth study groups, central-group study."""
