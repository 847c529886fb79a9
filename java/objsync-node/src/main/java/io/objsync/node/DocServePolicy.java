package io.objsync.node;

import io.objsync.docs.NamespaceId;
import io.objsync.net.NodeId;

import java.util.Set;

/**
 * Which documents a node answers sync requests for, asked once per incoming session. A document the node does not
 * hold is never served, whatever the policy says; a refused one is answered with {@code Abort(NotFound)}, so a
 * peer cannot tell a refused document from a missing one.
 */
@FunctionalInterface
public interface DocServePolicy {

    /** Whether {@code peer} may sync {@code namespace} with this node. */
    boolean serves(NamespaceId namespace, NodeId peer);

    /** Serves every document the node holds to anyone who knows its id (the reference's behaviour). */
    static DocServePolicy all() {
        return (namespace, peer) -> true;
    }

    /** Serves only these documents. */
    static DocServePolicy only(Set<NamespaceId> namespaces) {
        Set<NamespaceId> copy = Set.copyOf(namespaces);
        return (namespace, peer) -> copy.contains(namespace);
    }
}
