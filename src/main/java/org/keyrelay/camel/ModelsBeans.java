package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.keyrelay.Gateway;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.catalog.ModelCatalog;

/**
 * The model catalog on the management side: {@code modelCatalog} (also what the KeyPool MBeans' {@code models}
 * operation reads) and {@code modelsApi}, the bean routes/models.camel.yaml names. Runs after {@link ManagementBeans}
 * (it needs {@code keyAdmin}).
 */
public class ModelsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Gateway gateway = camelContext.getRegistry().lookupByNameAndType("gateway", Gateway.class);
        GatewayTuning tuning = GatewayTuning.of(camelContext);
        ModelCatalog catalog = GatewayAssembly.bindModelCatalog(camelContext, gateway, tuning.modelsRefreshPeriod(),
                tuning.relay().connectTimeout());
        KeyAdmin admin = camelContext.getRegistry().lookupByNameAndType("keyAdmin", KeyAdmin.class);
        camelContext.getRegistry().bind("modelsApi", new ModelsAdminApi(admin, catalog));
    }
}
