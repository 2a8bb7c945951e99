import uuid

from dangjian.core.audit import request_context


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
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from dangjian.core.errors import Forbidden, NotFound

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.message)
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        return None
