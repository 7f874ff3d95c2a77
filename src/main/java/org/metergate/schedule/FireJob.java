package org.metergate.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind every gateway job: hands the fire back to its {@link GatewayScheduler}.
 * Concurrent execution is disallowed so a run that overruns its slot holds back the next fire
 * instead of starting a second readout on the same bus.
 */
@DisallowConcurrentExecution
final class FireJob implements Job {

    static final String GENERATION = "generation";

    private final GatewayScheduler owner;

    FireJob(GatewayScheduler owner) {
        this.owner = owner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        owner.fire(context.getJobDetail().getKey().getName(),
                context.getMergedJobDataMap().getLong(GENERATION),
                context.getScheduledFireTime().toInstant(),
                context.getTrigger().getKey().getName());
    }
}
