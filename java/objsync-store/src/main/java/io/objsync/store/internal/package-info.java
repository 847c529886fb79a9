/** The store's implementation: metadata in LMDB, files, the one-pass importer, the resumable receiver. */
package io.objsync.store.internal;
