package io.objsync.docs;

/** An author's public key: identifies who wrote an entry. */
public final class AuthorId extends Key32 {
    private AuthorId(byte[] bytes) {
        super(bytes);
    }

    /** The id with these 32 bytes (copied). */
    public static AuthorId of(byte[] bytes) {
        return new AuthorId(bytes);
    }

    /** Parses 64 hex digits. */
    public static AuthorId fromHex(String hex) {
        return new AuthorId(parseHex(hex));
    }
}
