"""Meeting ledgers (会议台账): export (export.py) and import of historical meetings (imports.py)."""
