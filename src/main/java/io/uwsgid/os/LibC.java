package io.uwsgid.os;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.byref.IntByReference;

/** The libc calls the daemon makes, bound through jnr-ffi. */
public interface LibC {
    int posix_spawn_file_actions_init(Pointer actions);
    int posix_spawn_file_actions_destroy(Pointer actions);
    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);
    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);
    int posix_spawnattr_init(Pointer attr);
    int posix_spawnattr_destroy(Pointer attr);
    int posix_spawnattr_setflags(Pointer attr, short flags);
    int posix_spawnattr_setsigmask(Pointer attr, Pointer set);
    int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);
    int sigemptyset(Pointer set);
    int sigaction(int signum, Pointer act, Pointer oldact);
    int sigfillset(Pointer set);
    int posix_spawn(IntByReference pid, String path, Pointer actions, Pointer attr, String[] argv, String[] envp);

    int pipe2(int[] fds, int flags);
    int socketpair(int domain, int type, int protocol, int[] fds);
    int socket(int domain, int type, int protocol);
    int bind(int fd, Pointer addr, int len);
    int listen(int fd, int backlog);
    int setsockopt(int fd, int level, int option, IntByReference value, int len);
    int poll(Pointer fds, long nfds, int timeoutMillis);
    int epoll_create1(int flags);
    int epoll_ctl(int epfd, int op, int fd, Pointer event);
    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);
    long read(int fd, byte[] buf, long count);
    long recv(int fd, byte[] buf, long count, int flags);
    long write(int fd, byte[] buf, long count);
    int close(int fd);
    int fcntl(int fd, int cmd, int arg);
    int getsockopt(int fd, int level, int option, IntByReference value, IntByReference len);
    long sendmsg(int fd, Pointer msg, int flags);
    long sendto(int fd, byte[] buf, long len, int flags, Pointer addr, int addrlen);
    int memfd_create(String name, int flags);
    long lseek(int fd, long offset, int whence);
    int execve(String path, String[] argv, String[] envp);
    int kill(int pid, int signal);
    int waitpid(int pid, int[] status, int options);
    int waitid(int idtype, int id, Pointer info, int options);
    int getuid();
    long sysconf(int name);
    int getpwnam_r(String name, Pointer pwd, Pointer buf, long size, Pointer result);
    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long size, Pointer result);
    int getgrnam_r(String name, Pointer grp, Pointer buf, long size, Pointer result);
    int getgrgid_r(int gid, Pointer grp, Pointer buf, long size, Pointer result);

    int openat(int dirfd, String path, int flags, int mode);
    int mkdirat(int dirfd, String path, int mode);
    int fchmodat(int dirfd, String path, int mode, int flags);
    int fchownat(int dirfd, String path, int uid, int gid, int flags);
    int renameat(int olddirfd, String oldpath, int newdirfd, String newpath);
    int unlinkat(int dirfd, String path, int flags);
    int fchown(int fd, int uid, int gid);
    int fchmod(int fd, int mode);
    int fsync(int fd);
    int statx(int dirfd, String path, int flags, int mask, Pointer statx);

    /** statx with a path already NUL-terminated: fstat's empty one, without encoding a String at each call. */
    int statx(int dirfd, @In byte[] path, int flags, int mask, Pointer statx);
    String strerror(int errnum);
    int malloc_trim(long pad);
}
