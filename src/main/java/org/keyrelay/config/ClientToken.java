package org.keyrelay.config;

import org.keyrelay.pool.Secret;

/** An access token a client presents to the gateway (as Bearer or x-api-key). */
public record ClientToken(String id, Secret token) {}
