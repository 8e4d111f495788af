package dev.gatsbytelemetry.agent.integration;

import java.lang.reflect.Method;

/**
 * Calls no-argument getters on framework objects by name. Reflection from the agent works across class
 * loaders; the agent never links against a framework type. Returns {@code null} on any failure.
 */
final class Reflect {

    private Reflect() {
    }

    static Object call(Object target, String method) {
        if (target == null) {
            return null;
        }
        try {
            Method m = find(target.getClass(), method);
            if (m == null) {
                return null;
            }
            return m.invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }

    static String string(Object target, String method) {
        Object value = call(target, method);
        return value instanceof String ? (String) value : null;
    }

    /** Whether {@code type} or a superclass has this binary name. */
    static boolean isA(Object value, String className) {
        for (Class<?> c = value == null ? null : value.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static Method find(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (!java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                m.setAccessible(true);
            }
            return m;
        } catch (NoSuchMethodException e) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method m = c.getDeclaredMethod(name);
                    m.setAccessible(true);
                    return m;
                } catch (NoSuchMethodException ignored) {
                    // try the superclass
                }
            }
            return null;
        }
    }
}
