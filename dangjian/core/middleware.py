import hashlib
import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse

from dangjian.core.audit import request_context
from dangjian.core.errors import Forbidden, NotFound
from dangjian.core.models import IdempotencyKey


class RequestContextMiddleware:
    """Makes the client address and a request id available to audit records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:40] or uuid.uuid4().hex
        token = request_context.set((request.META.get("REMOTE_ADDR"), request_id))
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


class ApplicationErrorMiddleware:
    """Pages: a service's Forbidden becomes the 403 page, NotFound the 404 page (the API has its
    own exception handlers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.message)
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        return None


IDEMPOTENCY_HEADER = "Idempotency-Key"
FORM_TOKEN_FIELD = "_once"
MAX_KEY_LENGTH = 100
MAX_STORED_BODY = 256 * 1024
ERR_KEY_TOO_LONG = "幂等键过长（最多100个字符）。"
ERR_KEY_REUSED = "该幂等键已用于另一个请求，请换一个新的键。"
ERR_IN_PROGRESS = "相同的请求正在处理中，请稍后查看结果，不要重复提交。"
MSG_REPLAYED = "该表单已经提交过，未重复保存。"
ERR_SHOWN_ONCE = "该请求已经处理，结果只显示一次，未重复保存。"
NOT_STORED = "no-store"  # IdempotencyKey.content_type of a response whose body was not kept


class IdempotencyMiddleware:
    """Writes users repeat by accident run once. An API write with an `Idempotency-Key` header, or a
    form carrying a one-time token (`{% once_token %}`), claims (owner, key) in its own committed
    row before the view runs (a unique constraint: of two concurrent requests exactly one wins).
    A repeat gets the first response again (a form: its redirect, with a message); a repeat while
    the first still runs gets 409; the same key with another request 422. A response that did not
    succeed (4xx, 5xx) releases the key, since nothing was written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        api = request.path.startswith("/api/")
        key = request.headers.get(IDEMPOTENCY_HEADER, "") if api else self._form_token(request)
        owner = self._owner(request) if key else None
        if owner is None:
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH:
            return self._refuse(api, 400, ERR_KEY_TOO_LONG)

        fingerprint = self._fingerprint(request, api)
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(owner=owner, key=key, fingerprint=fingerprint)
        except IntegrityError:
            return self._replay(
                request, api, IdempotencyKey.objects.filter(owner=owner, key=key).first(), fingerprint
            )
        try:
            response = self.get_response(request)
        except BaseException:
            claim.delete()
            raise
        if not 200 <= response.status_code < 400:
            claim.delete()
            return response
        content_type = response.get("Content-Type", "")[:100]
        if "no-store" in response.get("Cache-Control", "") and not response.get("Location"):
            body, content_type = b"", NOT_STORED  # shown once (a new password, a token): never kept
        elif response.streaming or len(response.content) > MAX_STORED_BODY:
            body = b""
        else:
            body = response.content
        IdempotencyKey.objects.filter(pk=claim.pk).update(
            status_code=response.status_code,
            content_type=content_type,
            location=response.get("Location", "")[:500],
            body=body,
        )
        return response

    @staticmethod
    def _form_token(request) -> str:
        if not request.content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return ""
        try:
            return request.POST.get(FORM_TOKEN_FIELD, "")
        except Exception:  # noqa: BLE001 - a malformed body is the view's to refuse
            return ""

    @staticmethod
    def _owner(request) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        auth = request.headers.get("Authorization", "")
        if auth[:7].lower() == "bearer " and auth[7:].strip():
            return "bearer:" + hashlib.sha256(auth[7:].strip().encode()).hexdigest()[:64]
        return None

    @staticmethod
    def _fingerprint(request, api: bool) -> str:
        digest = hashlib.sha256(f"{request.method} {request.path}".encode())
        if api and not request.content_type.startswith("multipart/"):
            digest.update(request.body)
        elif api:  # uploads: not read into memory here
            digest.update(request.META.get("CONTENT_LENGTH", "").encode())
        return digest.hexdigest()

    @staticmethod
    def _refuse(api: bool, status: int, message: str):
        if api:
            return JsonResponse(
                {"message": message, "extra": {}}, status=status, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

    def _replay(self, request, api: bool, prior, fingerprint: str):
        if prior is None or prior.status_code is None:
            return self._refuse(api, 409, ERR_IN_PROGRESS)
        if prior.fingerprint != fingerprint:
            return self._refuse(api, 422, ERR_KEY_REUSED)
        if prior.content_type == NOT_STORED:
            return self._refuse(api, 409, ERR_SHOWN_ONCE)
        response: HttpResponse
        if prior.location:
            response = HttpResponseRedirect(prior.location, status=prior.status_code)
        else:
            response = HttpResponse(
                bytes(prior.body), status=prior.status_code, content_type=prior.content_type or None
            )
        response["Idempotent-Replayed"] = "true"
        if not api:
            from django.contrib import messages

            messages.info(request, MSG_REPLAYED)
        return response
