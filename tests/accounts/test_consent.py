"""Guardian consent (PIPL, children under 14): versioned, re-asked, withdrawable, append-only."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ConsentRecord
from accounts.selectors import current_consent_version
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LEARNING = "/zh-hans/accounts/learning/"


def test_learning_shows_the_children_with_current_consent(client, parent, child):
    client.force_login(parent)
    assert child.name in client.get(LEARNING).content.decode()


def test_a_new_consent_version_is_asked_before_child_data_is_shown(client, parent, child):
    services.consent_version_publish(title="同意书（修订）", body="新增：线下活动签到记录。")
    client.force_login(parent)
    response = client.get(LEARNING)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:consent"))
    page = client.get(response.url).content.decode()
    assert "新增：线下活动签到记录。" in page
    answered = client.post(response.url, {"agree": "yes", "next": LEARNING})
    assert answered.url == LEARNING
    assert child.name in client.get(LEARNING).content.decode()
    assert [r.version.version for r in ConsentRecord.objects.filter(user=parent)][0] > 1


def test_consent_page_without_the_tick_records_nothing(client, parent):
    services.consent_version_publish(title="同意书（修订）", body="修订内容")
    client.force_login(parent)
    response = client.post(reverse("accounts:consent"), {})
    assert "请勾选同意" in response.content.decode()
    assert ConsentRecord.objects.filter(user=parent).count() == 1


def test_withdrawal_is_recorded_and_hides_child_data_until_consent_again(client, parent, child):
    client.force_login(parent)
    response = client.post(reverse("accounts:consent_withdraw"), follow=True)
    assert "已撤回同意" in response.content.decode()
    actions = list(ConsentRecord.objects.filter(user=parent).values_list("action", flat=True))
    assert actions == ["withdraw", "grant"]
    hidden = client.get(LEARNING)
    assert hidden.status_code == 302 and child.name not in hidden.content.decode()
    client.post(reverse("accounts:consent"), {"agree": "yes"})
    assert child.name in client.get(LEARNING).content.decode()


def test_consent_records_cannot_be_changed_or_deleted(parent):
    record = ConsentRecord.objects.get(user=parent)
    record.action = ConsentRecord.Action.WITHDRAW
    with pytest.raises(ValueError):
        record.save()
    with pytest.raises(ValueError):
        record.delete()


def test_consent_redirect_refuses_other_sites(client, parent):
    client.force_login(parent)
    response = client.post(
        reverse("accounts:consent"), {"agree": "yes", "next": "https://evil.example/"}
    )
    assert response.url == reverse("accounts:learning")


def test_superusers_publish_a_new_version_in_the_django_admin(client, consent_v1):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/django-admin/accounts/consentversion/add/", {"title": "同意书（修订）", "body": "修订"}
    )
    assert response.status_code == 302
    assert current_consent_version().version == consent_v1.version + 1
    page = client.get(f"/django-admin/accounts/consentversion/{consent_v1.pk}/change/")
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
