"""manifest.json: every file of the package with its size and SHA-256, and what the package carries."""

import json

NAME = "manifest.json"
FORMAT = 1


def manifest_bytes(*, package, recipient, generated_at, applications, files, missing):
    """files: [{"path", "size", "sha256"}] for every other file of the zip, in the order written."""
    document = {
        "format": FORMAT,
        "package": package.pk,
        "campaign": {
            "id": package.campaign_id,
            "title": package.campaign.title,
            "year": package.campaign.year,
        },
        "union": {"id": package.union_id, "code": package.union.code, "name": package.union.name},
        "recipient": {"id": recipient.pk, "code": recipient.code, "name": recipient.name}
        if recipient
        else None,
        "generated_at": generated_at.isoformat(),
        "applications": applications,
        "files": files,
        "missing": missing,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
