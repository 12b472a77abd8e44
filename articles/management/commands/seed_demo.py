"""`manage.py seed_demo`: import and parse the five seed articles as demo data."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import services

DEMO_DIR = Path(settings.BASE_DIR) / "tests" / "fixtures" / "seeds"


class Command(BaseCommand):
    help = "Import the demo articles (the five seed articles) and parse them."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEMO_DIR, help="Folder of .txt/.html articles")
        parser.add_argument("--admin-password", default="",
                            help="Also create the superuser 'admin' with this password if missing")

    def handle(self, *args, path: Path, admin_password: str, **options):
        files = sorted(p for p in path.glob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))
        if not files:
            raise CommandError(f"no .txt or .html articles in {path}")
        for file in files:
            upload = services.create_article(file.read_bytes(), filename=file.name, source_name="BelTA (demo)")
            state = "new" if upload.created else "already there"
            upload.article.refresh_from_db()
            self.stdout.write(f"{file.name}: {state}, status {upload.article.status}")
        if admin_password:
            self.ensure_admin(admin_password)

    def ensure_admin(self, password: str) -> None:
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.com", password)
            self.stdout.write(f"Created superuser admin / {password}")
