"""Values every page shows."""

from django.conf import settings

CRISIS_LINE = {"number": "988", "tel": "tel:988", "sms": "sms:988"}


def crisis_line(request):
    return {"crisis_line": CRISIS_LINE}


def map_tiles(request):
    """The search page's map tiles, from the MAP_TILE_URL and MAP_TILE_ATTRIBUTION settings."""
    return {"map_tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}}
