package org.keyrelay.camel.console;

import io.hawt.HawtioContextListener;
import io.hawt.system.ConfigManager;
import io.hawt.web.auth.AuthConfigurationServlet;
import io.hawt.web.auth.AuthenticationConfiguration;
import io.hawt.web.auth.AuthenticationFilter;
import io.hawt.web.auth.ClientRouteRedirectFilter;
import io.hawt.web.auth.LoginServlet;
import io.hawt.web.auth.LogoutServlet;
import io.hawt.web.auth.SessionExpiryFilter;
import io.hawt.web.auth.UserServlet;
import io.hawt.web.auth.keycloak.KeycloakServlet;
import io.hawt.web.filters.BaseTagHrefFilter;
import io.hawt.web.filters.ResponseHeadersFilter;
import io.hawt.web.plugin.PluginServlet;
import io.hawt.web.proxy.ProxyServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.jolokia.server.core.http.AgentServlet;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.keyrelay.admin.AdminToken;

/**
 * The Hawtio console as a web context at {@value #PATH} of the management server: Hawtio 5's servlets and filters
 * (io.hawt:hawtio-system), its web UI from the class path ({@code hawtio-static/}, unpacked from hawtio-springboot at
 * build time), and its Jolokia, which reads the JVM's MBean server (Camel's routes, the key pools) under the access
 * policy {@value #POLICY}. This is Hawtio's web.xml, written as code:
 * <ul>
 *   <li>Hawtio is configured here, not by system properties (which still win, as {@code -Dhawtio.*}): no proxy to
 *       other JVMs, and a login only when {@code login} is true.</li>
 *   <li>The login is user {@value AdminLoginModule#USER} with the admin token as password ({@link AdminLoginModule}).
 *       Without a login (loopback), changing keyrelay's MBeans still needs the token ({@link ConsoleOperationsFilter}).</li>
 *   <li>{@code /preset-connections} answers {@code []}: there are no other JVMs to connect to.</li>
 *   <li>{@code /hawtconfig.json} is keyrelay's (branding, and what the login page asks for).</li>
 * </ul>
 */
public final class HawtioConsole {

    public static final String PATH = "/hawtio";
    static final String POLICY = "/jolokia-access.xml";
    static final String REALM = "keyrelay";

    private HawtioConsole() {
    }

    /** @param login whether the console and its Jolokia require the admin login */
    public static ServletContextHandler context(boolean login, AdminToken token) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(PATH);
        context.setDisplayName("hawtio");
        Resource ui = ResourceFactory.of(context).newClassLoaderResource("hawtio-static/");
        if (ui == null) {
            throw new IllegalStateException("Hawtio's web UI (hawtio-static/) is not on the class path: the build unpacks"
                    + " it from io.hawt:hawtio-springboot; set keyrelay.console.enabled=false to run without the console");
        }
        context.setBaseResource(ui);
        context.setWelcomeFiles(new String[] {"index.html"});
        context.getSessionHandler().getSessionCookieConfig().setHttpOnly(true);

        Map<String, String> settings = Map.of(
                AuthenticationConfiguration.AUTHENTICATION_ENABLED, Boolean.toString(login),
                AuthenticationConfiguration.REALM, REALM,
                AuthenticationConfiguration.ROLES, AdminLoginModule.ROLE,
                ProxyServlet.DISABLE_PROXY, "true");
        context.addEventListener(new Listener(new ConfigManager(settings::get), token));

        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        EnumSet<DispatcherType> all = EnumSet.of(DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.REQUEST);
        context.addFilter(SessionExpiryFilter.class, "/*", request);
        context.addFilter(ResponseHeadersFilter.class, "/*", request);
        if (!login) {
            context.addFilter(new FilterHolder(new ConsoleOperationsFilter(token)), "/jolokia/*", request);
        }
        FilterHolder authentication = context.addFilter(AuthenticationFilter.class, "/jolokia/*", request);
        context.addFilter(authentication, "/proxy/*", request);
        context.addFilter(ClientRouteRedirectFilter.class, "/*", request);
        FilterHolder base = context.addFilter(BaseTagHrefFilter.class, "/", all);
        context.addFilter(base, "/index.html", all);

        ServletHolder jolokia = new ServletHolder("jolokia-agent", new AgentServlet(policy()));
        jolokia.setInitParameter("mbeanQualifier", "qualifier=hawtio");
        jolokia.setInitParameter("allowErrorDetails", "false");
        jolokia.setInitParameter("includeStackTrace", "false");
        jolokia.setInitParameter("disableDetectors", "true");
        jolokia.setInitOrder(1);
        context.addServlet(jolokia, "/jolokia/*");
        ServletHolder proxy = new ServletHolder("jolokia-proxy", ProxyServlet.class);
        proxy.setInitOrder(1);
        context.addServlet(proxy, "/proxy/*");
        context.addServlet(UserServlet.class, "/user/*");
        ServletHolder authConfig = new ServletHolder("auth-config", AuthConfigurationServlet.class);
        authConfig.setInitOrder(1);
        context.addServlet(authConfig, "/auth/config/*");
        context.addServlet(LoginServlet.class, "/auth/login");
        context.addServlet(LogoutServlet.class, "/auth/logout");
        context.addServlet(KeycloakServlet.class, "/keycloak/*");
        context.addServlet(PluginServlet.class, "/plugin/*");
        context.addServlet(new Json("[]"), "/preset-connections");
        context.addServlet(new Json(resource("/keyrelay/hawtconfig.json")), "/hawtconfig.json");
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        return context;
    }

    /** The access policy, read now: a policy that cannot be read stops the start rather than leave Jolokia open. */
    static PolicyRestrictor policy() {
        try (InputStream in = HawtioConsole.class.getResourceAsStream(POLICY)) {
            if (in == null) {
                throw new IllegalStateException("The Jolokia access policy " + POLICY + " is not on the class path");
            }
            return new PolicyRestrictor(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HawtioConsole.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hawtio's listener, with the admin login added to its JAAS configuration when the login is on. */
    private static final class Listener extends HawtioContextListener {
        private final AdminToken token;

        Listener(ConfigManager config, AdminToken token) {
            super(config);
            this.token = token;
        }

        @Override
        protected void configureAuthenticationProviders(ServletContext context, AuthenticationConfiguration auth) {
            AppConfigurationEntry[] admin = {new AppConfigurationEntry(AdminLoginModule.class.getName(),
                    AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(AdminLoginModule.TOKEN_OPTION, token))};
            auth.addConfiguration(new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return admin;
                }
            });
        }
    }

    /** A fixed JSON answer. */
    private static final class Json extends HttpServlet {
        private final byte[] body;

        Json(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
