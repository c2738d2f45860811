"""The selection's pages for evaluators and applicants (language-prefixed)."""

app_name = "selection"

urlpatterns: list = []
