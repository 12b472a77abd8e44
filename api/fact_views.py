"""Editors review facts through the API as in the admin: confirm, correct or reject.

`/api/v1/facts/<kind>/<id>/` shows one fact (rejected ones too); POST to its
`confirm/`, `reject/` or `correct/` (a JSON object of the fields to change).
Each needs the admin's permission to change that kind of fact.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import ApiMixin, CachedRetrieve
from api.exceptions import Conflict
from api.fact_serializers import FACT_API
from api.views import ID_IN_PATH
from belregions import fact_kinds, review

CONFLICT = "The article already has this fact: confirm or reject that one instead."


class FactReviewViewSet(ApiMixin, CachedRetrieve, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One fact read from an article, as editors review it."""

    kind = ""
    lookup_value_regex = ID_IN_PATH
    filter_backends: list = []
    parser_classes = [parsers.JSONParser]

    @property
    def model(self):
        return FACT_API[self.kind][0]

    def get_queryset(self):
        kind = fact_kinds.by_slug(self.kind)
        return self.model.objects.select_related(*kind.related).prefetch_related(*kind.links)

    def get_serializer_class(self):
        return FACT_API[self.kind][2 if self.action == "correct" else 1]

    @property
    def write_permissions(self) -> dict[str, str]:
        needed = f"belregions.change_{self.model._meta.model_name}"
        return {"confirm": needed, "reject": needed, "correct": needed}

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._reviewed(review.fact_confirm, self.get_object())

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._reviewed(review.fact_reject, self.get_object())

    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        fact = self.get_object()
        correction = self.get_serializer(data=request.data, context={**self.get_serializer_context(), "fact": fact})
        correction.is_valid(raise_exception=True)
        return self._reviewed(review.fact_correct, fact, **correction.validated_data)

    def _reviewed(self, service, fact, **fields) -> Response:
        """Run one review service on the fact; a clash with the editors' facts is a 409 and changes nothing."""
        try:
            service(fact, self.request.user, **fields)
        except review.FactClash:
            raise Conflict(CONFLICT) from None
        return self._fact_response(fact)

    def _fact_response(self, fact) -> Response:
        fact = self.get_queryset().get(pk=fact.pk)
        return Response(FACT_API[self.kind][1](fact, context=self.get_serializer_context()).data)


def review_viewset(kind: str) -> type[FactReviewViewSet]:
    read = FACT_API[kind][1]
    label = kind.replace("-", " ")
    documented = extend_schema_view(
        retrieve=extend_schema(summary=f"One fact ({label})", tags=["facts"]),
        confirm=extend_schema(summary=f"Confirm a fact ({label}; editors)", request=None, responses=read,
                              tags=["facts"]),
        reject=extend_schema(summary=f"Reject a fact ({label}; editors): a re-parse will not bring it back",
                             request=None, responses=read, tags=["facts"]),
        correct=extend_schema(summary=f"Correct a fact ({label}; editors)", responses=read, tags=["facts"]),
    )
    name = "".join(part.title() for part in kind.split("-")) + "FactViewSet"
    return documented(type(name, (FactReviewViewSet,), {"kind": kind, "__module__": __name__}))
