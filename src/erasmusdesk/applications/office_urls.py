"""The international office's pages for applications (language-prefixed, under /office/)."""

app_name = "applications_office"

urlpatterns: list = []
