package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Connect refused, timeout, reset: always TRANSIENT, with a reason that names the kind only. */
class ConnectionFailureTest {

    private static final String URL_WITH_KEY = "https://upstream.test/v1?key=sk-test-fake-0001";

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connect refused", new ConnectException("Connection refused: " + URL_WITH_KEY), "connection refused"),
                Arguments.of("read timeout", new SocketTimeoutException("Read timed out " + URL_WITH_KEY), "timeout"),
                Arguments.of("http client timeout", new HttpTimeoutException("request timed out"), "timeout"),
                Arguments.of("reset by peer", new SocketException("Connection reset by peer"), "connection reset"),
                Arguments.of("unknown host", new UnknownHostException("upstream.test"), "unknown host"),
                Arguments.of("tls handshake", new SSLHandshakeException("PKIX path building failed"), "TLS failure"),
                Arguments.of("wrapped connect refused",
                        new CompletionException(new IOException("wrapper " + URL_WITH_KEY, new ConnectException("refused"))),
                        "connection refused"),
                Arguments.of("unknown kind names the type only",
                        new IllegalStateException("failed calling " + URL_WITH_KEY), "connection failure (IllegalStateException)"),
                Arguments.of("no cause at all", null, "connection failure"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void is_transient(String name, Throwable cause, String reason) {
        Verdict verdict = FailureClassifierTest.CLASSIFIER.classifyConnectionFailure(cause);

        assertAll(
                () -> assertEquals(FailureClass.TRANSIENT, verdict.failureClass()),
                () -> assertEquals(reason, verdict.reason()),
                () -> assertEquals(QuotaWindow.UNKNOWN, verdict.window()),
                () -> assertFalse(verdict.resetAt().isPresent()),
                () -> assertFalse(verdict.reason().contains("sk-"), "reason must never carry a key"));
    }

    @Test
    void a_cause_cycle_does_not_loop() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);

        assertEquals("connection failure (IOException)",
                FailureClassifierTest.CLASSIFIER.classifyConnectionFailure(a).reason());
    }
}
