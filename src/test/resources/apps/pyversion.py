import os
import sys


def application(environ, start_response):
    body = ("python %d.%d via %s\n" % (sys.version_info[0], sys.version_info[1], os.environ.get("UWSGID_PLUGIN", "?"))).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
