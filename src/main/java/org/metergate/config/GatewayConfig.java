package org.metergate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The gateway's configuration, looked up in this order (first wins):
 * JVM system property, environment variable, the configuration file, the built-in defaults.
 * An environment variable names a key in upper case with dots and dashes as underscores,
 * so {@code metergate.db.url} is {@code METERGATE_DB_URL}.
 */
public final class GatewayConfig {

    public static final Path DEFAULT_FILE = Path.of("config", "application.properties");
    private static final String DEFAULTS_RESOURCE = "metergate-defaults.properties";

    private final Properties defaults;
    private final Properties file;
    private final Map<String, String> environment;
    private final Properties system;
    private final Path source;

    GatewayConfig(Properties defaults, Properties file, Map<String, String> environment, Properties system, Path source) {
        this.defaults = defaults;
        this.file = file;
        this.environment = environment;
        this.system = system;
        this.source = source;
    }

    /** Loads the file (missing is fine unless it was named explicitly) over the built-in defaults. */
    public static GatewayConfig load(Path configFile, boolean explicit) {
        Properties fromFile = new Properties();
        if (Files.isRegularFile(configFile)) {
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                fromFile.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + configFile + ": " + e.getMessage());
            }
        } else if (explicit) {
            throw new ConfigException("configuration file not found: " + configFile.toAbsolutePath());
        }
        return new GatewayConfig(builtInDefaults(), fromFile, System.getenv(), System.getProperties(), configFile);
    }

    /** Configuration for tests and tools: only the defaults and the given overrides. */
    public static GatewayConfig of(Map<String, String> overrides) {
        Properties p = new Properties();
        p.putAll(overrides);
        return new GatewayConfig(builtInDefaults(), p, Map.of(), new Properties(), null);
    }

    private static Properties builtInDefaults() {
        Properties p = new Properties();
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " missing from the classpath");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> find(String key) {
        String v = system.getProperty(key);
        if (v == null) {
            v = environment.get(environmentName(key));
        }
        if (v == null) {
            v = file.getProperty(key);
        }
        if (v == null) {
            v = defaults.getProperty(key);
        }
        if (v == null) {
            return Optional.empty();
        }
        v = v.trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new ConfigException("missing setting " + key));
    }

    public String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be an integer, got '" + v + "'");
        }
    }

    public long getLong(String key) {
        String v = get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException("setting " + key + " must be true or false, got '" + v + "'");
        };
    }

    /** Every metergate.* setting with its effective value, for Camel's property placeholders in routes. */
    public Properties metergateProperties() {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (Properties p : new Properties[] {defaults, file, system}) {
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("metergate.")) {
                    keys.add(name);
                }
            }
        }
        Properties out = new Properties();
        for (String key : keys) {
            find(key).ifPresent(v -> out.setProperty(key, v));
        }
        return out;
    }

    /** All camel.* settings of the file and of system properties, handed to Camel as they are. */
    public Properties camelProperties() {
        Properties out = new Properties();
        for (Properties p : new Properties[] {defaults, file, system}) {
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("camel.")) {
                    out.setProperty(name, p.getProperty(name));
                }
            }
        }
        return out;
    }
}
