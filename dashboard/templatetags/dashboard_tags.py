"""Template filters for the dashboard's numbers."""

from django import template

from dashboard import formatting
from dashboard.params import with_params

register = template.Library()


@register.filter
def money(value, currency: str = "USD") -> str:
    """{{ value|money:"USD" }} -> "$200.0 million"."""
    return formatting.money(value, currency or "USD")


@register.filter
def stated(figure) -> str:
    """A figure as its article gave it: "over $200.0 million"."""
    return formatting.stated(figure)


@register.filter
def period(figure) -> str:
    return formatting.period(figure)


@register.filter
def percent(value) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


@register.filter
def get(mapping, key):
    """{{ charts|get:"trade" }}: a dict's item by a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """{% query chart="line" %}: this page's query string with some parameters changed (None removes one)."""
    return with_params(context["request"].GET, **changes)
