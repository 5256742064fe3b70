import os


def application(environ, start_response):
    body = "hello from uWSGI pid %d, uid %d, supervised by uwsgid\n" % (os.getpid(), os.getuid())
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [body.encode()]
