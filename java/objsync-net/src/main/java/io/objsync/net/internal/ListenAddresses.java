package io.objsync.net.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The direct addresses a listening endpoint advertises in its tickets. */
public final class ListenAddresses {

    private ListenAddresses() {
    }

    /** The bound address, or for a wildcard bind every address of the interfaces that are up. */
    public static List<InetSocketAddress> of(InetAddress bound, int port) {
        if (!bound.isAnyLocalAddress()) {
            return List.of(new InetSocketAddress(bound, port));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (!(a instanceof Inet6Address && a.isLinkLocalAddress())) {
                            out.add(new InetSocketAddress(a, port));
                        }
                    }
                }
            }
        } catch (SocketException e) {
            out.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        return out;
    }
}
