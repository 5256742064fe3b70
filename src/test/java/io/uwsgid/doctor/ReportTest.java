package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    static final Path FILE = Path.of("/var/uwsgi/sites-available/myproject.ini");
    static final Finding WARNING = new Finding(Severity.WARNING, FILE, 2, "no gid", "add gid = nginx");
    static final Finding ERROR = new Finding(Severity.ERROR, FILE, 7, "plugin python34 not found", "build it");

    @Test
    void aFindingIsOneLineLikeACompilersMessage() {
        assertEquals("/var/uwsgi/sites-available/myproject.ini:7: error: plugin python34 not found; fix: build it", ERROR.toString());
        assertEquals("/usr/bin/uwsgi: info: x", new Finding(Severity.INFO, Path.of("/usr/bin/uwsgi"), 0, "x", null).toString());
    }

    @Test
    void errorsComeFirstDuplicatesOnce() {
        Report r = new Report();
        r.add(new Report.Checked("myproject", FILE, List.of(WARNING, ERROR, WARNING)));
        assertEquals(ERROR + "\n" + WARNING + "\n1 site checked: 1 error, 1 warning\n", r.text());
        assertTrue(r.hasErrors());
    }

    @Test
    void aCleanSiteSaysSoAndHasNoErrors() {
        Report r = new Report();
        r.add(new Report.Checked("hello", Path.of("/s/hello.ini"), List.of()));
        assertEquals("/s/hello.ini: no problems found\n1 site checked: 0 errors, 0 warnings\n", r.text());
        assertFalse(r.hasErrors());
    }

    @Test
    void jsonCarriesEveryField() {
        Report r = new Report();
        r.add(new Report.Checked("myproject", FILE, List.of(ERROR)));
        JsonObject doc = JsonParser.parseString(r.json()).getAsJsonObject();
        assertEquals(1, doc.get("errors").getAsInt());
        JsonObject f = doc.getAsJsonArray("sites").get(0).getAsJsonObject().getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("ERROR", f.get("severity").getAsString());
        assertEquals(FILE.toString(), f.get("file").getAsString());
        assertEquals(7, f.get("line").getAsInt());
        assertEquals("plugin python34 not found", f.get("message").getAsString());
        assertEquals("build it", f.get("fix").getAsString());
    }

    @Test
    void aParserWarningsFixIsWhatFollowsItsLastSemicolon() {
        Finding f = Finding.of(new io.uwsgid.config.Finding(FILE, 1, "section header '[uwsgi] ; x' is read as 'uwsgi] ; ': the lines below are "
                + "NOT in [uwsgi]; write the header alone on its line"));
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("write the header alone on its line", f.fix());
        assertTrue(f.message().endsWith("NOT in [uwsgi]"));
    }
}
