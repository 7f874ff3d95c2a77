package org.metergate.web;

/** An API call that ends with an error status and a JSON body {"error": ..., "detail": ...}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public ApiException(int status, String error) {
        this(status, error, null);
    }

    public ApiException(int status, String error, Object detail) {
        super(error);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public static ApiException badRequest(String error) {
        return new ApiException(400, error);
    }

    public static ApiException notFound(String error) {
        return new ApiException(404, error);
    }
}
