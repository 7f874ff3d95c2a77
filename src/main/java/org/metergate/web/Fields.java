package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed fields of a JSON request body; a wrong type or range is a 400 naming the field. */
final class Fields {

    private Fields() {}

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field " + field + " must be a string");
        }
        return v.textValue();
    }

    static Integer integer(JsonNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw ApiException.badRequest("field " + field + " must be an integer " + min + ".." + max + ", got " + v);
        }
        return v.intValue();
    }

    static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field " + field + " must be true or false");
        }
        return v.booleanValue();
    }
}
