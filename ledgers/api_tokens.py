"""API tokens: created by a union's administrator, shown once, kept as a hash; and the per-token rate limit.

A key is 32 random bytes (URL-safe text); its SHA-256 is stored, so the table never holds a key
that works. A key is found by its hash alone (an indexed, unique lookup); a revoked token answers
like an unknown one. The rate limit counts each token's calls per minute in the cache (Redis in
production, shared by every process; a process's own memory without it).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import ApiCall, ApiToken

PREFIX_LENGTH = 8


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(*, union, name, by):
    """A new token of `union`: (the row, the key to show once)."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            union=union, name=name, prefix=key[:PREFIX_LENGTH], key_hash=_hash(key), created_by=by
        )
    return token, key


def revoke_token(*, token):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(key):
    """The active token of this key, with its union, or None."""
    if not key:
        return None
    return (
        ApiToken.objects.select_related("union").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    )


def over_limit(token):
    """Count one call of `token` in this minute; True when it is over API_RATE_LIMIT calls a minute."""
    limit = getattr(settings, "API_RATE_LIMIT", 120)
    key = f"api-rate:{token.pk}:{int(timezone.now().timestamp() // 60)}"
    if cache.add(key, 1, timeout=90):
        calls = 1
    else:
        try:
            calls = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=90)
            calls = 1
    return calls > limit


def log_call(*, token, method, path, status):
    ApiCall.objects.create(token=token, method=method, path=path[:300], status=status)
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
