package dev.gatsbytelemetry.agent.recorder;

/**
 * Sends {@code CLI_COMMAND_<CMD>_HEARTBEAT} every period while the command runs, so that a command
 * that never reaches its end event (SIGKILL, the OOM killer, a closed terminal) still leaves its stage
 * statistics behind. The statistics are cumulative since the command started, like the end event's.
 *
 * <p>Implementation notes. One daemon thread, started from the recorder's thread after the run's first
 * event (never in premain, never on an application thread), and none at all when the period is 0.
 * It only sleeps and hands the recorder a heartbeat to record; the event goes through the same
 * worker, sanitizer and sinks (spool included) as every other event. It stops at JVM exit, where the
 * end event takes over.
 */
final class Heartbeat implements Runnable {

    private final Recorder recorder;
    private final long periodMillis;
    private volatile boolean stopped;
    private boolean started;

    Heartbeat(Recorder recorder, long periodMillis) {
        this.recorder = recorder;
        this.periodMillis = periodMillis;
    }

    /** Starts the thread once; nothing when the period is 0 or the JVM is exiting. */
    synchronized void start() {
        if (started || stopped || periodMillis <= 0) {
            return;
        }
        started = true;
        Thread thread = new Thread(this, "gatsby-telemetry-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Thread.sleep(periodMillis);
                if (!stopped) {
                    recorder.heartbeat();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable ignored) {
            // the heartbeat is a nicety: never an error in the host
        }
    }
}
