"""POST /api/v1/ingest/: agencies push ninjs items (one object, a list, or {"items": [...]}) or XML documents.

XML (NewsML-G2 newsMessage/newsItem/packageItem, NITF) is sent with an XML content
type (``application/xml``, ``text/xml``, ``application/vnd.iptc.g2.newsmessage+xml``,
``application/nitf+xml``) and read item by item like a dropped file.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import AgencyTokenAuthentication, IsAgency
from .parsers import IngestJSONParser, TextXMLParser, XMLDocumentParser
from .services import REJECTED, WireIngester
from .throttling import AgencyRateThrottle, check_body_size

MAX_ITEMS_PER_REQUEST = 200


class OutcomeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged", "ignored", "rejected"])
    identity = serializers.CharField()
    label = serializers.CharField()
    message = serializers.CharField(help_text="For a rejected item: the JSON path of the problem and why.")
    warnings = serializers.ListField(child=serializers.CharField())
    article = serializers.IntegerField(allow_null=True)
    photo = serializers.IntegerField(allow_null=True)


class IngestSummarySerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    items = OutcomeSerializer(many=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Problems of the document alone that refused no item (a NewsML-G2 newsMessage without its "
        "header): the XPath of each and why.",
    )


class IngestView(APIView):
    """Create or update draft articles from an agency's ninjs items.

    Each item is accepted or rejected on its own; the answer lists every item's
    outcome, the totals and the document's own problems that refused no item
    (``warnings``: a newsMessage without its header still gives its items).
    200 when every item was accepted, 207 when some were rejected, 400 when all
    were; 413 for a body over ``WIRE_INGEST_MAX_BYTES``, 429 (with Retry-After)
    past ``WIRE_INGEST_RATE`` requests for the token.
    """

    authentication_classes = [AgencyTokenAuthentication]
    permission_classes = [IsAgency]
    parser_classes = [IngestJSONParser, XMLDocumentParser, TextXMLParser]
    throttle_classes = [AgencyRateThrottle]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_body_size(request)

    @extend_schema(
        request={
            "application/json": OpenApiTypes.OBJECT,
            "application/xml": OpenApiTypes.BINARY,
            "text/xml": OpenApiTypes.BINARY,
        },
        responses={200: IngestSummarySerializer, 207: IngestSummarySerializer, 400: IngestSummarySerializer},
        examples=[OpenApiExample("ninjs 3.x item", value={"uri": "urn:agency:1", "headlines": [{"value": "Hi"}]})],
    )
    def post(self, request):
        data = request.data
        ingester = WireIngester(source=request.auth.source)
        if isinstance(data, bytes):
            if not data.strip():
                raise ParseError(_("No items were sent."))
            return self._answer(ingester.ingest_document(data))
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            items = data["items"]
        elif isinstance(data, list):
            items = data
        elif isinstance(data, dict):
            items = [data]
        else:
            raise ParseError(_('Send a ninjs object, a list of them, or {"items": [...]}.'))
        if not items:
            raise ParseError(_("No items were sent."))
        if len(items) > MAX_ITEMS_PER_REQUEST:
            raise ParseError(_("At most %(n)s items per request.") % {"n": MAX_ITEMS_PER_REQUEST})
        return self._answer(ingester.ingest_many(items))

    def _answer(self, summary):
        counts = summary.counts
        if counts[REJECTED] == len(summary.outcomes):
            code = status.HTTP_400_BAD_REQUEST
        elif counts[REJECTED]:
            code = status.HTTP_207_MULTI_STATUS
        else:
            code = status.HTTP_200_OK
        items = [o.as_dict() for o in summary.outcomes]
        return Response({"counts": counts, "items": items, "warnings": summary.warnings}, status=code)
