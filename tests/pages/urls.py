"""The demo's URLs plus API pages with forms, a paginated list, the admin renderer and errors."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.routers import SimpleRouter

from aether_kit.drf.renderers import AdminRenderer, BrowsableAPIRenderer
from aether_kit.pages.errors import handler400, handler403, handler404, handler500  # noqa: F401
from testproject.urls import urlpatterns as demo_urlpatterns


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(viewsets.ModelViewSet):
    """The realms' groups, in the browsable API."""

    queryset = Group.objects.order_by("id")
    serializer_class = GroupSerializer


class AdminGroupViewSet(GroupViewSet):
    """The realms' groups, as the admin renderer shows them."""

    renderer_classes = [AdminRenderer, BrowsableAPIRenderer]


def forbidden(request):
    raise PermissionDenied("Only the realm's managers may see the reports.")


def crash(request):
    raise RuntimeError("a bug")


router = SimpleRouter()
router.register("groups", GroupViewSet, basename="group")
router.register("admin-groups", AdminGroupViewSet, basename="admin-group")

urlpatterns = [
    path("pages/forbidden", forbidden),
    path("pages/crash", crash),
    path("pages/", include(router.urls)),
    *demo_urlpatterns,
]
