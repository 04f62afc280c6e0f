/**
 * Camel at the edges: the beans and processors that routes/*.camel.yaml name, and the JMX / Hawtio facade. Nothing
 * here decides a key rule, a failure class or an admin action; each class reads an Exchange, calls the plain-Java
 * package that decides (pool/, failure/, admin/, http/) and writes the answer.
 * <p>
 * The gateway: {@link org.keyrelay.camel.RequestIntake} and {@link org.keyrelay.camel.TokenAccess#clients} at the
 * ingress, {@code KeySelection}, the relay ({@code UpstreamRelay},
 * {@code RelayAttempt}) and {@code Rotation} for the error handlers of
 * routes/errors.camel.yaml, which answer through {@link org.keyrelay.camel.GatewayAnswers}. The management port
 * ({@link org.keyrelay.camel.ManagementServer}): the admin API ({@link org.keyrelay.camel.TokenAccess#admin}, then
 * {@link org.keyrelay.camel.AdminApi}), monitoring (camel/metrics/), JMX ({@link org.keyrelay.camel.KeyPoolMBeans}),
 * the Hawtio console (camel/console/); every answer there starts with {@link org.keyrelay.camel.ManagementReply}.
 * <p>
 * Every error the gateway or the admin API writes itself is a {@link org.keyrelay.http.Problem}, thrown as a
 * {@link org.keyrelay.http.ProblemException} and written by a {@link org.keyrelay.http.ProblemFormat}.
 */
package org.keyrelay.camel;
