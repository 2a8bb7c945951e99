from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dangjian.accounts.enums import Role
from dangjian.core.errors import ApplicationError
from dangjian.organizations.models import PartyOrganization
from dangjian.users import services


class Command(BaseCommand):
    help = "创建第一个管理员（工委工作人员 + 系统管理），打印随机初始密码（首次登录须修改）。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    @transaction.atomic
    def handle(self, *args, username, **options):
        try:
            user, password = services.user_create(
                actor=None, username=username, display_name="系统管理员", is_superuser=True
            )
        except ApplicationError as e:
            raise CommandError(e.message)
        root = PartyOrganization.objects.filter(depth=1).first()
        if root:
            services.grant_create(actor=None, user=user, role=Role.COMMITTEE_STAFF, organization=root)
        self.stdout.write(f"管理员账号: {username}\n初始密码: {password}\n（首次登录后须修改密码）")
