"""Rasa's SQL tracker store, with SQL parameters kept out of error messages.

When a statement fails (a connection cut mid-INSERT, a full disk), SQLAlchemy
puts the statement's bound values in the exception's text, and Rasa's
fail-safe tracker store logs that text at ERROR level: the values are the
conversation's events, i.e. what the patient typed. ``hide_parameters=True``
keeps them out; everything else is Rasa's SQLTrackerStore unchanged.

endpoints.yml::

    tracker_store:
      type: stores.tracker_store.PrivateSQLTrackerStore
      dialect: postgresql     # or sqlite
      ...                     # the same keys as Rasa's `type: SQL`
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
