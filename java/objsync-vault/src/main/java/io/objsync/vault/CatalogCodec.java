package io.objsync.vault;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The protobuf encoding of {@link ProjectCatalogEntry}, through protobuf-java's {@link DynamicMessage} over a
 * descriptor built here (proto3, the reference's field numbers and types), so the build needs no protoc.
 */
final class CatalogCodec {
    private static final Descriptor DESCRIPTOR = descriptor();
    private static final FieldDescriptor PROJECT_ID = DESCRIPTOR.findFieldByNumber(1);
    private static final FieldDescriptor REPLICA_ID = DESCRIPTOR.findFieldByNumber(2);
    private static final FieldDescriptor PROJECT_NAME = DESCRIPTOR.findFieldByNumber(3);
    private static final FieldDescriptor CREATED_AT = DESCRIPTOR.findFieldByNumber(4);

    private CatalogCodec() {
    }

    static byte[] encode(ProjectCatalogEntry e) {
        return DynamicMessage.newBuilder(DESCRIPTOR)
                .setField(PROJECT_ID, e.projectId())
                .setField(REPLICA_ID, ByteString.copyFrom(e.replicaId()))
                .setField(PROJECT_NAME, e.projectName())
                .setField(CREATED_AT, e.createdAt())
                .build().toByteArray();
    }

    static ProjectCatalogEntry decode(byte[] bytes) throws InvalidProtocolBufferException {
        DynamicMessage m = DynamicMessage.parseFrom(DESCRIPTOR, bytes);
        try {
            return new ProjectCatalogEntry((String) m.getField(PROJECT_ID),
                    ((ByteString) m.getField(REPLICA_ID)).toByteArray(), (String) m.getField(PROJECT_NAME),
                    (Long) m.getField(CREATED_AT));
        } catch (IllegalArgumentException e) {
            throw new InvalidProtocolBufferException("not a valid catalog entry: " + e.getMessage());
        }
    }

    private static Descriptor descriptor() {
        DescriptorProto message = DescriptorProto.newBuilder().setName("ProjectCatalogEntry")
                .addField(field("project_id", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("replica_id", 2, FieldDescriptorProto.Type.TYPE_BYTES))
                .addField(field("project_name", 3, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("created_at", 4, FieldDescriptorProto.Type.TYPE_UINT64))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("objsync/vault_catalog.proto")
                .setPackage("objects.vault").setSyntax("proto3").addMessageType(message).build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("ProjectCatalogEntry");
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }
}
