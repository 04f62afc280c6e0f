package org.keyrelay.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live route reload that never leaves the gateway without routes. Camel's own watcher removes every route before
 * it loads the edited files, so a broken edit stops the gateway until the next good one. This one, on a change of
 * a {@code *.camel.yaml} file in the routes directory:
 * <ol>
 *   <li>parses the edited file first; a YAML or DSL error is refused with one log line naming the file, the line
 *       and the problem, and nothing changes;</li>
 *   <li>otherwise replaces all routes with the files' current content, as Camel does;</li>
 *   <li>if that fails while the routes are built (an unknown bean, a bad endpoint option), it logs why and loads
 *       the last content that worked again.</li>
 * </ol>
 * The key pools live in Java beans, so their state is untouched by any of this. Requests in flight finish within
 * Camel's shutdown timeout while their routes are replaced.
 */
public final class GuardedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReload.class);
    private static final String SUFFIX = ".camel.yaml";

    private final Path directory;
    private Map<String, String> lastGood = Map.of();

    public GuardedRouteReload(Path directory) {
        super(directory.toAbsolutePath().toString(), false);
        this.directory = directory.toAbsolutePath();
        setPattern("*" + SUFFIX);
    }

    @Override
    protected void doStart() throws Exception {
        lastGood = read();
        super.doStart();
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "Watching " + dir + " for route changes: edits apply without a restart; a broken edit is refused";
    }

    @Override
    protected synchronized void onRouteReload(java.util.Collection<Resource> changed, boolean removeEverything) {
        Map<String, String> files;
        try {
            files = read();
        } catch (IOException e) {
            LOG.error("Route change refused: cannot read {}: {}. The running routes stay.", directory, e.getMessage());
            return;
        }
        if (files.equals(lastGood)) {
            return;
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getValue().equals(lastGood.get(file.getKey()))) {
                String problem = parseProblem(file.getKey(), file.getValue());
                if (problem != null) {
                    LOG.error("Route change refused: {}: {}. The running routes stay; fix the file to apply it.",
                            shortName(file.getKey()), problem);
                    return;
                }
            }
        }
        try {
            replaceRoutes(files);
            lastGood = files;
            LOG.info("Routes reloaded from {} ({} routes)", directory, getCamelContext().getRoutes().size());
        } catch (Exception e) {
            LOG.error("Route change refused: {} cannot be started: {}. Restoring the routes that ran before.",
                    directory, rootMessage(e));
            try {
                replaceRoutes(lastGood);
            } catch (Exception restoreFailed) {
                LOG.error("Restoring the previous routes failed too: {}", rootMessage(restoreFailed));
            }
        }
    }

    private void replaceRoutes(Map<String, String> files) throws Exception {
        getCamelContext().getRouteController().removeAllRoutes();
        getCamelContext().removeRouteTemplates("*");
        getCamelContext().getEndpointRegistry().clear();
        List<Resource> resources = new ArrayList<>();
        files.forEach((location, content) -> resources.add(ResourceHelper.fromString(location, content)));
        loader().updateRoutes(resources);
    }

    /** The YAML and DSL errors of one file, without touching the running routes; null when it parses. */
    private String parseProblem(String location, String content) {
        try {
            for (RoutesBuilder builder : loader().findRoutesBuilders(List.of(ResourceHelper.fromString(location, content)))) {
                if (builder instanceof RouteBuilder rb) {
                    rb.configureRoutes(getCamelContext()); // parses the whole file; adds nothing to the context
                }
            }
            return null;
        } catch (Exception e) {
            return rootMessage(e);
        }
    }

    private RoutesLoader loader() {
        return PluginHelper.getRoutesLoader(getCamelContext());
    }

    /** Every route file of the directory, by location, with its content. */
    private Map<String, String> read() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : dir) {
                files.put("file:" + p, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private String shortName(String location) {
        return location.startsWith("file:") ? location.substring(5) : location;
    }

    private static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && (sb.length() == 0 || !sb.toString().contains(t.getMessage()))) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(t.getMessage().replace('\n', ' '));
            }
        }
        return sb.toString();
    }
}
