package org.keyrelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The routes built into the jar ({@code classpath:routes/}), named one by one for Camel's routes-include-pattern.
 * A wildcard such as {@code classpath:routes/*.camel.yaml} makes Camel read the whole jar entry by entry (every entry
 * of the fat jar inflated, twice: once to look for modelines and beans, once to collect the routes), which took about
 * a second of the start before the ingress listens; listing the jar's directory (already open: the classes come from
 * it) takes milliseconds. Where the routes are neither in a jar nor in a directory, the wildcard is kept.
 */
final class BuiltInRoutes {

    static final String WILDCARD = "classpath:routes/*.camel.yaml";
    private static final String DIRECTORY = "routes/";
    private static final String SUFFIX = ".camel.yaml";
    /** A route file that is always built in: where it is, the others are. */
    private static final String KNOWN = DIRECTORY + "gateway" + SUFFIX;

    private BuiltInRoutes() {
    }

    /** The built-in route files as {@code classpath:routes/a.camel.yaml,classpath:routes/b.camel.yaml,...}. */
    static String includePattern(ClassLoader loader) {
        URL known = loader.getResource(KNOWN);
        if (known == null) {
            return WILDCARD;
        }
        List<String> names = switch (known.getProtocol()) {
            case "jar" -> inJar(known);
            case "file" -> inDirectory(known);
            default -> List.of();
        };
        return names.isEmpty() ? WILDCARD
                : names.stream().map(n -> "classpath:" + DIRECTORY + n).collect(Collectors.joining(","));
    }

    private static List<String> inJar(URL known) {
        try {
            JarFile jar = ((JarURLConnection) known.openConnection()).getJarFile();
            return routeFiles(jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith(DIRECTORY))
                    .map(n -> n.substring(DIRECTORY.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the routes built into " + known, e);
        }
    }

    private static List<String> inDirectory(URL known) {
        try (Stream<Path> files = Files.list(Path.of(known.toURI()).getParent())) {
            return routeFiles(files.map(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the routes in " + known, e);
        } catch (URISyntaxException e) {
            return List.of();
        }
    }

    private static List<String> routeFiles(Stream<String> names) {
        return names.filter(n -> n.endsWith(SUFFIX) && n.indexOf('/') < 0).sorted().toList();
    }
}
