"""`manage.py create_editor USERNAME`: a staff user in the `editors` group (not a superuser).

The password comes from --password, else the EDITOR_PASSWORD variable (scripts,
containers), else a prompt. An existing user is made staff and an editor, and
keeps their password unless one is given. The group's permissions are applied
again first (articles/editors.py), so the new editor can do every editor task.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import editors


class Command(BaseCommand):
    help = "Create (or update) a staff user in the editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", default="",
                            help="The password (else the EDITOR_PASSWORD variable, else a prompt)")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Never prompt: fail when a new user has no password")

    def handle(self, *args, username: str, password: str, email: str, interactive: bool, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = password or os.environ.get("EDITOR_PASSWORD", "")
        if user is None and not password:
            password = self.prompt(interactive)
        with transaction.atomic():
            group = editors.apply()
            created = user is None
            user = user or User(username=username, email=email)
            if password:
                self.check_password(password, user)
                user.set_password(password)
            user.is_staff = True
            user.save()
            user.groups.add(group)
        self.stdout.write(f"{'Created' if created else 'Updated'} editor {username}.")

    def prompt(self, interactive: bool) -> str:
        if not (interactive and sys.stdin.isatty()):
            raise CommandError("a new editor needs a password: --password, EDITOR_PASSWORD or a terminal to ask on")
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("the password is empty")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        return password

    @staticmethod
    def check_password(password: str, user) -> None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("the password is refused: " + " ".join(exc.messages)) from exc
