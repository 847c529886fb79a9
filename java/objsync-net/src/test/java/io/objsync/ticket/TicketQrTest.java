package io.objsync.ticket;

import io.nayuki.qrcodegen.QrCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TicketQrTest {

    private static final String TICKET = "blobaaxfr74igmsbvsbnn73wcecg5vt3kbzncqwfrdianpuufwnhkubln"
            + "aaaaaafqtnnmomrpgyodcnmeqmx7k5mdc5gv5gxewbezstxykmwnjjadu";

    @Test
    void halfBlocksShowEveryModuleOnADarkTerminal() {
        QrCode qr = TicketQr.encode(TICKET);
        assertMatches(qr, TicketQr.forDarkTerminal(TICKET), false);
    }

    @Test
    void halfBlocksShowEveryModuleOnALightTerminal() {
        QrCode qr = TicketQr.encode(TICKET);
        assertMatches(qr, TicketQr.forLightTerminal(TICKET), true);
    }

    @Test
    void textTooLongForAnyQrCodeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TicketQr.encode("x".repeat(3000)));
    }

    /** Reads the drawing back into modules and compares each with the code, the quiet zone included. */
    private static void assertMatches(QrCode qr, String drawing, boolean drawDark) {
        int n = qr.size + 2 * TicketQr.QUIET_ZONE;
        String[] lines = drawing.split("\n");
        assertEquals((n + 1) / 2, lines.length);
        for (int row = 0; row < lines.length; row++) {
            assertEquals(n, lines[row].length(), "line " + row);
            for (int x = 0; x < n; x++) {
                char c = lines[row].charAt(x);
                boolean top = c == '█' || c == '▀';
                boolean bottom = c == '█' || c == '▄';
                assertEquals(module(qr, x, 2 * row) == drawDark, top, "x " + x + " y " + 2 * row);
                if (2 * row + 1 < n) {
                    assertEquals(module(qr, x, 2 * row + 1) == drawDark, bottom, "x " + x + " y " + (2 * row + 1));
                }
            }
        }
    }

    private static boolean module(QrCode qr, int x, int y) {
        int q = TicketQr.QUIET_ZONE;
        return x >= q && y >= q && x < qr.size + q && y < qr.size + q && qr.getModule(x - q, y - q);
    }
}
