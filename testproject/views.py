from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class WhoAmIView(APIView):
    """The authenticated user, through DRF's default (authenticated-only) permissions."""

    def get(self, request: Request) -> Response:
        return Response({"username": request.user.get_username()})
