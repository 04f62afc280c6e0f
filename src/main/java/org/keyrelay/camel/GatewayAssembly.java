package org.keyrelay.camel;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.KeyringReloader;
import org.keyrelay.Provider;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.catalog.CatalogFile;
import org.keyrelay.catalog.ModelCatalog;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.IngressLimits;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.relay.UpstreamProxies;
import org.keyrelay.relay.UpstreamTimeouts;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.StateDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the gateway together in any CamelContext, the one assembly both runtimes share: the standalone jar (Camel
 * Main runs {@link GatewayBeans}, {@link LiveReloadBeans} and {@link ManagementBeans}, which call this) and Karaf
 * (the OSGi component in the keyrelay-karaf bundle calls it directly). Core Camel API only: nothing here may need
 * Camel Main, a servlet container or an API newer than Camel 4.14 (the Karaf build compiles this against 4.14).
 * <p>
 * What it binds is what routes/gateway.camel.yaml and routes/errors.camel.yaml name; the runtime adds the routes.
 */
public final class GatewayAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAssembly.class);
    /** How long a starting gateway waits for a tool that is writing the key state. */
    private static final Duration STATE_LOCK_PATIENCE = Duration.ofSeconds(2);

    /**
     * How the upstream relay connects and waits ({@code keyrelay.upstream.*}), the defaults of every provider's
     * {@code timeouts} in the keyring: {@code connectTimeout}, {@code responseTimeout} (a non-streaming request's
     * whole answer), {@code headersTimeout} (a streaming request's response head) and {@code idleTimeout} (the longest
     * silence inside a streamed answer). {@code threads} ({@code keyrelay.relay.threads}) is still accepted but no
     * longer used: the relay runs on the ingress event loops.
     */
    public record RelaySettings(Duration connectTimeout, Duration responseTimeout, int threads, Duration headersTimeout,
                                Duration idleTimeout) {

        public static final RelaySettings DEFAULTS = new RelaySettings(UpstreamTimeouts.DEFAULTS.connect(),
                UpstreamTimeouts.DEFAULTS.response(), 4);

        /** The default headers (60 s) and idle (120 s) timeouts. */
        public RelaySettings(Duration connectTimeout, Duration responseTimeout, int threads) {
            this(connectTimeout, responseTimeout, threads, UpstreamTimeouts.DEFAULTS.headers(),
                    UpstreamTimeouts.DEFAULTS.idle());
        }

        public UpstreamTimeouts timeouts() {
            return new UpstreamTimeouts(connectTimeout, headersTimeout, responseTimeout, idleTimeout);
        }
    }

    private GatewayAssembly() {
    }

    /**
     * The gateway's domain for these settings and this keyring: key state from (and to) the state dir, whose lock it
     * holds until {@link Gateway#close()}, the keys operators added, remembered state restored. Logs the keyring's
     * warnings and what the gateway will serve.
     *
     * @throws org.keyrelay.store.StateLockedException when another process holds the state dir (another gateway)
     */
    public static Gateway openGateway(GatewaySettings settings, Keyring keyring, Clock clock) {
        return openGateway(settings, keyring, clock, own -> own);
    }

    /**
     * {@link #openGateway(GatewaySettings, Keyring, Clock)} with the key state shared beyond this process:
     * {@code sharing} wraps the gateway's own file store (the standalone jar's Redis store, for {@code --state}).
     */
    public static Gateway openGateway(GatewaySettings settings, Keyring keyring, Clock clock,
                                      Function<FileKeyStateStore, KeyStateStore> sharing) {
        keyring.warnings().forEach(w -> LOG.warn("Keyring {}: {}", keyring.source(), w));
        StateDir.prepare(settings.stateDir());
        // the store lock first: while this gateway runs, no other process writes its key state
        FileKeyStateStore own = FileKeyStateStore.owner(settings.stateDir(), clock, STATE_LOCK_PATIENCE);
        KeyStateStore store;
        try {
            store = sharing.apply(own);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
        Gateway gateway;
        try {
            gateway = new Gateway(settings, keyring, store, new ManagedKeysFile(settings.stateDir()), clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        describe(gateway);
        return gateway;
    }

    /**
     * The placeholders routes/gateway.camel.yaml reads: {@code keyrelay.host}, {@code keyrelay.port}, the ingress
     * buffer, and whether the ingress (and so the relay, which runs on its event loops) uses Netty's native transport.
     */
    public static Map<String, String> routeProperties(GatewaySettings settings, Keyring keyring) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("keyrelay.host", settings.host());
        p.put("keyrelay.port", Integer.toString(settings.port()));
        p.put("keyrelay.ingress.max-content-length", Long.toString(Math.min(Integer.MAX_VALUE, keyring.maxBodyBytes() * 2)));
        p.put("keyrelay.ingress.native-transport", Boolean.toString(nativeTransport()));
        return p;
    }

    /**
     * Netty's epoll transport where its native library loads (Linux on x86-64 or aarch64: fewer system calls per
     * proxied request than the JDK's selector, 6.6 against 7.7 measured), else NIO, which works everywhere (a
     * deployment whose Netty has no native transport at all included).
     */
    static boolean nativeTransport() {
        try {
            return io.netty.channel.epoll.Epoll.isAvailable();
        } catch (LinkageError noNativeTransport) {
            return false;
        }
    }

    /**
     * Binds {@code gateway} and the beans the gateway routes name, tuned by {@code tuning} (the ingress's
     * {@code ingressGuards} with its {@link IngressLimits}, unless one is bound already; the relay with its timeouts);
     * the relay's connections and the gateway's state writer stop with the context. The {@link RotationListener}s
     * already in the registry (the metrics, the key events) hear the key selection's rotations. Upstreams are reached
     * through the proxies of the environment ({@code HTTPS_PROXY}...).
     */
    public static void bindGateway(CamelContext camelContext, Gateway gateway, GatewayTuning tuning) throws Exception {
        bindGateway(camelContext, gateway, tuning, UpstreamProxies.fromEnvironment(System.getenv()));
    }

    /** {@link #bindGateway(CamelContext, Gateway, GatewayTuning)} with the proxies upstreams are reached through. */
    public static void bindGateway(CamelContext camelContext, Gateway gateway, GatewayTuning tuning,
                                   UpstreamProxies proxies) throws Exception {
        Registry registry = camelContext.getRegistry();
        if (registry.lookupByName("gateway") == null) {
            registry.bind("gateway", gateway);
        }
        if (proxies != UpstreamProxies.NONE) {
            LOG.info("Upstreams through proxies: {}", proxies);
        }
        UpstreamRelay relay = new UpstreamRelay(gateway.classifier(), tuning.relay().timeouts(), proxies);
        registry.bind("requestIntake", new RequestIntake(gateway));
        registry.bind("clientAccess", TokenAccess.clients(gateway));
        registry.bind("keyWait", new KeyWait());
        registry.bind("keySelection", new KeySelection(RotationListener.all(registry.findByType(RotationListener.class))));
        registry.bind("upstreamRelay", relay);
        Rotation rotation = new Rotation(gateway.clock());
        registry.bind("rotation", rotation);
        registry.bind("coolFailedKey", (Processor) rotation::coolFailedKey);
        registry.bind("answers", new GatewayAnswers(gateway.clock()));
        registry.bind("gatewayBinding", new GatewayHttpBinding());
        if (registry.lookupByName("ingressGuards") == null) {
            registry.bind("ingressGuards", new IngressGuards(gateway, tuning.ingress()));
        }
        camelContext.addService(relay, true);
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                gateway.close();
            }
        }, true);
    }

    /**
     * Binds {@code keyAdmin} (the operations on keys every management surface shares) and registers each provider's
     * pool as the JMX MBean {@code keyrelay:type=KeyPool,provider=<id>} while the context runs.
     */
    public static KeyAdmin bindKeyPools(CamelContext camelContext, Gateway gateway) throws Exception {
        KeyAdmin admin = new KeyAdmin(gateway);
        camelContext.getRegistry().bind("keyAdmin", admin);
        camelContext.addService(new KeyPoolMBeans(admin,
                () -> camelContext.getRegistry().findSingleByType(ModelCatalog.class)), true, true);
        return admin;
    }

    /**
     * Binds {@code modelCatalog}: every provider's models, read with its keys and kept in the state dir's
     * {@link CatalogFile} for {@code refreshPeriod}. The KeyPool MBeans' {@code models} operation reads it.
     */
    public static ModelCatalog bindModelCatalog(CamelContext camelContext, Gateway gateway, Duration refreshPeriod,
                                                Duration timeout) {
        ModelCatalog catalog = ModelCatalog.of(gateway, refreshPeriod, timeout);
        camelContext.getRegistry().bind("modelCatalog", catalog);
        return catalog;
    }

    /**
     * Live reload, started and stopped with the context: the keyring watcher (null: the keyring is not a file) and
     * the guarded route watcher on the routes directory (null: the routes are built in).
     */
    public static void addLiveReload(CamelContext camelContext, KeyringReloader keyringReloader, Path routesDirectory)
            throws Exception {
        if (keyringReloader != null) {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStart() throws Exception {
                    keyringReloader.start();
                }

                @Override
                protected void doStop() {
                    keyringReloader.close();
                }
            }, true, true);
        }
        if (routesDirectory != null) {
            camelContext.addService(new GuardedRouteReload(routesDirectory), true, true);
        }
    }

    private static void describe(Gateway gateway) {
        GatewaySettings s = gateway.settings();
        LOG.info("Keyrelay gateway on http://{}:{}/<provider>/..., key state in {}{}", s.host(), s.port(), s.stateDir(),
                s.sharedState().map(r -> ", shared through " + r).orElse(""));
        for (Provider p : gateway.providers().values()) {
            ProviderConfig c = p.config();
            LOG.info("  /{}/ -> {} ({} keys, {}, auth {})", c.id(), c.upstream(), p.pool().size(),
                    p.pool().strategy().configName(), c.auth().configName());
        }
        if (gateway.providers().values().stream().allMatch(p -> p.pool().size() == 0)) {
            LOG.warn("No API keys configured yet. Add one: set an environment variable a provider names in envKeys "
                    + "(for example OLLAMA_API_KEY=...) and restart, add `keys: [{id: main, secret: \"...\"}]` under a "
                    + "provider in {} (applies live), or run `keyrelay keys add PROVIDER SECRET`.", gateway.keyring().source());
        }
        if (gateway.clientTokens().isEmpty()) {
            LOG.info("No client tokens configured: any local client may use the gateway (it listens on loopback)");
        }
    }
}
