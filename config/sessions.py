"""Sessions in the database, read through the shared cache, and still working when the cache is down.

Django's cached_db store reads the cache first, but lets an unreachable cache fail the
request when it then writes the session back (or deletes it). Here the database stays
the record and the cache only a shortcut: every cache error is logged and passed over.
A cached copy lives five minutes at most, so a session deleted (logged out) while the
cache was unreachable cannot outlive that in a cache that comes back.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

log = logging.getLogger("django.contrib.sessions")
CACHED_FOR = 5 * 60  # seconds


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            log.warning("session cache unreachable; reading the database", exc_info=True)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(
                self.cache_key, data, min(CACHED_FOR, self.get_expiry_age(expiry=stored.expire_date))
            )
        except Exception:
            log.warning("session cache unreachable; not stored", exc_info=True)
        return data

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        try:
            self._cache.set(self.cache_key, self._session, min(CACHED_FOR, self.get_expiry_age()))
        except Exception:
            log.warning("session cache unreachable; not stored", exc_info=True)

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            log.warning("session cache unreachable; asking the database", exc_info=True)
        return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            # The row is gone; a cached copy could be read again if this cache comes back within
            # CACHED_FOR — say so loudly.
            log.error("session cache unreachable; a deleted session may linger there", exc_info=True)
