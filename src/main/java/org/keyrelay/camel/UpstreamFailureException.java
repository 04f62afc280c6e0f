package org.keyrelay.camel;

import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.failure.Verdict;

/**
 * One attempt failed before anything reached the client: the upstream's answer (null when it could not be
 * reached) and the classifier's verdict. The onException branches in routes/ decide what happens next.
 */
public final class UpstreamFailureException extends RuntimeException {

    private final String keyId;
    private final UpstreamAnswer answer;
    private final Verdict verdict;

    public UpstreamFailureException(String keyId, UpstreamAnswer answer, Verdict verdict) {
        super("key " + keyId + ": " + verdict.failureClass() + " (" + verdict.reason() + ")", null, false, false);
        this.keyId = keyId;
        this.answer = answer;
        this.verdict = verdict;
    }

    public String keyId() {
        return keyId;
    }

    /** The upstream's answer, or null when the upstream could not be reached. */
    public UpstreamAnswer answer() {
        return answer;
    }

    public Verdict verdict() {
        return verdict;
    }
}
