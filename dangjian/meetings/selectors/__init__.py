"""Reads of organisational life, one module per domain: meetings, youth study groups,
central-group study; each scoped through organizations.scoping."""
