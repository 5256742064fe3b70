package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/uwsgid.ini is the packages' /etc/uwsgid/uwsgid.ini: every setting there, commented, with its real default. */
class ShippedConfigTest {
    private static final Path SHIPPED = Path.of("conf/uwsgid.ini");

    @Test
    void everySettingIsThereCommentedOutWithItsDefault() throws Exception {
        List<String> lines = Files.readAllLines(SHIPPED);
        for (String key : DaemonConfigLoader.keys()) {
            String expected = (";" + key + " = " + DaemonConfigLoader.DEFAULTS.get(key)).strip();
            assertTrue(lines.contains(expected), SHIPPED + " lacks the line '" + expected + "'");
        }
    }

    @Test
    void asShippedItChangesNothing() throws Exception {
        assertEquals(DaemonConfig.defaults(), new DaemonConfigLoader().read(SHIPPED.toAbsolutePath()).build());
    }
}
