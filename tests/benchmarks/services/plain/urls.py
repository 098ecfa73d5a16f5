from django.urls import path
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .models import Project


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "realm"]


class ProjectList(generics.ListAPIView):
    """One realm's projects: the realm comes from the path, as the gateway's does."""

    serializer_class = ProjectSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_queryset(self):
        return Project.objects.filter(realm=self.kwargs["realm"]).order_by("id")


urlpatterns = [path("<str:realm>/svc/projects/", ProjectList.as_view())]
