package org.keyrelay.embed.spring;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.keyrelay.embed.KeyrelayConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Keyrelay in a Spring Boot application with camel-spring-boot: runs {@link KeyrelayConfiguration} on the
 * application's CamelContext before it starts, with the {@code keyrelay.*} properties of the application's
 * environment. {@code keyrelay.enabled=false} leaves Keyrelay out.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnClass(CamelContextConfiguration.class)
@ConditionalOnProperty(name = "keyrelay.enabled", havingValue = "true", matchIfMissing = true)
public class KeyrelayAutoConfiguration {

    @Bean
    CamelContextConfiguration keyrelayCamelContextConfiguration() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    new KeyrelayConfiguration().configure(camelContext);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("Keyrelay did not start: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing: the gateway's routes start with the application's
            }
        };
    }
}
