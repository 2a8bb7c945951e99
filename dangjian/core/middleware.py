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
