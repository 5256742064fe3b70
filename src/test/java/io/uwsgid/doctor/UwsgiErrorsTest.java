package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.SiteConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uWSGI 2.0.21's own lines (captured on Debian 12, see each test) mapped to the seed's cases. */
class UwsgiErrorsTest {
    @TempDir
    Path dir;

    private List<Finding> map(String body, List<String> output) {
        Fixture fx = new Fixture(dir);
        SiteConfig site = fx.site(body);
        return UwsgiErrors.map(output, 1, site, Plugins.of(site.options()), "nobody");
    }

    @Test
    void aStartThatReachedTheAppHookHasNoFindings() {
        assertEquals(List.of(), map("plugins = python3\n", List.of("added /tmp/uwx/ to pythonpath.", "running \"exit:0\" (pre app)...")));
    }

    @Test
    void reachingTheAppHookAfterAPluginFailedIsStillAFailure() {
        // uWSGI carries on without the plugin, reaches the hook, and would later find no app
        List<Finding> f = map("plugins = python3\n", List.of("libpython3.4m.so.1.0: cannot open shared object file: No such file or directory",
                "running \"exit:0\" (pre app)..."));
        assertEquals(1, f.size(), f.toString());
    }

    @Nested
    class Plugins_ {
        @Test
        void aMissingLibpythonIsNamedWithTheLinkerFix() {
            // uwsgi --plugins /ABS/python34_plugin.so prints dlerror() as is
            List<Finding> f = map("plugins = python3\n", List.of("libpython3.4m.so.1.0: cannot open shared object file: No such file or directory"));
            assertEquals(1, f.size(), f.toString());
            assertEquals(5, f.get(0).line());
            assertTrue(f.get(0).message().contains("needs libpython3.4m.so.1.0, which the dynamic linker cannot find"), f.get(0).message());
            assertTrue(f.get(0).fix().contains("--enable-shared") && f.get(0).fix().contains("ldconfig"), f.get(0).fix());
        }

        @Test
        void anUndefinedSymbolMeansAPythonWithoutEnableShared() {
            List<Finding> f = map("plugins = python3\n", List.of("/usr/local/lib/uwsgi/plugins/python34_plugin.so: undefined symbol: PyExc_ValueError"));
            assertTrue(f.get(0).message().contains("does not load (undefined symbol PyExc_ValueError)"), f.get(0).message());
            assertTrue(f.get(0).message().contains("without --enable-shared"), f.get(0).message());
            assertTrue(f.get(0).fix().contains("./configure --enable-shared"), f.get(0).fix());
        }

        @Test
        void theSeedsRelocationErrorMeansTheSame() {
            List<Finding> f = map("plugins = python3\n", List.of("/usr/bin/ld: /usr/local/lib/libpython3.4m.a(abstract.o): relocation R_X86_64_32S "
                    + "against `_Py_NotImplementedStruct' can not be used when making a shared object; recompile with -fPIC"));
            assertTrue(f.get(0).message().contains("without --enable-shared"), f.get(0).message());
        }
    }

    @Nested
    class Python {
        @Test
        void aStandardLibraryPythonCannotLoadPointsAtTheVenvLine() {
            // as nobody, with virtualenv under a 0700 directory
            List<Finding> f = map("plugins = python3\nvirtualenv = $D/home/alice/venv\n", List.of("Set PythonHome to /tmp/h/venv",
                    "  sys.prefix = '/tmp/h/venv'", "Fatal Python error: init_fs_encoding: failed to get the Python codec of the filesystem encoding",
                    "Python runtime state: core initialized", "ModuleNotFoundError: No module named 'encodings'"));
            assertEquals(1, f.size(), f.toString());
            assertEquals(6, f.get(0).line());
            assertTrue(f.get(0).message().startsWith("Python, started as nobody, cannot load its standard library (No module named 'encodings'; "
                    + "sys.prefix = /tmp/h/venv)"), f.get(0).message());
        }

        @Test
        void aChdirRefusedNamesTheChdirLine() {
            List<Finding> f = map("chdir = /srv/app\n", List.of("chdir() to /srv/app", "chdir(): Permission denied [core/uwsgi.c line 2625]"));
            assertEquals("uWSGI, as nobody, cannot chdir to /srv/app: Permission denied", f.get(0).message());
            assertEquals(5, f.get(0).line());
        }
    }

    @Test
    void anythingElseIsReportedWithUwsgisLastLines() {
        List<Finding> f = map("", List.of("something", "went", "wrong", "here"));
        assertEquals(1, f.size());
        assertTrue(f.get(0).message().endsWith("before the app would load: went | wrong | here"), f.get(0).message());
    }
}
