"""The domain, free of Qt and SQLite: calendar, cases and events, playbooks, the engine, drafts.

Every function here takes ``now`` (and whatever else it needs) as an argument, so each rule can be
tested with no window, no database and no clock.
"""
