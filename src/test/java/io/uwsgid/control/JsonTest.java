package io.uwsgid.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static SiteStatus status(Path file) {
        return new SiteStatus("shop", SiteState.FATAL, 0, 0, -1, 5, -1, ExitStatus.exited(1), "shop.ini:2: user 'x' does not exist",
                new SiteStatus.Counters(0, 0, 0, 0, null, 0, 0), List.of(), file);
    }

    @Test
    void aReplyComesBackAsItWasSentEvenWithASiteThatNeverHadAValidFile() throws IOException {
        Reply reply = new Reply(0, "", List.of(new Reply.Result("shop", false, "FATAL")), List.of(status(null), status(Path.of("/x/shop.ini"))));
        assertEquals(reply, Json.read(Json.write(reply), Reply.class));
    }

    @Test
    void malformedInputIsAnIoExceptionSayingSo() {
        IOException e = assertThrows(IOException.class, () -> Json.read("{\"command\": [", Request.class));
        assertEquals(true, e.getMessage().startsWith("malformed JSON"), e.getMessage());
        assertThrows(IOException.class, () -> Json.read("", Request.class));
    }
}
