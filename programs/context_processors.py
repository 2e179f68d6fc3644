"""Values every page shows."""

CRISIS_LINE = {"number": "988", "tel": "tel:988", "sms": "sms:988"}


def crisis_line(request):
    return {"crisis_line": CRISIS_LINE}
