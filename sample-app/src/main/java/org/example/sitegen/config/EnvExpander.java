package org.example.sitegen.config;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${NAME}} references from the environment; unset variables expand to "" like in a shell. */
public final class EnvExpander {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final UnaryOperator<String> environment;

    public EnvExpander(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static EnvExpander fromSystem() {
        return new EnvExpander(System::getenv);
    }

    public String expand(String value) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = environment.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
