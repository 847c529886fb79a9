/**
 * The postcard 1.x serde format that every reference wire message and ticket uses: a bounds-checked reader and
 * a writer. Internal: protocol classes wrap {@link io.objsync.internal.postcard.PostcardException} in their
 * own typed errors.
 */
package io.objsync.internal.postcard;
