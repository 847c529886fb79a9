package io.objsync.net.internal.udp;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Opens the endpoint's UDP socket: Linux GSO/GRO ({@code LinuxUdpSocket}, Java 22+, x86_64 or aarch64) when it
 * works here, else {@code java.net}. The system property {@code objsync.udp} chooses: {@code auto} (default),
 * {@code gso} (fail if unavailable) or {@code jdk}. {@link #gsoAvailable()} and {@link #gsoUnavailabilityCause()}
 * say why the fast path is not taken, as Netty's native transports do.
 */
public final class UdpSockets {

    private static final String LINUX = "io.objsync.net.internal.udp.LinuxUdpSocket";
    private static final Throwable GSO_CAUSE = probe();

    private UdpSockets() {
    }

    /** Whether {@link #open} can give GSO/GRO sockets in this JVM. */
    public static boolean gsoAvailable() {
        return GSO_CAUSE == null;
    }

    /** Why GSO/GRO sockets are unavailable, or null when they are available. */
    public static Throwable gsoUnavailabilityCause() {
        return GSO_CAUSE;
    }

    /** A socket bound at {@code bind} (port 0: any free port), of the kind {@code objsync.udp} chooses. */
    public static UdpSocket open(InetSocketAddress bind) throws IOException {
        String choice = System.getProperty("objsync.udp", "auto").toLowerCase(Locale.ROOT);
        switch (choice) {
            case "jdk":
                return new JdkUdpSocket(bind);
            case "gso":
                if (GSO_CAUSE != null) {
                    throw new IOException("objsync.udp=gso, but GSO sockets are unavailable: " + GSO_CAUSE, GSO_CAUSE);
                }
                return linux(bind);
            case "auto":
                if (GSO_CAUSE == null) {
                    try {
                        return linux(bind);
                    } catch (java.net.BindException e) {
                        throw e; // the address is taken or not ours: java.net would fail the same way
                    } catch (IOException e) {
                        // e.g. no IPv6 for a dual-stack socket: java.net finds its own way
                    }
                }
                return new JdkUdpSocket(bind);
            default:
                throw new IllegalArgumentException("objsync.udp must be auto, gso or jdk, not " + choice);
        }
    }

    private static UdpSocket linux(InetSocketAddress bind) throws IOException {
        try {
            return (UdpSocket) Class.forName(LINUX).getMethod("open", InetSocketAddress.class, int.class)
                    .invoke(null, bind, UdpBuffers.BYTES);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot open a GSO socket: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot open a GSO socket: " + e, e);
        }
    }

    /** Null when LinuxUdpSocket loads and a socket of it takes GSO and GRO here; else why not. */
    private static Throwable probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return new UnsupportedOperationException("GSO sockets are Linux only, this is " + os);
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return new UnsupportedOperationException("GSO sockets know the ABI of x86_64 and aarch64, not " + arch);
        }
        if (Runtime.version().feature() < 22) {
            return new UnsupportedOperationException("GSO sockets need Java 22+ (FFM), this is "
                    + Runtime.version().feature());
        }
        try {
            Class.forName(LINUX).getMethod("probe").invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException | LinkageError e) {
            return e;
        }
    }
}
