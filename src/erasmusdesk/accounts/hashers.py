"""Password hashing: Argon2id with the parameters of the OWASP Password Storage Cheat Sheet.

Source: OWASP Cheat Sheet Series, "Password Storage Cheat Sheet", section Argon2id: "a
minimum configuration of 19 MiB of memory, an iteration count of 2, and 1 degree of
parallelism" (m=19456 KiB, t=2, p=1); RFC 9106 section 4 allows any of its equivalent
trade-offs. Django's own defaults (m=100 MiB, t=2, p=8) cost about 0.24 s of CPU per sign-in
on the development machine, most of the budget of an applicant's whole visit on a deadline
day (bench/deadline_rush.py); these cost about a tenth, and stay at the level OWASP asks for.

The figures are settings (ERASMUSDESK_ARGON2_MEMORY_KIB, ERASMUSDESK_ARGON2_TIME_COST,
ERASMUSDESK_ARGON2_PARALLELISM): a deployment with more CPU may raise them. A hash made with
other parameters (Django's defaults before) still verifies, and is re-made with these at the
account's next sign-in.
"""

from django.conf import settings
from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    @property
    def time_cost(self) -> int:
        return settings.ERASMUSDESK_ARGON2_TIME_COST

    @property
    def memory_cost(self) -> int:
        return settings.ERASMUSDESK_ARGON2_MEMORY_KIB

    @property
    def parallelism(self) -> int:
        return settings.ERASMUSDESK_ARGON2_PARALLELISM
