# Sourced (never run) by bin/uwsgid, bin/uwsgictl and the packages' /usr/bin/uwsgid and
# /usr/bin/uwsgictl: starts the JVM with an AppCDS archive of the classes the program loads
# (bench/README.md, "JVM flags": it saves a third of the start-up CPU).
#
# uwsgid_java NAME OPTIONS JAR CACHE MAIN [ARG...] execs java @OPTIONS -cp JAR MAIN ARG...
#  - with CACHE/NAME-KEY.jsa if it exists. KEY is a checksum of the size and time of the jar, the
#    options file and the JVM's libjvm.so: an archive only fits the exact classes and JVM it
#    was made with, so any upgrade of either gets a new name and a new archive;
#  - else, when CACHE is writable (and ARG is not just --help or --version), with -XX:ArchiveClassesAtExit: this run writes the classes it
#    loaded at its exit to CACHE/.NAME-KEY.new, and the next start tries that file with
#    -Xshare:on and renames it into place only if the JVM maps it (a file cut short by a kill
#    mid-write would crash a JVM that maps it; it is deleted instead);
#  - else without an archive, as before.
# The JVM exec'ed is always the program itself (systemd's main pid is the JVM).
uwsgid_java() {
    # the jar by its one real path: the key and -cp (which the archive records) stay the same however it was named
    _name=$1 _opts=$2 _jar=$(readlink -f "$3") _cache=$4 _main=$5
    shift 5
    _jvm=$(readlink -f "$(command -v java)")
    _key=$(stat -L -c '%s %Y %n' "$_jar" "$_opts" "${_jvm%/bin/java}/lib/server/libjvm.so" 2>/dev/null | cksum | cut -d' ' -f1)
    _archive=$_cache/$_name-$_key.jsa
    _new=$_cache/.$_name-$_key.new
    _writable=false
    if mkdir -p "$_cache" 2>/dev/null && [ -w "$_cache" ]; then
        _writable=true
    fi
    if [ ! -f "$_archive" ] && [ -f "$_new" ] && $_writable; then
        if (cd / && java @"$_opts" -Xshare:on -XX:SharedArchiveFile="$_new" -XX:ErrorFile=/dev/null -cp "$_jar" -version; exit $?) >/dev/null 2>&1; then
            rm -f "$_cache/$_name"-*.jsa
            mv -f "$_new" "$_archive"
        else
            rm -f "$_new"
        fi
    fi
    if [ -f "$_archive" ]; then
        exec java @"$_opts" -XX:SharedArchiveFile="$_archive" -cp "$_jar" "$_main" "$@"
    fi
    case ${1:-} in
        -h|--help|-V|--version|help) _writable=false ;; # too few classes to learn from
    esac
    if $_writable; then
        exec java @"$_opts" -XX:ArchiveClassesAtExit="$_new" -cp "$_jar" "$_main" "$@"
    fi
    exec java @"$_opts" -cp "$_jar" "$_main" "$@"
}

# uwsgid_train: run as root by the packages' postinst and %post, before the service starts: a
# daemon with no sites (in a temporary directory, without /metrics) answers one uwsgictl status
# and stops, so that both programs have written an archive when they next start. Never fails.
uwsgid_train() {
    _t=$(mktemp -d) || return 0
    mkdir "$_t/sites" && printf '[uwsgid]\nmetrics =\n' >"$_t/uwsgid.ini" || { rm -rf "$_t"; return 0; }
    /usr/bin/uwsgid --config "$_t/uwsgid.ini" --sites-dir "$_t/sites" --run-dir "$_t/run" >/dev/null 2>&1 &
    _pid=$!
    for _i in $(seq 1 150); do
        [ -S "$_t/run/control.sock" ] && break
        sleep 0.2
    done
    /usr/bin/uwsgictl status --socket "$_t/run/control.sock" >/dev/null 2>&1
    kill -TERM "$_pid" 2>/dev/null
    wait "$_pid" 2>/dev/null
    rm -rf "$_t"
    return 0
}
