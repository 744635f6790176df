"""Province pages (places:detail): zones by kind, prefectures, sources."""

import pytest
from django.urls import reverse

from tests.factories import (
    EnterpriseFactory,
    SourceFactory,
    ZoneFactory,
)
from tests.pages import text

pytestmark = pytest.mark.django_db


def test_province_page_kind_counts_prefectures_and_enterprise_link(client, sip, jiangsu, suzhou):
    ZoneFactory(province=jiangsu, kind="high-tech")
    ZoneFactory(province=jiangsu, kind="etdz")
    EnterpriseFactory(province=jiangsu)
    response = client.get(jiangsu.get_absolute_url())
    body = text(response)
    assert response.status_code == 200
    assert (
        '<a href="/en/zones/?province=jiangsu&amp;kind=etdz">Economic and technological development zone</a>'
        in body
    )
    assert '<td class="num">2</td>' in body
    assert 'href="/en/zones/?prefecture=3205">Suzhou</a>' in body
    assert 'href="/en/enterprises/?province=jiangsu">1 enterprise registered in Jiangsu' in body
    assert '<a href="/en/">Home</a>' in body and f'href="{reverse("zones:list")}">Zones</a>' in body


def test_province_page_cites_where_its_codes_and_centre_come_from(client, jiangsu):
    jiangsu.sources.add(SourceFactory(url="https://example.org/nbs", title="NBS divisions 2022"))
    body = text(client.get(jiangsu.get_absolute_url()))
    sources = body.split('id="sources-heading"', 1)[1]
    assert 'href="https://example.org/nbs"' in sources and "NBS divisions 2022" in sources


def test_unknown_province_is_404(client):
    assert client.get(reverse("places:detail", kwargs={"slug": "atlantis"})).status_code == 404
