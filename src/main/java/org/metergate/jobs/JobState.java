package org.metergate.jobs;

/** Where a background job (installation readout, scan) stands. */
public enum JobState {
    QUEUED, RUNNING, DONE, CANCELLED, FAILED;

    public boolean finished() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }
}
