package io.objsync.vault;

import java.util.Arrays;
import java.util.Objects;

/**
 * One project in a vault catalog, the reference protobuf message {@code ProjectCatalogEntry}
 * ({@code 1: project_id, 2: replica_id, 3: project_name, 4: created_at}). Immutable.
 *
 * @param projectId   the project's id (the catalog key is {@code /catalog/<projectId>})
 * @param replicaId   the 32-byte namespace id of the project's replica
 * @param projectName a human-readable name
 * @param createdAt   creation time, seconds since the Unix epoch as the reference writes it
 */
public record ProjectCatalogEntry(String projectId, byte[] replicaId, String projectName, long createdAt) {

    /** Checks the fields and copies the replica id. */
    public ProjectCatalogEntry {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(replicaId, "replicaId");
        if (projectId.isEmpty() || projectId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a project id is non-empty and has no '/': " + projectId);
        }
        replicaId = replicaId.clone();
    }

    /** A copy of the replica id. */
    @Override
    public byte[] replicaId() {
        return replicaId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectCatalogEntry e && projectId.equals(e.projectId)
                && Arrays.equals(replicaId, e.replicaId) && projectName.equals(e.projectName)
                && createdAt == e.createdAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(projectId, Arrays.hashCode(replicaId), projectName, createdAt);
    }

    @Override
    public String toString() {
        return "ProjectCatalogEntry[" + projectId + ", " + projectName + "]";
    }
}
