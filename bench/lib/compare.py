#!/usr/bin/python3
"""bench/compare: uwsgid side by side with uWSGI's Emperor and supervisord, in one run.

Run it through bench/compare (which installs the Debian packages and builds the jar first).
Every system runs the same site file, the same small WSGI app, behind the same nginx, under
the same load; the scenarios (reload under load, crash recovery, request-path overhead,
footprint) are interleaved across systems so a noisy machine hits them all alike.
See bench/README.md for what is measured and how.
"""

import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))        # bench/lib
BENCH = os.path.dirname(HERE)                            # bench
REPO = os.path.dirname(BENCH)
LOADGEN = os.path.join(HERE, "compare_load.py")
CHART = os.path.join(BENCH, "compare.gp")
UWSGI = "/usr/bin/uwsgi"
HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count()
now = time.monotonic  # CLOCK_MONOTONIC, the clock the load generator stamps requests with

APP = '''import os


def application(environ, start_response):
    body = b"pid=%d master=%d\\n" % (os.getpid(), os.getppid())
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
'''

# One site file for every system: uwsgid reads it from its sites directory, the Emperor as a
# vassal file, supervisord and the hand-started uWSGI as `uwsgi --ini FILE`.
SITE_INI = """[uwsgi]
uid = nobody
gid = nogroup
plugins = python3
wsgi-file = {app}
socket = {sock}/%n.sock
chmod-socket = 666
master = true
processes = {processes}
"""

# supervisord keeps its children in its own session (setpgrp before exec) and the Emperor forks
# vassals in its session; uwsgid starts each site in a session of its own. To put every system
# in the same arrangement (each uWSGI instance in its own session, hence its own scheduling
# autogroup), these shims start uWSGI in a new session. The Emperor's vassal is not a process
# group leader, so setsid(1) execs in place (same pid). supervisord's child is one, so the shim
# stays as the parent and passes supervisord's signals on.
EMPEROR_SHIM = """#!/bin/sh
exec /usr/bin/setsid {uwsgi} "$@"
"""
SUPERVISORD_SHIM = """#!/bin/sh
/usr/bin/setsid "$@" &
child=$!
for s in INT TERM HUP QUIT USR1 USR2; do trap "kill -$s $child" $s; done
while :; do
    wait $child
    rc=$?
    kill -0 $child 2>/dev/null || exit $rc
done
"""

NGINX_CONF = """worker_processes 1;
daemon off;
master_process on;
user nobody nogroup;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    keepalive_timeout 600s;
    keepalive_requests 100000000;
{servers}}}
"""
NGINX_SERVER = """    server {{
        listen 127.0.0.1:{port};
        location / {{
            include /etc/nginx/uwsgi_params;
            uwsgi_pass unix:{sock}/{site}.sock;
        }}
    }}
"""


def log(msg):
    print("[compare %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


# ---------------------------------------------------------------------------- /proc

def proc_stat(pid):
    """(ppid, cpu ticks utime+stime, starttime) of a live (not zombie) process, or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            s = f.read()
    except OSError:
        return None
    f = s[s.rindex(b")") + 2:].split()
    if f[0] in (b"Z", b"X"):
        return None
    return int(f[1]), int(f[11]) + int(f[12]), int(f[19])


def snapshot():
    """Every process: pid -> (ppid, cpu ticks, starttime); with the time and /proc/stat."""
    procs = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = proc_stat(int(name))
            if st:
                procs[int(name)] = st
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return {"t": now(), "procs": procs, "busy": sum(cpu) - cpu[3] - cpu[4], "total": sum(cpu)}


def descendants(root, procs):
    kids = {}
    for pid, (ppid, _, _) in procs.items():
        kids.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def cpu_between(a, b, pids):
    """CPU seconds used between snapshots a and b by those of pids alive in both."""
    ticks = 0
    for p in pids:
        x, y = a["procs"].get(p), b["procs"].get(p)
        if x and y and x[2] == y[2]:
            ticks += y[1] - x[1]
    return ticks / HZ


def machine_load(a, b):
    """(machine busy in cores, cores used by long-lived processes this bench did not start)."""
    dt = b["t"] - a["t"]
    busy = NCPU * (b["busy"] - a["busy"]) / max(1, b["total"] - a["total"])
    ours = set(descendants(os.getpid(), b["procs"])) | set(descendants(os.getpid(), a["procs"]))
    foreign = cpu_between(a, b, [p for p in b["procs"] if p not in ours]) / dt
    return busy, foreign


def proc_field(pid, file, key):
    """The first number after `key` in /proc/PID/FILE, 0 if the process or the line is gone."""
    try:
        with open("/proc/%d/%s" % (pid, file)) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def sched_ns(pid):
    """Nanoseconds on CPU so far of every live thread of pid (/proc/PID/task/*/schedstat): the
    supervisor's idle CPU is a few ms a minute, below what clock ticks (10 ms) resolve."""
    total = 0
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    except OSError:
        pass
    return total


def tree_sched_ns(root, procs):
    """{pid: nanoseconds on CPU} of root and every process under it (schedstat, see sched_ns)."""
    return {p: sched_ns(p) for p in descendants(root, procs)}


def start_cost(sup, a, b):
    """What a start cost, from snapshot a (before the launch) to b (every site answering): CPU
    seconds of the supervisor and of the processes under it (schedstat of the live ones, all
    started in between), and the machine's busy cores meanwhile (/proc/stat, the bench's own
    polling included). Clock ticks are no measure here: they gave the sites' processes a
    fifth of their schedstat time (2026-12-07), each running in bursts shorter than a tick."""
    ns = tree_sched_ns(sup, b["procs"])
    return {"sup_s": ns.pop(sup, 0) / 1e9, "sites_s": sum(ns.values()) / 1e9,
            "busy_cores": machine_load(a, b)[0], "wall_s": b["t"] - a["t"]}


def rss_kb(pid):
    return proc_field(pid, "status", "VmRSS:")


def pss_kb(pid):
    return proc_field(pid, "smaps_rollup", "Pss:")


def syscw(pid):
    """Write syscalls the process (all its threads) made so far."""
    return proc_field(pid, "io", "syscw:")


def autogroup(pid):
    try:
        with open("/proc/%d/autogroup" % pid) as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def session(pid):
    try:
        return os.getsid(pid)
    except OSError:
        return -1


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return "?"


def listening_holders(master):
    """Names and pids of the processes holding the site's listening socket (found through the
    master's fds and `ss -xl`): proof of who can accept on it."""
    listening = set()
    out = run(["ss", "-xlnH"]).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 6 and f[1] == "LISTEN":
            listening.add(f[5] if f[5].isdigit() else f[-3])
    inodes = set()
    try:
        for fd in os.listdir("/proc/%d/fd" % master):
            try:
                t = os.readlink("/proc/%d/fd/%s" % (master, fd))
            except OSError:
                continue
            m = re.match(r"socket:\[(\d+)\]", t)
            if m and m.group(1) in listening:
                inodes.add(m.group(1))
    except OSError:
        return []
    holders = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            for fd in os.listdir("/proc/%s/fd" % name):
                t = os.readlink("/proc/%s/fd/%s" % (name, fd))
                m = re.match(r"socket:\[(\d+)\]", t)
                if m and m.group(1) in inodes:
                    holders.append((int(name), comm(int(name))))
                    break
        except OSError:
            continue
    return sorted(holders)


# ---------------------------------------------------------------------------- the uwsgi protocol

def uwsgi_packet(path="/"):
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
           "SERVER_NAME": "bench", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
           "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "bench"}
    body = b"".join(struct.pack("<H", len(k)) + k.encode() + struct.pack("<H", len(v)) + v.encode()
                    for k, v in env.items())
    return struct.pack("<BHB", 0, len(body), 0) + body


PACKET = uwsgi_packet()


async def sites_ready(socks, t0, timeout, poll):
    """For each socket path: the time (since t0) of the first 200 answered on it, or None."""
    deadline = t0 + timeout

    async def one(path):
        while now() < deadline:
            if not os.path.exists(path):
                await asyncio.sleep(poll)
                continue
            try:
                r, w = await asyncio.wait_for(asyncio.open_unix_connection(path), 5)
                try:
                    w.write(PACKET)
                    line = await asyncio.wait_for(r.readline(), max(0.1, deadline - now()))
                finally:
                    w.close()
                if line.split()[1:2] == [b"200"]:
                    return now() - t0
            except (OSError, asyncio.TimeoutError, IndexError):
                pass
            await asyncio.sleep(poll)
        return None

    return await asyncio.gather(*(one(p) for p in socks))


def http_get(port, timeout=2.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        status = int(data.split(None, 2)[1])
        m = re.search(rb"pid=(\d+) master=(\d+)", data)
        return status, (int(m.group(1)), int(m.group(2))) if m else None
    except (OSError, ValueError, IndexError):
        return 0, None


# ---------------------------------------------------------------------------- statistics

def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def spread(xs, fmt="%.0f", unit=""):
    """median [min-max] of the samples, as text."""
    xs = [x for x in xs if x == x]
    if not xs:
        return "n/a"
    if len(xs) == 1:
        return (fmt % xs[0]) + unit
    return "%s [%s-%s]%s" % (fmt % med(xs), fmt % min(xs), fmt % max(xs), unit)


def ms(x):
    return x * 1000.0


# ---------------------------------------------------------------------------- processes

class Procs:
    """Every process this bench started, each in its own session; stopped on exit."""

    def __init__(self):
        self.started = []      # Popen
        self.seen = {}         # pid -> starttime of every descendant ever seen
        self.lock = threading.Lock()

    def spawn(self, cmd, log_path, **kw):
        out = open(log_path, "ab")
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=kw.pop("stdout", out),
                             stderr=out, start_new_session=True, **kw)
        out.close()
        with self.lock:
            self.started.append(p)
        return p

    def track(self):
        """Remembers every descendant now alive (orphans of a kill -9 are cleaned up later)."""
        snap = snapshot()["procs"]
        with self.lock:
            for pid in descendants(os.getpid(), snap):
                if pid != os.getpid():
                    self.seen[pid] = snap[pid][2]

    def alive(self, pids):
        with self.lock:
            cand = [(p, self.seen[p]) for p in pids if p in self.seen]
        return [p for p, st in cand if (proc_stat(p) or (0, 0, None))[2] == st]

    def stop(self, p, sig, timeout, also=()):
        """Signals p, waits for it and its tree (and `also`: pids it ran that may have been
        orphaned), then SIGKILLs whatever remains; returns [(pid, name)] of those."""
        self.track()
        tree = descendants(p.pid, snapshot()["procs"]) if p.poll() is None else []
        tree = list(set(tree) | set(also) | {p.pid})
        if p.poll() is None:
            try:
                os.kill(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                log("%s did not stop within %ds after %s: killing it" % (p.args[0], timeout, sig.name))
        deadline = now() + 3
        while self.alive(tree) and now() < deadline:
            time.sleep(0.1)
        left = self.kill_leftovers(tree)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
        return left

    def kill_leftovers(self, pids=None):
        """SIGKILLs tracked processes (of pids, or all) still alive with the same start time."""
        with self.lock:
            cand = [(p, st) for p, st in self.seen.items() if pids is None or p in pids]
        left = []
        for pid, st in cand:
            cur = proc_stat(pid)
            if cur and cur[2] == st:
                try:
                    with open("/proc/%d/stat" % pid, "rb") as f:
                        state = f.read().rsplit(b")", 1)[1].split()[0].decode()
                except OSError:
                    state = "?"
                c1 = proc_stat(pid)
                time.sleep(0.2)
                c2 = proc_stat(pid)
                busy = (c2[1] - c1[1]) / HZ / 0.2 if c1 and c2 else 0.0
                left.append((pid, comm(pid), cur[0], state, round(busy, 2)))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        return left

    def cleanup(self):
        for p in reversed(self.started):
            if p.poll() is None:
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = now() + 10
        for p in reversed(self.started):
            try:
                p.wait(max(0.1, deadline - now()))
            except subprocess.TimeoutExpired:
                pass
        self.track()
        self.kill_leftovers()
        for p in self.started:
            if p.poll() is None:
                p.kill()


# ---------------------------------------------------------------------------- the systems

class System:
    """One way of running sites. start() returns once launched; stop() stops everything."""
    name = label = ""
    kills_supervisor_tree = False

    def __init__(self, bench, shim=True):
        self.b, self.shim = bench, shim
        self.proc = None
        self.pids = set()

    def prepare(self, sites):
        """A fresh directory with one site file per name in sites: (dir, [files])."""
        self.b.seq += 1
        d = os.path.join(self.b.tmp, "%s-%d" % (self.name, self.b.seq))
        os.makedirs(os.path.join(d, "sites"))
        os.chmod(d, 0o755)
        os.chmod(os.path.join(d, "sites"), 0o755)
        files = []
        for name, processes in sites:
            f = os.path.join(d, "sites", name + ".ini")
            write(f, SITE_INI.format(app=self.b.app, sock=self.b.sock, processes=processes))
            files.append(f)
        self.dir, self.files = d, files
        return d, files

    def supervisor_pid(self):
        return self.proc.pid

    def first_spawn(self):
        """Seconds from launching the supervisor to its first spawn, from its own log (or None)."""
        return None

    def _first_logged(self, path, pattern, fmt):
        try:
            with open(path, errors="replace") as f:
                for line in f:
                    if pattern in line:
                        stamp = datetime.datetime.strptime(line[:23], fmt).timestamp()
                        return stamp - self.launched
        except (OSError, ValueError):
            pass
        return None

    def remember(self):
        """Notes every process now under the supervisor (to find orphans after a kill -9)."""
        self.b.procs.track()
        self.pids |= set(descendants(self.proc.pid, snapshot()["procs"]))

    def stop(self):
        left = self.b.procs.stop(self.proc, self.stop_signal, 120, self.pids)
        if left:
            log("%s: left behind after its stop: %s" % (self.name, left))
        self.b.clean_sockets()
        return left


class Uwsgid(System):
    name, label = "uwsgid", "uwsgid"
    stop_signal = signal.SIGTERM

    def start(self, sites):
        d, _ = self.prepare(sites)
        self.run_dir = os.path.join(d, "run")
        env = dict(os.environ, UWSGID_JAR=self.b.jar)
        with open(os.path.join(d, "sites.log"), "ab") as out:
            self.proc = self.b.procs.spawn([self.b.uwsgid, "--sites-dir", os.path.join(d, "sites"),
                                            "--run-dir", self.run_dir], os.path.join(d, "daemon.log"),
                                           env=env, stdout=out)
        return self.proc

    def first_spawn(self):
        return self._first_logged(os.path.join(self.dir, "daemon.log"), "spawned generation", "%Y-%m-%d %H:%M:%S.%f")

    def ctl(self, command, sites, wait=180):
        """One request on the control socket (docs/CONTROL.md), from python: no JVM start."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(wait + 10)
        try:
            s.connect(os.path.join(self.run_dir, "control.sock"))
            s.sendall(json.dumps({"command": command, "sites": sites, "all": False,
                                  "waitSeconds": wait}).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            s.close()
        return json.loads(data)

    def reload(self, site):
        r = self.ctl("reload", [site])
        return r.get("code") == 0, (r.get("results") or [{}])[0].get("message", r.get("message"))

    def restart(self):
        """`uwsgictl upgrade`: a new uwsgid exec'd in place takes the running sites over. Returns
        when the new daemon answers on its control socket (a new socket file): back in control."""
        sock = os.path.join(self.run_dir, "control.sock")
        ident = lambda st: (st.st_ino, st.st_ctime_ns)   # an inode number may be reused at once; its ctime not
        before = ident(os.stat(sock))
        r = self.ctl("upgrade", [], wait=60)
        if r.get("code") != 0:
            return False, r.get("message")
        deadline = now() + 60
        while now() < deadline:
            try:
                if ident(os.stat(sock)) != before and self.ctl("status", [], wait=0).get("code") == 0:
                    return True, r.get("message")
            except (OSError, ValueError):
                pass
            time.sleep(0.01)
        return False, "no new uwsgid answered within 60 s"


class Emperor(System):
    stop_signal = signal.SIGINT

    def __init__(self, bench, freq=None, shim=True):
        super().__init__(bench, shim)
        self.freq = freq
        self.name = "emperor" if freq is None else "emperor-f%d" % freq
        self.label = "Emperor" if freq is None else "Emperor, freq %d s" % freq

    def start(self, sites):
        d, _ = self.prepare(sites)
        cmd = [UWSGI, "--emperor", os.path.join(d, "sites")]
        if self.freq is not None:
            cmd += ["--emperor-freq", str(self.freq)]
        if self.shim:
            cmd += ["--emperor-wrapper", self.b.emperor_shim]
        self.cmd = cmd
        self.proc = self.b.procs.spawn(cmd, os.path.join(d, "emperor.log"), cwd=d)
        return self.proc

    def reload(self, site):
        os.utime(os.path.join(self.dir, "sites", site + ".ini"))   # what touch(1) does
        return True, "touched"

    def restart(self):
        """The Emperor has no restart of its own that keeps its vassals: they die with it
        (SIGINT, as its stop), then a new Emperor starts them again. Back in control: its new process runs."""
        self.b.procs.stop(self.proc, signal.SIGINT, 120, self.pids)
        self.proc = self.b.procs.spawn(self.cmd, os.path.join(self.dir, "emperor.log"), cwd=self.dir)
        return True, "stopped (SIGINT) and started again"


class Supervisord(System):
    name, label = "supervisord", "supervisord"
    stop_signal = signal.SIGTERM

    def start(self, sites):
        d, files = self.prepare(sites)
        os.makedirs(os.path.join(d, "log"))
        self.conf = os.path.join(d, "supervisord.conf")
        text = ("[unix_http_server]\nfile={d}/supervisor.sock\nchmod=0700\n\n"
                "[supervisord]\nnodaemon=true\nlogfile={d}/supervisord.log\npidfile={d}/supervisord.pid\n"
                "childlogdir={d}/log\nminfds=16384\nminprocs=8192\n\n"
                "[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
                "[supervisorctl]\nserverurl=unix://{d}/supervisor.sock\n").format(d=d)
        for (name, _), f in zip(sites, files):
            cmd = "%s --ini %s" % (UWSGI, f)
            if self.shim:
                cmd = "/bin/sh %s %s" % (self.b.supervisord_shim, cmd)
            text += ("\n[program:{n}]\ncommand={c}\nstopsignal=INT\nautorestart=true\n"
                     "redirect_stderr=true\nstdout_logfile={d}/log/{n}.log\n").format(n=name, c=cmd, d=d)
        write(self.conf, text)
        self.proc = self.b.procs.spawn(["/usr/bin/supervisord", "-n", "-c", self.conf],
                                       os.path.join(d, "supervisord.out"), cwd=d)
        return self.proc

    def first_spawn(self):
        return self._first_logged(os.path.join(self.dir, "supervisord.log"), "spawned: ", "%Y-%m-%d %H:%M:%S,%f")

    def reload(self, site):
        r = run(["/usr/bin/supervisorctl", "-c", self.conf, "restart", site])
        return r.returncode == 0, " ".join(r.stdout.split())

    def restart(self):
        """`supervisorctl reload`: supervisord restarts itself, stopping every program and starting
        them again. Back in control: `supervisorctl status` answers."""
        r = run(["/usr/bin/supervisorctl", "-c", self.conf, "reload"])
        deadline = now() + 120
        while now() < deadline:
            st = run(["/usr/bin/supervisorctl", "-c", self.conf, "status"])
            if st.returncode in (0, 3) and "RUNNING" in st.stdout:
                return r.returncode == 0, " ".join(r.stdout.split())
            time.sleep(0.05)
        return False, "supervisorctl status did not answer within 120 s"

    def stop(self):
        # supervisord's own shutdown (SIGTERM) stops one program group at a time, waiting for each:
        # N sites take N times uWSGI's ~1 s stop. `stop all` stops them all at once.
        if self.proc.poll() is None and len(self.files) > 1:
            run(["/usr/bin/supervisorctl", "-c", self.conf, "stop", "all"], timeout=600)
        return super().stop()


class Hand(System):
    """uWSGI started by hand (`uwsgi --ini FILE` as root, in its own session): the baseline."""
    name, label = "hand", "uWSGI by hand"
    stop_signal = signal.SIGINT

    def start(self, sites):
        d, files = self.prepare(sites)
        assert len(files) == 1
        self.proc = self.b.procs.spawn([UWSGI, "--ini", files[0]], os.path.join(d, "uwsgi.log"), cwd=d)
        return self.proc


# ---------------------------------------------------------------------------- load

class Load:
    """The fixed-rate generator in its own process and session; records stream in as it runs."""

    def __init__(self, bench, rate):
        self.b, self.rate = bench, rate
        self.records = []          # (sched, sent, done, status, wpid)
        self.pids = {}             # worker pid -> done time of its first response
        self.cond = threading.Condition()
        self.end = None
        self.proc = bench.procs.spawn([sys.executable, LOADGEN, "--port", str(bench.port),
                                       "--rate", str(rate)], os.path.join(bench.tmp, "loadgen.log"),
                                      stdout=subprocess.PIPE)
        self.t_start = now()
        bench.loadgen_ag = autogroup(self.proc.pid)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            line = line.decode()
            if line.startswith("#"):
                self.end = line[1:].split()
                continue
            f = line.split()
            rec = (float(f[0]), float(f[1]), float(f[2]), int(f[3]), int(f[4]))
            with self.cond:
                self.records.append(rec)
                if rec[3] == 200 and rec[4] not in self.pids:
                    self.pids[rec[4]] = rec[2]
                self.cond.notify_all()

    def known_pids(self):
        with self.cond:
            return set(self.pids)

    def last_worker(self):
        with self.cond:
            for r in reversed(self.records):
                if r[3] == 200:
                    return r[4]
        return None

    def wait_new_worker(self, known, after, timeout):
        """The first 200 answered after `after` by a worker pid not in known: its record."""
        deadline = now() + timeout
        with self.cond:
            i = 0
            while True:
                while i < len(self.records):
                    r = self.records[i]
                    i += 1
                    if r[3] == 200 and r[2] > after and r[4] not in known:
                        return r
                left = deadline - now()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 0.2))

    def stop(self):
        self.t_stop = now()
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(60)
        self.reader.join(10)
        sched = int(self.end[2]) if self.end else len(self.records)
        sent = sorted(r[1] for r in self.records)
        span = max(1e-9, sent[-1] - sent[0]) if sent else 1e-9
        lag = [r[1] - r[0] for r in self.records]
        return {"scheduled": sched, "achieved": (len(sent) - 1) / span if sent else 0,
                "lag_p99": pct(lag, 99), "lag_max": max(lag) if lag else 0,
                "stale_retries": int(self.end[6]) if self.end else -1}


def window_stats(records, t0, t1):
    """What the requests scheduled in [t0, t1) saw: counts, failures, stall, latencies."""
    inside = [r for r in records if t0 <= r[0] < t1]
    failed = [r for r in inside if r[3] != 200]
    points = [t0] + sorted(r[2] for r in records if t0 <= r[2] <= t1) + [t1]
    stall = max(b - a for a, b in zip(points, points[1:]))
    fail_window = (max(r[2] for r in failed) - min(r[1] for r in failed)) if failed else 0.0
    lat = [r[2] - r[0] for r in inside if r[3] == 200]
    kinds = {}
    for r in failed:
        k = {0: "conn", -1: "timeout"}.get(r[3], str(r[3]))
        kinds[k] = kinds.get(k, 0) + 1
    return {"n": len(inside), "failed": len(failed), "fail_window": fail_window, "stall": stall,
            "lat": lat, "kinds": kinds}


# ---------------------------------------------------------------------------- the bench

class Bench:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(getattr(args, "seed", 1))
        self.procs = Procs()
        self.seq = 0
        self.tmp = tempfile.mkdtemp(prefix="bench-compare-")
        os.chmod(self.tmp, 0o755)
        self.app_dir = os.path.join(self.tmp, "app")
        os.makedirs(self.app_dir)
        os.chmod(self.app_dir, 0o755)
        self.app = os.path.join(self.app_dir, "app.py")
        write(self.app, APP)
        self.sock = os.path.join(self.tmp, "sock")
        os.makedirs(self.sock)
        # uWSGI binds its socket after dropping to uid/gid: the directory must be nobody's
        # (as the seed's /var/run/nginx is nginx's); nginx's workers (nobody) reach it too.
        shutil.chown(self.sock, "nobody", "nogroup")
        os.chmod(self.sock, 0o755)
        shims = os.path.join(self.tmp, "shims")
        os.makedirs(shims)
        os.chmod(shims, 0o755)
        self.emperor_shim = os.path.join(shims, "emperor-setsid")
        write(self.emperor_shim, EMPEROR_SHIM.format(uwsgi=UWSGI), 0o755)
        self.supervisord_shim = os.path.join(shims, "supervisord-setsid")
        write(self.supervisord_shim, SUPERVISORD_SHIM, 0o755)
        self.jar = args.jar
        self.uwsgid = os.path.join(REPO, "bin", "uwsgid")
        self.arrangement = {}      # system -> evidence of sessions/autogroups
        self.results = {}
        self.noise = {}            # scenario -> [(busy cores, foreign cores)]

    def system(self, name, shim=True):
        return {"uwsgid": lambda: Uwsgid(self, shim), "emperor": lambda: Emperor(self, None, shim),
                "emperor-f1": lambda: Emperor(self, 1, shim), "supervisord": lambda: Supervisord(self, shim),
                "hand": lambda: Hand(self, shim)}[name]()

    def clean_sockets(self):
        for f in os.listdir(self.sock):
            try:
                os.unlink(os.path.join(self.sock, f))
            except OSError:
                pass

    def start_nginx(self, sites):
        """One nginx for the whole run: a server (port) per site name in sites."""
        d = os.path.join(self.tmp, "nginx")
        os.makedirs(d)
        self.ports = {}
        held = []
        for site in sites:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            self.ports[site] = s.getsockname()[1]
            held.append(s)
        for s in held:
            s.close()
        self.port = self.ports["app"]
        conf = os.path.join(d, "nginx.conf")
        self.nginx_log = os.path.join(d, "error.log")
        servers = "".join(NGINX_SERVER.format(port=self.ports[x], sock=self.sock, site=x) for x in sites)
        write(conf, NGINX_CONF.format(d=d, servers=servers))
        r = run(["nginx", "-t", "-q", "-e", os.path.join(d, "error.log"), "-c", conf])
        if r.returncode:
            raise SystemExit("nginx refused its config: " + r.stdout)
        self.nginx = self.procs.spawn(["nginx", "-e", os.path.join(d, "error.log"), "-c", conf],
                                      os.path.join(d, "nginx.out"))
        deadline = now() + 10
        while now() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("nginx did not listen on 127.0.0.1:%d" % self.port)

    def nginx_errors(self, offset):
        """Why nginx failed to reach uWSGI since offset of its error log: {errno text: count}."""
        out = {}
        with open(self.nginx_log, "rb") as f:
            f.seek(offset)
            for line in f:
                m = re.search(rb"connect\(\) to unix:\S+ failed \((\d+: [^)]*)\)", line)
                if m:
                    k = m.group(1).decode()
                    out[k] = out.get(k, 0) + 1
        return out

    def nginx_offset(self):
        return os.path.getsize(self.nginx_log)

    def wait_http(self, timeout=90, port=None):
        """Until the site answers 200 through nginx; (worker pid, master pid)."""
        deadline = now() + timeout
        while now() < deadline:
            st, pids = http_get(port or self.port)
            if st == 200:
                return pids
            time.sleep(0.05)
        return None

    def start_site(self, sysname, shim=True, site="app"):
        s = self.system(sysname, shim)
        s.start([(site, self.args.processes)])
        pids = self.wait_http(port=self.ports[site])
        if not pids:
            s.stop()
            raise RuntimeError("%s: the site did not answer through nginx within 90 s (see %s)" % (sysname, s.dir))
        s.remember()
        self.note_arrangement(s, pids[1])
        return s

    def note_arrangement(self, s, master):
        if s.name in self.arrangement:
            return
        self.arrangement[s.name] = {
            "master_sid": session(master), "master_pid": master,
            "master_ag": autogroup(master), "sup_sid": session(s.supervisor_pid()),
            "sup_ag": autogroup(s.supervisor_pid()), "nginx_ag": autogroup(self.nginx.pid),
            "bench_ag": autogroup(os.getpid()),
            "holders": listening_holders(master)}

    # ------------------------------------------------------------ scenario 1 and 2

    def events_run(self, sysname, kind, n_events):
        """One run of reloads (kind 'reload') or kill -9s of the master ('crash') under load."""
        a = self.args
        s = self.start_site(sysname)
        offset = self.nginx_offset()
        load = Load(self, a.rate)
        snap0 = snapshot()
        # random phase: the Emperor's scan timer restarts at each message from a vassal, so a fixed
        # schedule would always find it at the same point of its period
        time.sleep(a.warmup + (self.rng.uniform(0, a.jitter) if kind == "crash" else 0))
        events = []
        for k in range(n_events):
            known = load.known_pids()
            ev = {"system": sysname, "kind": kind}
            cmd = {}
            if kind == "reload":
                def trigger():
                    try:
                        cmd["ok"], cmd["msg"] = s.reload("app")
                    except Exception as e:  # noqa: BLE001 (reported, not fatal)
                        cmd["ok"], cmd["msg"] = False, repr(e)
                    cmd["done"] = now()
                th = threading.Thread(target=trigger)
                ev["t0"] = now()
                th.start()
            else:
                w = load.last_worker()
                st = proc_stat(w) if w else None
                master = st[0] if st else None
                if not master or comm(master) not in ("uwsgi", "uwsgi-core"):
                    ev["error"] = "no uWSGI master found (worker %s, parent %s)" % (w, master)
                    events.append(ev)
                    break
                s.remember()
                ev["t0"] = now()
                os.kill(master, signal.SIGKILL)
                ev["killed"] = master
                th = None
            r = load.wait_new_worker(known, ev["t0"], a.event_timeout)
            if th:
                th.join(a.event_timeout + 200)
                ev["cmd_ok"], ev["cmd_msg"] = cmd.get("ok"), cmd.get("msg")
                ev["cmd_time"] = cmd.get("done", now()) - ev["t0"]
            if r is None:
                ev["completed"] = False
                ev["t_end"] = ev["t0"] + a.event_timeout
                log("%s %s %d: no new worker answered within %d s" % (sysname, kind, k + 1, a.event_timeout))
                events.append(ev)
                if load.wait_new_worker(known, ev["t0"], 60) is None:
                    log("%s: the site never came back; ending this run" % sysname)
                    break
            else:
                ev["completed"] = True
                ev["new_worker_at"] = r[2] - ev["t0"]
                ev["t_end"] = max(r[2], ev["t0"] + ev.get("cmd_time", 0))
                events.append(ev)
            log("%s %s %d/%d: new worker answering after %s ms%s" % (
                sysname, kind, k + 1, n_events,
                "%.0f" % ms(ev["new_worker_at"]) if ev.get("completed") else "NEVER",
                (", command %.0f ms: %s" % (ms(ev["cmd_time"]), ev["cmd_msg"])) if "cmd_time" in ev else ""))
            time.sleep(max(0.0, ev["t_end"] + 1.0 - now()) + a.gap + self.rng.uniform(0, a.jitter))
        snap1 = snapshot()
        lstats = load.stop()
        left = s.stop()
        recs = load.records
        for ev in events:
            if "t0" in ev:
                ev.update(window_stats(recs, ev["t0"], ev["t_end"] + 1.0))
        wins = [(ev["t0"], ev["t_end"] + 1.0) for ev in events if "t0" in ev]
        steady = [r[2] - r[0] for r in recs
                  if r[3] == 200 and r[0] >= load.t_start + 1.0 and r[0] < load.t_stop - 0.5
                  and not any(t0 - 0.2 <= r[0] < t1 for t0, t1 in wins)]
        steady_failed = sum(1 for r in recs if r[3] != 200 and r[0] < load.t_stop - 0.5
                            and not any(t0 - 0.2 <= r[0] < t1 for t0, t1 in wins))
        busy, foreign = machine_load(snap0, snap1)
        self.noise.setdefault(kind, []).append((busy, foreign))
        # the same stall measure over 1-s stretches of steady state: what the machine and the
        # load generator alone produce
        wlen = 1.0
        base, t = [], load.t_start + 1.0
        for t0, t1 in sorted(wins) + [(load.t_stop - 0.5, load.t_stop - 0.5)]:
            while t + wlen <= t0 - 0.2:
                base.append(window_stats(recs, t, t + wlen)["stall"])
                t += wlen
            t = max(t, t1)
        return {"system": sysname, "events": events, "steady": steady, "steady_failed": steady_failed,
                "steady_stalls": base, "left": left, "load": lstats, "busy": busy, "foreign": foreign,
                "nginx": self.nginx_errors(offset)}

    def scenario_events(self, kind, systems, runs, n_events, per_start):
        """Runs interleaved across systems; 'per_start' events per system start."""
        out = {s: [] for s in systems}
        for rnd in range(runs):
            order = systems[rnd % len(systems):] + systems[:rnd % len(systems)]
            for sysname in order:
                log("%s: run %d/%d, %s" % (kind, rnd + 1, runs, sysname))
                try:
                    out[sysname].append(self.events_run(sysname, kind, per_start))
                except RuntimeError as e:
                    log(str(e))
                    out[sysname].append({"system": sysname, "events": [], "error": str(e), "steady": [],
                                         "steady_failed": 0, "load": {}, "busy": 0, "foreign": 0})
        return out

    # ------------------------------------------------------------ scenario 3

    def wrk(self, seconds, conns, port):
        r = run(["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds, "--latency",
                 "http://127.0.0.1:%d/" % port], start_new_session=True)
        m = re.search(r"Requests/sec:\s+([\d.]+)", r.stdout)
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", r.stdout)
        errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", r.stdout)
        total = re.search(r"(\d+) requests in", r.stdout)

        def lat(p):
            m2 = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, r.stdout, re.M)
            if not m2:
                return float("nan")
            return float(m2.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m2.group(2)]
        return {"rps": float(m.group(1)) if m else 0.0, "requests": int(total.group(1)) if total else 0,
                "non2xx": int(bad.group(1)) if bad else 0,
                "errors": sum(int(x) for x in errs.groups()) if errs else 0,
                "p50": lat(50), "p99": lat(99), "raw": r.stdout}

    def scenario_overhead(self, systems, rounds):
        """Every system runs its own copy of the site (named after the system, so its own socket
        and nginx port) at the same time; wrk rounds rotate over them, so each round compares
        systems a few seconds apart."""
        a = self.args
        out = {s: [] for s in systems}
        running = {}
        try:
            for sysname in systems:
                running[sysname] = self.start_site(sysname, site=sysname)
            for sysname in systems:
                self.wrk(a.wrk_warmup, a.wrk_conns, self.ports[sysname])
            self._overhead_rounds(systems, rounds, running, out)
        finally:
            for s in running.values():
                s.stop()
        return out

    def _overhead_rounds(self, systems, rounds, running, out):
        a = self.args
        for rnd in range(rounds):
            order = systems[rnd % len(systems):] + systems[:rnd % len(systems)]
            for sysname in order:
                s = running[sysname]
                snap0 = snapshot()
                sup_pids = [s.supervisor_pid()]
                if sysname == "supervisord":   # its shim is part of how it runs the site
                    sup_pids = [p for p in descendants(s.supervisor_pid(), snap0["procs"])
                                if comm(p) in ("supervisord", "sh")]
                io0 = sum(syscw(p) for p in sup_pids)
                w = self.wrk(a.wrk_seconds, a.wrk_conns, self.ports[sysname])
                snap1 = snapshot()
                w["sup_writes"] = (sum(syscw(p) for p in sup_pids) - io0) / max(1, w["requests"])
                w["sup_cpu"] = cpu_between(snap0, snap1, sup_pids)
                w["busy"], w["foreign"] = machine_load(snap0, snap1)
                self.noise.setdefault("overhead", []).append((w["busy"], w["foreign"]))
                w.pop("raw")
                out[sysname].append(w)
                log("overhead round %d/%d %s: %.0f req/s, p99 %.1f ms, supervisor CPU %.2f s, non-2xx %d, errors %d"
                    % (rnd + 1, rounds, sysname, w["rps"], w["p99"], w["sup_cpu"], w["non2xx"], w["errors"]))

    # ------------------------------------------------------------ scenario 4

    def start_many(self, sysname, n, processes):
        """Starts n sites; returns (system, seconds until every site answered, per-site times, what
        the start cost in CPU: start_cost)."""
        s = self.system(sysname, shim=False)
        names = ["s%03d" % i for i in range(1, n + 1)] if n > 1 else ["app"]
        a = snapshot()
        t0 = now()
        s.launched = time.time()
        s.start([(nm, processes) for nm in names])
        socks = [os.path.join(self.sock, nm + ".sock") for nm in names]
        times = asyncio.run(sites_ready(socks, t0, self.args.start_timeout, 0.05 if n <= 100 else 0.1))
        ok = [t for t in times if t is not None]
        self.procs.track()
        return s, (max(ok) if len(ok) == n else None), ok, start_cost(s.supervisor_pid(), a, snapshot())

    def ctl_times(self, s):
        """Wall time of whole control-command processes (the operator's view): {command: [seconds]}.
        Every run must succeed (exit 0): until 2026-12-07 the uwsgictl commands here put --socket
        before the command, which uwsgictl refuses as a usage error, so those figures timed the
        JVM printing that error."""
        reps = self.args.ctl_reps
        if s.name == "uwsgid":
            ctl, sock = os.path.join(REPO, "bin", "uwsgictl"), os.path.join(s.run_dir, "control.sock")
            cmds = {"uwsgictl status": [ctl, "status", "--socket", sock],
                    "uwsgictl reload --no-wait": [ctl, "reload", "--no-wait", "--socket", sock, "app"]}
            env = dict(os.environ, UWSGID_JAR=self.jar)
        elif s.name == "supervisord":
            cmds = {"supervisorctl status": ["/usr/bin/supervisorctl", "-c", s.conf, "status"]}
            env = None
        else:
            return {}
        out = {}
        for name, cmd in cmds.items():
            times = []
            for _ in range(reps):
                t0 = now()
                r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=60, text=True)
                times.append(now() - t0)
                if r.returncode != 0:
                    raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), r.returncode, r.stderr.strip()))
                time.sleep(0.3 if "reload" in name else 0.05)
            out[name] = times
        return out

    def scenario_footprint(self, systems, sizes, idle, start_reps):
        out = {}
        for n in sizes:
            for sysname in systems:
                procs_per = self.args.processes if n == 1 else 1
                log("footprint: %s with %d site(s) (processes = %d)" % (sysname, n, procs_per))
                s, t_all, ok, cost = self.start_many(sysname, n, procs_per)
                rec = {"system": sysname, "sites": n, "ready": len(ok), "t_all": t_all,
                       "t_med": med(ok), "first_spawn": s.first_spawn(), "start_cost": cost}
                log("  %d/%d sites answering, all after %s s" % (len(ok), n, "%.2f" % t_all if t_all else "NEVER"))
                time.sleep(self.args.settle)
                sup = s.supervisor_pid()
                samples, rss = [], []
                a = snapshot()
                first = a
                ns0 = sched_ns(sup)
                tree0 = tree_sched_ns(sup, a["procs"])
                steps = max(1, int(round(idle / 10.0)))
                for _ in range(steps):
                    time.sleep(idle / steps)
                    b = snapshot()
                    samples.append(100.0 * cpu_between(a, b, [sup]) / (b["t"] - a["t"]))
                    rss.append(rss_kb(sup))
                    a = b
                tree = descendants(sup, a["procs"])
                rec.update({
                    "sup_cpu": samples, "sup_rss_kb": rss[-1], "sup_rss_max_kb": max(rss),
                    "sup_cpu_window": 100.0 * (sched_ns(sup) - ns0) / 1e9 / (a["t"] - first["t"]),
                    "sup_pss_kb": pss_kb(sup),
                    "tree_cpu": 100.0 * sum(sched_ns(p) - tree0[p] for p in tree if p in tree0) / 1e9 / (a["t"] - first["t"]),
                    "tree_procs": len(tree),
                    "tree_rss_kb": sum(rss_kb(p) for p in tree),
                    "tree_pss_kb": sum(pss_kb(p) for p in tree)})
                busy, foreign = machine_load(first, a)
                rec["busy"], rec["foreign"] = busy, foreign
                self.noise.setdefault("footprint", []).append((busy, foreign))
                log("  supervisor RSS %.1f MB, CPU %s %% of a core; tree %d processes, PSS %.0f MB"
                    % (rec["sup_rss_kb"] / 1024, spread(samples, "%.2f"), len(tree), rec["tree_pss_kb"] / 1024))
                if n == 1:
                    rec["ctl"] = self.ctl_times(s)
                    log("  control commands, wall ms (median of %d): %s" % (
                        self.args.ctl_reps, ", ".join("%s %.0f" % (k, med(v) * 1000) for k, v in rec["ctl"].items())))
                t_stop = now()
                rec["left"] = s.stop()
                rec["stop_s"] = now() - t_stop
                out.setdefault(sysname, []).append(rec)
        starts = {s: [] for s in systems}
        costs = {s: [] for s in systems}
        for r in out.values():
            for rec in r:
                if rec["sites"] == 100 and rec["t_all"]:
                    starts[rec["system"]].append(rec["t_all"])
                    costs[rec["system"]].append(rec["start_cost"])
        for rnd in range(start_reps - 1 if 100 in sizes else start_reps):
            for sysname in systems:
                s, t_all, ok, cost = self.start_many(sysname, 100, 1)
                log("start 100 sites, %s: %s s; CPU: supervisor %.2f s, sites %.2f s; machine busy %.2f cores" % (
                    sysname, "%.2f" % t_all if t_all else "NEVER (%d answered)" % len(ok), cost["sup_s"], cost["sites_s"],
                    cost["busy_cores"]))
                if t_all:
                    starts[sysname].append(t_all)
                    costs[sysname].append(cost)
                time.sleep(2)   # a stop within ms of a worker's spawn can wedge a uWSGI master
                s.stop()
        return out, starts, costs

    # ------------------------------------------------------------ scenario 5

    def restart_run(self, sysname, n):
        """n sites (app, under load through nginx, and n-1 more); the supervisor itself restarted once."""
        a = self.args
        s = self.system(sysname, shim=True)
        names = ["app"] + ["s%03d" % i for i in range(2, n + 1)]
        s.launched = time.time()
        s.start([(nm, a.processes if nm == "app" else 1) for nm in names])
        socks = [os.path.join(self.sock, nm + ".sock") for nm in names]
        ready = asyncio.run(sites_ready(socks, now(), a.start_timeout, 0.1))
        if any(t is None for t in ready) or not self.wait_http():
            s.stop()
            raise RuntimeError("%s: not every site answered within %d s (see %s)" % (sysname, a.start_timeout, s.dir))
        time.sleep(a.settle)
        s.remember()
        masters0 = self.uwsgi_masters(s)
        offset = self.nginx_offset()
        load = Load(self, a.rate)
        time.sleep(a.warmup)
        t0 = now()
        ok, msg = s.restart()
        t_control = now() - t0
        t1 = now()
        back = asyncio.run(sites_ready(socks, t1, a.start_timeout, 0.05))
        t_sites = (t1 - t0) + max(back) if all(t is not None for t in back) else None
        time.sleep(3)
        s.remember()
        masters1 = self.uwsgi_masters(s)
        lstats = load.stop()
        st = window_stats(load.records, t0, load.t_stop)
        left = s.stop()
        rec = {"system": sysname, "sites": n, "ok": ok, "msg": msg, "t_control": t_control, "t_sites": t_sites,
               "same_masters": len(masters0 & masters1), "masters": len(masters0), "load": lstats,
               "nginx": self.nginx_errors(offset), "left": left}
        rec.update(st)
        log("restart %s, %d sites: %s; back in control after %.0f ms; %d of %d requests failed; %d of %d uWSGI masters the same"
            % (sysname, n, msg, ms(t_control), st["failed"], st["n"], rec["same_masters"], rec["masters"]))
        return rec

    def uwsgi_masters(self, s):
        """The uWSGI masters under the supervisor: uwsgi processes whose parent is the supervisor or no uwsgi."""
        sup = s.supervisor_pid()
        tree = descendants(sup, snapshot()["procs"])
        uw = ("uwsgi", "uwsgi-core")
        out = set()
        for p in tree:
            st = proc_stat(p)
            if st and comm(p) in uw and (st[0] == sup or comm(st[0]) not in uw):
                out.add(p)
        return out

    def scenario_restart(self, systems, n, runs):
        out = {x: [] for x in systems}
        for rnd in range(runs):
            for sysname in systems:
                try:
                    out[sysname].append(self.restart_run(sysname, n))
                except RuntimeError as e:
                    log(str(e))
        return out


# ---------------------------------------------------------------------------- report

def versions(jar):
    def first(cmd):
        try:
            return run(cmd).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    def pkg(p):
        return run(["dpkg-query", "-W", "-f=${Version}", p]).stdout.strip() or "?"
    return {"uwsgi": pkg("uwsgi-core"), "python3 plugin": pkg("uwsgi-plugin-python3"),
            "nginx": pkg("nginx") if pkg("nginx") != "?" else pkg("nginx-light"),
            "supervisor": pkg("supervisor"), "wrk": pkg("wrk"),
            "java": first(["java", "-version"]), "python": platform.python_version(),
            "gnuplot": pkg("gnuplot-nox")}


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    try:
        deb = open("/etc/debian_version").read().strip()
    except OSError:
        deb = "?"
    with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
        ag = f.read().strip()
    return "%s, %d CPUs, %d MB RAM, Debian %s, Linux %s, sched_autogroup_enabled=%s" % (
        model, NCPU, mem, deb, platform.release(), ag)


def other_benchmarks():
    """Long-lived processes of other sessions, by name (the machine is shared)."""
    names = {}
    mine = set(descendants(os.getpid(), snapshot()["procs"]))
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) not in mine:
            try:
                cmd = open("/proc/%s/cmdline" % name, "rb").read().split(b"\0")
            except OSError:
                continue
            text = b" ".join(cmd).decode(errors="replace")
            m = re.search(r"(bench/[\w-]+|io\.uwsgid\.Main|maven|uwsgi --ini|nginx: master)", text)
            if m:
                k = m.group(1)
                names[k] = names.get(k, 0) + 1
    return ", ".join("%s x%d" % kv for kv in sorted(names.items())) or "none seen"


def summarize_events(runs):
    evs = [e for r in runs for e in r["events"] if "t0" in e]
    if not evs:
        return None
    done = [e for e in evs if e.get("completed")]
    win_lat = [x for e in evs for x in e["lat"]]
    steady = [x for r in runs for x in r["steady"]]
    kinds = {}
    for e in evs:
        for k, v in e["kinds"].items():
            kinds[k] = kinds.get(k, 0) + v
    loads = [r["load"] for r in runs if r.get("load")]
    nginx = {}
    for r in runs:
        for k, v in r.get("nginx", {}).items():
            nginx[k] = nginx.get(k, 0) + v
    return {"base_stall": [ms(x) for r in runs for x in r.get("steady_stalls", [])], "nginx": nginx,
            "left": [x for r in runs for x in r.get("left") or []],
            "runs_left": sum(1 for r in runs if r.get("left")), "runs": len(runs),
            "timeouts": [e["kinds"].get("timeout", 0) for e in evs],
            "lag_max": [ms(l["lag_max"]) for l in loads],
        "n": len(evs), "completed": len(done), "cmd_failed": sum(1 for e in evs if e.get("cmd_ok") is False),
        "failed": [e["failed"] for e in evs], "fail_window": [ms(e["fail_window"]) for e in evs],
        "stall": [ms(e["stall"]) for e in evs], "new_worker": [ms(e["new_worker_at"]) for e in done],
        "cmd_time": [ms(e["cmd_time"]) for e in evs if "cmd_time" in e],
        "win_p99": [ms(pct(e["lat"], 99)) for e in evs if e["lat"]],
        "win": (ms(pct(win_lat, 50)), ms(pct(win_lat, 99)), ms(max(win_lat)) if win_lat else float("nan")),
        "steady": (ms(pct(steady, 50)), ms(pct(steady, 99)), ms(max(steady)) if steady else float("nan")),
        "steady_failed": sum(r["steady_failed"] for r in runs), "kinds": kinds,
        "achieved": [l["achieved"] for l in loads], "lag_p99": [ms(l["lag_p99"]) for l in loads],
        "stale": sum(max(0, l.get("stale_retries", 0)) for l in loads),
        "requests": sum(e["n"] for e in evs), "failed_total": sum(e["failed"] for e in evs)}


def events_footer(res):
    """Failure kinds, nginx's reasons, and what the load generator achieved, per system."""
    parts, gen = [], []
    for k, runs in res.items():
        s = summarize_events(runs)
        if not s:
            continue
        kinds = ", ".join("%s x%d" % kv for kv in sorted(s["kinds"].items())) or "none"
        why = ", ".join("`%s` x%d" % kv for kv in sorted(s["nginx"].items()))
        parts.append("%s: %s%s" % (LABEL[k], kinds, (" (nginx: " + why + ")") if why else ""))
        gen.append("%s: send lag p99 %s ms, max %s ms" % (LABEL[k], spread(s["lag_p99"]), spread(s["lag_max"])))
    return ("Failed requests by kind (HTTP status from nginx; `conn` = connection error; nginx's error log says why it "
            "could not reach uWSGI: 11 = listen queue full, 111 = nothing listening, 2 = no socket file): "
            + "; ".join(parts) + ".\n\nLoad generator (time from a request's scheduled start to its send; "
            "latency counts from the schedule, so this lag is included in every latency above): " + "; ".join(gen) + ".")


def compare_note(name_a, xs, name_b, ys, what, unit, fmt="%.0f"):
    """A plain sentence comparing two samples (medians), saying when their ranges overlap."""
    if not xs or not ys:
        return None
    a, b = (fmt % med(xs)) + unit, (fmt % med(ys)) + unit
    if max(xs) < min(ys):
        return "%s: %s lower than %s in every sample (median %s vs %s)." % (what, name_a, name_b, a, b)
    if min(xs) > max(ys):
        return "%s: %s higher than %s in every sample (median %s vs %s)." % (what, name_a, name_b, a, b)
    if max(xs) == min(xs) == max(ys) == min(ys):
        return "%s: %s and %s the same in every sample (%s)." % (what, name_a, name_b, a)
    return ("%s: median %s (%s) vs %s (%s); the ranges overlap, so this machine cannot tell "
            "them apart." % (what, a, name_a, b, name_b))


LABEL = {"uwsgid": "uwsgid", "emperor": "Emperor (freq 3 s, default)", "emperor-f1": "Emperor, freq 1 s (tuned)",
         "supervisord": "supervisord", "hand": "uWSGI by hand"}


def prime_archive(b):
    """bin/uwsgid writes its class-data archive at the exit of its first run on a new jar and puts it
    in place at the next start (packaging/jvm/java.sh): two short runs with no sites first, so that
    every measured start maps the archive, as an installed uwsgid does."""
    for _ in range(2):
        d = tempfile.mkdtemp(prefix="prime-", dir=b.tmp)
        os.makedirs(os.path.join(d, "sites"))
        with open(os.path.join(d, "uwsgid.ini"), "w") as f:
            f.write("[uwsgid]\nmetrics =\n")
        p = subprocess.Popen([b.uwsgid, "--config", os.path.join(d, "uwsgid.ini"), "--sites-dir", os.path.join(d, "sites"),
                              "--run-dir", os.path.join(d, "run")], env=dict(os.environ, UWSGID_JAR=b.jar),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if os.path.exists(os.path.join(d, "run", "control.sock")) or p.poll() is not None:
                break
            time.sleep(0.1)
        p.send_signal(signal.SIGTERM)
        p.wait(60)
    cds = os.path.join(os.path.dirname(b.jar), "cds")
    return sorted(f for f in os.listdir(cds) if f.startswith("uwsgid-")) if os.path.isdir(cds) else []


def jvm_options():
    """The daemon's JVM options as bin/uwsgid passes them (packaging/jvm/uwsgid.options, comments dropped)."""
    with open(os.path.join(REPO, "packaging", "jvm", "uwsgid.options")) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def report(b, res, cmdline, started, elapsed, data_path):
    a = b.args
    L = []
    add = L.append
    add("\n## Side by side: uwsgid, uWSGI's Emperor, supervisord (bench/compare)\n")
    add("- Date: %s; run took %.1f min%s." % (started, elapsed / 60, " (`--quick`: a smoke run, too few samples to conclude)" if a.quick else ""))
    add("- Command: `%s` (from the repository root, as root)." % cmdline)
    add("- Machine: %s; load average at start %s; other benchmarks seen: %s." % (machine(), b.loadavg0, b.others0))
    add("- uwsgid: %s (`bin/uwsgid`, i.e. `java %s%s -cp target/uwsgid.jar io.uwsgid.Main`, default settings)."
        % (a.source, os.environ.get("UWSGID_JAVA_OPTS") or " ".join(jvm_options()),
           " -XX:SharedArchiveFile=target/cds/%s" % b.archive[0] if getattr(b, "archive", None) else ""))
    add("- Versions: " + ", ".join("%s %s" % kv for kv in b.versions.items()) + ".")
    add("- App: a WSGI `application` answering `pid=N master=M` (%d bytes), site file (the same for every system):" % len("pid=12345 master=12344\n"))
    add("  `uid = nobody`, `gid = nogroup`, `plugins = python3`, `wsgi-file`, `socket = DIR/%%n.sock` (DIR owned by nobody: "
        "uWSGI binds after dropping privileges), `chmod-socket = 666`, `master = true`, `processes = %d`; "
        "nothing else (uwsgid adds `need-app` and its default `listen = 1024`; the others keep uWSGI's `listen = 100`)." % a.processes)
    add("- nginx 1 worker on 127.0.0.1, `uwsgi_pass unix:`, keep-alive to the client, access log off; one instance for the whole run.")
    add("- Each system: uwsgid `bin/uwsgid --sites-dir D --run-dir R`; Emperor `uwsgi --emperor D` as root (vassals drop to nobody "
        "by their uid/gid), tuned variant `--emperor-freq 1`; supervisord `supervisord -n` with `command = uwsgi --ini FILE`, "
        "`stopsignal = INT`, `autorestart = true`, other settings default (`startsecs = 1`).")
    add("- **Scheduling arrangement (same for every system)**: every uWSGI instance runs in a session of its own, hence in its own "
        "scheduling autogroup, as uwsgid starts them; nginx, the load generator, wrk and each supervisor are also each in their own "
        "session. uwsgid does this itself; the Emperor forks vassals in its own session, so it gets `--emperor-wrapper` = a shim "
        "`exec setsid uwsgi \"$@\"` (same pid); supervisord `setpgrp()`s its child, so its command is a `/bin/sh` shim that runs "
        "`setsid uwsgi ...` and passes INT/TERM/HUP/QUIT on. The footprint scenario runs without shims (plain configs), since "
        "nothing competes for CPU there. Evidence read from /proc during the run:")
    for sysname, ev in sorted(b.arrangement.items()):
        sup = ("no supervisor" if sysname == "hand" else
               "supervisor in session %d, autogroup %s" % (ev["sup_sid"], ev["sup_ag"]))
        add("  - %s: uWSGI master %s in session %d, autogroup %s; %s; nginx %s; "
            "this script %s; listening socket held by %s." % (
                LABEL.get(sysname, sysname), ev["master_pid"], ev["master_sid"], ev["master_ag"], sup,
                ev["nginx_ag"], ev["bench_ag"],
                ", ".join("%s %d" % (c, p) for p, c in ev["holders"]) or "?"))
    add("  - load generator: autogroup %s (wrk is started the same way, with setsid)." % getattr(b, "loadgen_ag", "not run"))
    add("- Every number: median [min-max] over the samples (one per reload, kill, wrk round or 10-s idle slice), n given.")

    # -------------------------------------------------- 1
    rel = res.get("reload")
    if rel:
        add("\n### 1. Reload under load\n")
        add("Fixed-rate load (python asyncio generator, `bench/lib/compare_load.py`, keep-alive HTTP/1.1 to nginx, open loop, "
            "latency counted from each request's scheduled time) at **%d req/s**; %d reload(s) per run, %d run(s) per system, "
            "interleaved. Triggers: uwsgid `reload` over the control socket from python (what `uwsgictl reload app` sends, "
            "without starting a JVM); Emperor: `touch` of the vassal file (`os.utime`); supervisord: `supervisorctl restart app`. "
            "The next trigger waits until a worker that did not exist before the trigger has answered, the command has "
            "returned, 1 s more, then %.1f s plus a random 0-%.0f s (so triggers land at a random point of the Emperor's scan "
            "period, which restarts at each message from a vassal); a reload that never completes within %d s is counted as such. A reload window is "
            "from the trigger to that point + 1 s; steady state is every other request (after 1 s of warm-up). "
            "Failure window: from the first failed request's send to the last failed one's answer; stall: the longest time with "
            "no answer at all inside the window (at this rate answers are ~%.1f ms apart)." % (
                a.rate, a.reloads, a.reload_runs, a.gap, a.jitter, a.event_timeout, 1000.0 / a.rate))
        add("")
        add("| system | reloads completed | failed requests per reload | failure window ms | stall ms | longest gap ms per steady second | new worker answers after ms | command returns after ms | p50 / p99 / max ms in windows | p50 / p99 / max ms steady | failed steady | achieved req/s (target %d) |" % a.rate)
        add("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for sysname, runs in rel.items():
            s = summarize_events(runs)
            if not s:
                add("| %s | no run completed (%s) | | | | | | | | | | |" % (LABEL[sysname], "; ".join(r.get("error", "") for r in runs)))
                continue
            add("| %s | %d/%d%s | %s | %s | %s | %s | %s | %s | %.1f / %.0f / %.0f | %.1f / %.0f / %.0f | %d | %s |" % (
                LABEL[sysname], s["completed"], s["n"], (", %d command(s) failed" % s["cmd_failed"]) if s["cmd_failed"] else "",
                spread(s["failed"]), spread(s["fail_window"]), spread(s["stall"]), spread(s["base_stall"]),
                spread(s["new_worker"]), spread(s["cmd_time"]) if s["cmd_time"] else "(touch)",
                *s["win"], *s["steady"], s["steady_failed"], spread(s["achieved"])))
        add("")
        add(events_footer(rel))
    # -------------------------------------------------- 2
    cr = res.get("crash")
    if cr:
        add("\n### 2. Crash recovery\n")
        add("`kill -9` of the site's uWSGI master (the parent of the worker that answered last) under the same %d req/s load; "
            "each kill on a freshly started system, %.0f s plus a random 0-%.0f s after the load started (%d per system, interleaved), so each is a first crash (uwsgid backs off 1 s on "
            "a second crash within `stable-after` = 30 s; the Emperor throttles vassals that never served). "
            "Back in service: the first answer from a worker that did not exist before the kill. (uwsgid holds the "
            "listening socket itself, so connections keep queueing in its backlog while the site respawns: they wait "
            "instead of failing.)" % (a.rate, a.warmup, a.jitter, a.kills))
        add("")
        add("| system | recovered | back in service after ms | failed requests | failure window ms | stall ms | longest gap ms per steady second | p99 / max ms in window | p99 / max ms steady |")
        add("|---|---|---|---|---|---|---|---|---|")
        for sysname, runs in cr.items():
            s = summarize_events(runs)
            if not s:
                add("| %s | no run completed | | | | | | | |" % LABEL[sysname])
                continue
            add("| %s | %d/%d | %s | %s | %s | %s | %s | %.0f / %.0f | %.0f / %.0f |" % (
                LABEL[sysname], s["completed"], s["n"], spread(s["new_worker"]), spread(s["failed"]),
                spread(s["fail_window"]), spread(s["stall"]), spread(s["base_stall"]), s["win"][1], s["win"][2],
                s["steady"][1], s["steady"][2]))
        add("")
        add(events_footer(cr))
        notes = []
        for k, runs in cr.items():
            s = summarize_events(runs)
            if s and (s["left"] or sum(s["timeouts"])):
                notes.append("%s: %d of %d kills had requests time out (the client gives up after 30 s; nginx would "
                             "answer 504 after its 60 s); after %d of %d runs, processes were still alive when the "
                             "system had stopped and were killed by the bench: %s" % (
                                 LABEL[k], sum(1 for t in s["timeouts"] if t), len(s["timeouts"]), s["runs_left"],
                                 s["runs"], "; ".join("%s %d (parent %d, state %s, %.0f %% of a core)" % (
                                     c, p, pp, st, 100 * busy) for p, c, pp, st, busy in s["left"])))
        if notes:
            add("\nLeft behind: " + "; ".join(notes) + ".")
    # -------------------------------------------------- 3
    ov = res.get("overhead")
    if ov:
        add("\n### 3. Request path overhead\n")
        add("Closed loop: `wrk -t1 -c%d -d%ds --latency` through nginx. All four run at once, each its own copy of the site "
            "file (named after the system, so its own socket and nginx port), idle but for the one under test; after a %d-s "
            "wrk warm-up each, %d rounds, order rotated each round; ratio = requests/s of the managed site / requests/s of "
            "uWSGI started by hand in the same round, seconds apart. Supervisor CPU: CPU seconds the supervisor process used "
            "during the wrk run (for supervisord, with its shim). uWSGI logs one line per request to stdout: by hand and under "
            "the Emperor straight into a file, under uwsgid and supervisord through a pipe the supervisor drains into the "
            "log, so the supervisor is on the log path though not on the request path." % (
                a.wrk_conns, a.wrk_seconds, a.wrk_warmup, a.rounds))
        add("")
        add("| system | req/s | ratio to by-hand | p50 / p99 ms (wrk, median) | supervisor CPU s per run | supervisor CPU ms per 1000 requests | supervisor write syscalls per request | non-2xx / socket errors |")
        add("|---|---|---|---|---|---|---|---|")
        hand = ov.get("hand", [])
        for sysname, ws in ov.items():
            ratios = [w["rps"] / h["rps"] for w, h in zip(ws, hand) if h["rps"]]
            add("| %s | %s | %s | %.2f / %.2f | %s | %s | %s | %d / %d |" % (
                LABEL[sysname], spread([w["rps"] for w in ws]), spread(ratios, "%.3f"),
                med([w["p50"] for w in ws]), med([w["p99"] for w in ws]),
                spread([w["sup_cpu"] for w in ws], "%.2f") if sysname != "hand" else "-",
                spread([1e6 * w["sup_cpu"] / max(1, w["requests"]) for w in ws], "%.2f") if sysname != "hand" else "-",
                spread([w["sup_writes"] for w in ws], "%.2f") if sysname != "hand" else "-",
                sum(w["non2xx"] for w in ws), sum(w["errors"] for w in ws)))
    # -------------------------------------------------- 4
    fp = res.get("footprint")
    if fp:
        recs, starts, costs = fp
        add("\n### 4. Footprint\n")
        add("Each system started with N site files (1 site: the app above, `processes = %d`; 100 and 500 sites: the same app "
            "with `processes = 1`), idle (no requests) for %d s after every site answered and %d s of settling. Supervisor = the "
            "uwsgid JVM, the Emperor process, the supervisord process (its children not included); tree = the supervisor and "
            "every uWSGI process under it. CPU in %% of one core, over %d-s slices from clock ticks (10 ms, so 0.1 %% a slice), "
            "and for the supervisor also over the whole idle time from its threads' schedstat (nanoseconds); the tree's over the idle time, from "
            "schedstat too (clock ticks miss most of a uWSGI process's short bursts). Time to start: from launching the supervisor "
            "until every site answered a request on its socket (uwsgi protocol, polled every 50 ms)." % (
                a.processes, a.idle, a.settle, 10))
        add("")
        add("| system | sites | supervisor RSS MB | supervisor PSS MB | supervisor CPU % idle, 10-s slices | supervisor CPU % over the idle time (schedstat) | tree processes | tree PSS MB | tree CPU % idle | first site spawned after s | all sites answering after s | stop took s |")
        add("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for sysname, rs in recs.items():
            for r in rs:
                add("| %s | %d | %.1f | %.1f | %s | %.3f | %d | %.0f | %.1f | %s | %s | %.1f |" % (
                    LABEL[sysname], r["sites"], r["sup_rss_kb"] / 1024, r["sup_pss_kb"] / 1024, spread(r["sup_cpu"], "%.2f"), r["sup_cpu_window"],
                    r["tree_procs"], r["tree_pss_kb"] / 1024, r["tree_cpu"],
                    "%.2f" % r["first_spawn"] if r.get("first_spawn") is not None else "n/a",
                    "%.2f" % r["t_all"] if r["t_all"] else "never (%d/%d)" % (r["ready"], r["sites"]), r["stop_s"]))
        ctl = [(LABEL[k], name, v) for k, rs in recs.items() for r in rs for name, v in r.get("ctl", {}).items()]
        if ctl:
            add("\nControl commands with 1 site, the whole process timed (JVM start included for uwsgictl), median and range of %d runs: "
                % a.ctl_reps + "; ".join("%s `%s` %s" % (lab, name, spread([x * 1000 for x in v], "%.0f", " ms")) for lab, name, v in ctl) + ".")
        add("\nFirst site spawned: from launching the supervisor to the first spawn its own log reports (uwsgid: "
            "\"spawned generation\", supervisord: \"spawned:\"; the Emperor logs whole seconds only): the supervisor's own "
            "start-up.")
        add("\nStop: uwsgid SIGTERM, Emperor SIGINT, supervisord `supervisorctl stop all` then SIGTERM (its own SIGTERM "
            "shutdown stops one program at a time, each waiting for uWSGI's ~1 s stop).")
        add("\nTime to start 100 sites until all answer, s: " + "; ".join(
            "%s %s (n=%d)" % (LABEL[k], spread(v, "%.2f"), len(v)) for k, v in starts.items()) + ".")
        if any(costs.values()):
            add("\nWhat starting 100 sites cost in CPU, from launch until every site answered (median and range over the "
                "same starts): the supervisor's own, that of the uWSGI processes under it (both from their threads' "
                "schedstat), and how many of this machine's %d cores were busy meanwhile (/proc/stat, the bench's "
                "polling included)." % NCPU)
            add("")
            add("| system | launch to every site answering, s | supervisor CPU s | sites' processes CPU s | machine busy, cores |")
            add("|---|---|---|---|---|")
            for k, cs in costs.items():
                if cs:
                    add("| %s | %s | %s | %s | %s |" % (LABEL[k], spread([c["wall_s"] for c in cs], "%.2f"),
                        spread([c["sup_s"] for c in cs], "%.2f"), spread([c["sites_s"] for c in cs], "%.2f"),
                        spread([c["busy_cores"] for c in cs], "%.2f")))
    # -------------------------------------------------- restart
    rr = res.get("restart")
    if rr:
        add("\n### The supervisor restarted under load\n")
        add("%d sites run (`app` with `processes = %d`, the others with 1); `app` takes %d requests/s through nginx; then the "
            "supervisor itself is restarted the way each one can be: uwsgid `uwsgictl upgrade` (a new uwsgid exec'd in place "
            "takes the running sites over; `systemctl restart` does the same through systemd's file descriptor store, checked by "
            "packaging/systemd-test); the Emperor has no restart that keeps its vassals, so it is stopped (SIGINT) and started "
            "again; supervisord `supervisorctl reload`. Back in control: uwsgid answers on its new control socket, the new "
            "Emperor process runs, `supervisorctl status` answers. Failed: requests scheduled from the restart to the end of "
            "the run (3 s after every site accepted again) that did not get a 200." % (
                max(r["sites"] for v in rr.values() for r in v) if any(rr.values()) else 0, a.processes, a.rate))
        add("")
        add("| system | sites | back in control after ms | every site accepting after ms | requests | failed | longest time without a 200, ms | uWSGI masters kept |")
        add("|---|---|---|---|---|---|---|---|")
        for sysname, rs in rr.items():
            for r in rs:
                add("| %s | %d | %.0f | %s | %d | %d%s | %.0f | %d of %d |" % (
                    LABEL[sysname], r["sites"], ms(r["t_control"]), "%.0f" % ms(r["t_sites"]) if r["t_sites"] is not None else "never",
                    r["n"], r["failed"], " (%s)" % ", ".join("%s %d" % kv for kv in sorted(r["kinds"].items())) if r["kinds"] else "",
                    ms(r["stall"]), r["same_masters"], r["masters"]))
    # -------------------------------------------------- noise
    add("\n### Noise\n")
    add("Machine CPU busy (in cores, of %d) and CPU used by long-lived processes this bench did not start, per measured "
        "run: " % NCPU + "; ".join("%s busy %s, others %s" % (
            k, spread([x[0] for x in v], "%.2f"), spread([x[1] for x in v], "%.2f")) for k, v in b.noise.items()) + ".")
    add("\n### Reading\n")
    for line in findings(b, res):
        add("- " + line)
    add("\nChart: `bench/compare.png` (drawn by `bench/compare.gp` from `bench/compare.dat`).\n")
    return "\n".join(L) + "\n"


def findings(b, res):
    out = []
    rel = res.get("reload", {})
    sums = {k: summarize_events(v) for k, v in rel.items()}
    sums = {k: v for k, v in sums.items() if v}
    if "uwsgid" in sums:
        u = sums["uwsgid"]
        for other in ("emperor", "emperor-f1", "supervisord"):
            if other in sums:
                o = sums[other]
                for key, what in (("failed", "failed requests per reload"), ("stall", "stall per reload")):
                    note = compare_note("uwsgid", u[key], LABEL[other], o[key], "Reload, " + what,
                                        "" if key == "failed" else " ms")
                    if note:
                        out.append(note)
        if u["stall"] and u["base_stall"]:
            out.append("Reload, uwsgid: stall per reload %s ms against a longest gap of %s ms per second of steady "
                       "state (what the machine and the load generator alone produce)%s" % (
                           spread(u["stall"]), spread(u["base_stall"]),
                           ": a reload is not visible above this machine's noise." if med(u["stall"]) <= 2 * med(u["base_stall"])
                           else "."))
        if "emperor" in sums and "emperor-f1" in sums:
            e, f = sums["emperor"], sums["emperor-f1"]
            out.append("Emperor tuning: `--emperor-freq 1` moves the first answer of a new worker from %s ms to %s ms "
                       "after the touch (the touch waits for the next directory scan), and failed requests per reload "
                       "from %s to %s: the failures come from the reload itself, not from the scan." % (
                           spread(e["new_worker"]), spread(f["new_worker"]), spread(e["failed"]), spread(f["failed"])))
        for k in ("emperor", "emperor-f1", "supervisord"):
            if k in sums and sums[k]["failed_total"]:
                eagain = sum(v for kk, v in sums[k]["nginx"].items() if kk.startswith("11:"))
                refused = sum(v for kk, v in sums[k]["nginx"].items() if kk.startswith(("111:", "2:")))
                out.append("Why %s fails requests on reload: nginx logged %d connects refused for a full listen queue "
                           "(uWSGI's default `listen = 100`, while %s) and %d for nothing listening or no socket file%s." % (
                               LABEL[k], eagain,
                               "uWSGI's in-place reload lets its workers finish, waits for them (its master checks once a "
                               "second), then re-execs and loads the app: nothing accepts meanwhile" if k.startswith("emperor")
                               else "the old uWSGI stops its workers and exits before the new one binds",
                               refused,
                               "" if k.startswith("emperor") else " (between the old master's exit and the new bind)"))
        for other, s in sums.items():
            if s["completed"] < s["n"]:
                out.append("Reload: %s had %d reload(s) that never completed within %d s." % (
                    LABEL[other], s["n"] - s["completed"], b.args.event_timeout))
        for k, s in sums.items():
            if s["achieved"] and min(s["achieved"]) < 0.97 * b.args.rate:
                out.append("The load generator fell behind its target rate during %s runs (%s req/s of %d): "
                           "those numbers undercount." % (LABEL[k], spread(s["achieved"]), b.args.rate))
    cr = {k: summarize_events(v) for k, v in res.get("crash", {}).items()}
    cr = {k: v for k, v in cr.items() if v}
    if "uwsgid" in cr:
        for other in ("emperor", "emperor-f1", "supervisord"):
            if other in cr:
                for key, what, unit in (("new_worker", "time back in service", " ms"), ("failed", "failed requests", "")):
                    note = compare_note("uwsgid", cr["uwsgid"][key], LABEL[other], cr[other][key], "Crash, " + what, unit)
                    if note:
                        out.append(note)
    for k, s in cr.items():
        if sum(s["timeouts"]):
            out.append("Crash, %s: in %d of %d kills, requests hung until the client's 30-s timeout (%d in all). Processes "
                       "left alive at the system's stop: %s. Seen while developing this bench (strace of such a "
                       "worker): uWSGI's SIGPIPE handler logs a warning to stdout, the pipe supervisord closed when it "
                       "reaped the killed master, which raises SIGPIPE again: the orphaned worker spins at 100 %% CPU "
                       "forever, holding the old listening socket, whose queued connections nobody accepts. uwsgid "
                       "keeps a dead master's log pipe open while its workers finish their requests (SIGHUP), kills "
                       "its process group after the site's mercy time, and the Emperor's vassals log to a file, not a "
                       "pipe." % (
                           LABEL[k], sum(1 for t in s["timeouts"] if t), len(s["timeouts"]), sum(s["timeouts"]),
                           ", ".join("%s %d (parent %d, state %s, %.0f %% of a core)" % (c, p, pp, st, 100 * busy)
                                     for p, c, pp, st, busy in s["left"]) or "none"))
    ov = res.get("overhead", {})
    if "hand" in ov:
        for k, ws in ov.items():
            if k == "hand":
                continue
            ratios = [w["rps"] / h["rps"] for w, h in zip(ws, ov["hand"]) if h["rps"]]
            if not ratios:
                continue
            inside = min(ratios) <= 1.0 <= max(ratios)
            if k in ("uwsgid", "supervisord"):
                out.append("Log path, %s: its supervisor process used %s ms CPU per 1000 requests and made %s write "
                           "syscalls per request while wrk ran: it drains uWSGI's log line per request from a pipe "
                           "and writes it out (the Emperor's vassals write to the inherited file themselves: 0). On a "
                           "2-core machine that CPU is taken from the same cores the workers use." % (
                               LABEL[k], spread([1e6 * w["sup_cpu"] / max(1, w["requests"]) for w in ws], "%.1f"),
                               spread([w["sup_writes"] for w in ws], "%.2f")))
            if k == "uwsgid" and len(ratios) >= 3 and max(ratios) < 1.0:
                out.append("Request path, uwsgid below by-hand in every round: its JVM drains uWSGI's per-request log "
                           "lines (%s ms CPU per 1000 requests), CPU the 2-core machine takes from the workers." % spread(
                               [1e6 * w["sup_cpu"] / max(1, w["requests"]) for w in ws], "%.1f"))
            out.append("Request path, %s: ratio %s (n=%d); %s" % (
                LABEL[k], spread(ratios, "%.3f"), len(ratios),
                "too few rounds to conclude." if len(ratios) < 3 else
                "1.0 lies inside the spread: no difference this machine can see." if inside else
                ("below 1.0 in every round." if max(ratios) < 1.0 else "above 1.0 in every round.")))
    fp = res.get("footprint")
    if fp:
        recs, starts, costs = fp
        by = {(r["system"], r["sites"]): r for rs in recs.values() for r in rs}
        for n in sorted({r["sites"] for rs in recs.values() for r in rs}):
            row = {k: by[(k, n)]["sup_rss_kb"] / 1024 for k in recs if (k, n) in by}
            if "uwsgid" in row and len(row) > 1:
                best = min(row, key=row.get)
                if best != "uwsgid":
                    out.append("Footprint, %d site(s): uwsgid's supervisor RSS is %.0f MB against %s for %s: the JVM "
                               "(heap, class metadata, JIT code) costs more than a C or python supervisor." % (
                                   n, row["uwsgid"], ", ".join("%.1f MB" % row[k] for k in row if k != "uwsgid"),
                                   " and ".join(LABEL[k] for k in row if k != "uwsgid")))
        for n in sorted({r["sites"] for rs in recs.values() for r in rs}):
            row = {k: by[(k, n)] for k in recs if (k, n) in by}
            if "uwsgid" in row and len(row) > 1:
                cpu = {k: r["sup_cpu_window"] for k, r in row.items()}
                if cpu["uwsgid"] > max(v for k, v in cpu.items() if k != "uwsgid"):
                    out.append("Idle CPU, %d site(s), over the idle time: uwsgid's supervisor uses %.3f %% of a core against %s: its "
                               "health thread collects its sites' heartbeats once a heartbeat period (3 s by default), its resting loop turns every 10 s, and "
                               "the JVM has threads of its own (compiler, GC, safepoints)." % (n, cpu["uwsgid"], ", ".join(
                                   "%.3f %% (%s)" % (v, LABEL[k]) for k, v in cpu.items() if k != "uwsgid")))
                if n > 1:
                    t = {k: r["t_all"] for k, r in row.items() if r["t_all"]}
                    if "uwsgid" in t and len(t) > 1:
                        slower = [k for k in t if k != "uwsgid" and t[k] < t["uwsgid"]]
                        fs = row["uwsgid"].get("first_spawn")
                        out.append("Start of %d sites (this one sample each; the 100-site repeats are below): %s.%s" % (
                            n, ", ".join("%s %.1f s" % (LABEL[k], v) for k, v in t.items()),
                            (" uwsgid is slower than %s here; %s" % (
                                " and ".join(LABEL[k] for k in slower),
                                "its first site was spawned %.2f s after launch (JVM start-up and reading the sites "
                                "directory), time the Emperor, a C program, does not spend, and its own CPU per site "
                                "competes with the sites' for the cores (the start's CPU, below)." % fs if fs is not None
                                else "the JVM's start-up comes first."))
                            if slower else ""))
        if starts.get("uwsgid"):
            for other in starts:
                if other != "uwsgid" and starts[other]:
                    out.append(compare_note("uwsgid", starts["uwsgid"], LABEL[other], starts[other],
                                            "Start of 100 sites", " s", "%.2f"))
            cs = {k: v for k, v in costs.items() if v}
            if "uwsgid" in cs and len(cs) > 1:
                cpu = {k: (med([c["sup_s"] for c in v]), med([c["sites_s"] for c in v]), med([c["busy_cores"] for c in v]))
                       for k, v in cs.items()}
                out.append("What a start of 100 sites costs (medians): %s. On %d cores, a start that keeps them busy "
                           "lasts at least its CPU divided by %d; uwsgid's own CPU (its JVM starting, then checking, "
                           "binding and spawning each site) comes on top of the sites' own." % ("; ".join(
                               "%s %.2f s of CPU for itself and %.2f s for its sites, %.2f cores busy" % ((LABEL[k],) + v)
                               for k, v in cpu.items()), NCPU, NCPU))
    return [x for x in out if x]


def dat_blocks(path):
    """compare.dat as [(header line, [data lines])], in order."""
    blocks = []
    with open(path) as f:
        for line in f.read().splitlines():
            if line.startswith("# "):
                blocks.append((line, []))
            elif line.strip() and blocks:
                blocks[-1][1].append(line)
    return blocks


def keep_unrun_blocks(new, old):
    """A run of some scenarios keeps the chart's data of the others from the last recorded run
    (bench/compare.dat): a block this run left empty ("(not run)", or "1 0 0 0") takes the old one's rows."""
    if not os.path.exists(old):
        return
    before = dict(dat_blocks(old))
    out = []
    for header, rows in dat_blocks(new):
        if (rows in (['"(not run)" 0 0 0'], ["1 0 0 0"])) and before.get(header):
            rows = before[header]
        out.append(header + "\n" + "\n".join(rows) + "\n\n\n")
    with open(new, "w") as f:
        f.write("".join(out))


def chart_data(res, path):
    """Blocks for bench/compare.gp (gnuplot `index`): see the comments in the file."""
    L = []
    order = ["uwsgid", "emperor", "emperor-f1", "supervisord", "hand"]

    def block_end(first):
        if len(L) == first:
            L.append('"(not run)" 0 0 0')
        L.append("\n")

    def row(label, xs):
        xs = [x for x in xs if x == x]
        return '"%s" %g %g %g' % (label, med(xs) if xs else 0, min(xs) if xs else 0, max(xs) if xs else 0)
    short = {"uwsgid": "uwsgid", "emperor": "Emperor", "emperor-f1": "Emperor f1", "supervisord": "supervisord",
             "hand": "by hand"}
    for key, field in (("reload", "stall"), ("reload", "failed"), ("crash", "new_worker"), ("crash", "failed")):
        L.append("# %s %s: system median min max" % (key, field))
        first = len(L)
        for k in order:
            runs = res.get(key, {}).get(k)
            s = summarize_events(runs) if runs else None
            if s:
                L.append(row(short[k], s[field]))
        block_end(first)
    L.append("# overhead ratio to by-hand: system median min max")
    first = len(L)
    ov = res.get("overhead", {})
    for k in order:
        if k in ov and k != "hand" and "hand" in ov:
            L.append(row(short[k], [w["rps"] / h["rps"] for w, h in zip(ov[k], ov["hand"]) if h["rps"]]))
    block_end(first)
    fp = res.get("footprint")
    recs, starts, _ = fp if fp else ({}, {}, {})
    for field, scale in (("sup_rss_kb", 1 / 1024.0), ("sup_cpu_window", 1.0)):
        L.append("# footprint %s: sites uwsgid Emperor supervisord" % field)
        first = len(L)
        sizes = sorted({r["sites"] for rs in recs.values() for r in rs})
        for n in sizes:
            vals = []
            for k in ("uwsgid", "emperor", "supervisord"):
                r = [x for x in recs.get(k, []) if x["sites"] == n]
                v = r[0][field] * scale if r else float("nan")
                vals.append("%g" % v if v == v else "NaN")
            L.append("%d %s" % (n, " ".join(vals)))
        if len(L) == first:
            L.append("1 0 0 0")
        L.append("\n")
    L.append("# start 100 sites, s: system median min max")
    first = len(L)
    for k in order:
        if starts.get(k):
            L.append(row(short[k], starts[k]))
    if len(L) == first:
        L.append('"(not run)" 0 0 0')
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


# ---------------------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a few-minute smoke run")
    p.add_argument("--record", action="store_true", help="append the section to bench/RESULTS.md, write bench/compare.{dat,png}")
    p.add_argument("--scenarios", default="reload,crash,overhead,footprint,restart")
    p.add_argument("--systems", default="uwsgid,emperor,emperor-f1,supervisord",
                   help="systems for reload and crash (overhead adds `hand`; footprint drops emperor-f1)")
    p.add_argument("--rate", type=int, default=300, help="fixed load, requests/s")
    p.add_argument("--reloads", type=int, default=10)
    p.add_argument("--reload-runs", type=int, default=2)
    p.add_argument("--kills", type=int, default=5)
    p.add_argument("--rounds", type=int, default=5, help="wrk rounds per system")
    p.add_argument("--gap", type=float, default=1.5, help="seconds between one event's end (+1 s) and the next")
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--jitter", type=float, default=3.0,
                   help="a random 0..N s added to each gap (and to the warm-up before a kill)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--event-timeout", type=int, default=30)
    p.add_argument("--wrk-seconds", type=int, default=5)
    p.add_argument("--wrk-warmup", type=int, default=2)
    p.add_argument("--wrk-conns", type=int, default=16)
    p.add_argument("--sizes", default="1,100,500")
    p.add_argument("--idle", type=int, default=60)
    p.add_argument("--settle", type=int, default=5)
    p.add_argument("--start-reps", type=int, default=3)
    p.add_argument("--start-timeout", type=int, default=240)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--restart-sites", type=int, default=100, help="sites running when the supervisor restarts")
    p.add_argument("--ctl-reps", type=int, default=20, help="runs of each control command (footprint, 1 site)")
    p.add_argument("--restart-runs", type=int, default=2)
    p.add_argument("--jar", default=os.path.join(REPO, "target", "uwsgid.jar"))
    p.add_argument("--source", default=None, help="what uwsgid build this is (default: git describe)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    p.add_argument("--cmdline", default=None, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.quick:
        a.reloads, a.reload_runs, a.kills = 3, 1, 2
        a.rounds, a.wrk_seconds, a.sizes, a.idle, a.start_reps, a.settle = 2, 3, "1,20", 10, 1, 2
        a.restart_sites, a.restart_runs = 20, 1
    if os.geteuid() != 0:
        raise SystemExit("bench/compare: uwsgid, the Emperor and supervisord start as root; run it as root")
    if a.source is None:
        r = run(["git", "-C", REPO, "describe", "--always", "--dirty"])
        a.source = ("commit " + r.stdout.strip()) if r.returncode == 0 else "a build of this source tree"
    scen = a.scenarios.split(",")
    systems = a.systems.split(",")
    b = Bench(a)
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t_start = now()

    def on_signal(sig, _frame):
        raise SystemExit("stopped by signal %d" % sig)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        b.versions = versions(a.jar)
        b.loadavg0 = " ".join(open("/proc/loadavg").read().split()[:3])
        b.others0 = other_benchmarks()
        log("temporary directory %s; the machine: %s" % (b.tmp, machine()))
        log("other processes seen: %s" % b.others0)
        if "uwsgid" in systems and not os.environ.get("UWSGID_JAVA_OPTS"):
            b.archive = prime_archive(b)
            log("uwsgid class-data archive: %s" % (b.archive or "none"))
        b.start_nginx(["app", "hand"] + [x for x in systems if x != "emperor-f1"])
        res = {}
        if "reload" in scen:
            res["reload"] = b.scenario_events("reload", systems, a.reload_runs, a.reloads, a.reloads)
        if "crash" in scen:
            res["crash"] = b.scenario_events("crash", systems, a.kills, 1, 1)
        if "overhead" in scen:
            ov = ["hand"] + [s for s in systems if s != "emperor-f1"]
            res["overhead"] = b.scenario_overhead(ov, a.rounds)
        if "footprint" in scen:
            fs = [s for s in systems if s != "emperor-f1"]
            res["footprint"] = b.scenario_footprint(fs, [int(x) for x in a.sizes.split(",")], a.idle, a.start_reps)
        if "restart" in scen:
            rs = [s for s in systems if s != "emperor-f1"]
            res["restart"] = b.scenario_restart(rs, a.restart_sites, a.restart_runs)
        elapsed = now() - t_start
        cmdline = a.cmdline or "bench/compare " + " ".join(sys.argv[1:])
        text = report(b, res, cmdline, started, elapsed, None)
        with open(os.path.join(b.tmp, "results.json"), "w") as f:
            json.dump(res, f, default=str)
        data = os.path.join(b.tmp, "compare.dat")
        chart_data(res, data)
        keep_unrun_blocks(data, os.path.join(BENCH, "compare.dat"))
        png = os.path.join(b.tmp, "compare.png")
        r = run(["gnuplot", "-e", "datafile='%s'; outfile='%s'" % (data, png), CHART])
        if r.returncode:
            log("gnuplot failed: " + r.stdout)
        print(text)
        if a.record:
            fd = os.open(os.path.join(BENCH, "RESULTS.md"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(fd, text.encode())
            os.close(fd)
            shutil.copy(data, os.path.join(BENCH, "compare.dat"))
            if os.path.exists(png):
                shutil.copy(png, os.path.join(BENCH, "compare.png"))
            log("recorded: bench/RESULTS.md (appended), bench/compare.dat, bench/compare.png")
    finally:
        b.procs.cleanup()
        if a.keep:
            log("kept %s" % b.tmp)
        else:
            shutil.rmtree(b.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
