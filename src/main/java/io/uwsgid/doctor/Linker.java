package io.uwsgid.doctor;

import io.uwsgid.os.RegularFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the dynamic linker would find a library for a plugin, looking where ld.so looks (the
 * plugin's RUNPATH, /etc/ld.so.cache, the trusted directories) and nowhere else: uwsgid gives a
 * site no LD_LIBRARY_PATH.
 */
final class Linker {
    static final Path CACHE = Path.of("/etc/ld.so.cache");
    private static final List<Path> TRUSTED = List.of(Path.of("/lib"), Path.of("/usr/lib"), Path.of("/lib64"), Path.of("/usr/lib64"),
            Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib/aarch64-linux-gnu"));
    /** Where a self-built Python's library usually lands (the seed's --prefix=/usr/local --exec-prefix=/usr/local/python3.4). */
    private static final List<String> HINTS = List.of("/usr/local/lib", "/usr/local/lib64", "/usr/local/*/lib", "/opt/*/lib", "/opt/*/*/lib");

    /** Each system's linker, by its cache file, read again when that changes (ldconfig renames a new one into place). */
    private static final ReadOnce<Linker> SYSTEMS = new ReadOnce<>();

    /** The strings of the cache, each NUL-ended, and the last part of each path among them. */
    private final Set<String> names;
    private final Path root;

    Linker(byte[] cache) {
        this(cache, Path.of("/"));
    }

    private Linker(byte[] cache, Path root) {
        this.names = names(cache);
        this.root = root;
    }

    /** The host's dynamic linker. */
    static Linker system() {
        return system(Path.of("/"));
    }

    /**
     * The dynamic linker of a system whose top is {@code root} (a jail's, with its own cache):
     * read once, and again when its cache file has changed (every spawn's preflight asks).
     */
    static Linker system(Path root) {
        return SYSTEMS.get(SiteOptions.onHost(root, CACHE), file -> new Linker(RegularFiles.read(file, 64 << 20).orElse(new byte[0]), root));
    }

    /** Every string that ends in a NUL and starts after one, and the part of each after its last slash. */
    private static Set<String> names(byte[] cache) {
        Set<String> out = new HashSet<>();
        int start = -1;
        for (int i = 0; i < cache.length; i++) {
            if (cache[i] != 0) {
                continue;
            }
            if (start >= 0 && i > start) {
                String s = new String(cache, start, i - start, StandardCharsets.ISO_8859_1);
                out.add(s);
                out.add(s.substring(s.lastIndexOf('/') + 1));
            }
            start = i + 1;
        }
        return out;
    }

    boolean finds(String soname, Path object, Elf elf) {
        if (soname.contains("/")) {
            return Files.exists(Path.of(soname));
        }
        if (inCache(soname)) {
            return true;
        }
        return searched(object, elf).stream().anyMatch(d -> Files.exists(d.resolve(soname)));
    }

    /** Where the library is in the directories ld.so searches besides its cache (RUNPATH first), if there. */
    Optional<Path> resolve(String soname, Path object, Elf elf) {
        return searched(object, elf).stream().map(d -> d.resolve(soname)).filter(Files::exists).findFirst();
    }

    /**
     * Where only the object's RUNPATH provides the library: ld.so passes over a RUNPATH directory
     * the process cannot enter and goes on to its cache, so only then must the site's user reach it.
     */
    Optional<Path> onlyInRunpath(String soname, Path object, Elf elf) {
        if (inCache(soname) || trusted().stream().anyMatch(d -> Files.exists(d.resolve(soname)))) {
            return Optional.empty();
        }
        return resolve(soname, object, elf);
    }

    /** The directories looked in besides the cache: the object's RUNPATH ($ORIGIN expanded), then the trusted ones that exist. */
    List<Path> searched(Path object, Elf elf) {
        List<Path> dirs = new ArrayList<>();
        Path origin = object.toAbsolutePath().getParent();
        for (String r : elf.runpath()) {
            if (!r.isEmpty()) {
                String dir = r.replace("${ORIGIN}", origin.toString()).replace("$ORIGIN", origin.toString());
                dirs.add(r.contains("ORIGIN") ? Path.of(dir) : SiteOptions.onHost(root, Path.of(dir)));
            }
        }
        trusted().stream().filter(Files::isDirectory).forEach(dirs::add);
        return dirs;
    }

    private List<Path> trusted() {
        return TRUSTED.stream().map(d -> SiteOptions.onHost(root, d)).toList();
    }

    /** ldconfig merges string tails, so a name may be stored only as the end of its path: either form counts. */
    boolean inCache(String soname) {
        String key = new String(soname.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1); // the cache's bytes, one char each
        return names.contains(key) || key.indexOf('/') >= 0 && names.stream().anyMatch(n -> n.endsWith("/" + key));
    }

    /** Where the library is on disk though ld.so does not look there, if it is in one of the usual places for a self-built Python. */
    static Optional<Path> locate(String soname) {
        for (String hint : HINTS) {
            for (Path dir : expand(hint)) {
                if (Files.exists(dir.resolve(soname))) {
                    return Optional.of(dir.resolve(soname));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> expand(String pattern) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return List.of(Path.of(pattern));
        }
        Path base = Path.of(pattern.substring(0, star - 1));
        String rest = pattern.substring(star + 2);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path d : dirs) {
                out.addAll(expand(d + "/" + rest));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory holds nothing we can point at
        }
        return out;
    }
}
