package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginCheckTest {
    static final Path DEBIAN_PLUGIN = Path.of("/usr/lib/uwsgi/plugins/python311_plugin.so");

    @TempDir
    Path dir;

    /** Debian's python311 plugin with its DT_NEEDED renamed, as if built against a Python 3.4 whose library is not installed. */
    static Path pluginNeedingLibpython34(Path plugins) throws IOException {
        byte[] b = Files.readAllBytes(DEBIAN_PLUGIN);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("libpython3.11.so.1.0");
        byte[] replacement = "libpython3.4m.so.1.0".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(replacement, 0, b, at, replacement.length);
        Files.createDirectories(plugins);
        return Files.write(plugins.resolve("python34_plugin.so"), b);
    }

    @Nested
    class FindingPlugins {
        @Test
        void aPluginInNoDirectoryIsAnErrorListingWhereUwsgiLooked() {
            Fixture fx = new Fixture(dir);
            fx.mkdir("plugins");
            List<Finding> f = fx.preflight("plugins-dir = $D/plugins\nplugins = python34\n");
            assertEquals(List.of(fx.dir.resolve("site.ini") + ":6: error: plugin python34 not found: no " + dir.resolve("plugins/python34_plugin.so")
                    + ", /usr/lib/uwsgi/plugins/python34_plugin.so; fix: use a plugin Debian ships (apt-get install uwsgi-plugin-python3; "
                    + "plugins = python3), or build one for your Python: PYTHON=/usr/local/pythonX.Y/bin/pythonX.Y uwsgi --build-plugin "
                    + "\"/usr/src/uwsgi/plugins/python python34\" and copy python34_plugin.so into " + dir.resolve("plugins")), Fixture.lines(f));
        }

        @Test
        void aPluginsDirBelowThePluginsLineDoesNotCountAsUwsgiReadsInOrder() throws IOException {
            Fixture fx = new Fixture(dir);
            Files.copy(DEBIAN_PLUGIN, fx.mkdir("plugins").resolve("python99_plugin.so"));
            List<Finding> f = fx.preflight("plugins = python99\nplugins-dir = $D/plugins\n");
            assertEquals(1, f.size(), f.toString());
            assertTrue(f.get(0).message().startsWith("plugin python99 is in " + dir.resolve("plugins") + ", but plugins-dir comes after this line (line 6)"),
                    f.get(0).message());
            assertEquals("move the plugins-dir line above this one", f.get(0).fix());
        }

        @Test
        void aMissingPluginsDirIsAWarning() {
            List<Finding> f = new Fixture(dir).preflight("plugins-dir = /nonexistent/plugins\nplugins = python3\n");
            assertEquals(Severity.WARNING, f.get(0).severity());
            assertTrue(f.get(0).message().startsWith("plugins-dir /nonexistent/plugins does not exist"), f.get(0).message());
        }

        @Test
        void debiansPluginsPass() {
            assumeTrue(Files.exists(DEBIAN_PLUGIN));
            assertEquals(List.of(), new Fixture(dir).preflight("plugins = python3,python311\n"));
        }
    }

    @Nested
    class Libraries {
        @Test
        void aLibpythonTheLinkerCannotFindIsAnErrorWithTheFix() throws IOException {
            assumeTrue(Files.exists(DEBIAN_PLUGIN));
            Fixture fx = new Fixture(dir);
            Path plugin = pluginNeedingLibpython34(dir.resolve("plugins"));
            List<Finding> f = fx.preflight("plugins-dir = $D/plugins\nplugins = python34\n");
            assertEquals(1, f.size(), f.toString());
            assertTrue(f.get(0).message().startsWith("plugin python34 (" + plugin + ") needs libpython3.4m.so.1.0, which the dynamic linker cannot find"
                    + " (looked in /etc/ld.so.cache and /lib, /usr/lib"), f.get(0).message());
            assertTrue(f.get(0).fix().contains("ldconfig"), f.get(0).fix());
        }

        @Test
        void thePluginsPythonVersionComesFromTheLibraryItLinks() throws IOException {
            assumeTrue(Files.exists(DEBIAN_PLUGIN));
            Elf elf = Elf.read(Files.readAllBytes(DEBIAN_PLUGIN)).orElseThrow();
            assertTrue(elf.needed().contains("libpython3.11.so.1.0"), elf.toString());
            Plugin p = new Plugin("python3", null, DEBIAN_PLUGIN, List.of(), elf);
            assertEquals("3.11", p.pythonVersion());
        }

        @Test
        void withoutTheFileTheVersionComesFromTheName() {
            assertEquals("3.4", new Plugin("python34", null, null, List.of(), null).pythonVersion());
            assertEquals("2.7", new Plugin("/usr/local/lib/uwsgi/python27_plugin.so", null, null, List.of(), null).pythonVersion());
            assertNull(new Plugin("python3", null, null, List.of(), null).pythonVersion());
        }

        @Test
        void theLinkersCacheKnowsLibcWhoseNameItStoresOnlyAsThePathsTail() {
            Linker linker = Linker.system();
            assertTrue(linker.inCache("libc.so.6"));
            assertTrue(!linker.inCache("libpython3.4m.so.1.0"));
            assertTrue(new Linker("x\0/usr/lib/libfoo.so.1\0".getBytes()).inCache("libfoo.so.1"));
            Linker whole = new Linker("x\0libbar.so.2\0/usr/lib/libfoo.so.1\0".getBytes());
            assertTrue(whole.inCache("libbar.so.2"), "a name stored whole");
            assertTrue(!whole.inCache("libfoo.so") && !whole.inCache("ibbar.so.2") && !whole.inCache("libbar.so"), "only whole names and whole tails");
            assertTrue(whole.inCache("lib/libfoo.so.1") && !whole.inCache("b/libfoo.so.1"), "a name with a slash: the end of a path");
        }

        @Test
        void whatIsNotElfIsNotUnderstood() {
            assertTrue(Elf.read("not an ELF file at all, just text, long enough to have a header and more".getBytes()).isEmpty());
            assertTrue(Elf.read(new byte[0]).isEmpty());
        }
    }
}
