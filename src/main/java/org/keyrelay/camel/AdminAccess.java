package org.keyrelay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.keyrelay.admin.AdminProblem;
import org.keyrelay.admin.AdminToken;

/**
 * The first step of every admin route: the request must carry {@code Authorization: Bearer <admin token>}
 * (compared in constant time), otherwise 401. The header is removed once checked, so it can never be echoed.
 */
public final class AdminAccess implements Processor {

    private final AdminToken token;

    public AdminAccess(AdminToken token) {
        this.token = token;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        exchange.getIn().removeHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw AdminProblem.unauthorized("The admin API needs Authorization: Bearer <admin token> (KEYRELAY_ADMIN_TOKEN,"
                    + " or the admin-token file in the gateway's state dir).");
        }
        if (!token.matches(authorization.substring(7).strip())) {
            throw AdminProblem.unauthorized("The admin token is wrong.");
        }
    }
}
