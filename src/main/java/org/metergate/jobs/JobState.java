package org.metergate.jobs;

/**
 * Where a background job (installation readout, scan, listen session) stands. INTERRUPTED: it was
 * queued or running when the gateway (or its bus route) stopped; what it found is kept, it is never
 * resumed on its own.
 */
public enum JobState {
    QUEUED, RUNNING, DONE, CANCELLED, FAILED, INTERRUPTED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
