"""What the 推荐函 counts: this union's latest decision on each application of the campaign.

The letter itself is a document (studios/documents/letter.py: PDF and Word).
"""

from ..models import Review
from ..models.review import Decision


def review_counts(package):
    """{decision: applications} by the latest decision of this union on each application of the campaign."""
    latest = {}
    rows = (
        Review.objects.filter(union=package.union, application__campaign=package.campaign)
        .order_by("created_at", "pk")
        .values_list("application_id", "decision")
    )
    for application_id, decision in rows.iterator(chunk_size=2000):
        latest[application_id] = decision
    counts = {d.value: 0 for d in Decision}
    for decision in latest.values():
        counts[decision] = counts.get(decision, 0) + 1
    counts["received"] = len(latest)
    return counts
