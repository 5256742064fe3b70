import os


def application(environ, start_response):
    body = ("hello from pid %d uid %d\n" % (os.getpid(), os.getuid())).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
