"""Rules of breaking news items: wording, duplicates, linked articles, ordering and expiry."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from breaking.models import DEFAULT_LIFETIME, BreakingItem
from tests.factories import ArticleFactory, BreakingItemFactory

pytestmark = pytest.mark.django_db


def test_saving_strips_markup_and_collapses_whitespace():
    item = BreakingItemFactory(text="  <b>Minister</b>:\n talks   <script>x</script>resume ")
    item.refresh_from_db()
    assert item.text == "Minister: talks xresume"


def test_default_expiry_is_six_hours_after_posting():
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False):
        item = BreakingItemFactory()
    assert item.posted_at == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert item.expires_at - item.posted_at == DEFAULT_LIFETIME


def test_item_is_live_until_its_expiry_then_leaves_by_itself():
    with time_machine.travel("2026-03-01 12:00:00+00:00", tick=False) as traveller:
        item = BreakingItemFactory()
        assert list(BreakingItem.objects.live()) == [item]
        traveller.move_to("2026-03-01 17:59:59+00:00")
        assert item.is_live
        traveller.move_to("2026-03-01 18:00:00+00:00")
        assert not item.is_live
        assert not BreakingItem.objects.live().exists()


def test_switched_off_item_is_not_live():
    BreakingItemFactory(is_active=False)
    assert not BreakingItem.objects.live().exists()


def test_live_items_are_urgent_first_then_newest():
    now = timezone.now()
    old_urgent = BreakingItemFactory(priority=BreakingItem.Priority.URGENT, posted_at=now - timedelta(hours=2))
    new_normal = BreakingItemFactory(posted_at=now - timedelta(minutes=1))
    old_normal = BreakingItemFactory(posted_at=now - timedelta(hours=1))
    assert list(BreakingItem.objects.live()) == [old_urgent, new_normal, old_normal]


def test_attribution_is_the_short_prefix_before_the_colon():
    item = BreakingItem(text="Taiwan’s President: “One country, two regimes” is a red line for Taiwan.")
    assert item.attribution == "Taiwan’s President"
    assert item.statement == "“One country, two regimes” is a red line for Taiwan."


def test_a_long_sentence_ending_in_a_colon_clause_has_no_attribution():
    text = (
        "Russia leaves intergovernmental agreement with countries of Euro-Arctic region on cooperation "
        "in emergency prevention and response: Moscow"
    )
    item = BreakingItem(text=text)
    assert item.attribution == ""
    assert item.statement == text


def test_clean_refuses_the_same_line_in_the_same_edition_within_ten_minutes():
    BreakingItemFactory(text="PIJ: We deny reports")
    duplicate = BreakingItem(edition="en", text="pij: we deny   reports")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "same line was posted" in str(error.value.message_dict["text"])


def test_clean_accepts_the_same_line_after_ten_minutes():
    with time_machine.travel(timezone.now() - timedelta(minutes=11)):
        BreakingItemFactory(text="PIJ: We deny reports")
    BreakingItem(edition="en", text="PIJ: We deny reports").full_clean()


def test_clean_accepts_the_same_line_in_another_edition():
    BreakingItemFactory(text="PIJ: We deny reports", edition="en")
    BreakingItem(edition="es", text="PIJ: We deny reports").full_clean()


def test_editing_an_item_does_not_count_as_its_own_duplicate():
    item = BreakingItemFactory(text="PIJ: We deny reports")
    item.is_active = False
    item.full_clean()


def test_clean_refuses_an_article_from_another_edition():
    article = ArticleFactory(edition="es")
    item = BreakingItem(edition="en", text="Talks resume", article=article)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "article" in error.value.message_dict


def test_clean_refuses_an_expiry_before_posting():
    item = BreakingItem(edition="en", text="Talks resume", expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "expires_at" in error.value.message_dict


def test_database_refuses_an_empty_text():
    with pytest.raises(IntegrityError):
        BreakingItemFactory(text="<p> </p>")


def test_expire_takes_the_item_off_now_and_keeps_it():
    item = BreakingItemFactory()
    item.expire()
    item.refresh_from_db()
    assert not item.is_live
    assert item.expires_at <= timezone.now()
    assert BreakingItem.objects.expired().filter(pk=item.pk).exists()
