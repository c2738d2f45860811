import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.ewp import registry_builder, schemas


class Command(BaseCommand):
    help = (
        "Build a registry catalogue (catalogue-v1.xml) from the given manifests (URLs or "
        "files), for tests and private networks; it is checked against catalogue.xsd."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifests", nargs="+")
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args, manifests, output=None, **options):
        bodies = []
        for source in manifests:
            if source.startswith(("http://", "https://")):
                with urllib.request.urlopen(source, timeout=30) as response:
                    bodies.append(response.read())
            else:
                bodies.append(Path(source).read_bytes())
        xml = registry_builder.catalogue_from_manifests(bodies)
        problems = schemas.errors(xml, *schemas.CATALOGUE)
        if problems:
            raise CommandError("The catalogue is not valid: " + "; ".join(problems))
        if output:
            Path(output).write_bytes(xml)
        else:
            self.stdout.write(xml.decode("utf-8"))
