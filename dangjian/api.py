"""The API root: /api/v1/. Each app adds its router in `<app>/api.py`."""

from ninja import NinjaAPI

api = NinjaAPI(title="机关党建工作管理平台 API", version="1", urls_namespace="api")
