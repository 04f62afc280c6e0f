package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInRoutesTest {

    @TempDir
    Path dir;

    @Test
    void should_name_each_route_file_of_a_jar_so_camel_does_not_read_the_whole_jar() throws Exception {
        Path jar = dir.resolve("gateway.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"routes/", "routes/gateway.camel.yaml", "routes/admin.camel.yaml",
                    "routes/notes.txt", "routes/old/gone.camel.yaml", "keyrelay/routes/errors.camel.yaml",
                    "org/keyrelay/Some.class"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("- route: {}\n".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals("classpath:routes/admin.camel.yaml,classpath:routes/gateway.camel.yaml",
                    BuiltInRoutes.includePattern(loader));
        }
    }

    @Test
    void should_name_each_route_file_of_a_directory_on_the_class_path() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("classes/routes"));
        Files.writeString(routes.resolve("gateway.camel.yaml"), "- route: {}\n");
        Files.writeString(routes.resolve("models.camel.yaml"), "- route: {}\n");
        Files.writeString(routes.resolve("README.md"), "not a route\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            assertEquals("classpath:routes/gateway.camel.yaml,classpath:routes/models.camel.yaml",
                    BuiltInRoutes.includePattern(loader));
        }
    }

    @Test
    void should_name_every_route_this_build_carries() throws Exception {
        String expected;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            expected = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted()
                    .map(n -> "classpath:routes/" + n).collect(Collectors.joining(","));
        }
        assertEquals(expected, BuiltInRoutes.includePattern(KeyrelayApplication.class.getClassLoader()));
    }

    @Test
    void should_keep_the_wildcard_where_no_route_is_built_in() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], null)) {
            assertEquals(BuiltInRoutes.WILDCARD, BuiltInRoutes.includePattern(loader));
        }
    }
}
