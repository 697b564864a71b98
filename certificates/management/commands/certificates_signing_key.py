from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = (
        "Create the development Open Badges signing key under CERTIFICATES_STORAGE_ROOT, or say "
        "which key is in use. Production sets CERTIFICATES_SIGNING_KEY or CERTIFICATES_SIGNING_KEY_FILE."
    )

    def handle(self, *args, **options):
        if signing.is_configured():
            self.stdout.write("A signing key is configured in the settings; nothing to do.")
        elif signing.dev_key_path().exists():
            self.stdout.write(f"The development key exists: {signing.dev_key_path()}")
        else:
            signing.generate_key_file(signing.dev_key_path())
            self.stdout.write(
                self.style.SUCCESS(f"Created the development key: {signing.dev_key_path()}")
            )
        self.stdout.write(f"Key id: {signing.public_jwk()['kid']}")
