"""The address of the person making a request, through the reverse proxies we trust.

Each proxy appends the address it received the request from to X-Forwarded-For, so with
`TRUSTED_PROXY_COUNT` proxies in front of the site the client is the entry that many
places from the right: what the outermost trusted proxy saw. Entries to its left were
written by the client itself and are never believed. With no trusted proxy the header is
ignored and the address is the socket's (REMOTE_ADDR).
"""

from django.conf import settings


def address(request):
    trusted = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR") or None
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < trusted:
        return remote  # not through all our proxies: the header is not theirs
    return forwarded[-trusted]
