from django.core.management.base import BaseCommand

from erasmusdesk.ewp import keys


class Command(BaseCommand):
    help = (
        "Print our EWP public key (base64 DER, for the manifest and the registry) and its "
        "keyId (hex SHA-256 of the DER key). The key pair is generated on first use."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"key file: {keys.key_file()}")
        self.stdout.write(f"keyId: {keys.our_key_id()}")
        self.stdout.write("public key (base64 DER):")
        self.stdout.write(keys.public_key_base64())
