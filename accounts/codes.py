"""Making and checking the short codes parents type on a phone."""

import hashlib
import hmac
import secrets

from django.conf import settings

# No 0/O, 1/I/L: codes are read aloud in class WeChat groups and typed by grandparents.
INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITE_LENGTH = 8
RESET_DIGITS = 8


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


def normalise_invite_code(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()


def new_reset_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(RESET_DIGITS))


def hash_reset_code(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def reset_code_matches(code: str, code_hash: str) -> bool:
    return hmac.compare_digest(hash_reset_code(code.strip()), code_hash)
