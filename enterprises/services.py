"""Writes on an enterprise's zone link that staff make (the import's own rules are in zone_links.py)."""

from django.db import transaction

from .models import Enterprise


def enterprise_set_zone_by_staff(*, enterprise: Enterprise, zone, save: bool = True) -> Enterprise:
    """Staff set (or cleared) the zone: the link is theirs and no later data load replaces it."""
    enterprise.zone = zone
    enterprise.zone_basis = Enterprise.ZoneBasis.STAFF
    enterprise.zone_method = ""
    enterprise.zone_matched_text = ""
    enterprise.zone_review = ""
    enterprise.proposed_zone = None
    if save:
        enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_review_zone_link(*, enterprises, confirm: bool) -> int:
    """Confirm or reject proposed links. The decision is kept with the proposal, so a reload that proposes
    the same zone for the same enterprise leaves it as decided (zone_links rule 3). Returns how many."""
    done = 0
    for enterprise in enterprises.select_for_update().exclude(proposed_zone=None):
        if confirm:
            enterprise.zone_id = enterprise.proposed_zone_id
            enterprise.zone_basis = Enterprise.ZoneBasis.ADDRESS
            enterprise.zone_review = Enterprise.ZoneReview.CONFIRMED
        else:
            if enterprise.zone_id == enterprise.proposed_zone_id:
                enterprise.zone = None
            enterprise.zone_basis = ""
            enterprise.zone_review = Enterprise.ZoneReview.REJECTED
        enterprise.save()
        done += 1
    return done
