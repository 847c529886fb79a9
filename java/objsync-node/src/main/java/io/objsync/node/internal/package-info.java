/** Internals of the node: adapters between the blob store, the documents module and the transport. */
package io.objsync.node.internal;
