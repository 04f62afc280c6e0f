package org.keyrelay.camel.console;

import io.hawt.web.auth.RolePrincipal;
import io.hawt.web.auth.UserPrincipal;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.keyrelay.admin.AdminToken;

/**
 * The console's JAAS login: user {@value #USER}, password the admin token (the one the admin API takes). The token
 * comes in the login module's options ({@value #TOKEN_OPTION}), never from a file of users. A successful login
 * carries Hawtio's own user and role principals, role {@value #ROLE}.
 */
public final class AdminLoginModule implements LoginModule {

    public static final String USER = "admin";
    public static final String ROLE = "admin";
    static final String TOKEN_OPTION = "keyrelay.adminToken";

    private Subject subject;
    private CallbackHandler callbacks;
    private AdminToken token;
    private List<Principal> principals = List.of();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.token = (AdminToken) options.get(TOKEN_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        if (token == null || callbacks == null) {
            throw new LoginException("the console login is not configured");
        }
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("admin token", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] given = password.getPassword();
        boolean ok = USER.equals(name.getName()) && given != null && token.matches(new String(given));
        password.clearPassword();
        if (!ok) {
            throw new FailedLoginException("user " + USER + " with the admin token as password");
        }
        principals = List.of(new UserPrincipal(USER), new RolePrincipal(ROLE));
        return true;
    }

    @Override
    public boolean commit() {
        if (principals.isEmpty()) {
            return false;
        }
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals = List.of();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals = List.of();
        return true;
    }
}
