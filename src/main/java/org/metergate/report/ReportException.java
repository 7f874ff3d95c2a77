package org.metergate.report;

/** A report cannot be rendered or delivered; the message is fit for the system log and the API. */
public class ReportException extends Exception {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
