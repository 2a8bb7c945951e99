from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    ACCESS = "access", "查看敏感信息"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    GRANT = "grant", "授权"
    REVOKE = "revoke", "撤销授权"
    DENIED = "denied", "越权访问"
    TRANSITION = "transition", "流转"


class AuditEvent(models.Model):
    """Append-only log of writes, sensitive views, exports and security events.

    On PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002); retention is >= 6 months
    (网络安全法 第二十一条, 2025 amendment 第二十三条)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",  # audit rows are never rewritten: deactivate users
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("动作", max_length=20, choices=AuditAction.choices, db_index=True)
    # no index of its own: audit_object_idx (object_type, object_id) serves lookups by type alone
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    # The organisation path the object belongs to, so an auditor's view can be scoped.
    org_path = models.CharField("组织路径", max_length=255, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    request_id = models.CharField("请求ID", max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"


class JobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class Job(TimeStampedModel):
    """Long work (imports, exports, province-wide reports) run in the background."""

    kind = models.CharField("类型", max_length=60)
    title = models.CharField("名称", max_length=200)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField("结果说明", blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.CharField(max_length=255, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who runs it ("host:pid") and when it last said so: a job whose process is gone is seen at once.
    worker = models.CharField("执行进程", max_length=100, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0


class IdempotencyKey(models.Model):
    """A write that must take effect once: the first request with this key (an API client's
    `Idempotency-Key` header, or a form's one-time token) claims it; a repeat gets the first
    response again instead of writing twice (core.middleware.IdempotencyMiddleware)."""

    owner = models.CharField("请求者", max_length=80)  # "user:<pk>" or "bearer:<hash of the token>"
    key = models.CharField("幂等键", max_length=100)
    fingerprint = models.CharField(max_length=64)  # method, path and body of the first request
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)  # None: still running
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等请求"
        verbose_name_plural = "幂等请求"
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="core_idempotency_owner_key_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"


class WorkdayOverride(models.Model):
    """The committee's own calendar days: days off and working days for years the official calendar
    (the chinesecalendar package) does not cover yet, or local extra days. Wins over the package."""

    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"

    def __str__(self) -> str:
        return f"{self.day:%Y年%m月%d日} {'上班' if self.is_working_day else '休息'}"
