import os
import time


def application(environ, start_response):
    time.sleep(float(environ.get("QUERY_STRING") or "0"))
    body = ("master %d pid %d\n" % (os.getppid(), os.getpid())).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
