package org.example.gateway;

import org.apache.camel.main.Main;

/** A Camel Main application; Keyrelay comes in through application.properties. */
public final class GatewayApp {

    private GatewayApp() {
    }

    public static void main(String[] args) throws Exception {
        new Main(GatewayApp.class).run(args);
    }
}
