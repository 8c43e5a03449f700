"""The player's JSON endpoints: start a playback session, send heartbeats.

Kept lean on purpose: no templates, a handful of queries, and POST only, so the anonymous
page cache never sees them. Session-authenticated, so CSRF applies; the beacon sent on
pagehide cannot set headers and posts the token as a form field instead."""

import json
import uuid
from functools import wraps

from csp.decorators import csp_exempt
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.selectors import family_of

from .. import playback, selectors, session_auth, throttle


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code, "message": message}, status=status)


def json_login_required(view):
    """A JSON 401 rather than a redirect to a login page the player cannot follow."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error("login_required", _("Please log in first."), 401)
        return view(request, *args, **kwargs)

    return wrapper


def _payload(request: HttpRequest) -> dict:
    """JSON body from fetch(), or the `payload` field of a form-encoded beacon."""
    if request.content_type == "application/json":
        data = json.loads(request.body or b"{}")
    else:
        data = json.loads(request.POST.get("payload", "{}"))
    if not isinstance(data, dict):
        raise ValueError("payload must be an object")
    return data


def _parse_beat(data: dict) -> playback.Beat:
    ranges = data.get("ranges") or []
    if not isinstance(ranges, list) or len(ranges) > playback.MAX_RANGES_PER_BEAT:
        raise ValueError("ranges")
    parsed = [[float(r[0]), float(r[1])] for r in ranges]
    seq = data["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq")
    return playback.Beat(
        session_id=uuid.UUID(str(data["session"])),
        seq=seq,
        ranges=parsed,
        position=float(data.get("position", 0)),
        visible=bool(data.get("visible", True)),
        rate=float(data.get("rate", 1)),
    )


def _session_json(session, **extra) -> JsonResponse:
    return JsonResponse(
        {
            "ok": True,
            "session": str(session.pk),
            "seq": session.last_seq,
            "duration": session.duration,
            "covered": round(session.covered_seconds, 1),
            "percent": int(100 * session.covered_seconds / session.duration),
            "credited": session.credited,
            **extra,
        }
    )


def _parent_family(request: HttpRequest):
    family = family_of(user=request.user)
    if family is None:
        return None, _error(
            "no_family", _("Only a parent account linked to a family earns class hours."), 403
        )
    return family, None


@require_POST
@json_login_required
def start(request: HttpRequest) -> JsonResponse:
    family, refusal = _parent_family(request)
    if refusal:
        return refusal
    if not throttle.start_allowed(user_id=request.user.pk):
        return _error(
            "too_many_starts", _("Too many lessons started in a minute; try again shortly."), 429
        )
    try:
        lesson_id = int(_payload(request)["lesson"])
    except (ValueError, KeyError, TypeError):
        return _error("bad_request", _("The request is malformed."), 400)
    lesson = playback.playable_lesson(lesson_id=lesson_id)
    if lesson is None:
        return _error("no_lesson", _("This lesson cannot earn class hours."), 404)
    resume = selectors.resume_position(user=request.user, lesson=lesson)
    session = playback.playback_start(user=request.user, family=family, lesson=lesson)
    session_auth.signed_in_user_id(request)  # so the beats to come skip the user query
    return _session_json(session, resume=resume)


@require_POST
@csp_exempt()  # JSON, never rendered as a document: building the policy was a tenth of a beat
def beat(request: HttpRequest) -> JsonResponse:
    # Not request.user: the hottest endpoint of the site skips the user query per beat.
    user_id = session_auth.signed_in_user_id(request)
    if user_id is None:
        return _error("login_required", _("Please log in first."), 401)
    try:
        parsed = _parse_beat(_payload(request))
    except (ValueError, KeyError, TypeError, IndexError):
        return _error("bad_request", _("The request is malformed."), 400)
    try:
        session = playback.playback_beat(user_id=user_id, beat=parsed)
    except playback.BeatRejected as rejected:
        return _error(rejected.code, rejected.message, rejected.status)
    return _session_json(session)
