package dev.gatsbytelemetry.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The stage hook's cost per call in <em>CPU time</em> of the calling threads, a figure a loaded
 * machine barely moves (JMH's {@link StageOverheadBenchmark} measures wall time, which every
 * preemption inflates: on a shared 2-core machine its two-thread figures spread by ±100 ns).
 *
 * <p>Runs {@link PlainWork#work} and the hooked {@link StagedWork#work} alternately, in rounds, on
 * {@code --threads} threads started together; each thread reads its own CPU time around its calls.
 * Cache-line contention between the threads costs CPU time (stalled cycles), so it shows here as it
 * does in wall time; waiting for a core does not. Contention only happens while both threads run at
 * once, which a loaded machine makes rarer: a contention cost measured under load is a lower bound.
 *
 * <p>Any agent build can be measured with the same harness, which only needs the agent attached
 * with {@code stages=} {@value StageOverheadBenchmark#STAGE_PATTERN}:
 * <pre>
 * java -javaagent:agent/target/gatsby-telemetry-agent.jar=stages=dev.gatsbytelemetry.bench.StagedWork#work \
 *      -cp bench/target/benchmarks.jar dev.gatsbytelemetry.bench.StageCpuCost --threads 2 --rounds 12
 * </pre>
 */
public final class StageCpuCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int WARM_UP_ROUNDS = 3;

    private StageCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> bridge = Class.forName("dev.gatsbytelemetry.agent.bridge.TelemetryBridge", false, null);
        if (!(Boolean) bridge.getMethod("isInstalled").invoke(null)) {
            throw new IllegalStateException("the agent is attached but disabled: the hook would cost nothing");
        }
        int threads = intArgument(args, "--threads", 2);
        int rounds = intArgument(args, "--rounds", 12);
        long calls = intArgument(args, "--calls", 10_000_000);
        List<Double> plain = new ArrayList<>();
        List<Double> staged = new ArrayList<>();
        for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
            double p = perCall(false, threads, calls);
            double s = perCall(true, threads, calls);
            if (round >= WARM_UP_ROUNDS) {
                plain.add(p);
                staged.add(s);
                System.out.printf("round %d: plain %.2f ns, staged %.2f ns CPU per call%n", round - WARM_UP_ROUNDS + 1, p, s);
            }
        }
        double[] deltas = new double[plain.size()];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = staged.get(i) - plain.get(i);
        }
        System.out.printf("threads %d: plain median %.2f ns, staged median %.2f ns, paired delta median %+.2f ns "
                        + "(p25 %+.2f, p75 %+.2f) CPU per call%n", threads, median(plain), median(staged),
                percentile(deltas, 50), percentile(deltas, 25), percentile(deltas, 75));
    }

    /** Mean CPU time per call over the threads, in ns. */
    private static double perCall(boolean hooked, int threads, long calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] cpu = new long[threads];
        long[] sink = new long[threads * 16];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long seed = System.nanoTime() | 1;
                long acc = 0;
                long before = THREADS.getCurrentThreadCpuTime();
                if (hooked) {
                    for (long i = 0; i < calls; i++) {
                        acc += StagedWork.work(seed++);
                    }
                } else {
                    for (long i = 0; i < calls; i++) {
                        acc += PlainWork.work(seed++);
                    }
                }
                cpu[index] = THREADS.getCurrentThreadCpuTime() - before;
                sink[index * 16] = acc;
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (Arrays.stream(sink).sum() == 42) {
            System.out.print(""); // keeps the results alive
        }
        return Arrays.stream(cpu).average().orElse(0) / calls;
    }

    private static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.round((sorted.length - 1) * p / 100.0);
        return sorted[index];
    }

    private static int intArgument(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
