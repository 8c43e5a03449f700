from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from .. import selectors
from ..exceptions import SelectionRefused
from ..models import SelectionRound


def require_organiser(*, user: AbstractBaseUser, round: SelectionRound) -> None:
    if not selectors.is_organiser(user=user, round=round):
        raise SelectionRefused(_("Only the organiser of this round may do this."))
