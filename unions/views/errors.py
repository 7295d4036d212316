"""Error pages a person can read: in their language and with the site's navigation (one template,
templates/errors/page.html; the 500 page is templates/500.html, rendered without the request or the
database), the CSRF failure as an expired form, and /favicon.ico."""

from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import RedirectView

# status -> (heading, explanation); the reason Django gives stays in the log, never on the page.
PAGES = {
    400: (
        _("The request could not be understood"),
        _("Something in the request was malformed. Go back, reload the page and try again."),
    ),
    403: (
        _("You may not open this page"),
        _(
            "Your account has no role that allows this. If you think it should, ask your union's "
            "administrator."
        ),
    ),
    404: (
        _("Page not found"),
        _("The page does not exist, or it is not within what your account may see."),
    ),
    "csrf": (
        _("The form has expired"),
        _(
            "For your safety the form could not be accepted: the page was open too long, or cookies "
            "are blocked. Go back, reload the page and send it again."
        ),
    ),
}


def _page(request, kind, status):
    heading, explanation = PAGES[kind]
    return render(
        request, "errors/page.html", {"heading": heading, "explanation": explanation}, status=status
    )


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404, 404)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW."""
    return _page(request, "csrf", 403)


@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request):
    """Browsers ask /favicon.ico whatever the page says: send them to the static file."""
    return RedirectView.as_view(url=static("favicon.ico"), permanent=False)(request)
