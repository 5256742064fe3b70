import time


def application(environ, start_response):
    time.sleep(float(environ.get("QUERY_STRING") or "0.2"))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"slow\n"]
