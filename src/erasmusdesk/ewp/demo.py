"""The demo's EWP node: with EWP on (``make run`` gives it the demo HEI id and a local
catalogue), the home institution gets our HEI id and the catalogue file is made from our own
manifest, so that the office's EWP page shows a working node offline. Idempotent."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from erasmusdesk.ewp import documents, keys, node, registry_builder
from erasmusdesk.institutions.models import Institution


@transaction.atomic
def load_demo_ewp() -> bool:
    """Returns True when it wrote the local catalogue."""
    if not node.enabled():
        return False
    home = Institution.objects.filter(is_home=True).first()
    taken = Institution.objects.filter(ewp_hei_id=node.hei_id()).exclude(is_home=True).exists()
    if home is not None and not home.ewp_hei_id and not taken:
        Institution.objects.filter(pk=home.pk).update(ewp_hei_id=node.hei_id())
    source = settings.ERASMUSDESK_EWP_REGISTRY
    if not source or source.startswith(("http://", "https://")) or Path(source).exists():
        return False
    manifest = documents.manifest(
        hei_id=node.hei_id(),
        hei_name=home.name if home else node.hei_id(),
        admin_email=settings.ERASMUSDESK_EWP_ADMIN_EMAIL,
        public_key_b64=keys.public_key_base64(),
        apis=node.apis(),
    )
    Path(source).parent.mkdir(parents=True, exist_ok=True)
    Path(source).write_bytes(registry_builder.catalogue_from_manifests([manifest]))
    return True
