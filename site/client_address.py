"""The address of the client that sent a request, when a proxy stands in front.

Behind a TLS-terminating proxy every request comes from the proxy's address, so anything
keyed by address (the login lockout) would lump every parent of a city together: thirty
wrong passwords anywhere would lock everyone out. The proxy appends the address it saw to
X-Forwarded-For; entries further left were written by the client and prove nothing. So
the client is the right-most entry that is not one of our own proxies
(`TRUSTED_PROXY_IPS`), and only when the request really came from one of them."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR")
    trusted = set(settings.TRUSTED_PROXY_IPS)
    if not trusted or address not in trusted:
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if hop not in trusted:
            return hop
    return address
