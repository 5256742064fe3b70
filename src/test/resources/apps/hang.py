"""A site whose /deadlock requests never return: the worker takes a lock it already holds."""
import os
import threading

LOCK = threading.Lock()


def application(environ, start_response):
    if environ.get("PATH_INFO", "").endswith("/deadlock"):
        LOCK.acquire()
        LOCK.acquire()
    body = ("hello from pid %d\n" % os.getppid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
