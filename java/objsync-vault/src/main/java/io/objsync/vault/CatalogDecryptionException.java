package io.objsync.vault;

/**
 * A catalog value that does not open with the catalog key (a wrong key, or tampered bytes), or that opens but
 * is not a {@code ProjectCatalogEntry}. No part of the plaintext is kept.
 */
public final class CatalogDecryptionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error with a message and its cause. */
    public CatalogDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
