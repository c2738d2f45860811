"""The international office's selection pages (language-prefixed, under /office/selection/)."""

app_name = "selection_office"

urlpatterns: list = []
