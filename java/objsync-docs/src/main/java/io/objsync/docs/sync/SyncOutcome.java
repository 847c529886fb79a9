package io.objsync.docs.sync;

import io.objsync.docs.NamespaceId;

/**
 * What one session did.
 *
 * @param namespace        the document synced
 * @param messagesSent     frames sent (the Init included)
 * @param messagesReceived frames received
 * @param bytesSent        bytes sent, length prefixes included
 * @param bytesReceived    bytes received, length prefixes included
 * @param entriesSent      entries sent
 * @param entriesReceived  entries received
 * @param inserted         received entries stored
 * @param rejected         received entries refused (bad signatures and other broken rules)
 */
public record SyncOutcome(NamespaceId namespace, int messagesSent, int messagesReceived, long bytesSent,
                          long bytesReceived, long entriesSent, long entriesReceived, long inserted, long rejected) {
    /** Round trips: messages in both directions, two per trip. */
    public int roundTrips() {
        return (messagesSent + messagesReceived + 1) / 2;
    }
}
