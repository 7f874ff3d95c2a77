package org.metergate.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.metergate.schedule.GatewayScheduler;
import org.metergate.schedule.Schedule;

/**
 * Runs a polling consumer (such as the {@code mbus:} consumer's readout) on the gateway's cron
 * dialect (SPEC D2) instead of a fixed delay: {@code scheduler=#readoutSchedule} on the endpoint.
 * The job is registered in the gateway's scheduler under the consumer's route id, so it shows in
 * the system panel and can be run at once ({@link GatewayScheduler#runNow}) for a manual readout.
 * One instance serves one consumer.
 */
public final class CronPollScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private final GatewayScheduler scheduler;
    private volatile Schedule schedule;
    private CamelContext camelContext;
    private String jobId;
    private Runnable task;
    private volatile boolean started;

    public CronPollScheduler(GatewayScheduler scheduler, Schedule schedule) {
        this.scheduler = scheduler;
        this.schedule = schedule;
    }

    @Override
    public void onInit(Consumer consumer) {
        String route = consumer instanceof org.apache.camel.RouteAware ra && ra.getRoute() != null ? ra.getRoute().getRouteId() : null;
        jobId = route != null ? route : consumer.getEndpoint().getEndpointKey();
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        if (jobId != null) {
            scheduler.cancel(jobId);
        }
        started = false;
    }

    @Override
    public void startScheduler() {
        if (task == null) {
            throw new IllegalStateException("no task to schedule");
        }
        scheduler.schedule(jobId, schedule, task);
        started = true;
    }

    @Override
    public boolean isSchedulerStarted() {
        return started;
    }

    /** The job id in the gateway's scheduler (the route id). */
    public String jobId() {
        return jobId;
    }

    /**
     * Runs the job now as a manual job (SPEC D4): the run that follows uses the manual retry settings
     * (SPEC D5). A run already in progress is not repeated: the scheduler never overlaps one job.
     */
    public void runNow() {
        scheduler.runNow(jobId);
    }

    /** A new schedule from now on (settings changed). */
    public void reschedule(Schedule next) {
        this.schedule = next;
        if (started) {
            scheduler.reschedule(jobId, next);
        }
    }

    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    protected void doStop() {
        unscheduleTask();
    }
}
