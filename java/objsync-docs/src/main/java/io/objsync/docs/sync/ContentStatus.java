package io.objsync.docs.sync;

/** Whether a node holds the content an entry points at; sent with every entry (variant order is the wire's). */
public enum ContentStatus {
    /** All of the content is present. */
    COMPLETE,
    /** Part of the content is present. */
    INCOMPLETE,
    /** None of the content is present. */
    MISSING
}
