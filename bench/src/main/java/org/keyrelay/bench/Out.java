package org.keyrelay.bench;

/** The load tools' results: {@code key=value} lines on stdout, collected by bench/run into results.properties. */
final class Out {

    private Out() {
    }

    static synchronized void kv(String key, Object value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }
}
