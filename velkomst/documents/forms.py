from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from velkomst.documents.messages import too_large_text
from velkomst.documents.models import Kind
from velkomst.documents.services import MAX_FILES, MAX_NOTE, Upload, clean_name
from velkomst.forms import DATE_INPUT, Form, no_control_characters
from velkomst.rules import date_windows

# What the file picker offers. A phone's browser offers its camera for image/*; the content decides in the end.
ACCEPT = "image/*,.heic,.heif,application/pdf,.pdf,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files; each is checked by the upload service (size and content), naming the file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-input", "accept": ACCEPT}))
        super().__init__(*args, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DocumentUploadForm(Form):
    """The upload of one or more files of one type. `kinds` are the types the user may attach here
    (`selectors.kinds_for`); `cases` (on a person's page) lets the user attach to one of the person's cases;
    `cut` are the names of files the upload handler cut short at the limit (`velkomst.uploads.files_cut`)."""

    files = MultipleFileField(label=_("Files"))
    kind = forms.ChoiceField(label=_("Document type"), widget=forms.Select(attrs={"class": "form-select"}))
    case = forms.ChoiceField(label=_("Attach to"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    dated_on = forms.DateField(label=_("Date of the document"), required=False, widget=DATE_INPUT,
                               help_text=_("dd.mm.yyyy: the day it was signed, issued or taken; empty: today"))
    note = forms.CharField(label=_("Note"), required=False, max_length=MAX_NOTE, validators=[no_control_characters],
                           widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}))

    date_windows = {"dated_on": date_windows.EVENT}

    def __init__(self, *args, kinds=None, cases=None, cut=(), today: date | None = None, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["files"].help_text = _("PDF, JPEG, PNG, HEIC or DOCX, at most %(mb)d MB each; on a phone you can take a photo.") % {
            "mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)}
        self.fields["kind"].choices = [("", _("Choose the type"))] + list(kinds if kinds is not None else Kind.choices)
        if cases:
            self.fields["case"].choices = [("", _("The person"))] + [(str(pk), _("Case %(number)s") % {"number": number})
                                                                     for pk, number in cases]
        else:
            del self.fields["case"]
        if today is not None:
            self.fields["dated_on"].initial = today
        self.cut = set(cut)

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Upload at most %(max)d files at a time.") % {"max": MAX_FILES})
        # Refused before anything is read into the service, let alone stored.
        too_large = [too_large_text(clean_name(f.name)) for f in files
                     if f.name in self.cut or (f.size or 0) > settings.DOCUMENT_MAX_BYTES]
        if too_large:
            raise forms.ValidationError(too_large)
        return files

    def uploads(self) -> list[Upload]:
        return [Upload(name=f.name, content=f.read()) for f in self.cleaned_data["files"]]
