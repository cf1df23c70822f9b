"""Alembic's environment: runs the migrations on the connection ``briefing.migrate`` passes.

There is no alembic.ini: ``briefing db upgrade`` builds the configuration in code, so an
installed wheel migrates with nothing but its environment variables. ``target_metadata``
is the store's one ``MetaData``, so ``alembic revision --autogenerate`` sees every table.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from briefing.store.schema import metadata
from briefing.store.search import TABLE as SEARCH_TABLE


def include_object(
    item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """What autogenerate compares: the models, not the raw-DDL full-text index."""
    table = item.table.name if type_ in {"index", "column"} else name
    return not str(table or "").startswith(SEARCH_TABLE)


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
