import sys


def application(environ, start_response):
    body = ("python %d.%d from %s\n" % (sys.version_info[0], sys.version_info[1], environ.get("UWSGID_PLUGIN", "?"))).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
