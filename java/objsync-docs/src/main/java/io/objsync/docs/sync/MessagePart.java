package io.objsync.docs.sync;

import io.objsync.docs.SignedEntry;

import java.util.List;

/** One part of a reconciliation message (postcard variant 0 and 1 of iroh-docs' {@code MessagePart}). */
public sealed interface MessagePart permits MessagePart.RangeFingerprint, MessagePart.RangeItem {
    /** The range the part is about. */
    Range range();

    /**
     * "My entries in {@code range} XOR to {@code fingerprint}": the receiver answers when its own differ.
     *
     * @param range       the range
     * @param fingerprint 32 bytes
     */
    record RangeFingerprint(Range range, byte[] fingerprint) implements MessagePart {
    }

    /**
     * The sender's entries in {@code range} (or the ones the receiver lacks); when {@code haveLocal} is false the
     * receiver answers with its own entries there that the sender lacks.
     *
     * @param range     the range
     * @param values    entries with the sender's content status
     * @param haveLocal true when no answer is wanted
     */
    record RangeItem(Range range, List<Item> values, boolean haveLocal) implements MessagePart {
    }

    /**
     * An entry as sent, with whether the sender holds its content.
     *
     * @param entry  the entry
     * @param status the sender's content status
     */
    record Item(SignedEntry entry, ContentStatus status) {
    }
}
