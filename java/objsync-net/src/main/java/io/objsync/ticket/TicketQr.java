package io.objsync.ticket;

import io.nayuki.qrcodegen.QrCode;

import java.util.Objects;

/**
 * Draws a ticket (or any text) as a QR code with Unicode half blocks: each text line shows two rows of
 * modules, so the code stays square in a terminal. The encoding is Nayuki's QR Code generator (medium error
 * correction, byte mode, which keeps the ticket lowercase as the reference parsers need).
 *
 * <p>Terminals draw characters in the foreground colour, so {@link #forDarkTerminal(String)} draws the light
 * modules (the quiet zone included) and {@link #forLightTerminal(String)} the dark ones.
 */
public final class TicketQr {

    /** Light modules around the code; two are enough for phone scanners and save terminal space. */
    public static final int QUIET_ZONE = 2;

    private static final char[] BLOCKS = {' ', '▄', '▀', '█'}; // index: top drawn * 2 + bottom drawn

    private TicketQr() {
    }

    /** The QR code of {@code text} for a terminal with a dark background. */
    public static String forDarkTerminal(String text) {
        return render(encode(text), false);
    }

    /** The QR code of {@code text} for a terminal with a light background. */
    public static String forLightTerminal(String text) {
        return render(encode(text), true);
    }

    /**
     * The QR code of {@code text}.
     *
     * @throws IllegalArgumentException when the text is too long for any QR code (about 2300 bytes)
     */
    public static QrCode encode(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (io.nayuki.qrcodegen.DataTooLongException e) {
            throw new IllegalArgumentException("text of " + text.length() + " characters is too long for a QR code", e);
        }
    }

    /** Draws {@code qr}: {@code drawDark} picks whether dark or light modules are drawn as blocks. */
    static String render(QrCode qr, boolean drawDark) {
        int n = qr.size + 2 * QUIET_ZONE;
        StringBuilder sb = new StringBuilder((n + 1) * (n / 2 + 1));
        for (int y = 0; y < n; y += 2) {
            for (int x = 0; x < n; x++) {
                boolean top = dark(qr, x, y) == drawDark;
                boolean bottom = y + 1 < n && dark(qr, x, y + 1) == drawDark;
                sb.append(BLOCKS[(top ? 2 : 0) + (bottom ? 1 : 0)]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean dark(QrCode qr, int x, int y) {
        return qr.getModule(x - QUIET_ZONE, y - QUIET_ZONE); // false outside the code: the quiet zone
    }
}
