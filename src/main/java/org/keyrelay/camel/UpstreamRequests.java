package org.keyrelay.camel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.http.UpstreamHeaders;
import org.keyrelay.pool.ApiKey;

/** Builds the request one attempt sends upstream: same method, path, query and body; clean headers; the chosen key. */
final class UpstreamRequests {

    private UpstreamRequests() {
    }

    static HttpRequest build(ProviderConfig provider, ClientRequest request, ApiKey key, Duration timeout) {
        URI target = target(provider.upstream(), request.rest(), request.rawQuery());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout);
        if ("http".equals(target.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> h : UpstreamHeaders.forUpstream(request.headers(), provider.auth(),
                key.secret().reveal())) {
            try {
                builder.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException restrictedByTheHttpClient) {
                // a header the JDK client sets itself (Date, Via...): it is not forwarded
            }
        }
        HttpRequest.BodyPublisher body = request.body().length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        return builder.method(request.method(), body).build();
    }

    static URI target(URI base, String rest, String rawQuery) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/") && rest.startsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String uri = base.getScheme() + "://" + base.getRawAuthority() + basePath + rest
                + (rawQuery == null ? "" : "?" + rawQuery);
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new GatewayRejection(400, "bad_request", "The request path or query is not a valid URL part.", Map.of());
        }
    }
}
