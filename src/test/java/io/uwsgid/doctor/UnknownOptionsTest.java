package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.uwsgid.config.CoreOptions;
import io.uwsgid.config.Option;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnknownOptionsTest {
    /** A few of the python plugin's options, as uwsgi --plugins python3 --help lists them. */
    static final Set<String> KNOWN = known("wsgi-file", "module", "callable", "python-path", "pythonpath", "virtualenv", "home");

    @TempDir
    Path dir;

    static Set<String> known(String... plugin) {
        Set<String> s = new HashSet<>(CoreOptions.names());
        s.addAll(List.of(plugin));
        return s;
    }

    private List<Finding> run(String text) {
        Fixture fx = new Fixture(dir);
        Path f = fx.write("site.ini", text);
        List<Option> options = text.lines().filter(l -> l.contains("=")).map(l -> {
            String[] kv = l.split("=", 2);
            return new Option(kv[0].strip(), kv[1].strip(), f, 1);
        }).toList();
        return UnknownOptions.run(options, KNOWN);
    }

    @Test
    void aTypoGetsTheClosestKnownSpelling() {
        List<Finding> f = run("wsgi-fiel = /srv/app.py\n");
        assertEquals("unknown option 'wsgi-fiel': neither uWSGI's core nor the site's plugins know it, so uWSGI ignores it", f.get(0).message());
        assertEquals("did you mean wsgi-file? write wsgi-file = /srv/app.py", f.get(0).fix());
        assertEquals("chmod-socket", run("chmod_socket = 660\n").get(0).fix().split(" ")[3].replace("?", ""));
    }

    @Test
    void aNameFarFromEveryOptionGetsNoGuess() {
        assertEquals("remove it, or load the plugin that provides it (plugins = ...)", run("frobnicate-the-widgets = 1\n").get(0).fix());
        assertNull(UnknownOptions.closest("zzzzzzzz", KNOWN));
    }

    @Test
    void namesUsedAsPlaceholdersOrDeclaredAreMeant() {
        assertEquals(List.of(), run("base = /srv\nchdir = %(base)/app\ndeclare-option = mine=chdir=$1\n"));
    }

    @Test
    void knownOptionsPass() {
        assertEquals(List.of(), run("module = app\nprocesses = 2\nvirtualenv = /v\n"));
    }

    @Test
    void aSwappedPairOfLettersIsOneSlip() {
        assertEquals(1, UnknownOptions.distance("wsgi-fiel", "wsgi-file"));
        assertEquals(3, UnknownOptions.distance("kitten", "sitting"));
    }

    @Test
    void aPythonOptionWithoutAPythonPluginSaysWhichPluginToLoadInsteadOfASpelling() {
        Path f = new Fixture(dir).write("site.ini", "[uwsgi]\nmodule = cms.wsgi\n");
        List<Finding> found = UnknownOptions.run(List.of(new Option("module", "cms.wsgi", f, 2)), known(), Set.of("module", "virtualenv"));
        assertEquals(List.of(f + ":2: error: option 'module' belongs to the python plugin, and the site loads none: uWSGI ignores it, and no Python "
                + "app loads (Debian's uWSGI has no Python built in); fix: load it above this line: plugins = python3 (apt-get install "
                + "uwsgi-plugin-python3)"), Fixture.lines(found));
    }
}
