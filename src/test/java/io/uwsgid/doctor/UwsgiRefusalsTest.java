package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uWSGI 2.0.21's refusal lines, as it prints them while reading, mapped back to the site file's line. */
class UwsgiRefusalsTest {
    private static final Path FILE = Path.of("/etc/site.ini");

    private static Option at(int line, String key, String value) {
        return new Option(key, value, FILE, line);
    }

    @Test
    void theRouteActionIsTheWordAfterTheConditionOrTheRegexp() {
        assertEquals("badaction", UwsgiRefusals.action("route", "^/foo badaction:bar"));
        assertEquals("redirect", UwsgiRefusals.action("route-if", "equal:${PATH_INFO};/x redirect:/y"));
        assertEquals("last", UwsgiRefusals.action("route-run", "last:"));
        assertEquals("break", UwsgiRefusals.action("route", ".* break"));
    }

    @Test
    void anUnknownRouteActionPointsAtItsLineAndAtTheShippedPlugin() {
        List<Option> written = List.of(at(3, "plugins", "/usr/lib/uwsgi/plugins/python3_plugin.so"), at(7, "route", "^/old redirect:/new"));
        Finding f = UwsgiRefusals.finding("unable to register route \"^/old redirect:/new\"", written, FILE).orElseThrow();
        assertEquals(7, f.line());
        assertTrue(f.refused() && f.isError());
        assertTrue(f.message().contains("route action 'redirect'"), f.message());
        assertEquals("load its plugin above this line: plugins = router_redirect (/usr/lib/uwsgi/plugins/router_redirect_plugin.so)", f.fix());
    }

    @Test
    void aLoggerNoPluginProvidesIsNamedWithItsPlugin() {
        Finding f = UwsgiRefusals.finding("unable to find logger file", List.of(at(5, "logger", "file:/var/log/app.log")), FILE).orElseThrow();
        assertEquals(5, f.line());
        assertTrue(f.fix().startsWith("load its plugin above this line: plugins = logfile"), f.fix());
    }

    @Test
    void strictModesUnknownOptionNamesStrictsLineAndThePluginItProbablyBelongsTo() {
        List<Option> written = List.of(at(2, "strict", "true"), at(9, "http-timeout", "30"));
        Finding f = UwsgiRefusals.finding("[strict-mode] unknown config directive: http-timeout", written, FILE).orElseThrow();
        assertEquals(9, f.line());
        assertTrue(f.message().contains("strict = true on line 2"), f.message());
        assertTrue(f.fix().contains("plugins = http"), f.fix());
    }

    @Test
    void logDatesAreTakenOffAndOrdinaryLinesMeanNothing() {
        assertEquals(List.of("unable to find logger file"), UwsgiRefusals.undated(List.of("Sun Dec  6 18:34:44 2026 - unable to find logger file")));
        assertEquals(Optional.empty(), UwsgiRefusals.finding("detected number of CPU cores: 2", List.of(), FILE));
    }

    @Test
    void aReadingThatPrintedTheWholeConfigurationIsNoRefusal(@TempDir Path dir) {
        SiteConfig site = new Fixture(dir).site("");
        assertEquals(List.of(), UwsgiReading.map(List.of("[uWSGI] getting INI configuration from x.ini", ";end of configuration",
                "unable to set \"" + UwsgiReading.STOP_CLOCK + "\" clock"), List.of(), site));
        assertEquals(List.of(), UwsgiReading.map(List.of("[uWSGI] getting INI configuration from x.ini"), List.of(), site),
                "a site's logger takes the output: silence is no refusal");
        List<Finding> f = UwsgiReading.map(List.of("[uWSGI] getting INI configuration from x.ini", "something went wrong"), List.of(), site);
        assertEquals(1, f.size());
        assertTrue(f.get(0).refused() && f.get(0).message().endsWith("something went wrong"), f.toString());
    }
}
