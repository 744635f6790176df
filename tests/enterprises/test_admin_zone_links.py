"""The review queue of address-derived zone links: pending proposals are listed with their evidence, and
the confirm and reject actions record a decision that later loads keep (see test_zone_links.py)."""

import pytest

from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/admin/enterprises/zonelinkproposal/"


def propose(zone, name):
    return EnterpriseFactory(
        name_zh=name,
        registered_address="安徽省合肥高新区望江西路666号",
        proposed_zone=zone,
        zone_review="pending",
        zone_method="alias",
        zone_matched_text="合肥高新区",
    )


def test_queue_lists_pending_proposals_and_staff_decide(login, superuser, own_zone):
    first, second = propose(own_zone, "甲公司"), propose(own_zone, "乙公司")
    EnterpriseFactory(name_zh="丙公司")  # nothing proposed: not in the queue
    client = login(superuser)
    page = client.get(URL, {"zone_review__exact": "pending"})
    assert sorted(e.name_zh for e in page.context["cl"].result_list) == ["乙公司", "甲公司"]
    assert "合肥高新区" in page.content.decode()
    client.post(URL, {"action": "confirm", "_selected_action": [first.pk]})
    client.post(URL, {"action": "reject", "_selected_action": [second.pk]})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.zone, first.zone_review, first.zone_basis) == (own_zone, "confirmed", "address")
    assert (second.zone, second.zone_review) == (None, "rejected")


def test_changing_the_zone_in_the_admin_makes_it_a_staff_link(login, superuser, own_zone, other_zone):
    company = propose(own_zone, "甲公司")
    client = login(superuser)
    change = client.get(f"/admin/enterprises/enterprise/{company.pk}/change/")
    form = change.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        zone=other_zone.pk, province=other_zone.province_id, slug=company.slug, name_zh=company.name_zh
    )
    response = client.post(f"/admin/enterprises/enterprise/{company.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    company.refresh_from_db()
    assert (company.zone, company.zone_basis, company.zone_review, company.proposed_zone) == (
        other_zone,
        Enterprise.ZoneBasis.STAFF,
        "",
        None,
    )
