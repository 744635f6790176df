import pytest


@pytest.mark.django_db
def test_unknown_address_gets_the_site_404_with_ways_on(client, settings):
    settings.DEBUG = False
    response = client.get("/en/zones/no-such-zone/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'href="/en/zones/"' in body and 'href="/en/enterprises/"' in body
