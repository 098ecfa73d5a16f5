"""The demo's URLs behind the gateway ``svc``, served as ``GatewayPrefixResolver`` serves them."""

from aether_kit.gateway import GatewayPrefixResolver
from testproject.urls import app_urls, public_urls

SERVICE_ID = "svc"

urlpatterns = GatewayPrefixResolver(service_id=SERVICE_ID).urlpatterns(app_urls, public=public_urls)
