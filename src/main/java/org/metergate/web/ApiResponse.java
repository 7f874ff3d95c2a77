package org.metergate.web;

import java.util.Map;

/** What a handler answers when the default (200, JSON of the returned object) is not enough. */
public record ApiResponse(int status, String contentType, Object body, Map<String, String> headers) {

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, "application/json", body, Map.of());
    }

    public static ApiResponse text(int status, String contentType, String body, Map<String, String> headers) {
        return new ApiResponse(status, contentType, body, headers);
    }

    public ApiResponse withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, h);
    }
}
