/**
 * What operators can do to the key pools, and what they see of them, in plain Java: one place that the admin API
 * (camel/AdminApi, routes/admin.camel.yaml), JMX (camel/KeyPoolManagement) and the CLI (cli/) all call, so each
 * answers the same.
 * <p>
 * {@link org.keyrelay.admin.KeyAdmin} does the work and builds the reports ({@link org.keyrelay.admin.KeyReport},
 * {@link org.keyrelay.admin.ProviderReport}, {@link org.keyrelay.admin.StatsReport}); {@link org.keyrelay.admin.KeyTransfer}
 * exports and imports keys in a file sealed by {@link org.keyrelay.admin.ExportCipher}; {@link org.keyrelay.admin.AdminToken}
 * is the admin API's bearer token and {@link org.keyrelay.admin.GatewayEndpoint} where the CLI finds a running
 * gateway. An operator's mistake is an {@link org.keyrelay.admin.AdminProblem}: a {@link org.keyrelay.http.Problem}
 * that names the field, the value (never a secret) or the known names.
 * <p>
 * A new admin action on a key goes here: a constant of {@link org.keyrelay.admin.KeyAction} and its case in
 * {@link org.keyrelay.admin.KeyAdmin#act}. The admin API ({@code POST /admin/providers/{p}/keys/{id}/<action>}) and
 * the CLI ({@code keyrelay keys <action> PROVIDER ID}) take it from there; JMX shows it once
 * camel/KeyPoolMBean names it.
 */
package org.keyrelay.admin;
