import os

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
