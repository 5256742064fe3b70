package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python pieces of a site against Debian's python3 plugin (Python 3.11). */
class PythonCheckTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void debiansPlugin() {
        assumeTrue(Files.exists(PluginCheckTest.DEBIAN_PLUGIN));
        fx = new Fixture(dir);
    }

    @Test
    void aVenvMadeByPython34IsAnErrorWithTheRecreateCommand() {
        fx.mkdir("venv/lib/python3.4/site-packages");
        fx.write("venv/pyvenv.cfg", "home = /usr/local/python3.4/bin\ninclude-system-site-packages = false\nversion = 3.4.10\n");
        List<Finding> f = fx.preflight("plugins = python3\nvirtualenv = $D/venv\n");
        assertEquals(1, f.size(), f.toString());
        assertEquals("virtualenv " + dir.resolve("venv") + " was made by Python 3.4.10 (its pyvenv.cfg), but plugin python3 runs Python 3.11: "
                + "the site's packages in lib/python3.4 are invisible to it", f.get(0).message());
        assertTrue(f.get(0).fix().startsWith("recreate the venv with the plugin's Python: rm -r " + dir.resolve("venv") + " && "), f.get(0).fix());
        assertTrue(f.get(0).fix().contains("python3.11 -m venv " + dir.resolve("venv")), f.get(0).fix());
    }

    @Test
    void theSeedsPython34SitePackagesWithAPython311PluginIsAnError() {
        fx.mkdir("venv/lib/python3.4/site-packages");
        List<Finding> f = fx.preflight("plugins = python3\npython-path = $D/venv/lib/python3.4/site-packages\n");
        assertEquals(1, f.size(), f.toString());
        assertEquals("python-path " + dir.resolve("venv/lib/python3.4/site-packages") + " holds packages installed for Python 3.4, but plugin "
                + "python3 runs Python 3.11", f.get(0).message());
        assertTrue(f.get(0).fix().contains("python-path = " + dir.resolve("venv") + "/lib/python3.11/site-packages"), f.get(0).fix());
    }

    @Test
    void aVenvOfThePluginsPythonPasses() {
        fx.mkdir("venv/lib/python3.11/site-packages");
        fx.write("venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n");
        assertEquals(List.of(), fx.preflight("plugins = python3\nvirtualenv = $D/venv\npython-path = $D/venv/lib/python3.11/site-packages\n"));
    }

    @Test
    void aVenvWhosePythonIsGoneIsAWarning() {
        fx.mkdir("venv/lib/python3.11/site-packages");
        fx.write("venv/pyvenv.cfg", "home = /opt/gone/bin\nversion_info = 3.11.4.final.0\n");
        List<Finding> f = fx.preflight("plugins = python3\nhome = $D/venv\n");
        assertEquals(Severity.WARNING, f.get(0).severity(), f.toString());
        assertTrue(f.get(0).message().contains("was made by a Python that is gone (pyvenv.cfg: home = /opt/gone/bin)"), f.get(0).message());
    }

    @Test
    void aHomeThatIsNoPythonAtAllIsAnError() {
        fx.mkdir("project");
        List<Finding> f = fx.preflight("plugins = python3\nhome = $D/project\n");
        assertTrue(f.get(0).message().contains("is neither a venv (no pyvenv.cfg) nor a Python installation (no lib/python3.11)"), f.get(0).message());
    }

    @Test
    void aPythonPrefixOfAnotherVersionIsAnError() {
        fx.mkdir("python3.4/lib/python3.4");
        List<Finding> f = fx.preflight("plugins = python3\nhome = $D/python3.4\n");
        assertTrue(f.get(0).message().endsWith("holds Python 3.4 (lib/python3.4), but plugin python3 runs Python 3.11"), f.get(0).message());
    }

    @Test
    void pyvenvCfgReadsVersionOrVersionInfo() {
        assertEquals("3.4", PyVenv.parse(dir, "home = /x\nversion = 3.4.10\n").majorMinor());
        assertEquals("3.12", PyVenv.parse(dir, "version_info = 3.12.1.final.0\n").majorMinor());
        assertEquals(null, PyVenv.parse(dir, "home = /x\n").majorMinor());
    }
}
