package org.keyrelay.camel.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Keeps other web pages from calling the console's Jolokia through the browser of someone who has the console open
 * (on loopback the console needs no login, so a page elsewhere could otherwise disable keys): a request a browser marks
 * as coming from another site ({@code Sec-Fetch-Site}), or whose {@code Origin} is not this server, gets 403.
 * Requests without those headers (curl, scripts, Prometheus-style tools) pass.
 */
public final class SameOriginFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String site = http.getHeader("Sec-Fetch-Site");
        String origin = http.getHeader("Origin");
        boolean crossSite = site != null && !site.equals("same-origin") && !site.equals("none");
        boolean otherOrigin = origin != null && !origin.toLowerCase(Locale.ROOT).equals(ownOrigin(http));
        if (crossSite || otherOrigin) {
            ((HttpServletResponse) response).sendError(403, "only the console's own pages may call it");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String ownOrigin(HttpServletRequest http) {
        String host = http.getHeader("Host");
        return (http.getScheme() + "://" + (host == null ? http.getServerName() + ":" + http.getServerPort() : host))
                .toLowerCase(Locale.ROOT);
    }
}
