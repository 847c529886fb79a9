/**
 * A node: one identity, one blob store and one document store, reachable on one transport. Open it with
 * {@link io.objsync.node.Node#open(io.objsync.node.NodeConfig)}; it serves blobs ({@code /iroh-bytes/4}) and
 * documents ({@code /iroh-sync/1}) to peers, downloads blobs from one or more providers, and syncs documents
 * with peers, fetching the content of new entries afterwards.
 */
package io.objsync.node;
