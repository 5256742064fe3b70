package io.uwsgid.site;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One site on a fake kernel with a manual clock, fresh for every test. */
abstract class SiteScenario {
    @TempDir
    Path dir;
    SiteFixture f;
    FakeKernel kernel;
    Site site;

    @BeforeEach
    void setUpSite() {
        f = new SiteFixture(dir);
        kernel = f.kernel;
        site = f.site;
    }
}
