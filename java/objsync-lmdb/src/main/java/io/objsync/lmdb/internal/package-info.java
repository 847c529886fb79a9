/**
 * LMDB support shared by the blob store and the documents: {@link io.objsync.lmdb.internal.PinnedByteArrayProxy}.
 * Internal: not an API.
 */
package io.objsync.lmdb.internal;
