package org.metergate.web;

/** The body of one API operation: returns the object to send as JSON, an {@link ApiResponse}, or null for 204. */
@FunctionalInterface
public interface ApiHandler {
    Object handle(ApiRequest request) throws Exception;
}
