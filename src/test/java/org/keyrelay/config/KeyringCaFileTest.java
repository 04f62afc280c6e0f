package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.TestCertificates;

/** A provider's caFile: a PEM file of extra CAs, relative to the keyring, checked when the keyring is read. */
class KeyringCaFileTest {

    @TempDir
    Path dir;

    private ProviderConfig provider(String caFileLine) {
        return new KeyringParser(Map.of()).parse(dir.resolve("keyring.yaml"), """
                providers:
                  - id: corp
                    upstream: https://llm.corp.example/v1
                """ + caFileLine).providers().get(0);
    }

    @Test
    void should_resolve_the_ca_file_against_the_keyrings_directory() throws Exception {
        TestCertificates cert = TestCertificates.make(dir, "corp-ca", "dns:llm.corp.example");
        assertEquals(cert.pem(), provider("    caFile: corp-ca.pem\n").caFile());
        assertEquals(cert.pem(), provider("    caFile: " + cert.pem() + "\n").caFile());
    }

    @Test
    void should_trust_the_jdk_only_without_one() {
        assertNull(provider("").caFile());
    }

    @Test
    void should_name_the_setting_of_a_missing_or_unreadable_ca_file() throws Exception {
        KeyringException missing = assertThrows(KeyringException.class, () -> provider("    caFile: missing.pem\n"));
        assertEquals(dir.resolve("keyring.yaml") + ":4: providers[0].caFile: 'missing.pem' is not a readable PEM file of "
                + "CA certificates (" + dir.resolve("missing.pem") + ")", missing.getMessage());
        Files.writeString(dir.resolve("not-a-cert.pem"), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
        KeyringException garbage = assertThrows(KeyringException.class, () -> provider("    caFile: not-a-cert.pem\n"));
        assertEquals(true, garbage.getMessage().startsWith(dir.resolve("keyring.yaml")
                + ":4: providers[0].caFile: 'not-a-cert.pem' is not a readable PEM file of CA certificates (not a PEM file"),
                garbage.getMessage());
    }
}
