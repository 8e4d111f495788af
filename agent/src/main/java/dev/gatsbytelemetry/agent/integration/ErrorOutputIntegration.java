package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.util.List;

/**
 * Where a tool shows an exception it caught: {@code Throwable.printStackTrace} (both public forms
 * end in the private {@code printStackTrace(PrintStreamOrWriter)}; hooked at startup with the other
 * JDK hooks), and an error-level record of the common logging back ends, hooked when their classes
 * load (a tool without them pays nothing):
 * <ul>
 *   <li>{@code java.util.logging.Logger#log(LogRecord)}, where every JUL call ends; level
 *       {@code SEVERE} and above;</li>
 *   <li>Logback's {@code Logger#callAppenders(ILoggingEvent)} (what SLF4J calls with Logback);
 *       level {@code ERROR};</li>
 *   <li>Log4j 2's {@code LoggerConfig#log(LogEvent, LoggerConfigPredicate)} and
 *       {@code log(LogEvent)}; {@code ERROR} and {@code FATAL};</li>
 *   <li>slf4j-simple 2.x's {@code SimpleLogger#handleNormalizedLoggingCall}; {@code ERROR}.</li>
 * </ul>
 * Only records carrying a throwable are looked at, and only their level is read (never the message).
 * A logger prints a record's stack trace itself (JUL's {@code SimpleFormatter} calls
 * {@code printStackTrace}): while a logging call is in progress on a thread, {@code printStackTrace}
 * is the logger's business, so a warning with an exception stays a warning.
 */
final class ErrorOutputIntegration extends Integration {

    static final String THROWABLE = "java/lang/Throwable";
    static final String PRINT_STACK_TRACE = "printStackTrace";
    static final String PRINT_STACK_TRACE_DESCRIPTOR = "(Ljava/lang/Throwable$PrintStreamOrWriter;)V";
    private static final int PRINTED = 0;
    private static final int JUL = 1;
    private static final int LOGBACK = 2;
    private static final int LOG4J_PREDICATE = 3;
    private static final int LOG4J = 4;
    private static final int SLF4J_SIMPLE = 5;
    /** java.util.logging.Level.SEVERE.intValue(). */
    private static final int JUL_SEVERE = 1000;
    /** org.apache.logging.log4j.Level.ERROR.intLevel(): FATAL is 100, more severe is lower. */
    private static final int LOG4J_ERROR = 200;

    private static final List<Target> TARGETS = List.of(
            new Target(THROWABLE, PRINT_STACK_TRACE, PRINT_STACK_TRACE_DESCRIPTOR),
            new Target("java/util/logging/Logger", "log", "(Ljava/util/logging/LogRecord;)V"),
            new Target("ch/qos/logback/classic/Logger", "callAppenders", "(Lch/qos/logback/classic/spi/ILoggingEvent;)V"),
            new Target("org/apache/logging/log4j/core/config/LoggerConfig", "log",
                    "(Lorg/apache/logging/log4j/core/LogEvent;"
                            + "Lorg/apache/logging/log4j/core/config/LoggerConfig$LoggerConfigPredicate;)V"),
            new Target("org/apache/logging/log4j/core/config/LoggerConfig", "log",
                    "(Lorg/apache/logging/log4j/core/LogEvent;)V"),
            new Target("org/slf4j/simple/SimpleLogger", "handleNormalizedLoggingCall",
                    "(Lorg/slf4j/event/Level;Lorg/slf4j/Marker;Ljava/lang/String;[Ljava/lang/Object;Ljava/lang/Throwable;)V"));

    /** Per thread: how many logging calls are in progress. */
    private final ThreadLocal<int[]> logging = new ThreadLocal<>();

    /** This thread's value, made at first use: an {@code initialValue()} subclass would be one more class to load before {@code main}. */
    private int[] loggingDepth() {
        int[] value = logging.get();
        if (value == null) {
            value = new int[1];
            logging.set(value);
        }
        return value;
    }

    ErrorOutputIntegration(FrameworkEvents events) {
        super(events, TARGETS);
    }

    @Override
    void enter(int target, Object self, Object[] arguments) {
        if (target != PRINTED) {
            loggingDepth()[0]++;
        }
        Object first = arguments.length > 0 ? arguments[0] : null;
        switch (target) {
            case PRINTED:
                if (self instanceof Throwable && loggingDepth()[0] == 0) {
                    events.shown((Throwable) self, "printStackTrace");
                }
                break;
            case JUL:
                if (first instanceof java.util.logging.LogRecord) {
                    java.util.logging.LogRecord record = (java.util.logging.LogRecord) first;
                    if (record.getThrown() != null && record.getLevel() != null
                            && record.getLevel().intValue() >= JUL_SEVERE) {
                        events.shown(record.getThrown(), "log");
                    }
                }
                break;
            case LOGBACK:
                Object thrown = Reflect.call(Reflect.call(first, "getThrowableProxy"), "getThrowable");
                if (thrown instanceof Throwable && "ERROR".equals(String.valueOf(Reflect.call(first, "getLevel")))) {
                    events.shown((Throwable) thrown, "log");
                }
                break;
            case LOG4J_PREDICATE:
            case LOG4J:
                Object log4jThrown = Reflect.call(first, "getThrown");
                Object level = Reflect.call(Reflect.call(first, "getLevel"), "intLevel");
                if (log4jThrown instanceof Throwable && level instanceof Integer && (Integer) level <= LOG4J_ERROR) {
                    events.shown((Throwable) log4jThrown, "log");
                }
                break;
            case SLF4J_SIMPLE:
                Object slf4jThrown = arguments.length > 4 ? arguments[4] : null;
                if (slf4jThrown instanceof Throwable && first instanceof Enum && "ERROR".equals(((Enum<?>) first).name())) {
                    events.shown((Throwable) slf4jThrown, "log");
                }
                break;
            default:
                break;
        }
    }

    @Override
    void exit(int target, Object returned) {
        left(target);
    }

    @Override
    void thrown(int target, Throwable thrown) {
        left(target);
    }

    private void left(int target) {
        int[] depth = loggingDepth();
        if (target != PRINTED && depth[0] > 0) {
            depth[0]--;
        }
    }
}
