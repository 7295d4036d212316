"""What every overview page does first: find the union whose subtree it shows, within the user's scope."""

from django.http import Http404

from unions import access
from unions.models import Union


def root_union(request):
    """The union whose subtree is shown: ?union=<pk> within scope, else the user's own top union."""
    user = request.user
    pk = request.GET.get("union", "")
    if pk:
        if not pk.isdigit():
            raise Http404
        return access.get_union_or_404(user, int(pk))
    if user.is_superuser:
        root = Union.objects.filter(depth=1).first()
    else:
        tops = access.top_unions(user)
        root = tops[0] if tops else None
    if root is None:
        raise Http404
    return root
