package io.objsync.docs.internal.tree;

/** Where a tree reads its nodes from: a cache in front of the store, or a writer's own changes first. */
public interface NodeSource {
    /** The node with this id; never null for an id the tree references. */
    Node load(long id);
}
