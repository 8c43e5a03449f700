"""Play a video's published HLS the way a player would, through the checked route."""

from __future__ import annotations

import re

from django.test import Client

URI_ATTRIBUTE = re.compile(r'URI="([^"]+)"')


def playlist_uris(text: str) -> list[str]:
    """Every file a playlist names: URI lines and ``URI="..."`` attributes."""
    uris = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            uris.append(line)
        uris += URI_ATTRIBUTE.findall(line)
    return uris


def fetch_ok(client: Client, video, name: str) -> bytes:
    response = client.get(video.file_url(name))
    assert response.status_code == 200, f"{name}: {response.status_code}"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def play_everything(client: Client, video) -> dict[str, list[str]]:
    """Fetch the master playlist, every variant playlist and every segment it leads to;
    fails on any missing file. Returns {variant playlist: its segments}."""
    master_name = video.playlist_url.rsplit("/", 1)[-1]
    master = fetch_ok(client, video, master_name).decode()
    played = {}
    for variant in playlist_uris(master):
        folder = variant.rsplit("/", 1)[0]
        text = fetch_ok(client, video, variant).decode()
        if variant in played:
            continue
        played[variant] = playlist_uris(text)
        for segment in played[variant]:
            assert fetch_ok(client, video, f"{folder}/{segment}")[:1] == b"\x47"
    return played


def assert_stored_completely(storage, prefix: str, master: str) -> int:
    """Every file ``master`` leads to exists in ``storage`` under ``prefix`` (for object
    storage, where segments are redirects rather than bytes from our route). Returns how
    many files were checked."""
    checked = 0
    with storage.open(prefix + master, "rb") as handle:
        for variant in playlist_uris(handle.read().decode()):
            folder = variant.rsplit("/", 1)[0]
            with storage.open(prefix + variant, "rb") as playlist:
                for segment in playlist_uris(playlist.read().decode()):
                    assert storage.exists(f"{prefix}{folder}/{segment}"), segment
                    checked += 1
    return checked
