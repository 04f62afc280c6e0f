package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.keyrelay.Gateway;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.catalog.ModelCatalog;
import org.keyrelay.config.Durations;

/**
 * The model catalog on the management side: {@code modelCatalog} (also what the KeyPool MBeans' {@code models}
 * operation reads) and {@code modelsApi}, the bean routes/models.camel.yaml names. Runs after {@link ManagementBeans}
 * (it needs {@code keyAdmin}).
 */
public class ModelsBeans implements CamelConfiguration {

    @PropertyInject(value = "keyrelay.models.refresh-period", defaultValue = "1h")
    private String refreshPeriod;

    @PropertyInject(value = "keyrelay.upstream.connect-timeout", defaultValue = "10s")
    private String timeout;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Gateway gateway = camelContext.getRegistry().lookupByNameAndType("gateway", Gateway.class);
        ModelCatalog catalog = GatewayAssembly.bindModelCatalog(camelContext, gateway, Durations.parse(refreshPeriod),
                Durations.parse(timeout));
        KeyAdmin admin = camelContext.getRegistry().lookupByNameAndType("keyAdmin", KeyAdmin.class);
        camelContext.getRegistry().bind("modelsApi", new ModelsAdminApi(admin, catalog));
    }
}
