from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config import health


@never_cache
@require_safe
def healthz(request):
    """For monitoring, load balancers and compose: the database, broker, workers and queue (config/health.py).

    200 when the database, the broker and the workers are ok, 503 otherwise; the JSON says which.
    """
    report = health.check()
    return JsonResponse(report, status=200 if report["ok"] else 503)
