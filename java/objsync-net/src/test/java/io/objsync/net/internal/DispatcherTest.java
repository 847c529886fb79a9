package io.objsync.net.internal;

import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherTest {

    @Test
    void anIpv6Slash64CountsAsOneSource() throws Exception {
        InetAddress a = InetAddress.getByName("2001:db8:1:2::1");
        InetAddress b = InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff");
        InetAddress other = InetAddress.getByName("2001:db8:1:3::1");
        assertEquals(Dispatcher.sourceKey(a), Dispatcher.sourceKey(b));
        assertNotEquals(Dispatcher.sourceKey(a), Dispatcher.sourceKey(other));
        InetAddress v4 = InetAddress.getByName("192.0.2.7");
        assertEquals(v4, Dispatcher.sourceKey(v4));
    }

    @Test
    void oneSourceHoldsAtMostItsShareBeforeTheHandshake() throws Exception {
        try (Dispatcher d = new Dispatcher(Map.of(), TransportLimits.defaults().withMaxStreams(64, 16)
                .withMaxPendingPerAddress(3), "test")) {
            InetAddress one = InetAddress.getByName("2001:db8::1");
            InetAddress sameSlash64 = InetAddress.getByName("2001:db8::2");
            InetAddress other = InetAddress.getByName("192.0.2.7");
            assertTrue(d.tryAcquirePending(one));
            assertTrue(d.tryAcquirePending(sameSlash64));
            assertTrue(d.tryAcquirePending(one));
            assertFalse(d.tryAcquirePending(sameSlash64), "a fourth from the same /64");
            assertTrue(d.tryAcquirePending(other));
            d.releasePending(one);
            assertTrue(d.tryAcquirePending(sameSlash64), "a finished handshake returns its share");
        }
        // and never more than half of maxStreams, whatever maxPendingPerAddress says
        try (Dispatcher d = new Dispatcher(Map.of(), TransportLimits.defaults().withMaxStreams(4, 4), "test")) {
            InetAddress one = InetAddress.getByName("192.0.2.7");
            assertTrue(d.tryAcquirePending(one));
            assertTrue(d.tryAcquirePending(one));
            assertFalse(d.tryAcquirePending(one));
        }
    }
}
