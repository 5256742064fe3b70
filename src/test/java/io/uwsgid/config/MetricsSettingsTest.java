package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics and log-format settings of uwsgid.ini. */
class MetricsSettingsTest {
    @TempDir
    Path dir;

    private DaemonConfig read(String lines) throws Exception {
        Path ini = Files.writeString(dir.resolve("uwsgid.ini"), "[uwsgid]\n" + lines + "\n");
        return new DaemonConfigLoader().read(ini).build();
    }

    @Test
    void byDefaultMetricsListenOnLoopbackAndLogsAreText() {
        DaemonConfig d = DaemonConfig.defaults();
        assertEquals(new InetSocketAddress("127.0.0.1", 9799), d.metrics());
        assertFalse(d.jsonLogs());
    }

    @Test
    void anEmptyAddressTurnsTheEndpointOff() throws Exception {
        assertNull(read("metrics =").metrics());
    }

    @Test
    void ipv6AddressesAreWrittenInBrackets() throws Exception {
        assertEquals(new InetSocketAddress("::1", 9100), read("metrics = [::1]:9100").metrics());
    }

    @Test
    void anAddressWithoutAPortIsRefusedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("metrics = 127.0.0.1"));
        assertTrue(e.getMessage().contains("uwsgid.ini:2") && e.getMessage().contains("metrics = 127.0.0.1:9799"), e.getMessage());
    }

    @Test
    void logFormatIsTextOrJson() throws Exception {
        assertTrue(read("log-format = json").jsonLogs());
        ConfigException e = assertThrows(ConfigException.class, () -> read("log-format = xml"));
        assertTrue(e.getMessage().contains("neither text nor json"), e.getMessage());
    }
}
