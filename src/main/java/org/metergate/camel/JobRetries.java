package org.metergate.camel;

import org.metergate.bus.RetryPolicy;

/**
 * The job retry settings (SPEC D5, manual section 6.33 "Jobbinställningar"): one policy for scheduled
 * jobs, one for manual ones. Shared as a bean ({@code jobRetries=#jobRetries} on an {@code mbus:}
 * consumer) and changed live by the settings API.
 */
public final class JobRetries {

    private volatile RetryPolicy scheduled;
    private volatile RetryPolicy manual;

    public JobRetries(RetryPolicy scheduled, RetryPolicy manual) {
        this.scheduled = scheduled;
        this.manual = manual;
    }

    public RetryPolicy scheduled() {
        return scheduled;
    }

    public RetryPolicy manual() {
        return manual;
    }

    public RetryPolicy forJob(boolean manualJob) {
        return manualJob ? manual : scheduled;
    }

    public void set(RetryPolicy scheduled, RetryPolicy manual) {
        this.scheduled = scheduled;
        this.manual = manual;
    }
}
