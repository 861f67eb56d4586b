package org.renraku.platform.control;

import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payara substitutes {@code ${ENV=NAME:default}} in the attributes of a mail resource but hands the
 * {@code <property>} values of glassfish-resources.xml to the Session as written; this resolves them the same way.
 */
public final class ResourceProperties {

    private static final Pattern ENV = Pattern.compile("\\$\\{ENV=([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private ResourceProperties() {
    }

    /** A copy of the properties with every {@code ${ENV=NAME:default}} replaced. */
    public static Properties resolve(Properties source, UnaryOperator<String> env) {
        Properties resolved = new Properties();
        for (String name : source.stringPropertyNames()) {
            resolved.setProperty(name, resolve(source.getProperty(name), env));
        }
        return resolved;
    }

    public static String resolve(String value, UnaryOperator<String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = env.apply(m.group(1));
            String replacement = found != null ? found : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
