package testfixtures;

import java.util.ArrayList;
import java.util.List;

/** A class the instrumentation tests rewrite; knows nothing of telemetry. */
public class Pipeline {

    private final List<String> log = new ArrayList<>();

    public static int main(String[] args, long seed, double factor, boolean flag, char c) {
        return args.length + (int) seed + (int) factor + (flag ? 1 : 0) + c;
    }

    public int transform(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative");
        }
        try {
            if (value == 13) {
                throw new IllegalStateException("unlucky");
            }
        } catch (IllegalStateException handledByTheMethodItself) {
            log.add("handled");
            return -13;
        }
        for (int i = 0; i < value; i++) {
            log.add("step" + i);
        }
        return value * 2;
    }

    public long widen(long a, double b) {
        return a + (long) b;
    }

    public void nothing() {
    }

    public static double scale(double value, int factor) {
        return value * factor;
    }

    public static boolean isEven(int value) {
        return value % 2 == 0;
    }

    public synchronized String render(String page) {
        return page == null ? null : "<p>" + page + "</p>";
    }

    public List<String> log() {
        return log;
    }
}
