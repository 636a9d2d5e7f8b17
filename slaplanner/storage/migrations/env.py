"""Alembic environment for plan files: runs on the connection SLA Planner hands over."""

from alembic import context

from slaplanner.storage.orm import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
