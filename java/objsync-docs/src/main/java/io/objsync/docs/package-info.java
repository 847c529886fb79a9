/**
 * Documents: replicas of signed entries that sync by range-based set reconciliation.
 *
 * <p>A {@link io.objsync.docs.Replica} is one namespace (an Ed25519 keypair whose public key is the
 * {@link io.objsync.docs.NamespaceId}); entries are written by authors ({@link io.objsync.docs.AuthorSecret}) and
 * signed by both the namespace and the author, with the byte layouts of iroh-docs. Replicas live in a
 * {@link io.objsync.docs.DocStore} on LMDB whose counted tree answers any range's fingerprint, count and i-th
 * entry in O(log n); {@link io.objsync.docs.sync} reconciles two replicas over any duplex byte stream.
 */
package io.objsync.docs;
