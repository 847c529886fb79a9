package io.objsync.store.internal;

import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * File operations recorded in the {@code pending} table in the same transaction as the metadata change they
 * complete, and carried out after it commits: a crash in between is finished by the next open (redo). Each op
 * is idempotent: a rename whose source is gone, or a delete of a missing file, does nothing. Paths are relative
 * to the store directory. Postcard: {@code Vec<(u8 op, String a, String b)>}, op 1 = rename a to b, 2 = delete a.
 */
public final class FileOps {

    /** One operation. */
    public record Op(int code, String a, String b) {
    }

    static final int RENAME = 1;
    static final int DELETE = 2;

    private final List<Op> ops = new ArrayList<>();

    public FileOps rename(String from, String to) {
        ops.add(new Op(RENAME, from, to));
        return this;
    }

    public FileOps delete(String path) {
        ops.add(new Op(DELETE, path, ""));
        return this;
    }

    public List<Op> ops() {
        return ops;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    byte[] encode() {
        PostcardWriter w = new PostcardWriter().varint(ops.size());
        for (Op op : ops) {
            w.u8(op.code()).string(op.a()).string(op.b());
        }
        return w.toByteArray();
    }

    static FileOps decode(byte[] b) throws MetadataCorruptedException {
        try {
            PostcardReader r = new PostcardReader(b);
            FileOps f = new FileOps();
            int n = r.length(3);
            for (int i = 0; i < n; i++) {
                int code = r.u8();
                if (code != RENAME && code != DELETE) {
                    throw new MetadataCorruptedException("unknown file operation " + code);
                }
                f.ops.add(new Op(code, r.string(), r.string()));
            }
            r.expectEnd();
            return f;
        } catch (PostcardException e) {
            throw new MetadataCorruptedException("unreadable pending file operations: " + e.getMessage());
        }
    }
}
