package dev.gatsbytelemetry.bench;

import dev.gatsbytelemetry.agent.command.ScanLimits;
import dev.gatsbytelemetry.agent.command.ScanResult;
import dev.gatsbytelemetry.agent.command.StringConstantScanner;
import dev.gatsbytelemetry.agent.command.ToolCode;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * One cold scan of a tool's jar for one word, as the agent does it once per run:
 * {@code java -cp bench/target/benchmarks.jar dev.gatsbytelemetry.bench.CommandScanProbe <jar> <entry class> <word>}.
 * Prints wall and CPU time of the scan and how much it read. Run it in a fresh JVM each time: the
 * agent's scan always runs cold.
 */
public final class CommandScanProbe {

    private CommandScanProbe() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        ScanResult result = StringConstantScanner.scan(
                ToolCode.jar(new File(args[0]), args[1].replace('.', '/') + ".class"), List.of(args[2]),
                new ScanLimits() {
                    @Override
                    public boolean expired() {
                        return false;
                    }
                });
        long wallMicros = (System.nanoTime() - wall) / 1000;
        long cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1000;
        System.out.println(new File(args[0]).getName() + " '" + args[2] + "': " + wallMicros + " us wall, "
                + cpuMicros + " us cpu, " + result);
    }
}
