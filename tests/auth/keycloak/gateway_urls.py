"""The sign-in pages of a service behind the gateway ``svc``: under the public realm."""

from django.urls import include, path

from aether_kit.gateway import GatewayPrefixResolver
from testproject.views import WhoAmIView

SERVICE_ID = "svc"

urlpatterns = GatewayPrefixResolver(service_id=SERVICE_ID).urlpatterns(
    [path("whoami", WhoAmIView.as_view(), name="whoami")],
    public=[path("accounts/", include("aether_kit.auth.urls"))],
)
