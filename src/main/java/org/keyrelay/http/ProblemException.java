package org.keyrelay.http;

import java.util.Map;

/**
 * A {@link Problem} on its way to the error handler that answers it: routes/errors.camel.yaml for the gateway,
 * routes/admin.camel.yaml for the admin API. Carries no stack trace (it is an answer, not a bug).
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.message(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(int status, String type, String message, Map<String, Object> details) {
        this(new Problem(status, type, message, details));
    }

    public Problem problem() {
        return problem;
    }
}
