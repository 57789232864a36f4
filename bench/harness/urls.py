"""hotseat's URLs plus /bench/hello/: the same middleware, no database, no template."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("hotseat.urls")),
]
