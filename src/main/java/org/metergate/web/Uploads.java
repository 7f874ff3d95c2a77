package org.metergate.web;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.attachment.AttachmentMessage;

/** Uploaded list files (meter list, key file): the raw body, or the "file" field of a multipart form. */
final class Uploads {

    private static final Set<String> LIST_TYPES = Set.of("text/csv", "text/plain", "application/csv", "text/comma-separated-values",
            "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/octet-stream");

    private Uploads() {}

    /**
     * The file, read up to one byte more than {@code maxBytes} (the parser reports the size itself).
     *
     * @param what the kind of list in messages ("meter list")
     */
    static byte[] file(ApiRequest r, long maxBytes, String what) throws IOException {
        String contentType = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String mediaType = contentType.split(";", 2)[0].trim();
        if (mediaType.equals("multipart/form-data")) {
            // platform-http stores multipart files (in camel.server.fileUploadDirectory, deleted when the
            // request ends) and attaches them to the message under their field names.
            AttachmentMessage message = r.exchange().getIn(AttachmentMessage.class);
            Set<String> names = message == null || !message.hasAttachments() ? Set.of() : message.getAttachmentNames();
            String name = names.contains("file") ? "file" : names.size() == 1 ? names.iterator().next() : null;
            if (name == null) {
                throw ApiException.badRequest("multipart upload without the " + what + ": send it in a file field named 'file'");
            }
            DataHandler file = message.getAttachment(name);
            try (InputStream in = file.getInputStream()) {
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
        }
        if (!mediaType.isEmpty() && !LIST_TYPES.contains(mediaType)) {
            throw new ApiException(415, "a " + what + " must be CSV, XLSX or XLS",
                    "send the file as the body with Content-Type text/csv, application/vnd.ms-excel or "
                            + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or as multipart/form-data"
                            + " field 'file'; got " + contentType);
        }
        byte[] body = r.exchange().getIn().getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }
}
