from django.urls import path

from .access import parent_login_required
from .views import account, learning, registration, staff

app_name = "accounts"

urlpatterns = [
    path("register/", registration.register, name="register"),
    path("reset/", registration.reset_with_code, name="reset_with_code"),
    path("learning/", learning.learning, name="learning"),
    path("survey/<int:course_id>/", learning.survey, name="survey"),
    path("me/", account.account, name="account"),
    path("consent/", account.consent, name="consent"),
    path("consent/withdraw/", account.consent_withdraw, name="consent_withdraw"),
    path("large-text/", account.large_text, name="large_text"),
    path(
        "password/",
        parent_login_required(account.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path("staff/invites/", staff.invite_codes, name="invite_codes"),
    path("staff/invites/<int:pk>/revoke/", staff.invite_code_revoke, name="invite_code_revoke"),
    path("staff/resets/", staff.reset_codes, name="reset_codes"),
    path("staff/resets/<int:guardian_id>/", staff.reset_code_issue, name="reset_code_issue"),
    path("staff/satisfaction/", staff.satisfaction, name="satisfaction"),
]
