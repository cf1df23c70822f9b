"""Alembic's environment: runs the migrations on the connection ``briefing.migrate`` passes.

There is no alembic.ini: ``briefing db upgrade`` builds the configuration in code, so an
installed wheel migrates with nothing but its environment variables.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
