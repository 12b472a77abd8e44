"""What the 404 page (templates/404.html) offers besides the navigation: for a region's address whose code names
no region (/regions/RU-NVZ/), the nearest regions (dashboard/selectors/nearest.py)."""

from __future__ import annotations

from django import template

from dashboard.selectors.nearest import Suggestion, nearest_regions

register = template.Library()


@register.simple_tag(takes_context=True)
def region_suggestions(context) -> list[Suggestion]:
    """{% region_suggestions as suggestions %}: empty unless the address was a region page's."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "dashboard:region":
        return []
    return nearest_regions(str(match.kwargs.get("code", "")))
