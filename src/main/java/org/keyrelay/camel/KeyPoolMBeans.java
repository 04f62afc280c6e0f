package org.keyrelay.camel;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.catalog.ModelCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link KeyPoolManagement} per provider in the platform MBean server as
 * {@code keyrelay:type=KeyPool,provider=<id>} while the CamelContext runs, following providers a keyring reload
 * adds or removes.
 */
public final class KeyPoolMBeans extends ServiceSupport implements Gateway.ProviderListener {

    private static final Logger LOG = LoggerFactory.getLogger(KeyPoolMBeans.class);

    private final KeyAdmin admin;
    private final Supplier<ModelCatalog> catalog;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, ObjectName> registered = new ConcurrentHashMap<>();

    public KeyPoolMBeans(KeyAdmin admin) {
        this(admin, () -> null);
    }

    /** @param catalog the model catalog the {@code models} operation reads, when there is one (null: none) */
    public KeyPoolMBeans(KeyAdmin admin, Supplier<ModelCatalog> catalog) {
        this.admin = admin;
        this.catalog = catalog;
    }

    public static ObjectName name(String provider) {
        try {
            return new ObjectName("keyrelay:type=KeyPool,provider=" + provider);
        } catch (JMException e) {
            throw new IllegalArgumentException("provider id '" + provider + "' cannot name an MBean: " + e.getMessage());
        }
    }

    @Override
    protected void doStart() {
        admin.gateway().providers().values().forEach(this::added);
        admin.gateway().subscribe(this);
    }

    @Override
    protected void doStop() {
        registered.keySet().forEach(this::unregister);
    }

    @Override
    public void added(Provider provider) {
        if (!isStarted() && !isStarting()) {
            return;
        }
        ObjectName name = name(provider.id());
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new KeyPoolManagement(admin, provider.id(), catalog.get()), name);
            registered.put(provider.id(), name);
        } catch (JMException e) {
            LOG.warn("Cannot register the JMX MBean {}: {}", name, e.getMessage());
        }
    }

    @Override
    public void removed(Provider provider) {
        unregister(provider.id());
    }

    private void unregister(String provider) {
        ObjectName name = registered.remove(provider);
        if (name != null) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("MBean {} was already gone: {}", name, e.getMessage());
            }
        }
    }
}
