"""SQLite storage: the connection and its pragmas, versioned migrations, and the queries.

Only the standard ``sqlite3`` module, bound parameters only. Every write runs in ``BEGIN IMMEDIATE``
with a busy timeout, so several deskcomms processes (the app, scripts) never fail with
"database is locked"; WAL with ``synchronous=FULL`` means a committed event survives a crash.
"""
