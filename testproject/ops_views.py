"""Demo endpoints for the operations plumbing: files on the storage, background jobs."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aether_kit.ops.scheduler import enqueue, fetch_job
from aether_kit.ops.storage import translate_storage_errors

from .jobs import count_words

UPLOADS = "uploads/"


class FileUploadView(APIView):
    """POST a multipart ``file``; it is stored under ``uploads/`` on the default storage."""

    parser_classes = [MultiPartParser]

    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["No file was sent."]}, status=status.HTTP_400_BAD_REQUEST)
        with translate_storage_errors():
            name = default_storage.save(UPLOADS + upload.name, upload)
            url = default_storage.url(name)
        return Response(
            {"name": name.removeprefix(UPLOADS), "url": url, "size": upload.size},
            status=status.HTTP_201_CREATED,
        )


def stored_upload(name: str) -> str:
    """The storage name of an upload; 404 for anything that could step outside ``uploads/``."""
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise Http404
    with translate_storage_errors():
        if not default_storage.exists(UPLOADS + name):
            raise Http404
    return UPLOADS + name


class FileView(APIView):
    """GET streams a stored file back; DELETE removes it."""

    def get(self, request: Request, name: str) -> FileResponse:
        stored = stored_upload(name)
        with translate_storage_errors():
            return FileResponse(default_storage.open(stored, "rb"))

    def delete(self, request: Request, name: str) -> Response:
        stored = stored_upload(name)
        with translate_storage_errors():
            default_storage.delete(stored)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WordCountSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10_000)


class WordCountJobView(APIView):
    """POST ``{"text": …}`` queues a word count; the answer names the job to poll."""

    def post(self, request: Request) -> Response:
        serializer = WordCountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = enqueue(count_words, serializer.validated_data["text"])
        return Response({"id": job.id, "status": job.get_status()}, status=status.HTTP_202_ACCEPTED)


class JobView(APIView):
    """A queued job's status and, once finished, its result."""

    def get(self, request: Request, job_id: str) -> Response:
        job = fetch_job(job_id)
        if job is None:
            raise Http404
        return Response({"id": job.id, "status": job.get_status(), "result": job.return_value()})
