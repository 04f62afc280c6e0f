package org.keyrelay.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.keyrelay.admin.AdminProblem;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.catalog.CatalogUnavailable;
import org.keyrelay.catalog.ModelCatalog;
import org.keyrelay.http.ProblemException;

/**
 * The admin API's model catalog (routes/models.camel.yaml): {@code GET /admin/providers/{p}/models[?refresh=true]}.
 * An unknown provider or a bad {@code refresh} is the admin API's usual 404 / 400; a catalog that cannot be read and
 * was never read before is {@code 502 models_unavailable}.
 */
public final class ModelsAdminApi {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final KeyAdmin admin;
    private final ModelCatalog catalog;

    public ModelsAdminApi(KeyAdmin admin, ModelCatalog catalog) {
        this.admin = admin;
        this.catalog = catalog;
    }

    public void models(Exchange exchange) {
        var provider = admin.provider0(exchange.getIn().getHeader("p", String.class));
        boolean refresh = refresh(exchange.getIn().getHeader("refresh", String.class));
        Object report;
        try {
            report = catalog.report(provider, refresh);
        } catch (CatalogUnavailable e) {
            throw new ProblemException(502, "models_unavailable", e.getMessage(), Map.of("provider", provider.id()));
        }
        Message out = ManagementReply.start(exchange, 200, "application/json");
        try {
            out.setBody(JSON.writeValueAsString(report) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean refresh(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw AdminProblem.badValue("refresh", value, "is not one of true, false");
    }
}
