"""Documents through the API: the list, the upload (multipart) and the download, with the rules of the pages.

The same selectors and service as the pages (`velkomst.documents`): the role's scope (`roles.DOCUMENT_TARGETS`),
medical documentation only for `view_sensitive`, the type read from the content, image metadata stripped, the size
limit, every read, upload and download logged.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from velkomst.api.serializers import DATE_HELP, IdField, Text
from velkomst.api.views import LoggedList
from velkomst.documents import content as content_rules
from velkomst.documents import selectors as documents
from velkomst.documents import services
from velkomst.documents.downloads import document_response
from velkomst.documents.messages import too_large_text
from velkomst.documents.models import TARGETS, Document, Kind
from velkomst.uploads import files_cut


class DocumentOut(serializers.ModelSerializer):
    attached_to = serializers.SerializerMethodField(help_text="What the document is attached to: person, case, tenancy or incident")
    file = serializers.SerializerMethodField(help_text="Where to download the file (an attachment)")

    class Meta:
        model = Document
        fields = ["id", "attached_to", "person", "case", "tenancy", "incident", "kind", "dated_on", "note", "original_name",
                  "content_type", "size", "sha256", "metadata_stripped", "uploaded_at", "file"]

    def get_attached_to(self, document) -> str:
        return document.target

    def get_file(self, document) -> str:
        return f"/api/documents/{document.pk}/file/"


class DocumentFilter(serializers.Serializer):
    person = IdField(required=False, help_text="Documents attached to this person (not to their cases)")
    case = IdField(required=False)
    tenancy = IdField(required=False)
    incident = IdField(required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)


class DocumentUpload(serializers.Serializer):
    person = IdField(required=False, allow_null=True, default=None)
    case = IdField(required=False, allow_null=True, default=None)
    tenancy = IdField(required=False, allow_null=True, default=None)
    incident = IdField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=Kind.choices)
    dated_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=f"{DATE_HELP}; the day it was signed, "
                                     "issued or taken (default: today)")
    note = Text(max_length=services.MAX_NOTE, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True, use_url=False), min_length=1,
                                  max_length=services.MAX_FILES,
                                  help_text="One or more files (repeat the part): PDF, JPEG, PNG, HEIC or DOCX, read by their content")

    def validate(self, data):
        chosen = [name for name in TARGETS if data.get(name) is not None]
        if len(chosen) != 1:
            raise ValidationError({"detail": [_("Give exactly one of person, case, tenancy or incident.")]})
        data["target"] = chosen[0]
        return data


class UploadOut(serializers.Serializer):
    documents = DocumentOut(many=True)
    closed = serializers.ListField(child=serializers.CharField(), help_text="The steps the upload closed (checklist, contract meeting)")
    left_open = serializers.ListField(child=serializers.CharField(), help_text="Why a step the document would close stayed open")


@extend_schema(tags=["documents"])
class DocumentList(LoggedList):
    """Documents the role may see, filtered by what they are attached to and their type; medical documentation only for
    roles with restricted access. POST uploads one or more files of one type to one person, case, tenancy or incident."""

    required_capability = {"GET": "view_documents", "POST": "upload_documents"}
    serializer_class = DocumentOut
    query_serializer = DocumentFilter
    search_kind = "documents"
    parser_classes = [MultiPartParser, FormParser]

    def scoped(self, filters):
        return documents.for_api(user=self.request.user, filters=filters)

    @extend_schema(parameters=[DocumentFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": DocumentUpload}, responses={201: UploadOut},
                   summary="Upload documents (multipart): all files or none; a signed lease, house rules or contract closes its step")
    def post(self, request):
        data = DocumentUpload(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cut = files_cut(request)
        too_large = [too_large_text(services.clean_name(f.name)) for f in values["files"] if f.name in cut]
        if too_large:
            raise ValidationError({"files": too_large})
        target = values["target"]
        try:
            obj = documents.target_for(request.user, target, values[target])
        except Http404:
            raise ValidationError({target: [_("No %(target)s with this id that your role may add documents to.") % {"target": target}]}) from None
        today = timezone.localdate()
        try:
            outcome = services.documents_upload(
                by=request.user, target=target, obj=obj, kind=values["kind"], dated_on=values["dated_on"] or today, note=values["note"],
                files=[services.Upload(name=f.name, content=f.read()) for f in values["files"]], today=today,
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        body = {"documents": outcome.documents, "closed": outcome.closed, "left_open": outcome.left_open}
        return Response(UploadOut(body).data, status=status.HTTP_201_CREATED)


class AnyAccept(BaseContentNegotiation):
    """A download answers with the file's own type whatever the client accepts; errors come as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FILE_TYPES = sorted(set(content_rules.CONTENT_TYPES.values()))


@extend_schema(tags=["documents"])
class DocumentFile(generics.GenericAPIView):
    """The document's file as an attachment (`no-store`, `nosniff`); the download is logged as an export for each
    person the document concerns."""

    required_capability = "view_documents"
    content_negotiation_class = AnyAccept
    serializer_class = None
    pagination_class = None

    @extend_schema(responses={(200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file") for media_type in FILE_TYPES},
                   summary="Download a document's file")
    def get(self, request, document_id: int):
        return document_response(documents.document_for_download(user=request.user, document_id=document_id))
