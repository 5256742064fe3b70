package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.os.Users;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void nginxsUserIsNginxIfThatUserExistsElseDebiansWwwData() throws ConfigException {
        assertEquals(Users.user("nginx").isPresent() ? "nginx" : "www-data", new DaemonConfigLoader().build().nginxUser());
    }

    @Test
    void nginxsUserCanBeNamedInUwsgidIni() throws Exception {
        Path ini = Files.writeString(dir.resolve("uwsgid.ini"), "[uwsgid]\nnginx-user = nobody\n");
        assertEquals("nobody", new DaemonConfigLoader().read(ini).build().nginxUser());
    }
}
