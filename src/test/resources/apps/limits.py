"""A site that misbehaves on request: /eat takes memory, /fork forks until refused, /daemon leaves a double-forked grandchild."""
import os
import time


def eat():
    hog = []
    for _ in range(1024):
        hog.append(b"x" * (1 << 20))  # written, so every page is charged
    return "ate %d MiB" % len(hog)


def fork_until_refused():
    made, refused = 0, None
    for _ in range(500):
        try:
            pid = os.fork()
        except OSError as e:
            refused = e.errno
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        made += 1
    return "forked %d refused %s" % (made, refused)


def double_fork():
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            os.write(w, str(os.getpid()).encode())
            time.sleep(3600)
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(w)
    return os.read(r, 32).decode()


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.endswith("/eat"):
        body = eat()
    elif path.endswith("/fork"):
        body = fork_until_refused()
    elif path.endswith("/daemon"):
        body = double_fork()
    else:
        body = "calm pid %d" % os.getpid()
    data = (body + "\n").encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]
