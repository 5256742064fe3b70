import os

from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse(
        "Django says hello from uWSGI pid %d, running as uid %d\n" % (os.getpid(), os.getuid()),
        content_type="text/plain; charset=utf-8",
    )


urlpatterns = [path("", index)]
