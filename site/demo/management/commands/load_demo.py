from django.core.management.base import BaseCommand

from parentschool.demo import accounts, city


class Command(BaseCommand):
    help = (
        "Create the demo city 云溪市 with schools, classes, families and one user per role. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="yunxi-demo-2026",
            help="Password given to demo users when they are first created.",
        )

        parser.add_argument(
            "--no-videos",
            action="store_true",
            help="Do not generate demo videos (lessons then have no video).",
        )

    def handle(self, *args, password: str, no_videos: bool, **options):
        logins = city.build(password=password, videos=not no_videos)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / Demo content is ready."))
        self.stdout.write(f"演示账号（密码 / password: {password}）:")
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role_label:<8} {login.where}")
        self.stdout.write(accounts.invite_note())
