"""Error pages a person can read: in their language, with the site's navigation (templates/4xx.html,
500.html without the request or the database), and the CSRF failure as an expired form."""

from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import RedirectView


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the reason is technical and stays in the log, not on the page."""
    return render(request, "403_csrf.html", status=403)


@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request):
    """Browsers ask /favicon.ico whatever the page says: send them to the static file."""
    return RedirectView.as_view(url=static("favicon.ico"), permanent=False)(request)
