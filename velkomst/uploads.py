"""Every uploaded file is bounded while it is received: the first of Django's upload handlers (`FILE_UPLOAD_HANDLERS`).

Django reads a multipart body file by file through its upload handlers. This one passes a file's bytes on to Django's
own handlers (memory, then a temporary file) until the file passes `FILE_UPLOAD_LIMIT_BYTES` (the largest limit of any
upload: documents, the referral list), keeps one byte more and drops the rest. So a file of any size costs at most the
limit in memory or on disk, and the form that gets it is told: the file's `size` is over the limit (every form's own
size check refuses it with its own limit), and the request lists it (`files_cut(request)`), so the form can say
"the file X is larger than N MB" before anything is stored.
"""
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler

ATTRIBUTE = "velkomst_files_cut"


def upload_limit() -> int:
    return settings.FILE_UPLOAD_LIMIT_BYTES


def files_cut(request) -> set[str]:
    """The names of the files of this request that were cut short at the limit."""
    request = getattr(request, "_request", request)  # a REST framework request wraps Django's
    return {name for _field, name in getattr(request, ATTRIBUTE, [])}


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_limit()
        self.cut = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.cut = False

    def receive_data_chunk(self, raw_data, start):
        if self.cut:
            return None  # past the limit: the rest of the file is read off the wire and dropped
        if start + len(raw_data) <= self.limit:
            return raw_data
        self.cut = True
        if self.request is not None:
            if not hasattr(self.request, ATTRIBUTE):
                setattr(self.request, ATTRIBUTE, [])
            getattr(self.request, ATTRIBUTE).append((self.field_name, self.file_name))
        return raw_data[: self.limit + 1 - start]  # one byte over: the file's size says it is too large

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) hands over the file, as it has it
