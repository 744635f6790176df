"""Policy pages show documents as they are: Chinese titles, verbatim text only where held, measures from news
marked as such, and no invented issuer for a plan that was not found."""

import re

import pytest

from tests.factories import MeasureFactory, PolicyDocumentFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_verbatim_text_and_what_is_held(client):
    letter = PolicyDocumentFactory(
        title_zh="国务院办公厅关于广州花都经济开发区等4个省级开发区升级为国家级经济技术开发区的复函",
        document_number="国办函〔2024〕83号",
        text_zh="一、国务院同意……",
        text_note="Items 一–四 verbatim from gov.cn; the attachment is not held.",
    )
    page = text(client.get(letter.get_absolute_url()))
    assert "国务院办公厅关于广州花都经济开发区等4个省级开发区升级为国家级经济技术开发区的复函" in page
    assert "Text (verbatim, the parts we hold)" in page and "一、国务院同意……" in page
    assert "What we hold: Items 一–四 verbatim" in page


def test_a_plan_not_found_has_no_invented_issuer_and_its_measures_say_news(client):
    plan = PolicyDocumentFactory(issuer="", measures_from_news=True, text_note="Not found as a document.")
    MeasureFactory(document=plan)
    page = text(client.get(plan.get_absolute_url()))
    assert "Not known: no source we hold names it" in page
    assert "Not found as a document." in page
    assert "Summarised from news reports, in our words" in page
    assert "Not stated in source" not in page
